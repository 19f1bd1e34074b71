"""Lesson 02 "Measuring the problem": tested reference code and the explorer.

Everything here reads the course's sourced tables (``coursekit.data.load``) and
never types a figure in. The central idea of the lesson is that a count of
CyberTipline *reports* measures detection and reporting effort as much as abuse:
a report is not an image, an incident, a victim or a crime.

Pure functions (unit-tested in ``tests/test_measuring.py``):

* :func:`yearly` - NCMEC's yearly measures as a wide table (one row per year);
* :func:`files_per_report` - files uploaded with ESP reports per ESP report;
* :func:`growth_pct` - year-on-year change in per cent;
* :func:`platform_table` / :func:`esp_share` - reports per platform and shares;
* :func:`country_table` / :func:`country_rank` - reports per country and ranks;
* :func:`meta_quarterly` - Meta's quarterly content actioned (main release only);
* :func:`explore` - the explorer's compute function (tidy data + one-line reading).

Figures: :func:`plot_totals`, :func:`plot_platform_shares`, :func:`plot_jump`,
:func:`plot_country`, :func:`plot_meta`, :func:`render_explore`; the live demo is
:func:`explorer_demo`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import data

__all__ = [
    "PLATFORM_ALIASES", "SOURCES", "SCALES", "MODES", "DEFAULTS",
    "yearly", "files_per_report", "growth_pct", "platform_table", "esp_share",
    "combined_rows", "country_table", "country_rank", "meta_quarterly",
    "ExploreResult", "explore", "render_explore", "describe_explore", "explorer_demo",
    "plot_totals", "plot_platform_shares", "plot_jump", "plot_country", "plot_meta",
    "iwf_table", "plot_iwf", "esp_total",
]

#: NCMEC prints provider names as each company filed them, and the spelling moves
#: between years ("TikTok" in 2019-2021, "TikTok Inc." in 2022-2023). This is the
#: course's explicit, short list of names treated as one platform. Only obvious
#: corporate-suffix variants are joined; Microsoft (split into products from 2022)
#: and Twitter / X Corp (two rows in 2023) are left out on purpose.
PLATFORM_ALIASES: dict[str, tuple[str, ...]] = {
    "Facebook": ("Facebook",),
    "Instagram": ("Instagram", "Instagram, Inc."),
    "WhatsApp": ("WhatsApp", "WhatsApp Inc."),
    "Google": ("Google",),
    "Snapchat": ("Snapchat",),
    "TikTok": ("TikTok", "TikTok Inc."),
    "Discord": ("Discord", "Discord Inc."),
    "Reddit": ("Reddit", "Reddit, Inc."),
    "Omegle": ("Omegle", "Omegle.com LLC"),
}

#: The explorer's data sources.
SOURCES = ("NCMEC reports by platform", "NCMEC reports by country")
SCALES = ("linear", "log")
MODES = ("absolute", "share")
DEFAULTS = dict(source=SOURCES[0], platforms=("Facebook", "Google", "Snapchat"),
                countries=("Indonesia", "India", "United States"), years=(2019, 2023),
                scale="linear", mode="absolute")


# ------------------------------------------------------------------ yearly
def yearly(reports: pd.DataFrame | None = None) -> pd.DataFrame:
    """NCMEC's yearly table, wide: one row per year, one column per ``measure``.

    The 2024 rows are a break in the series (``series_break``): 2024 is the first
    year with "bundling", and its two figures are rounded by the publisher.
    A column ``series_break`` says which years are affected.
    """
    df = data.load("ncmec_reports_by_year") if reports is None else reports
    wide = df.pivot_table(index="year", columns="measure", values="value", aggfunc="sum",
                          observed=True)
    wide.columns = [str(c) for c in wide.columns]
    wide["series_break"] = df.groupby("year")["series_break"].any()
    wide.index.name = "year"
    return wide


def files_per_report(reports: pd.DataFrame | None = None) -> pd.Series:
    """Files uploaded with ESP reports per ESP report (years with both figures)."""
    w = yearly(reports)
    both = w[["files_total", "reports_esp"]].dropna()
    return (both["files_total"] / both["reports_esp"]).rename("files per ESP report")


def growth_pct(series: pd.Series) -> pd.Series:
    """Year-on-year change in per cent (the first year is NaN)."""
    s = pd.Series(series, dtype="float64")
    return (s.pct_change() * 100).rename("change (%)")


# --------------------------------------------------------------- platforms
def platform_table(esp: pd.DataFrame | None = None,
                   aliases: dict[str, tuple[str, ...]] | None = None) -> pd.DataFrame:
    """Reports per year (rows) and platform (columns), names joined by ``aliases``.

    A platform NCMEC did not list in a year gets 0 (NCMEC lists every provider
    that reported at least once, so "not listed" means no reports under that name).
    """
    df = data.load("ncmec_reports_by_esp") if esp is None else esp
    aliases = PLATFORM_ALIASES if aliases is None else aliases
    years = sorted(df["year"].unique())
    out = {}
    for name, spellings in aliases.items():
        rows = df[df["esp"].isin(spellings)]
        out[name] = rows.groupby("year")["reports"].sum().reindex(years, fill_value=0)
    table = pd.DataFrame(out, index=pd.Index(years, name="year")).astype("int64")
    return table


def esp_total(esp: pd.DataFrame | None = None) -> pd.Series:
    """All ESP reports per year (the sum of NCMEC's by-ESP table)."""
    df = data.load("ncmec_reports_by_esp") if esp is None else esp
    return df.groupby("year")["reports"].sum().rename("all ESP reports")


def esp_share(platform: str = "Facebook", year: int = 2020, esp: pd.DataFrame | None = None) -> float:
    """Share (0-1) of one platform in all ESP reports of ``year``."""
    table = platform_table(esp)
    return float(table.loc[year, platform] / esp_total(esp).loc[year])


def combined_rows(esp: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows NCMEC marked with its asterisk ("related platforms ... combined")."""
    df = data.load("ncmec_reports_by_esp") if esp is None else esp
    return df[df["combined_total"]][["year", "esp", "reports"]].reset_index(drop=True)


# --------------------------------------------------------------- countries
def country_table(country: pd.DataFrame | None = None) -> pd.DataFrame:
    """Reports per year and country (rows with a location only), with rank and share.

    Columns: year, iso3, country, reports, share_pct (of all reports that year,
    including those with no location), rank (1 = most reports that year).
    Duplicate codes within a year (NCMEC lists French Guiana twice) are added up.
    """
    df = data.load("ncmec_reports_by_country") if country is None else country
    located = df[~df["location_unknown"] & df["iso3"].notna()].copy()
    located["reports"] = located["reports"].fillna(0).astype("int64")
    names = located.groupby(["year", "iso3"])["country"].first()
    t = located.groupby(["year", "iso3"])["reports"].sum().to_frame()
    t["country"] = names
    totals = df.groupby("year")["reports"].sum()
    t = t.reset_index()
    t["share_pct"] = 100 * t["reports"] / t["year"].map(totals)
    t["rank"] = t.groupby("year")["reports"].rank(ascending=False, method="min").astype("int64")
    t["country"] = t["country"].astype(str)
    return t.sort_values(["year", "rank"]).reset_index(drop=True)[
        ["year", "iso3", "country", "reports", "share_pct", "rank"]]


def country_rank(iso3: str = "IDN", country: pd.DataFrame | None = None) -> pd.DataFrame:
    """One country's reports, share and rank per year, and how many countries were ranked."""
    t = country_table(country)
    n = t.groupby("year")["iso3"].nunique().rename("countries_ranked")
    one = t[t["iso3"] == iso3].set_index("year")[["country", "reports", "share_pct", "rank"]]
    return one.join(n)


# -------------------------------------------------------------------- Meta
def meta_quarterly(meta: pd.DataFrame | None = None) -> pd.DataFrame:
    """Meta's quarterly enforcement data, **main release only** (one row per quarter).

    The table keeps some rows of an older release (``main_release = false``) to
    show revisions; using them too would count a quarter twice.
    """
    df = data.load("meta_enforcement") if meta is None else meta
    main = df[df["main_release"]].copy()
    for col in ("app", "policy_area", "release"):
        main[col] = main[col].astype(str)
    main["quarter_start"] = pd.PeriodIndex(main["period"].astype(str), freq="Q").to_timestamp()
    return main.sort_values(["app", "policy_area", "period"]).reset_index(drop=True)


# ---------------------------------------------------------------- explorer
@dataclass
class ExploreResult:
    """What the explorer computed: tidy data for the figure and its reading."""

    data: pd.DataFrame            # year, series, value, plotted (value or NaN on log scale)
    reading: str                  # one line for the learner
    source: str
    scale: str
    mode: str
    years: tuple[int, int]
    ylabel: str
    title: str
    hidden_zeros: int = 0         # points not drawn on a log scale (zero or missing)
    source_ids: list = field(default_factory=list)


def _fmt(value: float, mode: str) -> str:
    return f"{value:.1f}%" if mode == "share" else f"{value:,.0f}"


def explore(source: str = DEFAULTS["source"], platforms=DEFAULTS["platforms"],
            countries=DEFAULTS["countries"], years=DEFAULTS["years"],
            scale: str = DEFAULTS["scale"], mode: str = DEFAULTS["mode"]) -> ExploreResult:
    """The explorer's compute function (pure: same settings, same result).

    source: one of :data:`SOURCES`; platforms: names from :data:`PLATFORM_ALIASES`
    (used when the source is by platform); countries: NCMEC country names (used
    when the source is by country); years: (first, last), inclusive; scale:
    "linear" or "log"; mode: "absolute" (reports) or "share" (% of all reports of
    that kind in that year). Returns tidy data and a one-line reading.
    """
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}")
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {SCALES}")
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    first, last = int(min(years)), int(max(years))

    if source == SOURCES[0]:
        table = platform_table()
        chosen = [p for p in platforms if p in table.columns]
        total = esp_total()
        what, of_what = "platform", "all ESP reports"
        source_ids = [f"ncmec-esp-{y}" for y in range(first, last + 1)]
    else:
        raw = data.load("ncmec_reports_by_country")
        located = raw[~raw["location_unknown"]].copy()
        located["country"] = located["country"].astype(str)
        table = (located.groupby(["year", "country"])["reports"].sum()
                 .unstack("country").fillna(0))
        chosen = [c for c in countries if c in table.columns]
        total = raw.groupby("year")["reports"].sum()
        what, of_what = "country", "all CyberTipline reports"
        source_ids = [f"ncmec-country-{y}" for y in range(first, last + 1)]

    table = table.loc[(table.index >= first) & (table.index <= last)]
    unit = "% of " + of_what if mode == "share" else "CyberTipline reports"
    ylabel = (f"Share of {of_what} (%)" if mode == "share"
              else "CyberTipline reports (number)")
    title = f"CyberTipline reports by {what}, {first}" + (f"-{last}" if last > first else "")
    if mode == "share":
        title = f"Share of {of_what} by {what}, {first}" + (f"-{last}" if last > first else "")

    rows = []
    for name in chosen:
        for year, value in table[name].items():
            v = float(value)
            if mode == "share":
                v = 100 * v / float(total.loc[year])
            rows.append({"year": int(year), "series": name, "value": v})
    tidy = pd.DataFrame(rows, columns=["year", "series", "value"])
    tidy["plotted"] = tidy["value"].where(tidy["value"] > 0) if scale == "log" else tidy["value"]
    hidden = int(tidy["plotted"].isna().sum())

    if not chosen:
        reading = f"Nothing selected: choose at least one {what} to see its reports."
    else:
        end = tidy[tidy["year"] == last].sort_values("value", ascending=False).iloc[0]
        reading = f"In {last}, {end['series']} had the most of those selected: {_fmt(end['value'], mode)}"
        reading += " of " + of_what if mode == "share" else " reports"
        if last > first:
            start_v = float(tidy[(tidy["series"] == end["series"]) & (tidy["year"] == first)]["value"].iloc[0])
            if start_v > 0:
                reading += f", {end['value'] / start_v:.1f} times its {first} level"
            else:
                reading += f" (not listed under this name in {first})"
        reading += "."
        if hidden:
            reading += f" {hidden} zero value(s) cannot be drawn on a log scale and are left out."
    return ExploreResult(data=tidy, reading=reading, source=source, scale=scale, mode=mode,
                         years=(first, last), ylabel=ylabel if scale == "linear" else ylabel + ", log scale",
                         title=title, hidden_zeros=hidden, source_ids=source_ids)


def describe_explore(result: ExploreResult) -> str:
    """The reading as one HTML line (for the demo's summary)."""
    import html

    return f"<b>Reading:</b> {html.escape(result.reading)}"


def render_explore(result: ExploreResult):
    """Draw the explorer's figure (a line per series, markers for single years)."""
    import matplotlib.pyplot as plt

    from .style import CYCLE

    fig, ax = plt.subplots(figsize=(8.5, 4.0))
    if result.data.empty or result.data["plotted"].isna().all():
        message = ("Nothing selected" if result.data.empty
                   else "No value above zero: nothing to draw on a log scale")
        ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes,
                fontsize=12, color="#555555")
        ax.set_yticks([])
    else:
        markers = "osD^vPX*h"
        for i, (name, part) in enumerate(result.data.groupby("series", sort=False)):
            ax.plot(part["year"], part["plotted"], marker=markers[i % len(markers)],
                    color=CYCLE[i % len(CYCLE)], label=name)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
        if result.scale == "log" and result.data["plotted"].notna().any():
            from matplotlib.ticker import FuncFormatter, NullFormatter

            ax.set_yscale("log")
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}"))
            ax.yaxis.set_minor_formatter(NullFormatter())
    first, last = result.years
    ax.set_xticks(range(first, last + 1), [str(y) for y in range(first, last + 1)])
    ax.set_xlim(first - 0.5, last + 0.5)
    ax.set_xlabel("Year (calendar year of the report)")
    ax.set_ylabel(result.ylabel)
    if result.scale == "linear" and result.mode == "absolute" and not result.data.empty:
        ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_title(result.title)
    # fixed margins instead of tight_layout: the live demo redraws in well under 200 ms
    fig.subplots_adjust(left=0.13, right=0.80, bottom=0.13, top=0.90)
    return fig


def explorer_demo():
    """The year / platform / country explorer as a :class:`coursekit.widgets.Demo`."""
    import ipywidgets as widgets

    from .widgets import Demo

    country_names = sorted(data.load("ncmec_reports_by_country").query("~location_unknown")["country"]
                           .astype(str).unique())
    style = {"description_width": "initial"}
    controls = {
        "source": widgets.Dropdown(options=list(SOURCES), value=DEFAULTS["source"],
                                   description="Source", style=style),
        "platforms": widgets.SelectMultiple(options=list(PLATFORM_ALIASES), value=DEFAULTS["platforms"],
                                            rows=5, description="Platforms", style=style),
        "countries": widgets.SelectMultiple(options=country_names, value=DEFAULTS["countries"],
                                            rows=5, description="Countries", style=style),
        "years": widgets.IntRangeSlider(value=DEFAULTS["years"], min=2019, max=2023, step=1,
                                        description="Years (calendar)", style=style,
                                        layout=widgets.Layout(width="480px"),
                                        continuous_update=False),
        "scale": widgets.ToggleButtons(options=list(SCALES), value=DEFAULTS["scale"],
                                       description="Scale", style=style),
        "mode": widgets.ToggleButtons(options=list(MODES), value=DEFAULTS["mode"],
                                      description="Show", style=style),
    }
    return Demo(controls, compute=explore, render=render_explore, describe=describe_explore,
                title="CyberTipline reports explorer (NCMEC, 2019-2023)")


# ----------------------------------------------------------------- figures
def plot_totals(reports: pd.DataFrame | None = None):
    """Bar chart of CyberTipline reports per year, 2014-2024, the 2024 break marked."""
    import matplotlib.pyplot as plt

    from .style import PALETTE

    w = yearly(reports)
    fig, ax = plt.subplots(figsize=(8, 4.2))
    years = w.index.to_numpy()
    values = w["reports_total"].to_numpy() / 1e6
    colours = [PALETTE["vermillion"] if b else PALETTE["blue"] for b in w["series_break"]]
    ax.bar(years, values, color=colours, hatch=["//" if b else "" for b in w["series_break"]],
           edgecolor="white")
    if "incidents_adjusted_for_bundling" in w:
        inc = w["incidents_adjusted_for_bundling"].dropna()
        ax.scatter(inc.index, inc / 1e6, marker="D", s=60, color=PALETTE["orange"], zorder=3,
                   edgecolor="black", label="2024: incidents adjusted for bundling (a different unit)")
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=PALETTE["blue"], label="CyberTipline reports"),
               Patch(facecolor=PALETTE["vermillion"], hatch="//", edgecolor="white",
                     label="2024: reports after 'bundling' (series break)")]
    handles += ax.get_legend_handles_labels()[0]
    ax.set_xticks(years)
    ax.set_xlabel("Year (calendar year)")
    ax.set_ylabel("CyberTipline reports (millions)")
    ax.set_title("Reports to NCMEC's CyberTipline per year")
    ax.legend(handles=handles, loc="upper left", fontsize=8.5)
    fig.tight_layout()
    return fig


def plot_platform_shares(esp: pd.DataFrame | None = None, top: tuple[str, ...] = ("Facebook", "Instagram", "WhatsApp")):
    """Stacked bars: share of all ESP reports per year for Meta's apps and the rest."""
    import matplotlib.pyplot as plt

    from .style import PALETTE

    table = platform_table(esp)
    total = esp_total(esp)
    shares = table[list(top)].div(total, axis=0) * 100
    shares["all other providers"] = 100 - shares.sum(axis=1)
    colours = [PALETTE["blue"], PALETTE["orange"], PALETTE["green"], "#BBBBBB"]
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    bottom = np.zeros(len(shares))
    for col, colour in zip(shares.columns, colours):
        ax.bar(shares.index, shares[col], bottom=bottom, color=colour, label=col, edgecolor="white")
        bottom += shares[col].to_numpy()
    combined = combined_rows(esp)
    for year in sorted(set(combined.loc[combined["esp"] == "Facebook", "year"])):
        ax.text(year, 101, "* combined", ha="center", va="bottom", fontsize=8)
    ax.set_ylim(0, 110)
    ax.set_xticks(shares.index)
    ax.set_xlabel("Year (calendar year)")
    ax.set_ylabel("Share of all ESP reports (%)")
    ax.set_title("Who files the reports: share of ESP reports to NCMEC")
    ax.legend(loc="lower left", fontsize=8.5, framealpha=0.9, frameon=True)
    fig.tight_layout()
    return fig


def plot_jump(platform: str = "Reddit", esp: pd.DataFrame | None = None):
    """One platform's reports per year on a log scale."""
    import matplotlib.pyplot as plt

    from .style import PALETTE

    s = platform_table(esp)[platform]
    fig, ax = plt.subplots(figsize=(7, 3.8))
    ax.plot(s.index, s.where(s > 0), marker="o", color=PALETTE["blue"])
    for x, y in s.items():
        if y > 0:
            ax.annotate(f"{y:,}", (x, y), textcoords="offset points", xytext=(0, 8), ha="center", fontsize=9)
    ax.set_yscale("log")
    ax.set_xticks(s.index)
    ax.set_xlabel("Year (calendar year)")
    ax.set_ylabel("CyberTipline reports (log scale)")
    ax.set_title(f"Reports filed by {platform}, {s.index.min()}-{s.index.max()}")
    ax.set_ylim(s[s > 0].min() / 3, s.max() * 4)
    fig.tight_layout()
    return fig


def plot_country(iso3: str = "IDN", top: int = 8, year: int = 2023, country: pd.DataFrame | None = None):
    """Horizontal bars: the ``top`` countries by reports in ``year``, one highlighted."""
    import matplotlib.pyplot as plt

    from .style import PALETTE

    t = country_table(country)
    t = t[t["year"] == year].nsmallest(top, "rank").iloc[::-1]
    colours = [PALETTE["vermillion"] if c == iso3 else PALETTE["sky"] for c in t["iso3"]]
    fig, ax = plt.subplots(figsize=(7.5, 4.0))
    ax.barh(t["country"], t["reports"] / 1e6, color=colours)
    for y, (v, r) in enumerate(zip(t["reports"], t["rank"])):
        ax.text(v / 1e6, y, f"  {v / 1e6:.2f}", va="center", fontsize=9)
    ax.set_xlabel("CyberTipline reports (millions)")
    ax.set_ylabel("Country (reported upload location)")
    ax.set_title(f"Top {top} countries by CyberTipline reports, {year}")
    ax.set_xlim(0, t["reports"].max() / 1e6 * 1.15)
    fig.tight_layout()
    return fig


def plot_meta(meta: pd.DataFrame | None = None):
    """Two panels: Meta's quarterly content actioned and proactive rate, with the 2021 Q2 break."""
    import matplotlib.pyplot as plt

    from .style import PALETTE

    m = meta_quarterly(meta)
    styles = {"Child Nudity & Sexual Exploitation": ("-", "o"),
              "Child Endangerment: Sexual Exploitation": ("-", "s"),
              "Child Endangerment: Nudity and Physical Abuse": ("--", "^")}
    colours = {"Facebook": PALETTE["blue"], "Instagram": PALETTE["orange"]}
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(8.5, 7.4), sharex=True)
    for (app, area), part in m.groupby(["app", "policy_area"]):
        ls, mk = styles[area]
        label = f"{app}: {area}"
        ax1.plot(part["quarter_start"], part["content_actioned"] / 1e6, ls=ls, marker=mk, ms=3.5,
                 color=colours[app], label=label)
        ax2.plot(part["quarter_start"], part["proactive_rate_pct"], ls=ls, marker=mk, ms=3.5,
                 color=colours[app])
    brk = pd.Timestamp("2021-04-01")
    for ax in (ax1, ax2):
        ax.axvline(brk, color="#555555", lw=1, ls=":")
    ax1.text(brk, ax1.get_ylim()[1] * 0.97, "policy areas redefined (2021 Q2) ", fontsize=8, va="top",
             ha="right")
    ax1.set_ylabel("Content actioned\n(millions of pieces)")
    ax2.set_ylabel("Proactive rate (%)")
    ax2.set_xlabel("Quarter (start date)")
    ax1.set_title("Meta: child-safety content actioned per quarter (2024 Q2 release)")
    fig.legend(*ax1.get_legend_handles_labels(), loc="lower center", ncol=2, fontsize=7.5,
               bbox_to_anchor=(0.5, 0.0))
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    return fig


# --------------------------------------------------------------------- IWF
def iwf_table(iwf: pd.DataFrame | None = None) -> pd.DataFrame:
    """IWF yearly figures with their units, and the confirmed share where units match.

    ``confirmed_pct`` is confirmed / assessed in per cent, **only** for years where
    both are counted in "reports" (a URL is not a report, so other years get NaN).
    """
    df = data.load("iwf_annual") if iwf is None else iwf
    t = df[["year", "reports_assessed", "reports_assessed_unit", "confirmed", "confirmed_unit",
            "source_id"]].copy()
    for col in ("reports_assessed_unit", "confirmed_unit"):
        t[col] = t[col].astype(object).where(t[col].notna(), None)
    same = (t["reports_assessed_unit"] == "reports") & (t["confirmed_unit"] == "reports")
    pct = 100 * t["confirmed"].astype("float64") / t["reports_assessed"].astype("float64")
    t["confirmed_pct"] = pct.where(same)
    return t.set_index("year")


def plot_iwf(iwf: pd.DataFrame | None = None):
    """IWF confirmed reports/URLs per year; the marker says which unit IWF used."""
    import matplotlib.pyplot as plt

    from .style import PALETTE

    t = iwf_table(iwf)
    fig, ax = plt.subplots(figsize=(7.5, 4.0))
    ax.plot(t.index, t["confirmed"] / 1e3, color="#999999", lw=1, zorder=1)
    for unit, marker, colour in (("reports", "o", PALETTE["blue"]), ("URLs", "s", PALETTE["orange"])):
        part = t[t["confirmed_unit"] == unit]
        ax.scatter(part.index, part["confirmed"] / 1e3, marker=marker, s=55, color=colour, zorder=2,
                   edgecolor="black", label=f"counted as {unit}")
    ax.set_xticks(t.index)
    ax.set_ylim(0, t["confirmed"].max() / 1e3 * 1.15)
    ax.set_xlabel("Year (calendar year)")
    ax.set_ylabel("Confirmed by IWF analysts (thousands)")
    ax.set_title("IWF: reports or URLs confirmed as child sexual abuse imagery")
    ax.legend(loc="upper left", fontsize=9)
    fig.tight_layout()
    return fig
