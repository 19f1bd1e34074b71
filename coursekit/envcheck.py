"""Environment check for lesson 00: is every package the course needs present
and new enough? ``python -m coursekit.envcheck`` prints the same report."""
from __future__ import annotations

import platform
import re
import sys
from importlib import metadata

#: The runtime requirements, read from the installed package's metadata so
#: that pyproject.toml stays the one place where they are declared.
FALLBACK = {
    "jupyterlab": "4.0", "ipykernel": "6.25", "ipywidgets": "8.0", "matplotlib": "3.7",
    "pandas": "2.0", "numpy": "1.24", "pillow": "10.0", "scipy": "1.10", "cryptography": "41.0",
}
FIX = "make lab  (or: python -m pip install -e .  in the course folder)"


def requirements() -> dict[str, str]:
    """{package: minimum version} for the course's runtime dependencies."""
    try:
        reqs = metadata.requires("coursekit") or []
    except metadata.PackageNotFoundError:
        return dict(FALLBACK)
    out = {}
    for req in reqs:
        if "extra ==" in req:
            continue
        m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*>=\s*([0-9][0-9.]*)", req)
        if m:
            out[m.group(1).lower()] = m.group(2)
    return out or dict(FALLBACK)


def _version_tuple(v: str) -> tuple[int, ...]:
    parts = []
    for piece in v.split("."):
        m = re.match(r"\d+", piece)
        if not m:
            break
        parts.append(int(m.group()))
    return tuple(parts)


def check_environment(reqs: dict[str, str] | None = None) -> list[dict]:
    """One row per package: name, required, installed (or None), ok, advice."""
    rows = []
    for name, minimum in sorted((reqs or requirements()).items()):
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed is None:
            ok, advice = False, f"missing: run {FIX}"
        elif _version_tuple(installed) < _version_tuple(minimum):
            ok, advice = False, f"too old (need {minimum} or newer): run {FIX}"
        else:
            ok, advice = True, "ok"
        rows.append({"package": name, "required": f">={minimum}", "installed": installed,
                     "ok": ok, "advice": advice})
    return rows


def report(rows: list[dict] | None = None) -> str:
    rows = check_environment() if rows is None else rows
    lines = [f"Python {platform.python_version()} on {platform.system()}"]
    if sys.version_info < (3, 10):
        lines.append("  ✗ Python 3.10 or newer is needed.")
    for r in rows:
        mark = "✓" if r["ok"] else "✗"
        lines.append(f"  {mark} {r['package']:<13} {r['installed'] or '-':<10} {r['advice']}")
    bad = [r["package"] for r in rows if not r["ok"]]
    lines.append("All set: every package is present and new enough." if not bad
                 else f"Fix needed for: {', '.join(bad)}.")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
