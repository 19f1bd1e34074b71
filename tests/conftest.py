"""Shared fixtures for the unit tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from coursekit.paths import ROOT


class Kernel:
    """A real IPython kernel for widget tests: ``kernel.run(code)`` returns what
    the cell printed or displayed (text/plain and text/html joined) and raises
    if the cell raised."""

    def __init__(self):
        from coursekit.kernels import IPCKernelManager

        self.km = IPCKernelManager(kernel_name="python3")
        self.km.start_kernel(cwd=str(ROOT))
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)

    def run(self, code: str, timeout: float = 60) -> str:
        parts, error = [], None

        def hook(msg):
            nonlocal error
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                parts.append(content["text"])
            elif kind in ("execute_result", "display_data"):
                data = content["data"]
                parts.append(data.get("text/html") or data.get("text/plain", ""))
            elif kind == "error":
                error = "\n".join(content["traceback"])

        reply = self.kc.execute_interactive(code, timeout=timeout, output_hook=hook)
        if error or reply["content"]["status"] != "ok":
            raise AssertionError(f"kernel cell failed:\n{code}\n{error}")
        return "".join(parts)

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


@pytest.fixture(scope="module")
def kernel():
    k = Kernel()
    try:
        yield k
    finally:
        k.close()


def pytest_terminal_summary(terminalreporter):
    """Say where the browser tests' screenshots are, or why the browser tests were skipped
    (tests/test_browser.py). Runs in the main process, also under xdist."""
    reports = [r for kind in ("passed", "failed", "error", "skipped")
               for r in terminalreporter.stats.get(kind, [])
               if "browser" in getattr(r, "keywords", {}) and getattr(r, "when", "") in ("setup", "call")]
    if not reports:
        return
    terminalreporter.section("browser tests")
    skipped = [r for r in reports if r.skipped]
    if skipped:
        reason = skipped[0].longrepr[2] if isinstance(skipped[0].longrepr, tuple) else skipped[0].longrepr
        terminalreporter.write_line(f"SKIPPED {len(skipped)} browser test(s): {reason}")
    if any(not r.skipped for r in reports):
        terminalreporter.write_line(
            f"screenshots of each lesson's final state: {ROOT / 'test-artifacts' / 'screenshots'}")
