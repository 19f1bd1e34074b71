"""Self-check questions of lesson 02 "Measuring the problem".

Every expected value is computed from data/ with the reference code in
coursekit.measuring, never typed in.
"""
from __future__ import annotations

from coursekit import data
from coursekit import measuring as ms
from coursekit.checks import Question

#: The settings the exercises state.
SHARE_YEAR = 2020
META_YEAR = 2023
META_NAMES = ("Facebook", "Instagram, Inc.", "WhatsApp Inc.")  # NCMEC's spellings in 2023
COUNTRY = "Indonesia"
COUNTRY_YEAR = 2023


def _totals():
    """reports_total per year, 2014-2024, as NCMEC published it (2024 rounded)."""
    return ms.yearly()["reports_total"]


def growth_expected():
    return ms.growth_pct(_totals().loc[2014:2023])


def facebook_share_pct():
    esp = data.load("ncmec_reports_by_esp")
    year = esp[esp["year"] == SHARE_YEAR]
    return 100 * float(year.loc[year["esp"] == "Facebook", "reports"].sum()) / float(year["reports"].sum())


def _facebook_share_of_all_reports():
    esp = data.load("ncmec_reports_by_esp")
    fb = float(esp[(esp["year"] == SHARE_YEAR) & (esp["esp"] == "Facebook")]["reports"].sum())
    return 100 * fb / float(_totals().loc[SHARE_YEAR])


def meta_share_pct():
    esp = data.load("ncmec_reports_by_esp")
    year = esp[esp["year"] == META_YEAR]
    return 100 * float(year.loc[year["esp"].isin(META_NAMES), "reports"].sum()) / float(year["reports"].sum())


def years_fell():
    t = _totals()
    return [int(y) for y, change in t.diff().items() if change < 0]


def change_2024():
    w = ms.yearly()
    before = float(w.loc[2023, "reports_total"])
    return {"reports": 100 * (float(w.loc[2024, "reports_total"]) / before - 1),
            "incidents": 100 * (float(w.loc[2024, "incidents_adjusted_for_bundling"]) / before - 1)}


def country_rank():
    t = ms.country_table()
    return int(t[(t["year"] == COUNTRY_YEAR) & (t["country"] == COUNTRY)]["rank"].iloc[0])


def _is_fraction_of(expected_pct):
    return lambda a: abs(a * 100 - expected_pct) < 0.05


QUESTIONS = [
    Question(
        id="02.growth", kind="series", expected=growth_expected, rel_tol=1e-4, abs_tol=1e-6,
        hint="Select the reports_total rows for 2014-2023, take the value column (indexed by year) "
             "and use .pct_change() * 100. The first year has no previous year, so it is NaN.",
    ),
    Question(
        id="02.facebook_share", kind="number", expected=facebook_share_pct, rel_tol=1e-3,
        known_wrong=[(_is_fraction_of(facebook_share_pct()),
                      "That is a fraction between 0 and 1. Multiply by 100 to give a percentage."),
                     (lambda a: abs(a - _facebook_share_of_all_reports()) < 0.05,
                      "You divided by all CyberTipline reports (ESP + public). The question asks for "
                      "the share of ESP reports: divide by the sum of the by-ESP table for that year.")],
        hint=f"Divide Facebook's {SHARE_YEAR} reports by the sum of all rows of the by-ESP table for "
             f"{SHARE_YEAR}, and multiply by 100.",
    ),
    Question(
        id="02.meta_share", kind="number", expected=meta_share_pct, rel_tol=1e-3,
        known_wrong=[(_is_fraction_of(meta_share_pct()),
                      "That is a fraction between 0 and 1. Multiply by 100 to give a percentage."),
                     (lambda a: abs(a - 100 * ms.esp_share("Facebook", META_YEAR)) < 0.05,
                      "That is Facebook alone. Add Instagram and WhatsApp, spelled as NCMEC spells them "
                      f"in {META_YEAR}.")],
        hint=f"Use .isin([...]) with the three names as NCMEC prints them in {META_YEAR}: "
             + ", ".join(repr(n) for n in META_NAMES) + ".",
    ),
    Question(
        id="02.years_fell", kind="list", expected=years_fell,
        known_wrong=[(lambda a: list(a) == [2024],
                      "2024 is one. Look again at the years before 2020: was there another fall?"),
                     (lambda a: list(a) == [2019],
                      "2019 is one. Did you include 2024 (a series break, but still a published total)?")],
        hint="Use .diff() on reports_total indexed by year and keep the years where it is negative.",
    ),
    Question(
        id="02.change_2024", kind="mapping", expected=change_2024, rel_tol=1e-3,
        known_wrong=[(lambda a: all(abs(v) < 1 for v in a.values()),
                      "These look like fractions. Multiply by 100 to give percentages."),
                     (lambda a: all(v > 0 for v in a.values()),
                      "Both 2024 figures are lower than 2023's reports, so both changes are negative.")],
        hint="For each 2024 figure compute 100 * (figure_2024 / reports_2023 - 1).",
    ),
    Question(
        id="02.country_rank", kind="integer", expected=country_rank,
        known_wrong=[(lambda a: a == country_rank() + 1,
                      "One too many: did you count the 'no location' row as a country? Leave "
                      "location_unknown rows out before ranking.")],
        hint="Keep the 2023 rows with a location, sort by reports (largest first) and find where "
             "Indonesia is (the first place is rank 1).",
    ),
    Question(
        id="02.log_scale", kind="text", expected=lambda: "log",
        known_wrong=[(lambda a: a == "linear", "The axis is still linear: call ax.set_yscale('log').")],
        hint="Call ax.set_yscale('log') on the axes you plotted on.",
    ),
]
