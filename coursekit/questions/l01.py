"""Self-checks for lesson 01 "The story".

Expected values are computed from data/events.csv and from the reference
classification in coursekit.story, never typed in.
"""
from __future__ import annotations

import pandas as pd

from coursekit import data, story
from coursekit.checks import Question


def _events() -> pd.DataFrame:
    return data.load("events")


def _story_day() -> pd.Timestamp:
    ev = _events()
    return pd.Timestamp(str(ev.loc[ev["event_id"] == "ev011", "date"].iloc[0]))


def _story_week() -> list[str]:
    ev = _events()
    day = ev[ev["date_precision"] == "day"]
    d = pd.to_datetime(day["date"].astype(str))
    lo, hi = _story_day() - pd.Timedelta(days=6), _story_day() + pd.Timedelta(days=7)
    return sorted(day.loc[(d >= lo) & (d <= hi), "event_id"])


def _last_before() -> str:
    ev = _events()
    day = ev[ev["date_precision"] == "day"].copy()
    day["d"] = pd.to_datetime(day["date"].astype(str))
    return str(day[day["d"] < _story_day()].sort_values("d")["event_id"].iloc[-1])


def _year_only() -> set[str]:
    ev = _events()
    return set(ev.loc[ev["date_precision"] == "year", "event_id"])


def _month_count() -> int:
    return int((_events()["date_precision"] == "month").sum())


QUESTIONS = [
    Question(
        id="01.story_week", kind="set", expected=_story_week,
        known_wrong=[(lambda a: bool(set(a) & _year_only()),
                      "An event dated only '2020' (year precision) is not known to fall in that week: "
                      "keep date_precision == 'day' only."),
                     (lambda a: len(a) < len(_story_week()),
                      "Some are missing. Is the window inclusive at both ends (8 to 21 Feb 2020)?")],
        hint="Keep rows with date_precision == 'day', convert 'date' with pd.to_datetime and keep "
             "8 Feb 2020 <= date <= 21 Feb 2020. Give the event_id values.",
    ),
    Question(
        id="01.last_before", kind="text", expected=_last_before,
        known_wrong=[(lambda a: a.strip() in _year_only(),
                      "That event is dated only to the year 2020: we cannot say it came before 14 Feb 2020."),
                     (lambda a: a.strip() == "ev011", "ev011 is the story itself. Take the last one before it.")],
        hint="Day-precision events only, dates strictly before 14 Feb 2020, sort by date, take the last event_id.",
    ),
    Question(
        id="01.month_only", kind="integer", expected=_month_count,
        known_wrong=[(lambda a: a == _month_count() + len(_year_only()),
                      "That counts month and year precision together. The question asks for month only.")],
        hint="Count the rows where date_precision == 'month'.",
    ),
    Question(
        id="01.relay_labels", kind="mapping", expected=story.reference_labels,
        hint="Compare each element with the Liputan6 wording: kept (said the same), paraphrased (there, "
             "but reworded so the meaning shifts), dropped (missing), added (new in the Indonesian text).",
    ),
]
