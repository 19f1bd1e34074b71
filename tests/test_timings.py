"""Lesson timings agree everywhere they are written down.

Three places state how long each lesson takes: the notebook itself
(``metadata.course`` and the first cell), the guide's schedules
(``instructors/schedules.md``, tables after ``<!-- table:NAME -->`` markers) and the
README's course map (``| # | Lesson | Teaching (min) | Exercises (min) | Summary |``).
Lessons without a notebook yet are skipped; every notebook present must be listed.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCHEDULES = ROOT / "instructors" / "schedules.md"
README = ROOT / "README.md"
NOTEBOOKS = sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))
README_HEADER = re.compile(r"^\|\s*#\s*\|\s*Lesson\s*\|\s*Teaching \(min\)\s*\|\s*Exercises \(min\)\s*\|", re.M)


# -- parsing ------------------------------------------------------------------

def table_rows(lines: list[str]) -> list[dict[str, str]]:
    """Rows of the markdown table at the start of ``lines`` (header, rule, body)."""
    block = []
    for line in lines:
        if not line.strip().startswith("|"):
            if block:
                break
            continue
        block.append(line.strip())
    assert len(block) >= 2 and set(block[1].replace("|", "").strip()) <= set("-: "), "not a markdown table"
    split = lambda l: [c.strip() for c in l.strip("|").split("|")]
    header = split(block[0])
    rows = []
    for line in block[2:]:
        cells = split(line)
        assert len(cells) == len(header), f"row has {len(cells)} cells, header {len(header)}: {line}"
        rows.append(dict(zip(header, cells)))
    return rows


def schedule_table(name: str) -> list[dict[str, str]]:
    text = SCHEDULES.read_text(encoding="utf-8")
    marker = f"<!-- table:{name} -->"
    assert marker in text, f"{SCHEDULES.name} has no {marker}"
    return table_rows(text.split(marker, 1)[1].splitlines())


def lesson_no(cell: str) -> str | None:
    m = re.search(r"(?<!\d)(\d{2})(?!\d)", cell)
    return m.group(1) if m else None


def minutes(cell: str) -> int:
    m = re.search(r"\d+", cell)
    assert m, f"no minutes in {cell!r}"
    return int(m.group())


def clock(cell: str) -> int:
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", cell)
    assert m, f"time must be H:MM, got {cell!r}"
    return int(m.group(1)) * 60 + int(m.group(2))


def planned() -> dict[str, tuple[int, int]]:
    out = {}
    for row in schedule_table("lessons"):
        n = lesson_no(row["#"])
        assert n and n not in out, f"bad or repeated lesson number in lessons table: {row}"
        out[n] = (minutes(row["Teaching (min)"]), minutes(row["Exercises (min)"]))
    return out


def notebook_minutes(path: Path) -> tuple[str, tuple[int, int], str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    meta = nb["metadata"].get("course", {})
    first = "".join(nb["cells"][0]["source"]) if nb["cells"] else ""
    return meta.get("lesson", path.name[:2]), (meta.get("teaching_minutes"), meta.get("exercise_minutes")), first


# -- the schedules page on its own -----------------------------------------------

def test_lessons_table_lists_the_planned_course():
    plan = planned()
    assert list(plan) == [f"{i:02d}" for i in range(9)]
    assert all(t > 0 and e >= 0 for t, e in plan.values())


def check_timed_table(rows, start: int, latest_end: int, plan) -> list[str]:
    """Rows run back to back from ``start``, end by ``latest_end``; lesson rows take
    exactly their teaching + exercise minutes. Returns the lesson numbers in order."""
    seen, t = [], start
    for row in rows:
        a, b = clock(row["Start"]), clock(row["End"])
        assert a == t, f"gap or overlap before {row}"
        assert b > a, f"block ends before it starts: {row}"
        n = lesson_no(row["#"])
        if n:
            teach, ex = minutes(row["Teaching (min)"]), minutes(row["Exercises (min)"])
            assert (teach, ex) == plan[n], f"lesson {n}: {teach}+{ex} here, {plan[n]} in the lessons table"
            assert b - a == teach + ex, f"lesson {n} slot is {b - a} min, content {teach + ex} min"
            seen.append(n)
        else:
            assert row["Teaching (min)"] in ("-", "") and row["Exercises (min)"] in ("-", ""), row
        t = b
    assert t <= latest_end, f"schedule ends at {t // 60}:{t % 60:02d}, later than allowed"
    return seen


def test_one_day_fits_9_to_17_with_every_lesson_once():
    plan = planned()
    seen = check_timed_table(schedule_table("one-day"), 9 * 60, 17 * 60, plan)
    assert seen == sorted(plan), f"one-day schedule has lessons {seen}"
    blocks = " ".join(r["Block"].lower() for r in schedule_table("one-day"))
    assert "lunch" in blocks and blocks.count("break") >= 2


def test_three_sessions_of_two_hours_cover_every_lesson_once():
    plan = planned()
    seen = []
    for i in (1, 2, 3):
        rows = schedule_table(f"session-{i}")
        seen += check_timed_table(rows, 0, 120, plan)
        assert any("break" in r["Block"].lower() for r in rows), f"session {i} has no break"
    for row in schedule_table("self-study"):
        n = lesson_no(row["#"])
        assert (minutes(row["Teaching (min)"]), minutes(row["Exercises (min)"])) == plan[n], row
        seen.append(n)
    assert sorted(seen) == sorted(plan) and len(seen) == len(set(seen)), \
        f"sessions + pre-work/homework cover {sorted(seen)}"


# -- notebooks against the schedules and the README -------------------------------

@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_agrees_with_schedules(path):
    lesson, mins, first = notebook_minutes(path)
    plan = planned()
    assert lesson in plan, f"{path.name} is not listed in {SCHEDULES.name}"
    assert mins == plan[lesson], (f"{path.name}: metadata says {mins[0]}+{mins[1]} min, "
                                  f"{SCHEDULES.name} says {plan[lesson][0]}+{plan[lesson][1]} min")
    m = re.search(r"\*\*Teaching:\*\*\s*(\d+)\s*min.*?\*\*Exercises:\*\*\s*(\d+)\s*min", first, re.S)
    assert m, f"{path.name}: first cell lacks '**Teaching:** N min · **Exercises:** M min'"
    assert (int(m.group(1)), int(m.group(2))) == mins, f"{path.name}: header and metadata disagree"


def readme_map() -> dict[str, tuple[int, int]]:
    if not README.exists():
        pytest.skip("README.md not written yet")
    text = README.read_text(encoding="utf-8")
    m = README_HEADER.search(text)
    assert m, "README.md needs the course map table '| # | Lesson | Teaching (min) | Exercises (min) | Summary |'"
    out = {}
    for row in table_rows(text[m.start():].splitlines()):
        n = lesson_no(row["#"])
        assert n and n not in out, f"bad or repeated lesson number in README course map: {row}"
        out[n] = (minutes(row["Teaching (min)"]), minutes(row["Exercises (min)"]))
    return out


def test_readme_course_map_agrees_with_schedules():
    course_map, plan = readme_map(), planned()
    for n, mins in course_map.items():
        assert n in plan, f"README lists lesson {n}, {SCHEDULES.name} does not"
        assert mins == plan[n], f"lesson {n}: README {mins}, {SCHEDULES.name} {plan[n]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_listed_in_readme(path):
    course_map = readme_map()
    lesson, mins, _ = notebook_minutes(path)
    assert lesson in course_map, f"{path.name} is missing from the README course map"
    assert course_map[lesson] == mins, f"{path.name}: metadata {mins}, README {course_map[lesson]}"
