"""The static edition (coursekit.edition): build it and read the pages back.

Building executes every lesson once more (about the time of one run of each
notebook, two at a time); see instructors/README.md for measured times.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from coursekit import edition

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))
IMG = re.compile(r'<img\b[^>]*\bsrc="data:image/png;base64,')


def assert_no_error_output(page: str, name: str) -> None:
    assert "Traceback" not in page, f"{name}: a traceback is shown"
    assert '"ename"' not in page and "ename:" not in page, f"{name}: an error output is shown"
    assert 'data-mime-type="application/vnd.jupyter.stderr"' not in page, \
        f"{name}: an error or warning is printed to stderr in the edition"


# -- the builder itself, on two tiny notebooks (runs even before lessons exist) --

def tiny_lesson(path: Path, code: list[str], course: dict | None = None) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["course"] = course or {"lesson": "98", "title": "Tiny", "teaching_minutes": 1,
                                       "exercise_minutes": 2}
    nb.cells = [nbformat.v4.new_markdown_cell("# 98 · Tiny")] + [nbformat.v4.new_code_cell(c) for c in code]
    nbformat.write(nb, path)
    return path


def test_builder_embeds_figures_replaces_widgets_and_writes_index(tmp_path):
    src = tmp_path / "lessons"
    src.mkdir()
    tiny_lesson(src / "98_tiny.ipynb", [
        "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
        "from coursekit import style\nstyle.use()",
        "fig, ax = plt.subplots()\nax.plot([0, 1], [1, 0])\nax.set(title='t', xlabel='x (s)', ylabel='y (m)')\n"
        "style.show(fig, 'A falling line.')",
        "import ipywidgets as w\nw.IntSlider(description='n')",
        "from pathlib import Path\nassert Path.cwd().name == 'lessons'",  # cwd = lessons/
    ])
    out = tmp_path / "edition"
    pages = edition.build(out, lessons_dir=src, jobs=1, log=lambda *a: None)
    assert [p.figures for p in pages] == [1]
    page = (out / "98_tiny.html").read_text(encoding="utf-8")
    assert len(IMG.findall(page)) >= 1
    assert "A falling line." in page
    assert "Interactive demo" in page and "widget-view+json" not in page
    assert_no_error_output(page, "98_tiny")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="98_tiny.html"' in index and "Tiny" in index
    assert re.search(r"<td>1</td><td>2</td>", index)


def test_builder_fails_clearly_on_a_cell_error(tmp_path):
    src = tmp_path / "lessons"
    src.mkdir()
    tiny_lesson(src / "97_broken.ipynb", ["x = 1", "1 / 0"])
    with pytest.raises(edition.EditionError, match=r"97_broken.ipynb: cell 3 \(counting from 1\) raised ZeroDivisionError"):
        edition.build(tmp_path / "out", lessons_dir=src, jobs=1, log=lambda *a: None)


def test_builder_fails_clearly_without_lessons(tmp_path):
    with pytest.raises(edition.EditionError, match="no lessons"):
        edition.build(tmp_path / "out", lessons_dir=tmp_path, log=lambda *a: None)


# -- the real edition: every lesson present --

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if not LESSONS:
        pytest.skip("no lessons yet")
    out = tmp_path_factory.mktemp("edition")
    pages = edition.build(out, jobs=2, log=print)
    return out, {p.source: p for p in pages}


@pytest.mark.parametrize("notebook", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_page(built, notebook):
    out, pages = built
    html_path = out / (notebook.stem + ".html")
    assert html_path.exists(), f"no page for {notebook.name}"
    page = html_path.read_text(encoding="utf-8")
    assert_no_error_output(page, notebook.name)
    info = pages[notebook.name]
    shown = len(IMG.findall(page))
    assert shown >= info.figures, f"{notebook.name}: {info.figures} figures displayed, {shown} in the page"
    source = nbformat.read(notebook, as_version=4)
    calls = sum(c.source.count("style.show(") for c in source.cells if c.cell_type == "code")
    if calls:
        assert shown >= 1, f"{notebook.name} calls style.show but its page has no PNG figure"
    assert "widget-view+json" not in page


def test_index_lists_every_lesson(built):
    out, pages = built
    index = (out / "index.html").read_text(encoding="utf-8")
    for nb in LESSONS:
        meta = nbformat.read(nb, as_version=4).metadata.get("course", {})
        assert f'href="{nb.stem}.html"' in index
        assert meta.get("title", nb.stem) in index.replace("&#x27;", "'").replace("&amp;", "&")
