"""Measure each notebook against the course's budgets (design section 8):
run time under 10 s in a fresh kernel, kernel resident memory under 300 MB.

    python -m coursekit.benchmark [notebook ...]      (make benchmark)

This is a measurement, not a test: it prints a table and exits 0. Peak memory is
sampled from the kernel process every 50 ms with psutil.
"""
from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

BUDGET_SECONDS = 10.0
BUDGET_MB = 300.0


def measure(path: Path) -> dict:
    import nbformat
    import psutil
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    peak = {"rss": 0}
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            km = client.km
            pid = getattr(getattr(km, "provisioner", None), "pid", None) if km else None
            if pid:
                try:
                    peak["rss"] = max(peak["rss"], psutil.Process(pid).memory_info().rss)
                except psutil.Error:
                    pass
            time.sleep(0.05)

    watcher = threading.Thread(target=sample, daemon=True)
    start = time.perf_counter()
    watcher.start()
    error = ""
    try:
        client.execute()
    except Exception as exc:  # noqa: BLE001 - report, don't stop the benchmark
        error = type(exc).__name__
    finally:
        stop.set()
        watcher.join()
    seconds = time.perf_counter() - start
    mb = peak["rss"] / 2**20
    return {"notebook": str(path), "seconds": round(seconds, 2), "peak_mb": round(mb, 1),
            "within_budget": seconds < BUDGET_SECONDS and mb < BUDGET_MB and not error,
            "error": error}


def main(argv: list[str]) -> int:
    from coursekit.notebooks import notebook_paths

    paths = [Path(a) for a in argv[1:]] or notebook_paths()
    print(f"{'notebook':<40} {'seconds':>8} {'peak MB':>8}  budget")
    for path in paths:
        r = measure(path.resolve())
        flag = "ok" if r["within_budget"] else f"OVER {r['error']}".strip()
        print(f"{Path(r['notebook']).parent.name + '/' + Path(r['notebook']).name:<40} "
              f"{r['seconds']:>8.2f} {r['peak_mb']:>8.1f}  {flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
