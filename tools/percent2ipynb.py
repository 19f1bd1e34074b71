"""Author tool: build a notebook from a 'percent' script.

    python tools/percent2ipynb.py draft.py lessons/04_hashing.ipynb

Format: cells start with ``# %%`` (code) or ``# %% [markdown]`` (markdown;
every line starts with ``# `` which is removed). ``# %% tags=["solution-only"]``
sets tags. The first cell may be ``# %% [course]`` followed by a JSON object in
comment lines: it becomes ``metadata.course``. Output is clean (no outputs) and
uses the standard kernelspec. After converting, edit the notebook itself; the
draft is not kept in the repository.
"""
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import nbformat  # noqa: E402

from coursekit.notebooks import clean, write  # noqa: E402

HEADER = re.compile(r"^# %%(?:\s*\[(\w+)\])?(?:\s*tags=(\[.*\]))?\s*$")


def convert(text: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    cells, kind, tags, lines = [], None, [], []

    def flush():
        if kind is None:
            return
        body = "\n".join(lines).strip("\n")
        if kind == "course":
            nb.metadata["course"] = json.loads("\n".join(l[2:] if l.startswith("# ") else l.lstrip("#") for l in lines))
            return
        if kind == "markdown":
            body = "\n".join(l[2:] if l.startswith("# ") else l[1:] if l.startswith("#") else l
                             for l in body.splitlines())
            cell = nbformat.v4.new_markdown_cell(body)
        else:
            cell = nbformat.v4.new_code_cell(body)
        if tags:
            cell.metadata["tags"] = tags
        cells.append(cell)

    for line in text.splitlines():
        m = HEADER.match(line)
        if m:
            flush()
            kind = m.group(1) or "code"
            tags = json.loads(m.group(2)) if m.group(2) else []
            lines = []
        elif kind is not None:
            lines.append(line)
    flush()
    nb.cells = cells
    return clean(nb)


if __name__ == "__main__":
    src, dst = map(Path, sys.argv[1:3])
    write(convert(src.read_text(encoding="utf-8")), dst)
    print("wrote", dst)
