"""The course map, read from each lesson notebook's ``metadata.course`` block
(the one place where titles and timings live), and the day planner of lesson 00."""
from __future__ import annotations

import json
from datetime import datetime, timedelta

import pandas as pd

from coursekit.paths import LESSONS


def course_map(folder=LESSONS) -> pd.DataFrame:
    """One row per lesson: lesson, title, teaching_minutes, exercise_minutes, total_minutes."""
    rows = []
    for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
        meta = json.loads(path.read_text(encoding="utf-8"))["metadata"].get("course", {})
        rows.append({
            "lesson": meta.get("lesson", path.name[:2]),
            "title": meta.get("title", path.stem),
            "teaching_minutes": int(meta.get("teaching_minutes", 0)),
            "exercise_minutes": int(meta.get("exercise_minutes", 0)),
            "file": path.name,
        })
    df = pd.DataFrame(rows, columns=["lesson", "title", "teaching_minutes", "exercise_minutes", "file"])
    df["total_minutes"] = df["teaching_minutes"] + df["exercise_minutes"]
    return df


def plan_day(lessons: pd.DataFrame, start_hour: float = 9.0, break_minutes: int = 15,
             lunch_after: str = "04", lunch_minutes: int = 60) -> pd.DataFrame:
    """Start and end time of every lesson for a one-day workshop.

    A break of ``break_minutes`` follows every lesson; lunch replaces the break
    after lesson ``lunch_after``. Returns lesson, title, start, end (as "HH:MM").
    """
    if not 0 <= start_hour < 24:
        raise ValueError("start_hour must be between 0 and 24")
    clock = datetime(2000, 1, 1) + timedelta(hours=float(start_hour))
    rows = []
    for _, row in lessons.iterrows():
        start = clock
        clock += timedelta(minutes=int(row["total_minutes"]))
        rows.append({"lesson": row["lesson"], "title": row["title"],
                     "start": start.strftime("%H:%M"), "end": clock.strftime("%H:%M")})
        pause = lunch_minutes if row["lesson"] == lunch_after else break_minutes
        clock += timedelta(minutes=int(pause))
    return pd.DataFrame(rows, columns=["lesson", "title", "start", "end"])


def day_planner():
    """Lesson 00's widget: move the sliders, see when the day ends."""
    from coursekit.widgets import Demo, slider

    lessons = course_map()

    def compute(start_hour, break_minutes):
        return plan_day(lessons, start_hour=start_hour, break_minutes=break_minutes)

    def describe(plan):
        if plan.empty:
            return "No lessons found."
        return f"The last lesson ends at <b>{plan['end'].iloc[-1]}</b>."

    return Demo(
        controls={
            "start_hour": slider("Start time", 9.0, 7.0, 12.0, 0.5, unit="hour of day"),
            "break_minutes": slider("Break after each lesson", 15, 0, 30, 5, unit="min", integer=True),
        },
        compute=compute,
        render=lambda plan: plan.to_html(index=False),
        describe=describe,
        title="Plan a workshop day",
    )
