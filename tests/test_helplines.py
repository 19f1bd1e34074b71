"""The help-and-reporting page lesson 00 displays (coursekit.helplines)."""
from __future__ import annotations

import re

import pytest

from coursekit import helplines


def test_markdown_has_every_region_heading():
    text = helplines.markdown()
    for region in helplines.REGIONS:
        assert re.search(rf"^## {re.escape(region)}\s*$", text, re.M), f"missing heading '## {region}'"


def test_markdown_has_as_of_date_and_key_numbers():
    text = helplines.markdown()
    assert re.search(r"\*As of \d{1,2} \w+ 20\d\d", text), "the page needs an 'As of' date"
    for must in ("0800 1111", "0808 800 5000", "1-800-843-5678", "report.cybertip.org",
                 "iwf.org.uk/report", "aduankonten.id", "129", "116 111", "112", "inhope.org",
                 "childhelplineinternational.org"):
        assert must in text, must


def test_every_table_row_is_complete():
    """Each row: organisation | purpose | web address or '-' | phone or '-'."""
    rows = [l for l in helplines.markdown().splitlines()
            if l.startswith("|") and not l.startswith("|---") and "Organisation" not in l]
    assert len(rows) >= 12
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert len(cells) == 4 and all(cells), row
        assert cells[2] == "-" or cells[2].startswith("https://"), row
        assert cells[2] != "-" or cells[3] != "-", f"row gives neither address nor phone: {row}"


def test_renders_in_ipython():
    from IPython.display import Markdown
    assert "## Indonesia" in Markdown(helplines.markdown())._repr_markdown_()


def test_missing_file_gives_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(helplines, "PATH", tmp_path / "nope.md")
    with pytest.raises(FileNotFoundError, match="help-and-reporting"):
        helplines.markdown()
