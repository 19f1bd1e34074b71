"""The whole data package validates with frictionless, and its cross-references hold."""
import csv
import hashlib
import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"


def _desc():
    return json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))


def _rows(path):
    with open(DATA / path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_frictionless_validates_package():
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(DATA / "datapackage.json"))
    errors = [f"{e.type}: {e.message}" for task in report.tasks for e in task.errors] + [
        f"{e.type}: {e.message}" for e in report.errors]
    assert report.valid, "\n".join(errors[:50])


def test_every_resource_has_hash_bytes_and_schema():
    for res in _desc()["resources"]:
        assert res["format"] == "csv" and res["encoding"] == "utf-8", res["name"]
        assert res["hash"].startswith("sha256:"), res["name"]
        assert res["schema"]["fields"], res["name"]
        assert res["schema"].get("primaryKey"), res["name"]


def test_hashes_and_bytes_match():
    for res in _desc()["resources"]:
        raw = (DATA / res["path"]).read_bytes()
        assert res["hash"] == "sha256:" + hashlib.sha256(raw).hexdigest(), (
            f"{res['path']}: sha256 mismatch; run `make datapackage`")
        assert res["bytes"] == len(raw), res["path"]


def test_every_source_id_resolves():
    known = {r["source_id"] for r in _rows("sources.csv")}
    for res in _desc()["resources"]:
        names = [f["name"] for f in res["schema"]["fields"]]
        if res["name"] == "sources" or "source_id" not in names:
            continue
        fks = [fk for fk in res["schema"].get("foreignKeys", []) if fk["reference"]["resource"] == "sources"]
        assert fks, f"{res['name']} has source_id but no foreign key to sources"
        for line, row in enumerate(_rows(res["path"]), start=2):
            assert row["source_id"] in known, f"{res['path']} row {line}: unknown source_id {row['source_id']!r}"


def test_every_source_has_url_and_kind():
    for line, row in enumerate(_rows("sources.csv"), start=2):
        assert row["url"].startswith(("http://", "https://")), f"sources.csv row {line}: no URL"
        assert row["kind"] in ("primary", "secondary"), f"sources.csv row {line}"
        assert row["counts"].strip(), f"sources.csv row {line}: say what the source counts"


def test_no_duplicate_primary_keys():
    for res in _desc()["resources"]:
        pk = res["schema"]["primaryKey"]
        pk = [pk] if isinstance(pk, str) else pk
        seen = set()
        for line, row in enumerate(_rows(res["path"]), start=2):
            key = tuple(row[k] for k in pk)
            assert key not in seen, f"{res['path']} row {line}: duplicate key {key}"
            seen.add(key)


def test_count_fields_have_unit_and_minimum():
    for res in _desc()["resources"]:
        for f in res["schema"]["fields"]:
            if f["type"] == "integer" and f["name"] not in ("year", "quarter"):
                assert "unit" in f, f"{res['name']}.{f['name']}: state the unit"
                assert f.get("constraints", {}).get("minimum") == 0, f"{res['name']}.{f['name']}"


def test_nothing_reads_shared_folder():
    root = DATA.parent
    for p in list((root / "coursekit").rglob("*.py")) + [DATA / "datapackage.json"]:
        assert "/work/shared" not in p.read_text(encoding="utf-8"), p
