"""The browser checker itself must fail broken notebooks (issue 7's "test of the test").

It lives in its own file so that pytest-xdist runs it on the other worker, with its own
JupyterLab server and browser (the ``lab`` fixture of ``test_browser``), while the
lessons are checked in parallel.
"""
import shutil
import secrets

import pytest

from test_browser import (  # noqa: F401 - `lab` is the module-scoped fixture
    ALL_CONTROLS, ARTIFACTS, BROKEN, EXPECTED, SCREENSHOTS, check_notebook, lab,
)
from coursekit.paths import ROOT

pytestmark = pytest.mark.browser

# The cases `make test` runs (the rest need COURSE_BROWSER_ALL_CONTROLS=1): a broken widget
# callback, a demo whose compute fails, a cell error and a widget whose model is missing.
QUICK_CASES = ("callback_raises", "demo_compute_fails", "cell_error", "model_not_found")


def test_checker_catches_broken_notebooks(lab):
    """The checker must fail each deliberately broken notebook, for the right reason."""
    server, browser = lab
    folder = ARTIFACTS / f"selftest-{secrets.token_hex(3)}"       # git-ignored, served by the server
    folder.mkdir(parents=True)
    try:
        missed = []
        cases = BROKEN if ALL_CONTROLS else {k: BROKEN[k] for k in QUICK_CASES}
        for name, text in cases.items():
            (folder / f"{name}.ipynb").write_text(text)
            report = check_notebook(server, browser, f"{folder.relative_to(ROOT).as_posix()}/{name}.ipynb",
                                    SCREENSHOTS / "selftest", name=name, change_timeout=8)
            print(report.summary())
            if not any(EXPECTED[name] in p for p in report.problems):
                missed.append(f"{name}: expected a problem containing {EXPECTED[name]!r}, got "
                              f"{report.problems}")
        assert not missed, "the checker passed a broken notebook:\n" + "\n".join(missed)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
