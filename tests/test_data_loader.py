"""coursekit.data: typed loading, and clear DataErrors on damaged copies."""
import shutil
import time

import pandas as pd
import pytest

from coursekit import data
from coursekit.data import DataError


def test_tables_listed():
    names = data.tables()
    for n in ("sources", "ncmec_reports_by_year", "ncmec_reports_by_esp", "ncmec_reports_by_country",
              "meta_enforcement", "referral_outcomes"):
        assert n in names


def test_typed_columns():
    y = data.load("ncmec_reports_by_year")
    assert y["year"].dtype == "int64" and y["value"].dtype == "int64"
    assert y["series_break"].dtype == bool
    assert isinstance(y["measure"].dtype, pd.CategoricalDtype)
    assert "incidents_adjusted_for_bundling" in list(y["measure"].cat.categories)
    c = data.load("ncmec_reports_by_country")
    assert str(c["reports"].dtype) == "Int64"  # NCMEC prints '-' for a few territories
    assert str(c["country"].dtype) == "string"
    m = data.load("meta_enforcement")
    assert m["proactive_rate_pct"].dtype == "float64"
    assert isinstance(m["policy_area"].dtype, pd.CategoricalDtype)


def test_load_returns_copy_and_is_fast():
    a = data.load("ncmec_reports_by_esp")
    a.loc[0, "reports"] = -1
    assert data.load("ncmec_reports_by_esp").loc[0, "reports"] >= 0
    t = time.perf_counter()
    for _ in range(5):
        data.load("ncmec_reports_by_country")
    assert time.perf_counter() - t < 1.0


def test_cite_and_source():
    s = data.source("ncmec-ojjdp-2023")
    assert s["url"].startswith("https://www.missingkids.org/")
    c = data.cite("fedpol-report-2023")
    assert c.startswith("Federal Office of Police") and "https://" in c
    with pytest.raises(DataError):
        data.source("no-such-source")


def test_unknown_table():
    with pytest.raises(DataError, match="no table named"):
        data.load("nope")


# ---- damaged copies ---------------------------------------------------------

@pytest.fixture
def copy(tmp_path):
    shutil.copytree(data.DATA_DIR, tmp_path / "data")
    return tmp_path / "data"


def _edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _line_of(path, needle):
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return i
    raise AssertionError(needle)


def test_copy_loads_clean(copy):
    assert len(data.load("referral_outcomes", copy)) == 16


def test_missing_file(copy):
    (copy / "referral_outcomes.csv").unlink()
    with pytest.raises(DataError) as e:
        data.load("referral_outcomes", copy)
    assert "referral_outcomes.csv" in str(e.value) and "not found" in str(e.value)


def test_truncated_file(copy):
    p = copy / "ncmec_reports_by_esp.csv"
    raw = p.read_bytes()
    p.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(DataError) as e:
        data.load("ncmec_reports_by_esp", copy)
    msg = str(e.value)
    assert "ncmec_reports_by_esp.csv" in msg and "row" in msg and ("truncated" in msg or "expected" in msg)
    assert e.value.row is not None


def test_truncated_mid_line(copy):
    p = copy / "referral_outcomes.csv"
    lines = p.read_text(encoding="utf-8").splitlines(keepends=True)
    p.write_text("".join(lines[:5]) + "Switzerland,CHE,2019\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        data.load("referral_outcomes", copy)
    assert e.value.file == "referral_outcomes.csv" and e.value.row == 6 and e.value.column == "agency"


def test_wrong_header(copy):
    _edit(copy / "ncmec_reports_by_year.csv", "year,measure,unit,value", "year,measure,units,value")
    with pytest.raises(DataError) as e:
        data.load("ncmec_reports_by_year", copy)
    assert e.value.row == 1 and e.value.column == "unit" and "header" in str(e.value)


def test_hand_edit_hash_mismatch(copy):
    p = copy / "ncmec_reports_by_year.csv"
    _edit(p, "2023,reports_total,CyberTipline reports,36210368", "2023,reports_total,CyberTipline reports,36210369")
    with pytest.raises(DataError) as e:
        data.load("ncmec_reports_by_year", copy)
    msg = str(e.value)
    assert "ncmec_reports_by_year.csv" in msg and "sha256" in msg and "make datapackage" in msg
    assert "row" in msg and "column" in msg


def test_bad_type(copy):
    p = copy / "ncmec_reports_by_country.csv"
    line = _line_of(p, "2023,Indonesia,IDN,1925549")
    _edit(p, "2023,Indonesia,IDN,1925549", "2023,Indonesia,IDN,1.9 million")
    with pytest.raises(DataError) as e:
        data.load("ncmec_reports_by_country", copy)
    assert (e.value.file, e.value.row, e.value.column) == ("ncmec_reports_by_country.csv", line, "reports")
    assert "integer" in str(e.value)


def test_negative_count(copy):
    p = copy / "ncmec_reports_by_esp.csv"
    line = _line_of(p, "2023,Facebook,17838422")
    _edit(p, "2023,Facebook,17838422", "2023,Facebook,-17838422")
    with pytest.raises(DataError) as e:
        data.load("ncmec_reports_by_esp", copy)
    assert (e.value.row, e.value.column) == (line, "reports") and "negative" in str(e.value)


def test_unknown_source(copy):
    p = copy / "referral_outcomes.csv"
    line = _line_of(p, "fedpol-report-2023")
    _edit(p, "fedpol-report-2023", "fedpol-report-2099")
    with pytest.raises(DataError) as e:
        data.load("referral_outcomes", copy)
    assert (e.value.file, e.value.row, e.value.column) == ("referral_outcomes.csv", line, "source_id")
    assert "fedpol-report-2099" in str(e.value)


def test_duplicate_key(copy):
    p = copy / "ncmec_reports_by_year.csv"
    lines = p.read_text(encoding="utf-8").splitlines(keepends=True)
    p.write_text("".join(lines) + lines[1], encoding="utf-8")
    with pytest.raises(DataError) as e:
        data.load("ncmec_reports_by_year", copy)
    assert e.value.row == len(lines) + 1 and e.value.column == "year,measure" and "duplicate" in str(e.value)


def test_no_pandas_traceback_leaks(copy):
    (copy / "meta_enforcement.csv").write_bytes(b"\xff\xfe garbage")
    with pytest.raises(DataError):
        data.load("meta_enforcement", copy)
