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
        from jupyter_client.manager import start_new_kernel

        self.km, self.kc = start_new_kernel(kernel_name="python3", cwd=str(ROOT))

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
