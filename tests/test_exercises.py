"""Exercises are generated from solutions, and stay in step with them."""
import ast

import nbformat
import pytest

from coursekit.paths import ROOT
from coursekit import notebooks as nbs

SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
IDS = [p.name for p in SOLUTIONS]


@pytest.mark.parametrize("solution", SOLUTIONS, ids=IDS)
def test_committed_exercise_equals_fresh_generation(solution):
    committed = nbs.exercise_path(solution)
    assert committed.exists(), f"missing {committed.name}: run `make exercises`"
    fresh = nbformat.writes(nbs.to_exercise(nbformat.read(solution, as_version=4))) + "\n"
    assert committed.read_text(encoding="utf-8") == fresh, "exercise is stale: run `make exercises`"


def test_no_exercise_without_solution():
    orphans = {p.name for p in (ROOT / "exercises").glob("*.ipynb")} - {p.name for p in SOLUTIONS}
    assert not orphans


@pytest.mark.parametrize("solution", SOLUTIONS, ids=IDS)
def test_solutions_have_marked_regions_and_checks(solution):
    nb = nbformat.read(solution, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "# BEGIN SOLUTION" in code or "# SOLUTION" in code
    assert "check(" in code


def _loaded_names(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _stored_names(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    names |= {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    for n in ast.walk(tree):
        if isinstance(n, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in n.names}
    return names


@pytest.mark.parametrize("solution", SOLUTIONS, ids=IDS)
def test_no_cell_depends_on_a_solution_only_name(solution):
    nb = nbformat.read(solution, as_version=4)
    exercise = nbs.to_exercise(nb)
    defined_in_exercise = set()
    for cell in exercise.cells:
        if cell.cell_type == "code":
            defined_in_exercise |= _stored_names(cell.source)
    solution_only = set()
    for cell in nb.cells:
        if cell.cell_type == "code":
            solution_only |= nbs.solution_names(cell.source)
    solution_only -= defined_in_exercise
    for i, cell in enumerate(exercise.cells):
        if cell.cell_type != "code":
            continue
        used = _loaded_names(cell.source) & solution_only
        assert not used, f"exercise cell {i} uses {sorted(used)}, defined only in a solution region"


def test_strip_source_block_and_inline():
    src = "x = 1\ndef f(a):\n    # BEGIN SOLUTION\n    return a * 2\n    # END SOLUTION\nanswer = f(3)  # SOLUTION\ncheck('q', answer)"
    out = nbs.strip_source(src)
    assert out == "x = 1\ndef f(a):\n    ...  # your code here\nanswer = ...\ncheck('q', answer)"


def test_strip_markdown_answer():
    out = nbs.strip_markdown("Q?\n<!-- BEGIN ANSWER -->\nModel answer.\n<!-- END ANSWER -->\n")
    assert "Model answer" not in out and nbs.ANSWER_PROMPT in out


@pytest.mark.parametrize("bad", ["# BEGIN SOLUTION\nx=1", "x=1\n# END SOLUTION",
                                 "# BEGIN SOLUTION\n# BEGIN SOLUTION\n# END SOLUTION"])
def test_unbalanced_markers_are_errors(bad):
    with pytest.raises(ValueError):
        nbs.strip_source(bad)


def test_solution_only_cells_are_dropped():
    nb = nbformat.v4.new_notebook()
    keep = nbformat.v4.new_code_cell("a = 1")
    drop = nbformat.v4.new_code_cell("secret = 2")
    drop.metadata["tags"] = ["solution-only"]
    nb.cells = [keep, drop]
    assert [c.source for c in nbs.to_exercise(nb).cells] == ["a = 1"]
