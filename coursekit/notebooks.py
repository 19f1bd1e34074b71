"""Notebook housekeeping: the lesson metadata block, stripping outputs, and
generating exercises from solutions.

Run as ``python -m coursekit.notebooks strip`` (``make strip``) or
``python -m coursekit.notebooks exercises`` (``make exercises``).

Solution markers (the single source is ``solutions/NN_*.ipynb``):

* code lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` become one
  ``...`` line at the marker's indentation;
* a line ending in ``# SOLUTION`` that assigns (``x = 42  # SOLUTION``) becomes
  ``x = ...``;
* markdown between ``<!-- BEGIN ANSWER -->`` and ``<!-- END ANSWER -->`` becomes
  an answer prompt;
* a cell tagged ``solution-only`` is left out of the exercise.
"""
from __future__ import annotations

import copy
import re
import sys
from pathlib import Path

import nbformat

from coursekit.paths import ROOT
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
METADATA_FIELDS = ("lesson", "title", "teaching_minutes", "exercise_minutes",
                   "prerequisites", "objectives", "content_note")

BEGIN_CODE = re.compile(r"^(\s*)# BEGIN SOLUTION\s*$")
END_CODE = re.compile(r"^\s*# END SOLUTION\s*$")
INLINE = re.compile(r"^(\s*)([^=#]+?)\s*=(?!=).*#\s*SOLUTION\s*$")
BEGIN_MD = "<!-- BEGIN ANSWER -->"
END_MD = "<!-- END ANSWER -->"
ANSWER_PROMPT = "**Your answer:** *(double-click this cell and write here)*"
PLACEHOLDER = "...  # your code here"


def strip_source(source: str) -> str:
    """Turn a solution code cell's source into its exercise form."""
    out, inside = [], False
    for line in source.splitlines():
        begin = BEGIN_CODE.match(line)
        if begin:
            if inside:
                raise ValueError("nested # BEGIN SOLUTION")
            inside = True
            out.append(begin.group(1) + PLACEHOLDER)
            continue
        if END_CODE.match(line):
            if not inside:
                raise ValueError("# END SOLUTION without # BEGIN SOLUTION")
            inside = False
            continue
        if inside:
            continue
        inline = INLINE.match(line)
        if inline:
            out.append(f"{inline.group(1)}{inline.group(2).strip()} = ...")
            continue
        out.append(line)
    if inside:
        raise ValueError("# BEGIN SOLUTION without # END SOLUTION")
    return "\n".join(out)


def strip_markdown(source: str) -> str:
    pattern = re.compile(re.escape(BEGIN_MD) + r".*?" + re.escape(END_MD), re.S)
    if source.count(BEGIN_MD) != source.count(END_MD):
        raise ValueError("unbalanced answer markers")
    return pattern.sub(ANSWER_PROMPT, source)


def solution_names(source: str) -> set[str]:
    """Names assigned inside ``# BEGIN SOLUTION`` regions of a code cell."""
    import ast

    names, inside, block = set(), False, []
    for line in source.splitlines():
        if BEGIN_CODE.match(line):
            inside, block = True, []
            continue
        if END_CODE.match(line):
            inside = False
            text = "\n".join(block)
            try:
                tree = ast.parse(_dedent(text))
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    names.add(node.id)
                elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                    names.add(node.name)
            continue
        if inside:
            block.append(line)
    return names


def _dedent(text: str) -> str:
    import textwrap

    return textwrap.dedent(text)


def clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove outputs and execution counts; set the standard kernelspec."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
        cell.metadata.pop("collapsed", None)
        cell.metadata.pop("scrolled", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata.pop("widgets", None)
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def to_exercise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    ex = copy.deepcopy(nb)
    cells = []
    for cell in ex.cells:
        if "solution-only" in cell.metadata.get("tags", []):
            continue
        if cell.cell_type == "code":
            cell.source = strip_source(cell.source)
        elif cell.cell_type == "markdown":
            cell.source = strip_markdown(cell.source)
        cells.append(cell)
    ex.cells = cells
    if ex.cells and ex.cells[0].cell_type == "markdown":
        ex.cells[0].source = ex.cells[0].source.replace("(solutions)", "(exercises)", 1)
    course = ex.metadata.get("course", {})
    if course:
        course["variant"] = "exercise"
        course["title"] = course.get("title", "").replace("(solutions)", "(exercises)")
    return clean(ex)


def exercise_path(solution: Path) -> Path:
    return solution.parent.parent / "exercises" / solution.name


def write(nb: nbformat.NotebookNode, path: Path) -> None:
    text = nbformat.writes(nb) + "\n"
    path.write_text(text, encoding="utf-8")


def generate_exercises(root: Path = ROOT) -> list[Path]:
    written = []
    for sol in sorted((root / "solutions").glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(sol, as_version=4)
        target = exercise_path(sol)
        write(to_exercise(nb), target)
        written.append(target)
    return written


def notebook_paths(root: Path = ROOT) -> list[Path]:
    return sorted(p for d in ("lessons", "solutions", "exercises")
                  for p in (root / d).glob("*.ipynb"))


def strip_all(root: Path = ROOT) -> list[Path]:
    changed = []
    for path in notebook_paths(root):
        before = path.read_text(encoding="utf-8")
        nb = clean(nbformat.reads(before, as_version=4))
        after = nbformat.writes(nb) + "\n"
        if after != before:
            path.write_text(after, encoding="utf-8")
            changed.append(path)
    return changed


def main(argv: list[str]) -> int:
    if argv[1:] == ["strip"]:
        for p in strip_all():
            print("stripped", p.relative_to(ROOT))
        return 0
    if argv[1:] == ["exercises"]:
        strip_all()
        for p in generate_exercises():
            print("wrote", p.relative_to(ROOT))
        return 0
    print("usage: python -m coursekit.notebooks {strip|exercises}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
