"""Lesson 07 "The encryption debate": tested reference code and demo builders.

Everything a learner reads in lesson 07 comes from ``data/``: the four options
(``OPTIONS``, each cell with its sources), the dated cases (rows of
``events.csv`` plus a few dated, sourced items in ``EXTRA_CASE_ITEMS``), the
stakeholders table and the argument map (``arguments.csv``). The functions here
select, format and draw; they never add a fact of their own.

Dates keep their precision: a month-precision date is shown as "August 2021",
never with a day (:func:`format_date`).

The course does not tell learners what to conclude. The explorer shows each
position with its date and source and says whether that source is primary or a
secondary copy; the argument map separates claims that evidence could settle
(empirical) from value judgements (normative), and both labels are the course's
judgement, open to challenge.
"""
from __future__ import annotations

import calendar
import html
from dataclasses import dataclass

import pandas as pd

from . import data

__all__ = [
    "OPTIONS", "OPTION_KEYS", "DIMENSIONS", "options_table", "option_sources",
    "format_date", "date_sort_key",
    "CASES", "EXTRA_CASE_ITEMS", "case_timeline", "plot_cases",
    "ncmec_break", "meta_share",
    "QUESTIONS", "positions", "ExplorerResult", "explore", "render_explore", "describe_explore",
    "explorer_demo",
    "arguments", "argument_map", "MapResult", "render_map_table", "describe_map", "plot_argument_map",
    "argument_demo", "claims_for_lesson",
]

# --------------------------------------------------------------------------
# 1. The four options side by side
# --------------------------------------------------------------------------

OPTION_KEYS = ("server-side-scanning", "e2ee-no-scanning", "client-side-scanning", "exceptional-access")
DIMENSIONS = ("what it can detect", "what it exposes", "who could abuse it", "what it costs")

#: The course's own summary of each option. Every cell names the sources it rests on
#: (source_id in data/sources.csv); the lesson prints them next to the table.
OPTIONS = {
    "server-side-scanning": {
        "label": "No end-to-end encryption; the server scans",
        "what it can detect": ("Known images by hash match (lesson 04) and, with classifiers, new images and "
                               "grooming text (lesson 05), in everything that passes the server.",
                               ["industry-microsoft-photodna-2009", "ncmec-ojjdp-2023"]),
        "what it exposes": ("Every message is readable by the provider, and by anyone who breaches it or "
                            "compels it to hand content over.",
                            ["research-keys-under-doormats-2015", "un-ohchr-privacy-2022"]),
        "who could abuse it": ("The provider, an insider, an intruder, or a government that orders the "
                               "scan list widened.",
                               ["research-bugs-in-our-pockets-2021"]),
        "what it costs": ("Review staff and false alarms at platform scale (lesson 05: at least 471 of "
                          "4,192 Irish referrals in 2020 were verified not CSAM).",
                          ["iccl-2022-garda-ncmec"]),
    },
    "e2ee-no-scanning": {
        "label": "End-to-end encryption, no content scanning (metadata, user reports)",
        "what it can detect": ("Only what metadata, account behaviour and user reports reveal; the "
                               "provider cannot read content (lesson 06).",
                               ["meta-news-messenger-e2ee-2023", "nca-meta-e2ee-2023"]),
        "what it exposes": ("Metadata (who, when, how often, how much) stays visible to the provider; "
                            "content does not.",
                            ["org-isoc-css-2020"]),
        "who could abuse it": ("Offenders, who can share material the provider cannot see; and anyone "
                               "who misuses metadata.",
                               ["nca-meta-e2ee-2023", "org-ncmec-meta-2023"]),
        "what it costs": ("Fewer content-based reports: the NCA forecast large losses of referrals, and "
                          "NCMEC's 2024 count fell (with a change of unit).",
                          ["arg-homeoffice-meta-2023", "arg-news-ncmec-2024-meta"]),
    },
    "client-side-scanning": {
        "label": "Client-side scanning (match on the device before encryption)",
        "what it can detect": ("Known images by perceptual hash on the device, possibly new material by "
                               "classifier; robustness is disputed in the research.",
                               ["apple-expanded-protections-2021", "research-jain-cretu-demontjoye-2022",
                                "research-madden-2024"]),
        "what it exposes": ("Matches (and, in some designs, the matched content) are reported from a "
                            "device the user believes private; hashes may leak information.",
                            ["research-struppek-2022", "org-isoc-css-2020"]),
        "who could abuse it": ("Whoever controls the hash list or classifier could add targets; attackers "
                               "could craft false matches or evade matching.",
                               ["research-bugs-in-our-pockets-2021", "research-struppek-2022"]),
        "what it costs": ("Software on every device, false matches at scale (lesson 05), human review; "
                          "proponents propose safeguards such as several independent list holders.",
                          ["research-levy-robinson-2022", "research-jain-cretu-demontjoye-2022"]),
    },
    "exceptional-access": {
        "label": "Exceptional access (a way for authorities to decrypt)",
        "what it can detect": ("Nothing by itself: it gives access to content of a known target after "
                               "legal process, not detection.",
                               ["gov-uk-open-letter-2019"]),
        "what it exposes": ("All messages that the access mechanism can open, if the key or process is "
                            "compromised (lesson 06, escrowed key).",
                            ["research-keys-under-doormats-2015"]),
        "who could abuse it": ("Holders of the access key, insiders, intruders who steal it, and "
                               "governments of any country where it is deployed.",
                               ["research-keys-under-doormats-2015"]),
        "what it costs": ("Key management and legal process; security researchers argue the systemic "
                          "risk is the main cost.",
                          ["research-keys-under-doormats-2015", "research-encryption-compendium-kud"]),
    },
}


def options_table(with_sources: bool = False) -> pd.DataFrame:
    """The four options (rows) by the four questions (columns)."""
    rows = []
    for key in OPTION_KEYS:
        o = OPTIONS[key]
        row = {"option": o["label"]}
        for dim in DIMENSIONS:
            text, srcs = o[dim]
            row[dim] = f"{text} [{', '.join(srcs)}]" if with_sources else text
        rows.append(row)
    return pd.DataFrame(rows).set_index("option")


def option_sources() -> list[str]:
    """Every source_id the options table rests on (sorted, unique)."""
    return sorted({s for o in OPTIONS.values() for d in DIMENSIONS for s in o[d][1]})


# --------------------------------------------------------------------------
# 2. Dates with their precision
# --------------------------------------------------------------------------

def format_date(value, precision: str) -> str:
    """Show a date at its precision: '7 December 2022', 'August 2021', '2020', 'undated'."""
    if precision == "undated" or value is None or (isinstance(value, float) and pd.isna(value)) \
            or str(value).strip() in ("", "<NA>", "nan"):
        return "undated"
    parts = str(value).split("-")
    year = int(parts[0])
    if precision == "year":
        return f"{year}"
    if len(parts) < 2:
        raise ValueError(f"date {value!r} has no month but precision is {precision!r}")
    month = calendar.month_name[int(parts[1])]
    if precision == "month":
        return f"{month} {year}"
    if precision == "day":
        if len(parts) < 3:
            raise ValueError(f"date {value!r} has no day but precision is 'day'")
        return f"{int(parts[2])} {month} {year}"
    raise ValueError(f"unknown precision {precision!r}")


def date_sort_key(value) -> str:
    """A sortable key: 'YYYY-MM-DD' with missing parts filled by the start of the period."""
    if value is None or str(value).strip() in ("", "<NA>", "nan"):
        return "9999-99-99"
    parts = str(value).split("-") + ["01", "01"]
    return "-".join(parts[:3])


def _span(value: str, precision: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day covered by a date of this precision."""
    start = pd.Timestamp(date_sort_key(value))
    if precision == "day":
        return start, start
    if precision == "month":
        return start, start + pd.offsets.MonthEnd(0)
    return start, pd.Timestamp(f"{start.year}-12-31")


# --------------------------------------------------------------------------
# 3. Cases, dated and sourced
# --------------------------------------------------------------------------

#: Which rows of events.csv belong to each case (in the lesson's order).
CASES = {
    "Facebook 2019-2020": ["ev004", "ev006", "ev007", "ev011", "ev012"],
    "Apple 2021-2022": ["ev022", "ev024", "ev025", "ev026", "ev032"],
    "Meta default E2EE 2023-2025": ["ev045", "ev046"],
    "EU regulation": ["ev018", "ev020", "ev023", "ev028", "ev030", "ev043", "ev044", "ev052",
                      "ev062", "ev063", "ev064", "ev065", "ev066", "ev067", "ev068"],
    "UK Online Safety Act": ["ev040", "ev055", "ev059"],
}

#: Dated items a case needs that are not rows of events.csv. Each carries its own
#: source (in data/sources.csv) and the precision its source supports.
EXTRA_CASE_ITEMS = [
    {"case": "Apple 2021-2022", "date": "2021-08-18", "date_precision": "day",
     "event": "A NeuralHash model extracted from iOS 14.3 is posted online and another user reports a "
              "collision; Apple says it is not the final version and that a second server-side hash and "
              "human review would check matches",
     "source_id": "arg-macrumors-neuralhash-2021"},
    {"case": "Meta default E2EE 2023-2025", "date": "2023-09-20", "date_precision": "day",
     "event": "Home Office campaign quotes the NCA's estimate that 92% of Facebook Messenger and 85% of "
              "Instagram Direct referrals could be lost",
     "source_id": "arg-homeoffice-meta-2023"},
    {"case": "Meta default E2EE 2023-2025", "date": "2025-05", "date_precision": "month",
     "event": "NCMEC's 2024 figures show a fall from 2023 (2024 counts reports after bundling, a "
              "different unit: see lesson 02), a drop NCMEC attributes primarily to Meta's end-to-end "
              "encryption (as reported)",
     "source_id": "arg-news-ncmec-2024-meta"},
    {"case": "UK Online Safety Act", "date": "2023-04", "date_precision": "month",
     "event": "Seven end-to-end encrypted messaging services (including Signal and WhatsApp) publish an "
              "open letter against the Online Safety Bill's scanning power",
     "source_id": "arg-open-letter-osb-2023"},
]


def case_timeline(case: str | None = None) -> pd.DataFrame:
    """Dated, sourced items of one case (or all), in date order, dates at their precision."""
    ev = data.load("events").set_index("event_id")
    src = data.load("sources").set_index("source_id")
    rows = []
    for name, ids in CASES.items():
        for eid in ids:
            r = ev.loc[eid]
            rows.append({"case": name, "date": str(r["date"]), "date_precision": str(r["date_precision"]),
                         "event": str(r["event"]), "source_id": str(r["source_id"]), "item": eid})
    for item in EXTRA_CASE_ITEMS:
        rows.append({**item, "item": "extra"})
    df = pd.DataFrame(rows)
    if case is not None:
        if case not in CASES:
            raise ValueError(f"unknown case {case!r}; choose from {list(CASES)}")
        df = df[df["case"] == case]
    df = df.assign(_k=df["date"].map(date_sort_key)).sort_values(["_k", "item"]).drop(columns="_k")
    df["when"] = [format_date(d, p) for d, p in zip(df["date"], df["date_precision"])]
    df["source_kind"] = [str(src.loc[s, "kind"]) for s in df["source_id"]]
    return df[["case", "when", "event", "source_id", "source_kind", "date", "date_precision", "item"]] \
        .reset_index(drop=True)


def plot_cases(start: str = "2019-01-01", end: str = "2026-12-31"):
    """One row per case: dots for day-precision items, bars spanning the month or year otherwise."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from .style import CYCLE, PALETTE

    tl = case_timeline()
    names = list(CASES)
    fig, ax = plt.subplots(figsize=(9, 3.8))
    for i, name in enumerate(names):
        sub = tl[tl["case"] == name]
        y = len(names) - 1 - i
        colour = CYCLE[i % len(CYCLE)]
        for _, r in sub.iterrows():
            a, b = _span(r["date"], r["date_precision"])
            if a < pd.Timestamp(start) or a > pd.Timestamp(end):
                continue
            if r["date_precision"] == "day":
                ax.plot(a, y, "o", color=colour, markersize=6, markeredgecolor="black", markeredgewidth=0.5)
            else:
                ax.plot([a, b], [y, y], "-", color=colour, linewidth=7, alpha=0.6, solid_capstyle="butt")
    ax.axvline(pd.Timestamp("2020-02-14"), color=PALETTE["black"], linestyle=":", linewidth=1)
    ax.text(pd.Timestamp("2020-02-14"), len(names) - 0.45, " 14 Feb 2020: the article's story", fontsize=8,
            va="bottom")
    ax.set_yticks(range(len(names)), list(reversed(names)))
    ax.set_ylim(-0.6, len(names) - 0.1)
    ax.set_xlim(pd.Timestamp(start), pd.Timestamp(end))
    ax.set_xlabel("date (year)")
    ax.set_ylabel("case")
    ax.set_title("Five cases of the encryption debate, dated at the precision of their sources")
    ax.legend(handles=[Line2D([], [], marker="o", linestyle="", color="grey", label="exact day"),
                       Line2D([], [], linewidth=7, alpha=0.6, color="grey", label="month or year only")],
              loc="upper right", fontsize=8)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------
# 4. What the NCMEC figures showed (data/ncmec_*)
# --------------------------------------------------------------------------

META_NAMES = ("Facebook", "Instagram, Inc.", "WhatsApp Inc.")


def ncmec_break() -> pd.DataFrame:
    """Total CyberTipline reports 2019-2023 and the two 2024 figures (reports, incidents)."""
    y = data.load("ncmec_reports_by_year")
    tot = y[(y["measure"] == "reports_total") & (y["year"] >= 2019) & (y["year"] <= 2023)]
    cols = ["year", "measure", "unit", "value", "series_break", "source_id"]
    out = tot[cols]
    b = y[(y["year"] == 2024)][cols]
    return pd.concat([out, b]).sort_values(["year", "measure"]).reset_index(drop=True)


def meta_share(esp: pd.DataFrame | None = None) -> pd.DataFrame:
    """Reports by Meta's platforms (as NCMEC names them) and their share of all ESP reports, per year."""
    esp = data.load("ncmec_reports_by_esp") if esp is None else esp
    total = esp.groupby("year")["reports"].sum()
    names = {n for n in esp["esp"].unique() if n.startswith(("Facebook", "Instagram", "WhatsApp"))}
    meta = esp[esp["esp"].isin(names)].groupby("year")["reports"].sum()
    df = pd.DataFrame({"meta_reports": meta, "all_esp_reports": total}).fillna(0).astype("int64")
    df["meta_share_pct"] = (100 * df["meta_reports"] / df["all_esp_reports"]).round(1)
    return df


# --------------------------------------------------------------------------
# 5. The stakeholder explorer
# --------------------------------------------------------------------------

#: Questions a learner can pick; each maps to the stances that answer it.
QUESTIONS = {
    "Should providers scan messages for abuse material?": ("supports-scanning", "opposes-scanning"),
    "Should authorities have access to encrypted content?": ("supports-lawful-access", "opposes-lawful-access"),
    "Who takes a mixed position or states none?": ("mixed", "not-stated"),
    "All positions": ("supports-scanning", "supports-lawful-access", "mixed", "not-stated",
                      "opposes-scanning", "opposes-lawful-access"),
}
STANCE_ORDER = ("supports-scanning", "supports-lawful-access", "mixed", "not-stated",
                "opposes-scanning", "opposes-lawful-access")


def positions() -> pd.DataFrame:
    """The stakeholders table with a formatted date, the source's kind and a short citation."""
    st = data.load("stakeholders")
    src = data.load("sources").set_index("source_id")
    out = st.copy()
    out["when"] = [format_date(d if d is not None and not pd.isna(d) else None, str(p))
                   for d, p in zip(st["date"], st["date_precision"])]
    out["source_kind"] = [str(src.loc[s, "kind"]) for s in st["source_id"]]
    out["source"] = [f"{src.loc[s, 'publisher']}, {src.loc[s, 'date']}" for s in st["source_id"]]
    out["stance"] = out["stance"].astype(str)
    out["type"] = out["type"].astype(str)
    return out


@dataclass(frozen=True)
class ExplorerResult:
    question: str
    actor: str                  # actor_id
    actor_name: str
    actor_row: pd.DataFrame     # the chosen actor's position (one row)
    rows: pd.DataFrame          # positions that answer the question
    claims: pd.DataFrame        # argument-map claims by the chosen actor
    counts: dict                # stance -> number of positions that answer the question


def explore(question: str = "Should providers scan messages for abuse material?",
            actor: str = "nca") -> ExplorerResult:
    """One actor's position and claims, plus every position on one question (grouped by stance)."""
    pos = positions()
    args = arguments()
    if question not in QUESTIONS:
        raise ValueError(f"unknown question {question!r}")
    if actor not in set(pos["actor_id"]):
        raise ValueError(f"unknown actor {actor!r}")
    rows = pos[pos["stance"].isin(QUESTIONS[question])].copy()
    rows["_o"] = rows["stance"].map({s: i for i, s in enumerate(STANCE_ORDER)})
    rows = rows.sort_values(["_o", "type", "name"]).drop(columns="_o")
    actor_row = pos[pos["actor_id"] == actor]
    claims = args[args["actor_id"] == actor]
    counts = {s: int((rows["stance"] == s).sum()) for s in STANCE_ORDER if (rows["stance"] == s).any()}
    return ExplorerResult(question, actor, str(actor_row["name"].iloc[0]), actor_row.reset_index(drop=True),
                          rows.reset_index(drop=True), claims.reset_index(drop=True), counts)


def _cell(text) -> str:
    return html.escape("" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text))


def _table(rows: pd.DataFrame) -> str:
    out = ["<table style='font-size:0.9em'><tr><th style='text-align:left'>who</th>"
           "<th style='text-align:left'>stance</th><th style='text-align:left'>position</th>"
           "<th style='text-align:left'>when</th><th style='text-align:left'>source</th></tr>"]
    for _, p in rows.iterrows():
        mark = "" if p["source_kind"] == "primary" else " <em>(secondary copy)</em>"
        out.append(f"<tr><td style='text-align:left'>{_cell(p['name'])}</td><td style='text-align:left'>"
                   f"{_cell(p['stance'])}</td><td style='text-align:left'>{_cell(p['position'])}</td>"
                   f"<td style='text-align:left'>{_cell(p['when'])}</td><td style='text-align:left'>"
                   f"{_cell(p['source_id'])}{mark}</td></tr>")
    out.append("</table>")
    return "".join(out)


def render_explore(r: ExplorerResult) -> str:
    """HTML: the chosen actor (position and claims), then every position on the question."""
    out = [f"<h4>Actor: {_cell(r.actor_name)}</h4>", _table(r.actor_row)]
    if len(r.claims):
        out.append("<p><b>Claims by this actor in the argument map</b>:</p><ul>")
        for _, c in r.claims.iterrows():
            when = format_date(c["date"] if c["date"] is not None and not pd.isna(c["date"]) else None,
                               str(c["date_precision"]))
            out.append(f"<li>{_cell(c['claim'])} <em>({_cell(c['kind'])}; {_cell(when)}; "
                       f"{_cell(c['source_id'])})</em></li>")
        out.append("</ul>")
    out.append(f"<h4>Question: {_cell(r.question)}</h4>")
    out.append(_table(r.rows))
    return "".join(out)


def describe_explore(r: ExplorerResult) -> str:
    n = len(r.rows)
    parts = ", ".join(f"{k}: {v}" for k, v in r.counts.items()) or "none"
    sec = int((r.rows["source_kind"] != "primary").sum())
    a = r.actor_row.iloc[0]
    return (f"<b>{_cell(r.actor_name)}</b>: {_cell(a['stance'])} ({_cell(a['when'])}); "
            f"{len(r.claims)} claim(s) in the argument map. <b>{_cell(r.question)}</b>: {n} position(s) "
            f"({parts}); {sec} rest on a secondary copy. Read each in its own words before judging it.")


def explorer_demo():
    """The stakeholder explorer: pick an actor and a question."""
    import ipywidgets as widgets

    from .widgets import Demo

    style = {"description_width": "initial"}
    pos = positions()
    controls = {
        "question": widgets.Dropdown(options=list(QUESTIONS), value=list(QUESTIONS)[0],
                                     description="Question", style=style, layout=widgets.Layout(width="480px")),
        "actor": widgets.Dropdown(options=[(n, a) for a, n in zip(pos["actor_id"], pos["name"])],
                                  value="nca", description="Actor", style=style,
                                  layout=widgets.Layout(width="480px")),
    }
    return Demo(controls, compute=explore, render=render_explore, describe=describe_explore,
                title="Stakeholder explorer")


# --------------------------------------------------------------------------
# 6. The argument map
# --------------------------------------------------------------------------

def arguments() -> pd.DataFrame:
    """The argument map (data/arguments.csv) with plain-string categories."""
    a = data.load("arguments")
    for c in ("kind", "side", "option", "quote_kind", "date_precision"):
        a[c] = a[c].astype(str)
    return a


def claims_for_lesson(lesson: str, args: pd.DataFrame | None = None) -> list[str]:
    """claim_ids whose evidence comes (in part) from lesson ``lesson`` (e.g. "04")."""
    args = arguments() if args is None else args
    links = args["lesson_link"].fillna("").astype(str)
    return [cid for cid, link in zip(args["claim_id"], links) if lesson in [x.strip() for x in link.split(";")]]


@dataclass(frozen=True)
class MapResult:
    kind: str
    option: str
    side: str
    claims: pd.DataFrame


def argument_map(kind: str = "all", option: str = "all", side: str = "all") -> MapResult:
    """Filter the argument map by kind (empirical/normative), option and side."""
    a = arguments()
    for name, value, allowed in (("kind", kind, ("empirical", "normative")),
                                 ("option", option, OPTION_KEYS + ("general",)),
                                 ("side", side, ("pro-detection", "pro-encryption"))):
        if value == "all":
            continue
        if value not in allowed:
            raise ValueError(f"unknown {name} {value!r}")
        a = a[a[name] == value]
    return MapResult(kind, option, side, a.reset_index(drop=True))


def render_map_table(r: MapResult) -> str:
    """HTML: each claim with its label, what would settle it, date and source."""
    if r.claims.empty:
        return "<p>No claim in the map matches these filters.</p>"
    out = ["<table style='font-size:0.9em'><tr><th>id</th><th style='text-align:left'>claim</th>"
           "<th>kind</th><th style='text-align:left'>what would settle it / what it weighs</th>"
           "<th>when</th><th>source</th></tr>"]
    for _, c in r.claims.iterrows():
        when = format_date(c["date"] if c["date"] is not None and not pd.isna(c["date"]) else None,
                           c["date_precision"])
        out.append(f"<tr><td>{_cell(c['claim_id'])}</td><td style='text-align:left'>{_cell(c['claim'])}</td>"
                   f"<td>{_cell(c['kind'])}</td><td style='text-align:left'>{_cell(c['settled_by'])}</td>"
                   f"<td>{_cell(when)}</td><td>{_cell(c['source_id'])}</td></tr>")
    out.append("</table>")
    return "".join(out)


def describe_map(r: MapResult) -> str:
    n = len(r.claims)
    emp = int((r.claims["kind"] == "empirical").sum())
    return (f"{n} claim(s): {emp} empirical (data could settle them), {n - emp} normative "
            "(value judgements). The labels are the course's judgement: argue with them.")


def plot_argument_map(args: pd.DataFrame | None = None):
    """Claims as labelled boxes: columns = option, rows = empirical / normative, colour = side."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from .style import PALETTE

    a = arguments() if args is None else args
    cols = list(OPTION_KEYS) + ["general"]
    colours = {"pro-detection": PALETTE["orange"], "pro-encryption": PALETTE["sky"]}
    fig, ax = plt.subplots(figsize=(10, 4.6))
    for j, col in enumerate(cols):
        for i, kind in enumerate(("normative", "empirical")):
            sub = a[(a["option"] == col) & (a["kind"] == kind)].sort_values(["side", "claim_id"])
            for k, (_, c) in enumerate(sub.iterrows()):
                x = j + 0.12 + (k % 3) * 0.27
                y = i + 0.78 - (k // 3) * 0.22
                ax.text(x, y, c["claim_id"], fontsize=8.5, ha="left", va="center",
                        bbox=dict(boxstyle="round,pad=0.25", facecolor=colours[c["side"]],
                                  edgecolor="black", linewidth=0.5))
    for j in range(1, len(cols)):
        ax.axvline(j, color="#BBBBBB", linewidth=0.8)
    ax.axhline(1, color="black", linewidth=1)
    ax.set_xlim(0, len(cols))
    ax.set_ylim(0, 2)
    ax.set_xticks([j + 0.5 for j in range(len(cols))],
                  ["server-side\nscanning", "E2EE, no\nscanning", "client-side\nscanning",
                   "exceptional\naccess", "general"], fontsize=8.5)
    ax.set_yticks([0.5, 1.5], ["normative\n(value judgement)", "empirical\n(data could settle it)"],
                  fontsize=8.5)
    ax.set_xlabel("option the claim is mainly about")
    ax.set_ylabel("kind of claim")
    ax.set_title("Argument map: 22 claims by kind and option (ids as in data/arguments.csv)"
                 if len(a) == 22 else f"Argument map: {len(a)} claims by kind and option")
    ax.legend(handles=[Patch(facecolor=colours["pro-detection"], edgecolor="black", label="used for more detection/access"),
                       Patch(facecolor=colours["pro-encryption"], edgecolor="black", label="used for stronger encryption")],
              loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2, fontsize=8)
    fig.tight_layout()
    return fig


def argument_demo():
    """Filter the argument map by kind, option and side; read what would settle each claim."""
    import ipywidgets as widgets

    from .widgets import Demo

    style = {"description_width": "initial"}
    controls = {
        "kind": widgets.Dropdown(options=["all", "empirical", "normative"], value="all",
                                 description="Kind of claim", style=style),
        "option": widgets.Dropdown(options=["all", *OPTION_KEYS, "general"], value="all",
                                   description="Option", style=style),
        "side": widgets.Dropdown(options=["all", "pro-detection", "pro-encryption"], value="all",
                                 description="Used for", style=style),
    }
    return Demo(controls, compute=argument_map, render=render_map_table, describe=describe_map,
                title="Argument map explorer")
