"""Fixtures for `make test-workshop` (not collected by `make test`: testpaths leave
this folder out). Everything here starts on 127.0.0.1 and is torn down, also on failure."""
from __future__ import annotations

import os

import psutil
import pytest

import classsim

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_collection_modifyitems(items):
    for item in items:
        item.add_marker(pytest.mark.workshop)


@pytest.fixture(scope="session")
def learners() -> int:
    return int(os.environ.get("WORKSHOP_LEARNERS", "5"))


@pytest.fixture(scope="module")
def hub(learners):
    if not classsim.CHP.exists():
        msg = f"configurable-http-proxy is not installed at {classsim.CHP}: run `make test-workshop`"
        if IN_CI:
            pytest.fail(msg)
        pytest.skip(msg)
    h = classsim.Hub(classsim.HubConfig(learners=learners))
    with h:
        yield h
    # teardown check: nothing the simulation started may outlive it
    left = []
    for p in psutil.process_iter():
        try:
            if p.environ().get("HOME", "").startswith(str(h.tmp)):
                left.append(p)
        except psutil.Error:
            pass
    assert not left, f"processes outlived the hub: {left}"
    assert h.proc.poll() is not None, "the hub is still running"
    assert not h.tmp.exists() or os.environ.get("WORKSHOP_KEEP_TMP")
