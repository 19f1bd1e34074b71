"""Load the course's sourced tables from ``data/``, typed and checked.

Every table is a CSV described in ``data/datapackage.json`` (a Frictionless Data
Package). :func:`load` reads one table, checks it against that description and
returns a typed :class:`pandas.DataFrame`::

    from coursekit import data
    reports = data.load("ncmec_reports_by_year")
    data.cite("ncmec-ojjdp-2023")

Checks (each failure raises :class:`DataError` naming the file, the 1-based CSV
line and the column): missing file, truncated file, wrong header, a value of the
wrong type, a value outside its constraints (negative count, unknown category,
year out of range), an unknown ``source_id``, a duplicate primary key, and a
sha256 that does not match ``datapackage.json`` (a hand-edited file: run
``make datapackage`` after a deliberate edit).

The loader is plain Python + pandas (no frictionless at load time) so that a
notebook can load several tables in milliseconds; ``tests/test_data_package.py``
runs the full frictionless validation.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

__all__ = ["DataError", "load", "tables", "sources", "source", "cite", "DATA_DIR"]


class DataError(Exception):
    """A data file does not match its description in datapackage.json.

    Attributes ``file``, ``row`` (1-based CSV line; 1 is the header) and
    ``column`` say where; any of them may be ``None`` when not applicable.
    """

    def __init__(self, problem: str, file: str | None = None, row: int | None = None,
                 column: str | None = None):
        self.problem, self.file, self.row, self.column = problem, file, row, column
        where = []
        if file is not None:
            where.append(f"file {file}")
        where.append(f"row {row}" if row is not None else "row: n/a")
        where.append(f"column {column!r}" if column is not None else "column: n/a")
        super().__init__(f"{', '.join(where)}: {problem}")


_DESC_CACHE: dict = {}
_TABLE_CACHE: dict = {}


def _dir(data_dir) -> Path:
    return Path(data_dir) if data_dir is not None else DATA_DIR


def _descriptor(data_dir=None) -> dict:
    path = _dir(data_dir) / "datapackage.json"
    try:
        st = path.stat()
    except FileNotFoundError:
        raise DataError("datapackage.json not found", file=str(path)) from None
    key = (str(path), st.st_mtime_ns, st.st_size)
    if key not in _DESC_CACHE:
        try:
            _DESC_CACHE[key] = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise DataError(f"datapackage.json is not valid JSON ({exc})", file=path.name) from None
    return _DESC_CACHE[key]


def tables(data_dir=None) -> list[str]:
    """Names of all tables described in datapackage.json."""
    return [r["name"] for r in _descriptor(data_dir).get("resources", [])]


def _resource(name: str, data_dir=None) -> dict:
    for r in _descriptor(data_dir).get("resources", []):
        if r.get("name") == name:
            return r
    raise DataError(f"no table named {name!r}; known tables: {', '.join(tables(data_dir))}",
                    file="datapackage.json")


_TRUE, _FALSE = {"true", "True", "TRUE", "1"}, {"false", "False", "FALSE", "0"}
_INT = re.compile(r"^[+-]?\d+$")


def _convert(raw: str, field: dict, fname: str, line: int):
    """Convert one CSV cell; return None for empty cells."""
    col, typ = field["name"], field.get("type", "string")
    cons = field.get("constraints", {})
    if raw == "":
        if cons.get("required"):
            raise DataError("empty value in a required column", fname, line, col)
        return None
    try:
        if typ == "integer":
            if not _INT.match(raw.strip()):
                raise ValueError
            val = int(raw)
        elif typ == "number":
            val = float(raw)
        elif typ == "boolean":
            if raw in _TRUE:
                val = True
            elif raw in _FALSE:
                val = False
            else:
                raise ValueError
        elif typ == "date":
            val = pd.Timestamp(raw)
        else:
            val = raw
    except (ValueError, TypeError):
        raise DataError(f"{raw!r} is not a valid {typ}", fname, line, col) from None
    if "minimum" in cons and val < cons["minimum"]:
        what = "negative count" if cons["minimum"] == 0 else "value too small"
        raise DataError(f"{what}: {raw!r} < minimum {cons['minimum']}", fname, line, col)
    if "maximum" in cons and val > cons["maximum"]:
        raise DataError(f"value too large: {raw!r} > maximum {cons['maximum']}", fname, line, col)
    if "enum" in cons and val not in cons["enum"]:
        raise DataError(f"{raw!r} is not one of the allowed values {cons['enum']}", fname, line, col)
    if "pattern" in cons and typ == "string" and not re.fullmatch(cons["pattern"], val):
        raise DataError(f"{raw!r} does not match pattern {cons['pattern']!r}", fname, line, col)
    return val


def _column(values: list, field: dict) -> pd.Series:
    typ = field.get("type", "string")
    enum = field.get("constraints", {}).get("enum")
    has_null = any(v is None for v in values)
    if typ == "integer":
        return pd.Series(values, dtype="Int64" if has_null else "int64")
    if typ == "number":
        return pd.Series([float("nan") if v is None else v for v in values], dtype="float64")
    if typ == "boolean":
        return pd.Series(values, dtype="boolean" if has_null else "bool")
    if typ == "date":
        return pd.Series(pd.to_datetime(values), dtype="datetime64[ns]")
    if enum:
        return pd.Series(pd.Categorical(values, categories=list(enum)))
    return pd.Series(values, dtype="string")


def _read_rows(path: Path, fname: str) -> tuple[bytes, list[list[str]]]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError("file not found (listed in datapackage.json)", fname) from None
    except OSError as exc:
        raise DataError(f"cannot read file ({exc.strerror})", fname) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError("not valid UTF-8", fname, line) from None
    if not text.strip():
        raise DataError("file is empty (truncated?)", fname, 1)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise DataError(f"malformed CSV ({exc}); truncated file?", fname) from None
    if not text.endswith("\n"):
        # a well-formed file from our tools ends with a newline; a cut file usually does not
        raise DataError("file does not end with a newline: truncated?", fname, len(rows))
    return raw, rows


def load(name: str, data_dir=None, *, check_sources: bool = True, check_hash: bool = True) -> pd.DataFrame:
    """Load table ``name`` as a typed DataFrame (a fresh copy each call).

    Integers become ``int64`` (``Int64`` when a column has empty cells), numbers
    ``float64``, booleans ``bool``, dates ``datetime64``, strings with an ``enum``
    constraint a ``Categorical`` with the enum as categories, other strings the
    pandas ``string`` dtype.
    """
    d = _dir(data_dir)
    res = _resource(name, data_dir)
    fname = res["path"]
    path = d / fname
    try:
        st = path.stat()
    except FileNotFoundError:
        raise DataError("file not found (listed in datapackage.json)", fname) from None
    key = (str(path.resolve()), st.st_mtime_ns, st.st_size, check_sources, check_hash,
           json.dumps(res, sort_keys=True))
    if key in _TABLE_CACHE:
        return _TABLE_CACHE[key].copy()

    raw, rows = _read_rows(path, fname)
    fields = res["schema"]["fields"]
    names = [f["name"] for f in fields]
    header = rows[0]
    if header != names:
        for i, (got, want) in enumerate(zip(header + [None] * len(names), names + [None] * len(header))):
            if got != want:
                break
        raise DataError(f"wrong header: expected {names}, found {header}", fname, 1,
                        want if want is not None else got)
    cols: list[list] = [[] for _ in fields]
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(fields):
            col = names[len(row)] if len(row) < len(fields) else None
            raise DataError(f"expected {len(fields)} values, found {len(row)} (truncated or mis-quoted row?)",
                            fname, line, col)
        for j, (cell, field) in enumerate(zip(row, fields)):
            cols[j].append(_convert(cell, field, fname, line))

    # primary key
    pk = res["schema"].get("primaryKey", [])
    pk = [pk] if isinstance(pk, str) else pk
    if pk:
        idx = [names.index(k) for k in pk]
        seen: dict = {}
        for i in range(len(rows) - 1):
            k = tuple(cols[j][i] for j in idx)
            if k in seen:
                raise DataError(f"duplicate key {dict(zip(pk, k))} (first seen on row {seen[k]})",
                                fname, i + 2, ",".join(pk))
            seen[k] = i + 2
    for f_idx, field in enumerate(fields):
        if field.get("constraints", {}).get("unique") and pk != [field["name"]]:
            seen1: dict = {}
            for i, v in enumerate(cols[f_idx]):
                if v in seen1:
                    raise DataError(f"duplicate value {v!r} in a unique column (first on row {seen1[v]})",
                                    fname, i + 2, field["name"])
                seen1[v] = i + 2

    # foreign keys (source_id -> sources.source_id)
    if check_sources:
        for fk in res["schema"].get("foreignKeys", []):
            fk_fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
            ref = fk["reference"]
            ref_fields = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
            if ref.get("resource") in ("", None, name):
                target_df = None
                known = {tuple(cols[names.index(c)][i] for c in ref_fields) for i in range(len(rows) - 1)}
            else:
                target_df = load(ref["resource"], data_dir, check_sources=False, check_hash=check_hash)
                known = set(zip(*[target_df[c].astype(object) for c in ref_fields]))
            idx = [names.index(c) for c in fk_fields]
            for i in range(len(rows) - 1):
                k = tuple(cols[j][i] for j in idx)
                if any(v is None for v in k):
                    continue
                if k not in known:
                    raise DataError(f"unknown {'/'.join(fk_fields)} {k[0] if len(k) == 1 else k!r}: not in "
                                    f"{ref['resource']} ({'/'.join(ref_fields)})", fname, i + 2, ",".join(fk_fields))

    # sha256 last, so that a specific problem above is reported first
    if check_hash and res.get("hash"):
        algo, _, want = res["hash"].rpartition(":")
        algo = algo or "md5"
        got = hashlib.new(algo, raw).hexdigest()
        if got != want:
            raise DataError(f"{algo} does not match datapackage.json (file edited by hand or truncated? "
                            f"check the change, then run `make datapackage`)", fname, None, None)

    df = pd.DataFrame({f["name"]: _column(c, f) for f, c in zip(fields, cols)})
    _TABLE_CACHE[key] = df
    return df.copy()


def sources(data_dir=None) -> pd.DataFrame:
    """The sources table (one row per cited document)."""
    return load("sources", data_dir)


def source(source_id: str, data_dir=None) -> dict:
    """One source as a dict: source_id, title, publisher, date, url, kind, counts."""
    df = load("sources", data_dir, check_sources=False)
    hit = df[df["source_id"] == source_id]
    if hit.empty:
        raise DataError(f"unknown source_id {source_id!r}", file="sources.csv", column="source_id")
    return {k: (None if pd.isna(v) else str(v)) for k, v in hit.iloc[0].items()}


def cite(source_id: str, data_dir=None) -> str:
    """A citation for a lesson: 'Publisher, *Title*, date, URL'."""
    s = source(source_id, data_dir)
    return f"{s['publisher']}, *{s['title']}*, {s['date']}, {s['url']}"
