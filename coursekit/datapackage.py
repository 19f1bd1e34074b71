"""Refresh ``hash`` (sha256) and ``bytes`` of every resource in data/datapackage.json.

Run after editing any CSV in ``data/``::

    python -m coursekit.datapackage          # or: make datapackage

Only the ``hash`` and ``bytes`` keys are rewritten; everything else in the
descriptor (written by hand: fields, units, constraints) is kept as it is.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def refresh(data_dir: Path | str = DATA_DIR) -> list[str]:
    """Update hash/bytes in place; return the names of resources that changed."""
    data_dir = Path(data_dir)
    desc_path = data_dir / "datapackage.json"
    desc = json.loads(desc_path.read_text(encoding="utf-8"))
    changed = []
    for res in desc.get("resources", []):
        path = data_dir / res["path"]
        if not path.exists():
            raise FileNotFoundError(f"{desc_path.name}: resource {res.get('name')!r} points to missing file {res['path']}")
        raw = path.read_bytes()
        new_hash = "sha256:" + hashlib.sha256(raw).hexdigest()
        if res.get("hash") != new_hash or res.get("bytes") != len(raw):
            changed.append(res.get("name", res["path"]))
        res["hash"] = new_hash
        res["bytes"] = len(raw)
    desc_path.write_text(json.dumps(desc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    data_dir = Path(argv[0]) if argv else DATA_DIR
    changed = refresh(data_dir)
    print(f"datapackage.json: {len(changed)} resource(s) updated" + (": " + ", ".join(changed) if changed else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
