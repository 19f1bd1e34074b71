"""Where to get help and how to report abuse material: one table, two readers.

The text lives in ``instructors/help-and-reporting.md`` (the one place it is
kept and checked); lesson 00 shows it with::

    from IPython.display import Markdown
    from coursekit import helplines
    Markdown(helplines.markdown())

and the instructor guide links to the same file.
"""
from __future__ import annotations

from pathlib import Path

#: The file, relative to the repository root this package sits in.
PATH = Path(__file__).resolve().parent.parent / "instructors" / "help-and-reporting.md"
#: The region headings the file must have (a test checks them).
REGIONS = ("Indonesia", "United Kingdom", "United States", "European Union", "International")


def markdown() -> str:
    """The help-and-reporting page as Markdown text."""
    try:
        return PATH.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileNotFoundError(
            f"The help-and-reporting page was not found at {PATH}. It ships with the course "
            "repository (instructors/help-and-reporting.md), not with an installed package: "
            "run the lessons from a copy of the repository. In the meantime, in an emergency "
            "call your local emergency number (112 in the EU, 999 in the UK, 911 in the US, "
            "110 for the police in Indonesia)."
        ) from None
