"""Measure each notebook against the course's budgets (design section 8):
run time under 10 s in a fresh kernel, kernel resident memory under 300 MB, and
a widget callback under 100 ms.

    python -m coursekit.benchmark [notebook ...]      (make benchmark)

This is a measurement, not a test: it prints a table and exits 0. Peak memory is
sampled from the kernel process every 50 ms with psutil. After the notebook has
run, one extra cell (not counted in the run time) finds every
:class:`coursekit.widgets.Demo` in the kernel, moves each of its controls once
and times the recomputation and redraw; the slowest callback is reported.
"""
from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

BUDGET_SECONDS = 10.0
BUDGET_MB = 300.0
BUDGET_CALLBACK_MS = 100.0

#: Run in the kernel after the notebook: move each control of each Demo once, time it.
CALLBACK_PROBE = """
import gc as _gc, json as _json, time as _time
from coursekit.widgets import Demo as _Demo
_slowest = 0.0
for _demo in [o for o in _gc.get_objects() if isinstance(o, _Demo)]:
    for _control in _demo.controls.values():
        _index = getattr(_control, "index", None)
        if getattr(_control, "options", None) and isinstance(_index, int):
            _move = lambda c=_control: setattr(c, "index", (c.index + 1) % len(c.options))
        elif hasattr(_control, "max") and not isinstance(_control.value, tuple):
            _move = lambda c=_control: setattr(c, "value", c.max if c.value != c.max else c.min)
        else:
            continue                      # multi-selects and range sliders are not probed
        _start = _time.perf_counter()
        _move()
        _slowest = max(_slowest, (_time.perf_counter() - _start) * 1000)
print("CALLBACK_MS", _json.dumps(round(_slowest, 1)))
"""


def measure(path: Path) -> dict:
    import nbformat
    import psutil
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    from coursekit.kernels import AsyncIPCKernelManager

    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.km = AsyncIPCKernelManager(kernel_name="python3")
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
    error, seconds, callback_ms = "", None, None
    try:
        with client.setup_kernel():
            for index, cell in enumerate(list(nb.cells)):
                client.execute_cell(cell, index)
            seconds = time.perf_counter() - start
            probe = nbformat.v4.new_code_cell(CALLBACK_PROBE)
            nb.cells.append(probe)
            client.execute_cell(probe, len(nb.cells) - 1)
            for out in probe.outputs:
                for line in out.get("text", "").splitlines():
                    if line.startswith("CALLBACK_MS "):
                        callback_ms = float(line.split()[1])
    except Exception as exc:  # noqa: BLE001 - report, don't stop the benchmark
        error = type(exc).__name__
    finally:
        stop.set()
        watcher.join()
    if seconds is None:
        seconds = time.perf_counter() - start
    mb = peak["rss"] / 2**20
    within = (seconds < BUDGET_SECONDS and mb < BUDGET_MB and not error
              and (callback_ms is None or callback_ms < BUDGET_CALLBACK_MS))
    return {"notebook": str(path), "seconds": round(seconds, 2), "peak_mb": round(mb, 1),
            "callback_ms": callback_ms, "within_budget": within, "error": error}


def main(argv: list[str]) -> int:
    from coursekit.notebooks import notebook_paths

    paths = [Path(a) for a in argv[1:]] or notebook_paths()
    print(f"{'notebook':<40} {'seconds':>8} {'peak MB':>8} {'widget ms':>10}  budget")
    for path in paths:
        r = measure(path.resolve())
        flag = "ok" if r["within_budget"] else f"OVER {r['error']}".strip()
        print(f"{Path(r['notebook']).parent.name + '/' + Path(r['notebook']).name:<40} "
              f"{r['seconds']:>8.2f} {r['peak_mb']:>8.1f} "
              f"{'-' if r['callback_ms'] is None else r['callback_ms']:>10}  {flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
