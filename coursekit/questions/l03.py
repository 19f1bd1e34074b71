"""Self-checks for lesson 03 "Five demands, many laws".

Expected values are computed from data/regulations.csv, data/regulation_demands.csv
and data/events.csv with the reference code in coursekit.demands, never typed in.
"""
from __future__ import annotations

from coursekit import data
from coursekit import demands as dm
from coursekit.checks import Question


def _matrix():
    return data.load("regulation_demands").pivot(index="instrument_id", columns="demand_slug", values="level")


def _counts() -> dict:
    return dm.required_counts(dm.long_table(), "in force")


def _most() -> str:
    c = _counts()
    return max(c, key=c.get)


def _least() -> str:
    c = _counts()
    return min(c, key=c.get)


def _share_not_verified() -> float:
    rd = data.load("regulation_demands")
    return float((rd["level"] == "not-verified").mean())


def _first() -> dict:
    fa = dm.first_actions(data.load("events"))
    return dict(zip(fa["jurisdiction"], fa["date"]))


def _all_counts() -> dict:
    return dm.required_counts(dm.long_table(), "all (incl. proposals and positions)")


QUESTIONS = [
    Question(
        id="03.matrix", kind="dataframe", expected=_matrix,
        hint="rd.pivot(index='instrument_id', columns='demand_slug', values='level') gives one row per "
             "instrument and one column per demand.",
    ),
    Question(
        id="03.required_counts", kind="mapping", expected=_counts,
        known_wrong=[(lambda a: dict(a) == _all_counts(),
                      "Those counts include proposals, positions and lapsed rules. Keep status == 'in force'.")],
        hint="Merge the two tables on instrument_id, keep status == 'in force' and level == 'required', then "
             "count rows per demand_slug. Demands with no required instrument count 0.",
    ),
    Question(
        id="03.most_required", kind="text", expected=_most,
        hint="Take the demand with the largest count in your required_counts.",
    ),
    Question(
        id="03.least_required", kind="text", expected=_least,
        hint="Take the demand with the smallest count in your required_counts.",
    ),
    Question(
        id="03.share_not_verified", kind="number", expected=_share_not_verified, rel_tol=1e-3,
        known_wrong=[(lambda a: abs(a - 100 * _share_not_verified()) < 0.1,
                      "That is a percentage. Give a share between 0 and 1."),
                     (lambda a: abs(a - (data.load("regulation_demands")["level"] == "not-verified").sum()) < 0.5,
                      "That is the count of cells. Divide by the number of cells to get a share.")],
        hint="(rd['level'] == 'not-verified').mean() is the share of all instrument x demand cells.",
    ),
    Question(
        id="03.first_action", kind="mapping", expected=_first,
        hint="Filter events to categories law, regulator and voluntary-code and the six jurisdictions; sort by "
             "date; take the first row per jurisdiction and keep 'date' exactly as written (e.g. '2020').",
    ),
]
