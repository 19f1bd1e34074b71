"""Build the static, executed, readable edition of the lessons.

    python -m coursekit.edition [--out _build/edition] [--jobs 2] [--timeout 120]

(``make edition`` runs this.) Every ``lessons/*.ipynb`` is executed in a fresh
kernel with nbclient (working directory ``lessons/``, as in JupyterLab), then
exported to one self-contained HTML page with nbconvert's ``HTMLExporter``: all
figures are embedded as ``data:image/png`` so a page can be e-mailed, put on a
course website or opened offline. ``index.html`` lists the lessons with their
titles and minutes from each notebook's ``metadata.course``.

Why nbconvert and not a site generator: it is already installed with JupyterLab,
so there is no second build system to learn or keep working; it runs the
notebooks in the same kernel and package versions as the lessons and the tests;
and the whole course builds in about the time it takes to run it once.

Live widgets need a running kernel, so each widget output is replaced by a short
note; every lesson shows the static render of its demo first, which stays.
If any cell raises, the build stops with the lesson, the cell number and the error.
"""
from __future__ import annotations

import argparse
import html
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"
DEFAULT_OUT = ROOT / "_build" / "edition"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = ('<p style="border-left:4px solid #56B4E9;padding:0.3em 0.8em;color:#333">'
               "<em>Interactive demo: open this lesson in JupyterLab or on Binder to use the "
               "controls. The figure or table above shows its default settings.</em></p>")


class EditionError(RuntimeError):
    """A lesson could not be executed or exported."""


@dataclass
class Page:
    lesson: str          # "04"
    title: str
    teaching_minutes: int | None
    exercise_minutes: int | None
    source: str          # notebook file name
    html_name: str       # page file name
    figures: int         # PNG figures in the executed notebook's outputs
    seconds: float       # execution + export time


def _figure_count(nb) -> int:
    n = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "image/png" in data:
                n += 1
            elif "data:image/png" in str(data.get("text/html", "")):
                n += str(data["text/html"]).count("data:image/png")
    return n


def _replace_widgets(nb) -> None:
    from nbformat.v4 import new_output

    for cell in nb.cells:
        outs = cell.get("outputs", [])
        for i, out in enumerate(outs):
            if WIDGET_MIME in out.get("data", {}):
                outs[i] = new_output("display_data", data={"text/html": WIDGET_NOTE, "text/plain": "[interactive demo]"})
    nb.metadata.pop("widgets", None)


def _first_error(nb):
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return index, cell, out
    return None


def build_page(notebook: Path, out_dir: Path, timeout: int = 120) -> Page:
    """Execute one notebook and write its HTML page into ``out_dir``."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    from nbconvert import HTMLExporter

    start = time.perf_counter()
    nb = nbformat.read(notebook, as_version=4)
    course = dict(nb.metadata.get("course", {}))
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(notebook.parent)}})
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        found = _first_error(nb)
        where = f"cell {found[0] + 1} (counting from 1)" if found else "a cell"
        what = (f"{exc.ename}: {exc.evalue}" if getattr(exc, "ename", None)
                else f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
        source = found[1].source if found else ""
        raise EditionError(f"{notebook.name}: {where} raised {what}\n--- cell source ---\n{source}\n"
                           "Fix the lesson (run it top to bottom in JupyterLab) and build again.") from None
    found = _first_error(nb)
    if found:  # e.g. a cell tagged raises-exception
        index, _, out = found
        raise EditionError(f"{notebook.name}: cell {index + 1} (counting from 1) shows an error ({out.get('ename')}: {out.get('evalue')})")
    figures = _figure_count(nb)
    _replace_widgets(nb)

    exporter = HTMLExporter(template_name="lab", embed_images=True)
    title = course.get("title") or notebook.stem
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": f"{course.get('lesson', '')} · {title}"}})
    nav = ('<nav style="max-width:1000px;margin:0.5em auto;font-family:sans-serif">'
           '<a href="index.html">&larr; All lessons</a></nav>')
    body = body.replace("</body>", nav + "</body>", 1) if "</body>" in body else body + nav
    html_name = notebook.stem + ".html"
    (out_dir / html_name).write_text(body, encoding="utf-8")
    return Page(lesson=str(course.get("lesson", notebook.stem[:2])), title=title,
                teaching_minutes=course.get("teaching_minutes"), exercise_minutes=course.get("exercise_minutes"),
                source=notebook.name, html_name=html_name, figures=figures,
                seconds=time.perf_counter() - start)


def _minutes(value) -> str:
    return "?" if value is None else str(value)


def index_html(pages: list[Page]) -> str:
    rows = "\n".join(
        f'<tr><td>{html.escape(p.lesson)}</td><td><a href="{html.escape(p.html_name)}">{html.escape(p.title)}</a></td>'
        f"<td>{_minutes(p.teaching_minutes)}</td><td>{_minutes(p.exercise_minutes)}</td></tr>"
        for p in pages)
    teach = sum(p.teaching_minutes or 0 for p in pages)
    ex = sum(p.exercise_minutes or 0 for p in pages)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Platforms, child protection and the encryption debate: readable edition</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 50em; margin: 2em auto; padding: 0 1em; line-height: 1.5; color: #111; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border-bottom: 1px solid #ccc; padding: 0.4em 0.6em; text-align: left; }}
th:nth-child(n+3), td:nth-child(n+3) {{ text-align: right; }}
.note {{ border-left: 4px solid #E69F00; padding: 0.3em 0.8em; }}
</style></head>
<body>
<h1>Platforms, child protection and the encryption debate</h1>
<p>The readable edition: every lesson, executed, with its figures. To change settings and
run the code, open the lessons in JupyterLab or on Binder (see the course README).</p>
<p class="note"><strong>Content note:</strong> this course discusses child sexual abuse online,
without images or descriptions of abuse. Where to get help and how to report abuse material is
in lesson 00 (“Start here”).</p>
<table>
<thead><tr><th>#</th><th>Lesson</th><th>Teaching (min)</th><th>Exercises (min)</th></tr></thead>
<tbody>
{rows}
</tbody>
<tfoot><tr><th></th><th>Total</th><th>{teach}</th><th>{ex}</th></tr></tfoot>
</table>
</body></html>
"""


def build(out: Path = DEFAULT_OUT, lessons_dir: Path = LESSONS, timeout: int = 120,
          jobs: int | None = None, log=print) -> list[Page]:
    """Build every lesson in ``lessons_dir`` into ``out``; return the pages built."""
    notebooks = sorted(Path(lessons_dir).glob("[0-9][0-9]_*.ipynb"))
    if not notebooks:
        raise EditionError(f"no lessons found in {lessons_dir}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    jobs = max(1, min(jobs or min(2, os.cpu_count() or 1), len(notebooks)))
    start = time.perf_counter()
    if jobs == 1:
        pages = [build_page(nb, out, timeout) for nb in notebooks]
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(build_page, nb, out, timeout) for nb in notebooks]
            pages = [f.result() for f in futures]  # re-raises the first EditionError
    (out / "index.html").write_text(index_html(pages), encoding="utf-8")
    for p in pages:
        log(f"  {p.source:40s} {p.seconds:5.1f} s  {p.figures} figure(s)")
    log(f"edition: {len(pages)} lesson(s) in {time.perf_counter() - start:.1f} s -> {out / 'index.html'}")
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursekit.edition", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default _build/edition)")
    parser.add_argument("--timeout", type=int, default=120, help="seconds allowed per cell")
    parser.add_argument("--jobs", type=int, default=None, help="lessons executed at once (default 2)")
    args = parser.parse_args(argv)
    try:
        build(args.out, timeout=args.timeout, jobs=args.jobs)
    except EditionError as exc:
        print(f"edition failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
