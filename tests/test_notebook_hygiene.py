"""Notebooks are committed clean and carry the lesson metadata block."""
import json
import re

import nbformat
import pytest

from coursekit.paths import ROOT
from coursekit.notebooks import METADATA_FIELDS, notebook_paths

NOTEBOOKS = notebook_paths(ROOT)
VARIANT = {"lessons": "lesson", "solutions": "solution", "exercises": "exercise"}
IDS = [str(p.relative_to(ROOT)) for p in NOTEBOOKS]


def test_there_are_notebooks():
    assert (ROOT / "lessons" / "00_start_here.ipynb") in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_outputs_or_execution_counts(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    dirty = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"
             and (c.get("outputs") or c.get("execution_count") is not None)]
    assert not dirty, f"cells {dirty} carry outputs or counts: run `make strip`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_standard_kernelspec(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_course_metadata_block(path):
    nb = nbformat.read(path, as_version=4)
    course = nb.metadata.get("course")
    assert course, "metadata.course is missing"
    missing = [f for f in METADATA_FIELDS if f not in course]
    assert not missing, f"metadata.course lacks {missing}"
    assert course["variant"] == VARIANT[path.parent.name]
    assert path.name.startswith(course["lesson"] + "_")
    assert 3 <= len(course["objectives"]) <= 5
    assert isinstance(course["teaching_minutes"], int) and isinstance(course["exercise_minutes"], int)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_first_cell_shows_the_metadata(path):
    nb = nbformat.read(path, as_version=4)
    course, first = nb.metadata["course"], nb.cells[0]
    assert first.cell_type == "markdown"
    text = first.source
    assert course["title"] in text
    assert re.search(rf"\b{course['teaching_minutes']} min", text), "teaching minutes not shown"
    assert re.search(rf"\b{course['exercise_minutes']} min", text), "exercise minutes not shown"
    for objective in course["objectives"]:
        assert objective in text, f"objective not in first cell: {objective}"
    assert course["content_note"] in text, "content note not in first cell"
    assert "Content note" in text


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.parent.name == "lessons"],
                         ids=[i for i in IDS if i.startswith("lessons")])
def test_lesson_anatomy(path):
    nb = nbformat.read(path, as_version=4)
    md = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for heading in ("## Key points", "## Ringkasan", "## Further reading"):
        assert heading in md, f"missing section {heading!r}"
    assert re.search(r"About \d+ min to here", md), "no timing line"


def test_every_lesson_has_solution_and_exercise():
    lessons = {p.name[:2] for p in (ROOT / "lessons").glob("*.ipynb")}
    solutions = {p.name[:2] for p in (ROOT / "solutions").glob("*.ipynb")}
    assert lessons == solutions, "each lesson needs a solutions notebook"
