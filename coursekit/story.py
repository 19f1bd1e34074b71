"""Lesson 01 "The story": reference code for the article, its actors, the
timeline and the relay comparison.

* :data:`EXCERPTS` -- short excerpts of the Liputan6.com article (Jakarta,
  15 Feb 2020) with the course's own English translation and, where the data
  package holds one, the English wording it relays (each with its ``source_id``).
* :data:`CHANGES` -- the course's classification of what happened to each of
  the five demands between the NCA's wording, Reuters and Liputan6
  (kept / paraphrased / dropped / added). The wordings themselves come from
  ``data/five_demands.csv``; the labels are the course's judgement, explained.
* :func:`who_is_who` -- a compact reference table of the actors of the story,
  built from ``stakeholders``, ``events`` and ``sources``; actors that are not
  in the data are listed as such (never invented).
* :func:`event_spans`, :func:`filter_events`, :func:`plot_timeline`,
  :func:`timeline_demo` -- the interactive timeline. A date is drawn with its
  precision: a day as a dot, a month or a year as a bar over that month or year.
* :func:`compare_demand`, :func:`render_comparison`, :func:`compare_demo` --
  the "pick a demand" relay comparison.
"""
from __future__ import annotations

import html

import pandas as pd

__all__ = [
    "LIPUTAN6", "EXCERPTS", "CHANGES", "LABELS", "STAGES", "TRANSLATIONS", "CATEGORY_GROUPS",
    "excerpt_table", "changes_table", "html_table", "reference_labels", "who_is_who",
    "format_date", "event_spans", "filter_events", "plot_timeline", "timeline_demo",
    "compare_demand", "render_comparison", "describe_comparison", "compare_demo",
]

#: source_id of the Liputan6.com article in data/sources.csv
LIPUTAN6 = "news-liputan6-2020"

# --------------------------------------------------------------------------- excerpts
#: Short excerpts of the article (quoted with attribution); ``translation`` is the
#: course's own English. ``english`` is the English wording the passage relays when
#: the data package holds it (``english_source``), otherwise None.
EXCERPTS = [
    {"topic": "Who backs the NCA (lead)",
     "liputan6": "para pimpinan kepolisian Eropa mendukung upaya penanganan kasus pelecehan seksual anak",
     "translation": "European police chiefs support efforts to deal with cases of child sexual abuse",
     "english": "Tech firms must do more on child abuse, European police chiefs say",
     "english_source": "news-reuters-2020", "english_is": "Reuters headline"},
    {"topic": "Date of the Reuters report",
     "liputan6": "Dilansir Reuters, Sabtu (15/2/2020)",
     "translation": "As reported by Reuters, Saturday (15/2/2020)",
     "english": None, "english_source": "news-reuters-2020",
     "english_is": "the Reuters report itself is dated 14 Feb 2020 in sources.csv"},
    {"topic": "The NCA director general",
     "liputan6": "kata Direktur Jenderal NCA, Lynee Owens",
     "translation": "said the NCA's Director General, Lynee [sic] Owens",
     "english": "Director General Lynne Owens", "english_source": "news-reuters-2020",
     "english_is": "name as in stakeholders.csv (note on the NCA row)"},
    {"topic": "Zero tolerance",
     "liputan6": "tidak boleh ada toleransi untuk pelecehan seksual anak di platform industri",
     "translation": "there must be no tolerance for child sexual abuse on industry platforms",
     "english": "zero tolerance of the presence of child sexual abuse on industry platforms",
     "english_source": "news-reuters-2020", "english_is": "Owens, as quoted by Reuters"},
    {"topic": "The UK government's plan",
     "liputan6": "Pemerintah Inggris pada Rabu (12/2/2020) mengatakan akan memaksa perusahaan-perusahaan "
                 "media sosial seperti Facebook, Twitter, dan Snap",
     "translation": "The UK government said on Wednesday (12/2/2020) it would force social media "
                    "companies such as Facebook, Twitter and Snap",
     "english": None, "english_source": "news-reuters-2020",
     "english_is": "Reuters wording not in the data; see events.csv ev010"},
    {"topic": "32 countries",
     "liputan6": "kepala kepolisian dari 32 negara bersama dengan lembaga internasional Europol dan Interpol",
     "translation": "police chiefs from 32 countries together with the international agencies Europol "
                    "and Interpol",
     "english": None, "english_source": "news-reuters-2020",
     "english_is": "Reuters sentence not in the data; events.csv ev011 summarises it as '32 European countries'"},
    {"topic": "Safety by design",
     "liputan6": "menciptakan standar keamanan baru, dan memperkenalkan keselamatan dengan desain",
     "translation": "create a new security standard, and introduce safety by design",
     "english": "to create a new safety standard and introduce safety by design",
     "english_source": "news-itpro-2020", "english_is": "Akerboom, as quoted by ITPro"},
    {"topic": "Who sets the standard",
     "liputan6": "tidak boleh dipaksakan kepada industri oleh pemerintah",
     "translation": "must not be imposed on the industry by governments",
     "english": None, "english_source": None,
     "english_is": "English original not in the data"},
    {"topic": "Encryption",
     "liputan6": "rencana perusahaan untuk mengenkripsi layanan pesan dikritik oleh para penegak hukum",
     "translation": "the company's plan to encrypt its messaging service was criticised by law enforcement",
     "english": None, "english_source": None,
     "english_is": "English original not in the data"},
]

#: The course's English translation of each Liputan6 demand (data/five_demands.csv).
TRANSLATIONS = {
    "1": "ensuring child abuse is blocked as soon as the company detects the content being uploaded",
    "2": "companies must also stop online grooming",
    "3": "(stop) live broadcasts of abuse [or: misuse] on their platforms",
    "4": "do more to help law-enforcement agencies",
    "5": "must be more open",
}

# --------------------------------------------------------------------------- relay changes
LABELS = ("kept", "paraphrased", "dropped", "added")
STAGES = ("NCA → Reuters", "Reuters → Liputan6")

#: What happened to each element of the wording on its way to the Indonesian text.
#: ``vs_nca`` compares the NCA wording with Liputan6 (the two ends of the relay),
#: ``vs_reuters`` compares Reuters with Liputan6 (None: the element is not in that
#: wording); ``stage`` says at which step the change first appears.
CHANGES = [
    {"change_id": "1-material", "demand_id": "1", "element": "'child sexual abuse material' (the images and videos)",
     "vs_nca": "paraphrased", "vs_reuters": "paraphrased", "stage": "Reuters → Liputan6",
     "why": "Reuters has 'child abuse material'; Liputan6 writes 'pelecehan anak' (child abuse itself), "
            "so the thing to be blocked becomes the abuse rather than the material showing it."},
    {"change_id": "1-upload", "demand_id": "1", "element": "blocked as soon as companies detect it being uploaded",
     "vs_nca": "kept", "vs_reuters": "kept", "stage": "",
     "why": "'diblokir segera setelah perusahaan mendeteksi konten tersebut diunggah' renders it closely."},
    {"change_id": "2-grooming", "demand_id": "2", "element": "stop online grooming on their platforms",
     "vs_nca": "kept", "vs_reuters": "kept", "stage": "",
     "why": "Liputan6 keeps the English term 'online grooming'."},
    {"change_id": "2-explanation", "demand_id": "2", "element": "an explanation of what online grooming is",
     "vs_nca": "added", "vs_reuters": "added", "stage": "Reuters → Liputan6",
     "why": "Liputan6 adds its own sentence explaining online grooming for Indonesian readers."},
    {"change_id": "3-partners", "demand_id": "3",
     "element": "'work with governments and law enforcement partners' to stop live-streaming",
     "vs_nca": "dropped", "vs_reuters": None, "stage": "NCA → Reuters",
     "why": "Reuters merges demands 2 and 3 into one sentence without this clause; Liputan6 follows Reuters."},
    {"change_id": "3-livestream", "demand_id": "3", "element": "'the live-streaming of child abuse'",
     "vs_nca": "paraphrased", "vs_reuters": "paraphrased", "stage": "Reuters → Liputan6",
     "why": "Reuters has 'live-streaming of abuse'; Liputan6's 'siaran langsung penyalahgunaan' uses a word "
            "that in Indonesian usually means misuse, and 'child' is only implied."},
    {"change_id": "4-forward-leaning", "demand_id": "4",
     "element": "'demonstrably more forward leaning' in helping law enforcement",
     "vs_nca": "paraphrased", "vs_reuters": None, "stage": "NCA → Reuters",
     "why": "Reuters has 'do more to help'; 'demonstrably' (visible, provable help) is lost."},
    {"change_id": "4-help", "demand_id": "4", "element": "'do more to help law enforcement agencies' (Reuters)",
     "vs_nca": None, "vs_reuters": "kept", "stage": "",
     "why": "'berbuat lebih banyak untuk membantu lembaga penegak hukum' translates the Reuters phrase closely."},
    {"change_id": "5-openness", "demand_id": "5", "element": "'improved openness and transparency'",
     "vs_nca": "paraphrased", "vs_reuters": "kept", "stage": "NCA → Reuters",
     "why": "Reuters shortens it to 'be more open'; Liputan6's 'harus lebih terbuka' translates that closely."},
    {"change_id": "5-willingness", "demand_id": "5", "element": "'and a willingness […]' (cut off in the stored copy)",
     "vs_nca": "dropped", "vs_reuters": None, "stage": "NCA → Reuters",
     "why": "Whatever followed 'a willingness', neither Reuters nor Liputan6 has a willingness clause. "
            "What the NCA asked for there is not verified."},
]


def html_table(df: pd.DataFrame) -> str:
    """A DataFrame as an HTML table with left-aligned cells (JupyterLab right-aligns by default,
    which makes sentences hard to read)."""
    left = 'style="text-align:left; vertical-align:top"'
    return (df.to_html(index=False, escape=True)
            .replace("<td>", f"<td {left}>").replace("<th>", f"<th {left}>")
            .replace('<tr style="text-align: right;">', "<tr>"))


def changes_table() -> pd.DataFrame:
    """:data:`CHANGES` as a table (one row per element of the NCA wording)."""
    return pd.DataFrame(CHANGES)[["change_id", "demand_id", "element", "vs_nca", "vs_reuters", "stage", "why"]]


def reference_labels() -> dict:
    """change_id -> label (NCA wording vs Liputan6): the reference answer of the relay exercise."""
    return {c["change_id"]: c["vs_nca"] for c in CHANGES if c["vs_nca"] is not None}


def excerpt_table(data_dir=None) -> pd.DataFrame:
    """Excerpts side by side: Indonesian, our translation, English wording (if in data), sources."""
    from . import data

    rows = []
    for e in EXCERPTS:
        src = data.source(e["english_source"], data_dir) if e["english_source"] else None
        rows.append({
            "topic": e["topic"],
            "Liputan6 (Indonesian)": f"“{e['liputan6']}”",
            "our translation": e["translation"],
            "English wording relayed": f"“{e['english']}”" if e["english"] else "—",
            "English source": (f"{src['publisher']} ({src['date']}): {e['english_is']}" if src
                               else e["english_is"]),
        })
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- who is who
#: Actors of the 2020 story: label, how the article names them, role, where to look in data.
ACTORS = [
    {"actor": "National Crime Agency (NCA)", "in_article": "National Crime Agency (NCA) Inggris",
     "role": "UK law-enforcement agency; announced the backing for its five demands",
     "stakeholders": ["nca"], "event_terms": ["National Crime Agency"]},
    {"actor": "Lynne Owens, NCA Director General (2020)", "in_article": "Direktur Jenderal NCA, Lynee Owens",
     "role": "quoted in the article; the article misspells her first name",
     "stakeholders": [], "note_terms": ["Lynne Owens"], "event_terms": []},
    {"actor": "Police chiefs of 32 European countries", "in_article": "kepala kepolisian dari 32 negara",
     "role": "backed the five demands",
     "stakeholders": [], "event_terms": ["European police chiefs"]},
    {"actor": "Europol", "in_article": "lembaga internasional Europol",
     "role": "EU police agency; backed the demands", "stakeholders": ["europol"], "event_terms": ["Europol"]},
    {"actor": "Interpol", "in_article": "lembaga internasional ... Interpol",
     "role": "international police organisation; backed the demands", "stakeholders": [],
     "event_terms": ["Interpol"]},
    {"actor": "UK government", "in_article": "Pemerintah Inggris",
     "role": "announced it would force social-media firms to do more (12 Feb 2020)",
     "stakeholders": ["five-country-ministers"], "event_terms": ["UK Government"]},
    {"actor": "Erik Akerboom, Dutch police chief", "in_article": "Komisaris Kepolisian Belanda, Erik Akerboom",
     "role": "quoted on 'safety by design' and who should set the standard",
     "stakeholders": ["dutch-police"], "event_terms": []},
    {"actor": "Facebook (now Meta)", "in_article": "Facebook",
     "role": "named as a firm to be forced to do more; its encryption plan criticised",
     "stakeholders": ["meta"], "event_terms": ["Facebook"]},
    {"actor": "Twitter", "in_article": "Twitter", "role": "named as a firm to be forced to do more",
     "stakeholders": [], "event_terms": ["Twitter"]},
    {"actor": "Snap", "in_article": "Snap", "role": "named as a firm to be forced to do more",
     "stakeholders": [], "event_terms": ["Snap"]},
    {"actor": "Google", "in_article": "Google", "role": "named as a firm already taking steps",
     "stakeholders": ["google-meta-snap-microsoft"], "event_terms": ["Google"]},
]


def _source_label(source_id: str, src: pd.DataFrame) -> tuple[str, str]:
    row = src[src["source_id"] == source_id]
    if row.empty:
        return source_id, "unknown"
    r = row.iloc[0]
    return f"{r['publisher']} ({r['date']}) [{source_id}]", str(r["kind"])


def _row_date(date, precision) -> str:
    if date is None or pd.isna(date) or str(precision) == "undated":
        return "undated"
    return format_date(str(date), str(precision))


def who_is_who(stakeholders: pd.DataFrame, events: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """One row per actor of the story: how the article names them, their role, and the
    best row of the data that covers them, with its source. Rows with a primary source
    come first (a stakeholders row, then a note on one, then an events row), then the
    same with secondary sources: the "in data" and "source kind" columns say which.
    Actors found nowhere are listed with ``in data = "no"``."""
    rows = []
    for a in ACTORS:
        candidates = []  # (rank, what, source_id, date shown at its precision)
        for actor_id in a["stakeholders"]:
            hit = stakeholders[stakeholders["actor_id"] == actor_id]
            if not hit.empty:
                r = hit.iloc[0]
                _, kind = _source_label(r["source_id"], sources)
                candidates.append((0 if kind == "primary" else 3, f"stakeholders: {actor_id}", r["source_id"],
                                   _row_date(r["date"], r["date_precision"])))
        for term in a.get("note_terms", []):
            hit = stakeholders[stakeholders["note"].fillna("").str.contains(term, regex=False)]
            for _, r in hit.iterrows():
                # the note names its own source in brackets, e.g. (news-reuters-2020)
                sid = str(r["note"]).rsplit("(", 1)[-1].rstrip(")") if "(" in str(r["note"]) else r["source_id"]
                _, kind = _source_label(sid, sources)
                candidates.append((1 if kind == "primary" else 4, f"stakeholders: note on {r['actor_id']}", sid,
                                   "see note"))
        for term in a["event_terms"]:
            hit = events[events["actor"].fillna("").str.contains(term, case=False, regex=False)]
            for _, r in hit.iterrows():
                _, kind = _source_label(r["source_id"], sources)
                candidates.append((2 if kind == "primary" else 5, f"events: {r['event_id']}", r["source_id"],
                                   _row_date(r["date"], r["date_precision"])))
        if candidates:
            best = sorted(candidates, key=lambda c: c[0])[0]
            label, kind = _source_label(best[2], sources)
            rows.append({"actor": a["actor"], "in the article": a["in_article"], "role in the story": a["role"],
                         "in data": best[1], "row dated": best[3], "source": label, "source kind": kind})
        else:
            rows.append({"actor": a["actor"], "in the article": a["in_article"], "role in the story": a["role"],
                         "in data": "no", "row dated": "—", "source": "—", "source kind": "—"})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- timeline
#: Ten categories in six colour groups (Okabe-Ito colours; eight colours cannot carry ten).
CATEGORY_GROUPS = {
    "the story": ["story"],
    "law or regulator action": ["law", "regulator"],
    "proposal": ["proposal"],
    "position statement": ["position"],
    "industry, technology, voluntary code": ["industry", "technology", "voluntary-code"],
    "report or research": ["report", "research"],
}
_GROUP_COLOUR = {"the story": "vermillion", "law or regulator action": "blue", "proposal": "sky",
                 "position statement": "orange", "industry, technology, voluntary code": "green",
                 "report or research": "purple"}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(date: str, precision: str) -> str:
    """A date as a reader sees it, never more precise than the data: '14 Feb 2020',
    'Jul 2020', '2020'."""
    date = str(date)
    if precision == "year":
        return date[:4]
    if precision == "month":
        return f"{_MONTHS[int(date[5:7]) - 1]} {date[:4]}"
    return f"{int(date[8:10])} {_MONTHS[int(date[5:7]) - 1]} {date[:4]}"


def event_spans(events: pd.DataFrame) -> pd.DataFrame:
    """Add ``start``/``end`` (the interval the date stands for: one day, month or year),
    ``shown`` (the date as text at its precision) and ``group`` (colour group)."""
    df = events.copy()
    starts, ends = [], []
    for d, p in zip(df["date"].astype(str), df["date_precision"].astype(str)):
        start = pd.Timestamp(d) if p == "day" else pd.Timestamp(d + "-01") if p == "month" else pd.Timestamp(d + "-01-01")
        offset = pd.DateOffset(days=1) if p == "day" else pd.DateOffset(months=1) if p == "month" else pd.DateOffset(years=1)
        starts.append(start)
        ends.append(start + offset)
    df["start"], df["end"] = starts, ends
    df["shown"] = [format_date(d, p) for d, p in zip(df["date"].astype(str), df["date_precision"].astype(str))]
    group_of = {c: g for g, cs in CATEGORY_GROUPS.items() for c in cs}
    df["group"] = df["category"].astype(str).map(group_of)
    return df


def filter_events(events: pd.DataFrame, jurisdiction: str = "All", category: str = "All",
                  start_year: int = 2009, end_year: int = 2026) -> pd.DataFrame:
    """Events whose date interval overlaps the years ``start_year``..``end_year`` (inclusive;
    swapped if given the wrong way round), optionally of one jurisdiction and one category."""
    df = events if "start" in events.columns else event_spans(events)
    lo, hi = sorted((int(start_year), int(end_year)))
    keep = (df["end"] > pd.Timestamp(f"{lo}-01-01")) & (df["start"] < pd.Timestamp(f"{hi + 1}-01-01"))
    if jurisdiction != "All":
        keep &= df["jurisdiction"].astype(str) == jurisdiction
    if category != "All":
        keep &= df["category"].astype(str) == category
    return df[keep].sort_values(["start", "event_id"]).reset_index(drop=True)


def plot_timeline(shown: pd.DataFrame, all_events: pd.DataFrame | None = None,
                  start_year: int = 2009, end_year: int = 2026, title: str | None = None):
    """Events on a time axis, one row per jurisdiction. Day-precision dates are dots,
    month and year precision are bars over the whole month or year. The day of the
    story (events of category 'story', jurisdiction 'Europe') is a dashed line."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from .style import PALETTE

    ref = all_events if all_events is not None else shown
    ref = ref if "start" in ref.columns else event_spans(ref)
    rows = list(ref["jurisdiction"].cat.categories) if hasattr(ref["jurisdiction"], "cat") \
        else sorted(ref["jurisdiction"].astype(str).unique())
    ypos = {j: i for i, j in enumerate(rows[::-1])}
    lo, hi = sorted((int(start_year), int(end_year)))
    fig, ax = plt.subplots(figsize=(9.5, 4.6))
    fig.subplots_adjust(left=0.15, right=0.66, bottom=0.13, top=0.90)
    if len(shown):
        y = shown["jurisdiction"].astype(str).map(ypos).to_numpy()
        for group, colour_name in _GROUP_COLOUR.items():
            colour = PALETTE[colour_name]
            in_group = (shown["group"] == group).to_numpy()
            day = in_group & (shown["date_precision"].astype(str) == "day").to_numpy()
            if day.any():
                ax.scatter(shown["start"][day], y[day], s=45, color=colour, edgecolors="white", zorder=3)
            for precision, width in (("month", 4), ("year", 6)):
                sel = in_group & (shown["date_precision"].astype(str) == precision).to_numpy()
                if sel.any():
                    ax.hlines(y[sel], shown["start"][sel], shown["end"][sel], colors=colour, linewidth=width,
                              alpha=0.75, zorder=2)
        if len(shown) <= 14:
            for (_, r), yy in zip(shown.iterrows(), y):
                ax.annotate(r["event_id"], (r["start"], yy), xytext=(2, 6), textcoords="offset points", fontsize=7)
    story = ref[ref["category"].astype(str) == "story"]
    if not story.empty:
        day = story["start"].min()
        if pd.Timestamp(f"{lo}-01-01") <= day < pd.Timestamp(f"{hi + 1}-01-01"):
            ax.axvline(day, color=PALETTE["black"], linestyle="--", linewidth=1)
            ax.annotate(f"the story ({format_date(str(day.date()), 'day')})", (day, len(rows) - 0.55),
                        xytext=(4, 0), textcoords="offset points", fontsize=8)
    ax.set_yticks(list(ypos.values()), list(ypos.keys()))
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.set_xlim(pd.Timestamp(f"{lo}-01-01"), pd.Timestamp(f"{hi + 1}-01-01"))
    span = hi - lo + 1
    ax.xaxis.set_major_locator(mdates.YearLocator(1 if span <= 10 else 2))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    if span <= 3:
        ax.xaxis.set_minor_locator(mdates.MonthLocator())
    ax.set_xlabel("Date (calendar year; ticks at 1 January)")
    ax.set_ylabel("Jurisdiction or sector")
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(title or f"Events before and after the story, {lo}–{hi} ({len(shown)} events)")
    handles = [Patch(color=PALETTE[_GROUP_COLOUR[g]], label=g) for g in CATEGORY_GROUPS]
    handles += [Line2D([], [], marker="o", linestyle="", color="grey", label="date known to the day"),
                Line2D([], [], linewidth=4, color="grey", label="known to the month or year\n(bar spans that period)")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    return fig


def _timeline_result(events, jurisdiction, category, start_year, end_year):
    shown = filter_events(events, jurisdiction, category, start_year, end_year)
    return {"events": shown, "jurisdiction": jurisdiction, "category": category,
            "start_year": min(start_year, end_year), "end_year": max(start_year, end_year)}


def timeline_demo(events: pd.DataFrame, start_year: int = 2019):
    """The timeline widget: filter by jurisdiction and category, zoom by years
    (the "From" slider starts at ``start_year``, clipped to the data's range)."""
    import ipywidgets as widgets
    from IPython.display import HTML, display

    import matplotlib.pyplot as plt

    from .style import figure_html
    from .widgets import Demo, slider

    spans = event_spans(events)
    first, last = int(spans["start"].dt.year.min()), int(spans["start"].dt.year.max())
    style = {"description_width": "initial"}
    controls = {
        "jurisdiction": widgets.Dropdown(options=["All"] + list(spans["jurisdiction"].cat.categories),
                                         value="All", description="Jurisdiction", style=style),
        "category": widgets.Dropdown(options=["All"] + list(spans["category"].cat.categories),
                                     value="All", description="Category", style=style),
        "start_year": slider("From", min(max(int(start_year), first), last), first, last, 1, unit="year",
                             integer=True),
        "end_year": slider("To", last, first, last, 1, unit="year", integer=True),
    }

    def compute(jurisdiction, category, start_year, end_year):
        return _timeline_result(spans, jurisdiction, category, start_year, end_year)

    def render(res):
        fig = plot_timeline(res["events"], spans, res["start_year"], res["end_year"])
        display(HTML(figure_html(fig, "Events matching the filters on a time axis; dots are dates known "
                                      "to the day, bars cover a whole month or year.", dpi=80, tight=False)))
        plt.close(fig)
        table = res["events"][["event_id", "shown", "jurisdiction", "category", "event", "source_id"]]
        if table.empty:
            return "<p>(no events match these filters)</p>"
        return html_table(table.rename(columns={"shown": "date"}))

    def describe(res):
        n = len(res["events"])
        return (f"<b>{n}</b> event{'s' if n != 1 else ''} from {res['start_year']} to {res['end_year']} "
                f"(jurisdiction: {html.escape(res['jurisdiction'])}; category: {html.escape(res['category'])}).")

    return Demo(controls, compute=compute, render=render, describe=describe,
                title="Timeline: filter by jurisdiction and category, zoom by years")


# --------------------------------------------------------------------------- relay comparison
def compare_demand(demand_id: str = "1", against: str = "NCA", demands: pd.DataFrame | None = None) -> dict:
    """Both wordings of one demand side by side, with the course's classification.

    ``against`` is "NCA" (the NCA's wording as quoted by Police Professional) or
    "Reuters". Returns the English wording, the Liputan6 wording, the course's
    translation, the sources and the classified changes of that demand."""
    from . import data

    demands = demands if demands is not None else data.load("five_demands")
    demand_id = str(demand_id)
    hit = demands[demands["demand_id"].astype(str) == demand_id]
    if hit.empty:
        raise ValueError(f"no demand {demand_id!r}; choose one of {list(demands['demand_id'])}")
    if against not in ("NCA", "Reuters"):
        raise ValueError("against must be 'NCA' or 'Reuters'")
    r = hit.iloc[0]
    col = "nca" if against == "NCA" else "reuters"
    key = "vs_nca" if against == "NCA" else "vs_reuters"
    changes = [dict(c, label=c[key]) for c in CHANGES if c["demand_id"] == demand_id and c[key] is not None]
    return {
        "demand_id": demand_id, "slug": str(r["demand_slug"]), "against": against,
        "english": str(r[f"{col}_wording_en"]), "english_source": str(r[f"{col}_source_id"]),
        "liputan6": str(r["liputan6_wording_id"]), "liputan6_source": str(r["liputan6_source_id"]),
        "translation": TRANSLATIONS[demand_id], "note": "" if pd.isna(r["note"]) else str(r["note"]),
        "changes": changes,
    }


def describe_comparison(res: dict) -> str:
    counts = {lab: sum(c["label"] == lab for c in res["changes"]) for lab in LABELS}
    parts = ", ".join(f"{n} {lab}" for lab, n in counts.items() if n)
    return (f"Demand {res['demand_id']} ({res['slug']}), {res['against']} → Liputan6: "
            f"<b>{parts or 'no classified elements'}</b>.")


def render_comparison(res: dict) -> str:
    """HTML: the two wordings side by side, then the classified changes."""
    from . import data

    e = html.escape
    src_en, src_id = data.source(res["english_source"]), data.source(res["liputan6_source"])
    head = (f"<table><tr><th>{e(res['against'])} wording (English)</th><th>Liputan6 wording (Indonesian)</th>"
            f"<th>our translation of Liputan6</th></tr><tr><td>“{e(res['english'])}”<br><small>"
            f"{e(src_en['publisher'])}, {e(src_en['date'])}</small></td><td>“{e(res['liputan6'])}”<br><small>"
            f"{e(src_id['publisher'])}, {e(src_id['date'])}</small></td><td>{e(res['translation'])}</td></tr></table>")
    rows = "".join(f"<tr><td>{e(c['element'])}</td><td><b>{e(c['label'])}</b></td><td>{e(c['stage'] or '—')}</td>"
                   f"<td>{e(c['why'])}</td></tr>" for c in res["changes"])
    body = (f"<table><tr><th>element of the wording</th><th>classification</th><th>changed at</th>"
            f"<th>why</th></tr>{rows}</table>")
    note = f"<p><small>Data note: {e(res['note'])}</small></p>" if res["note"] else ""
    left = 'style="text-align:left; vertical-align:top"'
    return (head + body + note).replace("<td>", f"<td {left}>").replace("<th>", f"<th {left}>")


def compare_demo(demands: pd.DataFrame | None = None):
    """Pick a demand (and NCA or Reuters as the English side): both wordings and the classification."""
    import ipywidgets as widgets

    from . import data
    from .widgets import Demo

    demands = demands if demands is not None else data.load("five_demands")
    options = [(f"{r.demand_id}. {r.demand_slug}", str(r.demand_id)) for r in demands.itertuples()]
    style = {"description_width": "initial"}
    controls = {
        "demand_id": widgets.Dropdown(options=options, value="1", description="Demand", style=style),
        "against": widgets.ToggleButtons(options=["NCA", "Reuters"], value="NCA",
                                         description="English side", style=style),
    }
    return Demo(controls, compute=lambda demand_id, against: compare_demand(demand_id, against, demands),
                render=render_comparison, describe=describe_comparison,
                title="How a demand changed in relay")
