"""Lesson 03 "Five demands, many laws": reference code.

* :data:`MECHANISMS` -- each of the NCA's five demands as something a platform would
  have to build, and what that costs or risks (the course's summary, with sources).
* :func:`long_table` -- ``regulation_demands`` joined with ``regulations`` (one row per
  instrument x demand, with jurisdiction, status and dates).
* :func:`instrument_matrix`, :func:`jurisdiction_matrix` -- the matrices. A
  jurisdiction's cell is the strongest level among its instruments in scope:
  required > encouraged > permitted > indirect > not-verified > not-addressed.
  "not-verified" ranks above "not-addressed" because it means *no provision was found
  in the sources used*, not that none exists: a jurisdiction shows "not-addressed" only
  if every instrument's source says the demand is absent.
* :func:`plot_matrix` -- heatmap with a categorical legend (cividis shades for the
  ordered levels; light grey with "?" for not-verified; white for no instrument).
* :func:`instruments_view`, :func:`matrix_demo` -- the "select a jurisdiction or a
  demand" view, with each instrument's status, status date and as-of date.
* :func:`required_counts`, :func:`first_actions`, :func:`plot_first_actions` -- the
  reference answers of the exercises.
"""
from __future__ import annotations

import html

import pandas as pd

from .story import format_date

__all__ = [
    "LEVELS", "AGG_ORDER", "NO_INSTRUMENT", "SCOPES", "LEVEL_SHORT", "MECHANISMS", "WHO_WRITES",
    "long_table", "instrument_matrix", "jurisdiction_matrix", "level_colours", "plot_matrix",
    "instruments_view", "describe_view", "render_view", "matrix_demo", "required_counts",
    "first_actions", "plot_first_actions", "who_writes_table", "latest_as_of", "as_of_range",
]

#: The levels of ``regulation_demands.level`` (as in datapackage.json).
LEVELS = ("required", "encouraged", "permitted", "indirect", "not-addressed", "not-verified")
#: Strongest first, for aggregating several instruments into one jurisdiction cell.
AGG_ORDER = ("required", "encouraged", "permitted", "indirect", "not-verified", "not-addressed")
NO_INSTRUMENT = "no instrument in scope"
LEVEL_SHORT = {"required": "required", "encouraged": "encouraged", "permitted": "permitted",
               "indirect": "indirect", "not-addressed": "absent", "not-verified": "? not\nverified",
               NO_INSTRUMENT: "–"}
#: Which instruments count, by ``regulations.status``.
SCOPES = {
    "in force": ("in force",),
    "in force or lapsed": ("in force", "lapsed"),
    "all (incl. proposals and positions)": ("in force", "lapsed", "adopted", "proposed", "not enacted"),
}
JURISDICTIONS = ("UK", "EU", "US", "Australia", "Indonesia", "Five Eyes")

#: What a platform would have to build for each demand, and what it costs or risks.
#: The course's summary; each risk names a source_id (data/sources.csv) or a later lesson.
MECHANISMS = {
    "block_known_material": {
        "build": "Hash every upload and compare it with lists of known material before publishing; block "
                 "and report matches.",
        "risks": [
            ("Finds only material already known and listed; new material needs classifiers, which make "
             "more mistakes (lessons 04 and 05).", None),
            ("On an end-to-end encrypted service the server cannot see uploads, so matching would have to "
             "move onto the user's device (client-side scanning), which security researchers argue "
             "creates new risks.", "research-bugs-in-our-pockets-2021"),
        ]},
    "stop_grooming": {
        "build": "Signals on accounts and conversations (an adult contacting many children, known risk "
                 "patterns in text), limits on adult-to-child contact, age assurance, easy reporting.",
        "risks": [
            ("Reading or classifying private conversations is a much deeper intrusion than matching files; "
             "data protection authorities questioned its proportionality in the EU proposal.",
             "eu-edpb-edps-2022"),
            ("Text classifiers produce false alarms, and at platform scale small error rates become many "
             "people (lesson 05); age assurance collects data about every user.", None),
        ]},
    "stop_livestreaming": {
        "build": "Classifiers that watch live video in real time, plus risk signals on accounts and payments, "
                 "and a fast path to the police.",
        "risks": [
            ("Real-time video analysis is costly and error-prone, and must act before the stream ends.", None),
            ("No instrument in the data is verified to require it (see the matrix below).", None),
        ]},
    "law_enforcement_cooperation": {
        "build": "Report pipelines to NCMEC or national bodies, preservation of evidence, a team that "
                 "answers lawful requests for account data.",
        "risks": [
            ("More reports are not more convictions: police receive many referrals they cannot act on "
             "(lesson 05, Irish and Swiss referral figures).", "iccl-2022-garda-ncmec"),
            ("Requests from many countries with different laws and standards of due process.", None),
        ]},
    "transparency": {
        "build": "Regular transparency reports with defined units (reports, pieces of content, accounts), "
                 "data for regulators and researchers.",
        "risks": [
            ("Numbers without common definitions are not comparable across companies or years (lesson 02).",
             "ncmec-ojjdp-2023"),
            ("Publishing detail about detection can also inform people trying to evade it, so reports "
             "stay at the level of counts.", None),
        ]},
}

#: Who writes the rules of each instrument: (description, kind of writer, source_id) -- the course's
#: summary of the sources named.
WHO_WRITES = {
    "five-eyes-vp-2020": ("governments write; companies endorse voluntarily", "governments, voluntary for industry",
                          "gov-uk-voluntary-principles-2020"),
    "uk-osa-2023": ("Parliament", "legislature", "news-muckle-osa-2023"),
    "uk-ofcom-illegal-harms-codes": ("the regulator (Ofcom)", "regulator", "ofcom-illegal-harms-statement-2024"),
    "eu-interim-2021-1232": ("EU legislators (Parliament and Council)", "legislature", "eu-reg-2021-1232"),
    "eu-interim-successor-2026": ("EU legislators (proposal)", "legislature", "eu-oeil-2025-0429"),
    "eu-csar-proposal-2022": ("EU legislators (proposal)", "legislature", "eu-com-2022-209"),
    "eu-csar-ep-2023": ("EU legislators (position)", "legislature", "news-dpa-ep-mandate-2023"),
    "eu-csar-council-2025": ("EU legislators (position)", "legislature", "news-dpa-council-2025"),
    "us-report-act-2024": ("Congress", "legislature", "us-plaw-118-59"),
    "us-earn-it": ("Congress (bill)", "legislature", "us-s3398-2020"),
    "us-stop-csam": ("Congress (bill)", "legislature", "us-durbin-2025-09-10"),
    "au-osa-2021": ("Parliament", "legislature", "esafety-regulatory-info"),
    "au-codes-phase1-2023": ("industry drafts; the regulator (eSafety) registers", "industry, registered by regulator",
                             "esafety-codes-decision-2023"),
    "au-standards-res-dis-2024": ("the regulator (eSafety), after declining industry's draft codes", "regulator",
                                  "esafety-standards-consultation"),
    "id-uu-1-2024": ("Parliament and President (law)", "legislature", "id-jdih-uu-1-2024"),
    "id-pp-17-2025": ("the government (government regulation)", "government", "news-antara-pp-tunas-2025"),
    "id-permenkominfo-5-2020": ("the ministry (ministerial regulation)", "government", "id-permenkominfo-5-2020-en"),
}


# --------------------------------------------------------------------------- tables
def long_table(regs: pd.DataFrame | None = None, rd: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per instrument x demand with jurisdiction, status and dates."""
    from . import data

    regs = regs if regs is not None else data.load("regulations")
    rd = rd if rd is not None else data.load("regulation_demands")
    cols = ["instrument_id", "name", "jurisdiction", "type", "status", "status_date", "status_date_precision",
            "as_of"]
    out = rd.merge(regs[cols], on="instrument_id", how="left", validate="many_to_one")
    out["status_shown"] = [format_date(d, p) for d, p in zip(out["status_date"].astype(str),
                                                             out["status_date_precision"].astype(str))]
    return out


def _in_scope(long: pd.DataFrame, scope: str) -> pd.DataFrame:
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {list(SCOPES)}")
    return long[long["status"].astype(str).isin(SCOPES[scope])]


def instrument_matrix(long: pd.DataFrame | None = None, scope: str = "all (incl. proposals and positions)"
                      ) -> pd.DataFrame:
    """Instrument x demand table of levels (rows grouped by jurisdiction, in data order)."""
    long = long if long is not None else long_table()
    sel = _in_scope(long, scope)
    order = list(dict.fromkeys(sel["instrument_id"]))
    m = sel.pivot(index="instrument_id", columns="demand_slug", values="level").reindex(order)
    m.columns = [str(c) for c in m.columns]
    slugs = [str(c) for c in long["demand_slug"].cat.categories]
    return m.reindex(columns=slugs).astype(str)


def jurisdiction_matrix(long: pd.DataFrame | None = None, scope: str = "in force") -> pd.DataFrame:
    """Jurisdiction x demand: the strongest level among the jurisdiction's instruments in scope
    (see :data:`AGG_ORDER`), or :data:`NO_INSTRUMENT`."""
    long = long if long is not None else long_table()
    sel = _in_scope(long, scope)
    slugs = [str(c) for c in long["demand_slug"].cat.categories]
    rank = {lev: i for i, lev in enumerate(AGG_ORDER)}
    out = pd.DataFrame(NO_INSTRUMENT, index=list(JURISDICTIONS), columns=slugs)
    for (jur, slug), levels in sel.groupby([sel["jurisdiction"].astype(str), sel["demand_slug"].astype(str)],
                                           observed=True)["level"]:
        out.loc[jur, slug] = min((str(v) for v in levels), key=rank.__getitem__)
    out.index.name, out.columns.name = "jurisdiction", "demand"
    return out


def as_of_range(long: pd.DataFrame | None = None, scope: str = "in force") -> tuple[str, str]:
    """Earliest and latest ``as_of`` among the instruments in scope (as written in the data)."""
    long = long if long is not None else long_table()
    dates = _in_scope(long, scope)["as_of"].astype(str)
    return (min(dates), max(dates)) if len(dates) else ("", "")


def latest_as_of(regs: pd.DataFrame | None = None) -> str:
    """The latest ``as_of`` date in the regulations table (as written there)."""
    from . import data

    regs = regs if regs is not None else data.load("regulations")
    return str(max(regs["as_of"].astype(str)))


# --------------------------------------------------------------------------- figure
def level_colours() -> dict:
    """Level -> colour: cividis shades for the ordered levels, grey for not-verified, white for none."""
    import matplotlib

    cmap = matplotlib.colormaps["cividis"]
    return {"required": cmap(0.95), "encouraged": cmap(0.72), "permitted": cmap(0.5), "indirect": cmap(0.3),
            "not-addressed": cmap(0.05), "not-verified": "#D9D9D9", NO_INSTRUMENT: "#FFFFFF"}


def plot_matrix(matrix: pd.DataFrame, title: str, row_label: str = "Jurisdiction"):
    """Heatmap of a level matrix with a categorical legend; every cell also carries a word,
    so colour is never the only carrier of meaning."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch, Rectangle

    colours = level_colours()
    n_rows, n_cols = matrix.shape
    fig, ax = plt.subplots(figsize=(11, 1.6 + 0.45 * max(n_rows, 3)))
    dark = {"not-addressed", "indirect", "permitted"}
    for i, (_, row) in enumerate(matrix.iterrows()):
        for j, level in enumerate(row):
            ax.add_patch(Rectangle((j, i), 1, 1, facecolor=colours[level], edgecolor="#666666", linewidth=0.6,
                                   hatch="//" if level == "not-verified" else None))
            ax.text(j + 0.5, i + 0.5, LEVEL_SHORT[level], ha="center", va="center", fontsize=8,
                    color="white" if level in dark else "black")
    ax.set_xlim(0, n_cols)
    ax.set_ylim(n_rows, 0)
    import textwrap

    ax.set_xticks([j + 0.5 for j in range(n_cols)],
                  [textwrap.fill(c.replace("_", " "), 13) for c in matrix.columns], fontsize=8)
    ax.set_yticks([i + 0.5 for i in range(n_rows)], list(matrix.index), fontsize=8)
    ax.tick_params(length=0)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel("The NCA's demand (category; no unit)")
    ax.set_ylabel(f"{row_label} (category; no unit)")
    ax.set_title(title)
    labels = {"required": "required by the instrument", "encouraged": "encouraged (voluntary or incentive)",
              "permitted": "permitted (legal basis for voluntary action)", "indirect": "indirect (a related general duty)",
              "not-addressed": "absent: the source says it is not addressed",
              "not-verified": "? not verified: no provision found in the sources used (NOT the same as 'no')",
              NO_INSTRUMENT: "– no instrument in scope"}
    handles = [Patch(facecolor=colours[k], edgecolor="#666666", hatch="//" if k == "not-verified" else None,
                     label=v) for k, v in labels.items()]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, title="Level",
              title_fontsize=9)
    fig.subplots_adjust(left=0.22, right=0.58, bottom=0.2, top=0.88)
    return fig


# --------------------------------------------------------------------------- interactive view
def instruments_view(jurisdiction: str = "All", demand: str = "All", scope: str = "in force",
                     long: pd.DataFrame | None = None) -> pd.DataFrame:
    """The instruments behind the matrix: one row per instrument x demand in scope, with the
    level, how, status, status date (at its precision), as-of date and source."""
    long = long if long is not None else long_table()
    sel = _in_scope(long, scope)
    if jurisdiction != "All":
        if jurisdiction not in JURISDICTIONS:
            raise ValueError(f"unknown jurisdiction {jurisdiction!r}")
        sel = sel[sel["jurisdiction"].astype(str) == jurisdiction]
    if demand != "All":
        if demand not in set(long["demand_slug"].astype(str)):
            raise ValueError(f"unknown demand {demand!r}")
        sel = sel[sel["demand_slug"].astype(str) == demand]
    cols = {"jurisdiction": "jurisdiction", "name": "instrument", "demand_slug": "demand", "level": "level",
            "how": "how", "status": "status", "status_shown": "status date", "as_of": "as of",
            "source_id": "source"}
    out = sel[list(cols)].rename(columns=cols).astype(str).reset_index(drop=True)
    out.attrs["selection"] = {"jurisdiction": jurisdiction, "demand": demand, "scope": scope}
    return out


def describe_view(view: pd.DataFrame) -> str:
    sel = view.attrs.get("selection", {})
    what = html.escape(f"{sel.get('jurisdiction', 'All')} · {sel.get('demand', 'All')} · {sel.get('scope', '')}")
    if view.empty:
        return (f"{what}: <b>No instrument in this scope.</b> Try the scope "
                "'all (incl. proposals and positions)'.")
    counts = view["level"].value_counts()
    parts = ", ".join(f"{n} {lev}" for lev, n in counts.items())
    return (f"{what}: <b>{view['instrument'].nunique()}</b> instrument(s), {len(view)} cell(s): {html.escape(parts)}. "
            f"Latest as-of date among them: {html.escape(max(view['as of']))}. "
            "'not-verified' means no provision was found in the sources used, not that none exists.")


def render_view(view: pd.DataFrame) -> str:
    if view.empty:
        return "<p>(nothing to show)</p>"
    from .story import html_table

    return html_table(view)


def matrix_demo(long: pd.DataFrame | None = None):
    """Select a jurisdiction, a demand and a scope; read the instruments behind the cells."""
    import ipywidgets as widgets

    from .widgets import Demo

    long = long if long is not None else long_table()
    style = {"description_width": "initial"}
    controls = {
        "jurisdiction": widgets.Dropdown(options=["All", *JURISDICTIONS], value="UK", description="Jurisdiction",
                                         style=style),
        "demand": widgets.Dropdown(options=["All"] + [str(c) for c in long["demand_slug"].cat.categories],
                                   value="All", description="Demand", style=style),
        "scope": widgets.Dropdown(options=list(SCOPES), value="in force", description="Instruments",
                                  style=style, layout=widgets.Layout(width="420px")),
    }
    return Demo(controls, compute=lambda jurisdiction, demand, scope: instruments_view(jurisdiction, demand,
                                                                                        scope, long),
                render=render_view, describe=describe_view, title="Which instruments answer which demand?")


# --------------------------------------------------------------------------- exercises
def required_counts(long: pd.DataFrame | None = None, scope: str = "in force") -> dict:
    """demand_slug -> number of instruments in scope that *require* it (zeros included)."""
    long = long if long is not None else long_table()
    sel = _in_scope(long, scope)
    counts = sel[sel["level"] == "required"]["demand_slug"].value_counts()
    return {str(k): int(counts.get(k, 0)) for k in long["demand_slug"].cat.categories}


def first_actions(events: pd.DataFrame | None = None,
                  categories=("law", "regulator", "voluntary-code")) -> pd.DataFrame:
    """For each jurisdiction of the regulations table, its earliest event of the given categories
    (by the start of the date's interval), with the date as written and its precision."""
    from . import data
    from .story import event_spans

    events = events if events is not None else data.load("events")
    spans = event_spans(events)
    sel = spans[spans["category"].astype(str).isin(categories) & spans["jurisdiction"].astype(str).isin(JURISDICTIONS)]
    first = sel.sort_values(["start", "event_id"]).groupby(sel["jurisdiction"].astype(str), observed=True).head(1)
    out = first[["jurisdiction", "date", "date_precision", "shown", "start", "end", "event_id", "event", "source_id"]]
    out = out.assign(jurisdiction=out["jurisdiction"].astype(str), date=out["date"].astype(str))
    return out.sort_values("start").reset_index(drop=True)


def plot_first_actions(first: pd.DataFrame, story_day=None):
    """When each jurisdiction first acted: dots for day-precision dates, bars for a whole year or month."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    from .style import PALETTE

    fig, ax = plt.subplots(figsize=(8.5, 3.4))
    for i, r in enumerate(first.itertuples()):
        if r.date_precision == "day":
            ax.plot(r.start, i, "o", color=PALETTE["blue"], markersize=8)
        else:
            ax.hlines(i, r.start, r.end, colors=PALETTE["orange"], linewidth=7)
        ax.annotate(f"{r.shown} ({r.event_id})", (r.end, i), xytext=(6, -3), textcoords="offset points", fontsize=8)
    if story_day is not None:
        ax.axvline(story_day, color=PALETTE["black"], linestyle="--", linewidth=1)
        ax.annotate("the story", (story_day, -0.6), xytext=(3, 0), textcoords="offset points", fontsize=8)
    ax.set_yticks(range(len(first)), list(first["jurisdiction"]))
    ax.set_ylim(len(first) - 0.4, -0.9)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    lo = first["start"].min() if len(first) else pd.Timestamp("2020-01-01")
    hi = first["end"].max() if len(first) else pd.Timestamp("2021-01-01")
    ax.set_xlim(pd.Timestamp(lo.year, 1, 1), pd.Timestamp(hi.year + 1, 7, 1))
    ax.set_xlabel("Date (calendar year)")
    ax.set_ylabel("Jurisdiction")
    ax.set_title("First law, regulator action or voluntary code in the events table")
    from matplotlib.lines import Line2D

    ax.legend(handles=[Line2D([], [], marker="o", linestyle="", color=PALETTE["blue"], label="date known to the day"),
                       Line2D([], [], linewidth=7, color=PALETTE["orange"], label="known only to the month or year")],
              loc="center right", fontsize=8)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def who_writes_table(regs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Instrument, jurisdiction, type, status and who writes its rules (with source)."""
    from . import data

    regs = regs if regs is not None else data.load("regulations")
    rows = []
    for r in regs.itertuples():
        who, kind, sid = WHO_WRITES[r.instrument_id]
        rows.append({"instrument": r.name, "jurisdiction": str(r.jurisdiction), "type": str(r.type),
                     "status": str(r.status), "who writes the rules": who, "writer": kind, "source": sid})
    return pd.DataFrame(rows)
