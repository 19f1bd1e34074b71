"""Every lesson has instructor notes with model answers to each of its Think prompts."""
import re

import nbformat
import pytest

from coursekit.paths import INSTRUCTORS, LESSONS

LESSON_FILES = sorted(LESSONS.glob("[0-9][0-9]_*.ipynb"))
REQUIRED = ("## Think prompts — model answers", "## Likely questions", "## Pitfalls")


def _think_prompts(path) -> int:
    nb = nbformat.read(path, as_version=4)
    md = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return len(re.findall(r"^> \*\*Think", md, re.M))


def _model_answers(text: str) -> int:
    """Answers in the Think section: each starts with a bold line (the prompt, quoted)."""
    section = text.split(REQUIRED[0], 1)[1].split("\n## ", 1)[0]
    return len(re.findall(r"^(?:\*\*|###|\d+\.\s+\*\*|- \*\*)", section, re.M))


@pytest.mark.parametrize("lesson", LESSON_FILES, ids=lambda p: p.stem)
def test_notes_exist_with_sections(lesson):
    notes = INSTRUCTORS / "notes" / f"{lesson.name[:2]}.md"
    assert notes.exists(), f"missing {notes.relative_to(INSTRUCTORS.parent)}"
    text = notes.read_text(encoding="utf-8")
    for heading in REQUIRED:
        assert heading in text, f"{notes.name} lacks {heading!r}"


@pytest.mark.parametrize("lesson", LESSON_FILES, ids=lambda p: p.stem)
def test_every_think_prompt_has_a_model_answer(lesson):
    text = (INSTRUCTORS / "notes" / f"{lesson.name[:2]}.md").read_text(encoding="utf-8")
    prompts, answers = _think_prompts(lesson), _model_answers(text)
    assert answers >= prompts, f"{prompts} Think prompts in the lesson, {answers} model answers in the notes"
