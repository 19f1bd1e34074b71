"""Can environment.yml be installed next to Binder's Jupyter stack? Asked of PyPI.

conda-forge cannot be reached here, so this maps environment.yml's packages to their PyPI
names and asks pip to resolve them, with the Jupyter versions repo2docker locks pinned,
for Linux x86-64 and for Binder's Python and the Python the course is developed on (3.11).
`pip install --dry-run` downloads metadata only and installs nothing.

What it cannot prove: that conda-forge has the same versions and builds (conda-forge can
lag PyPI or add constraints of its own), that compiled packages' conda builds agree, or
that mamba's solver picks what pip picks. An impossible combination of version bounds,
though, fails here before it fails on Binder.

Needs PyPI at test time: it runs in `make test-workshop`, never in the offline `make test`.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
import requests
import yaml

import binder
from classsim import ROOT

pytestmark = pytest.mark.network

CONDA_TO_PYPI: dict[str, str] = {}  # same names on conda-forge and PyPI for the runtime set
PLATFORMS = ["manylinux2014_x86_64", "manylinux_2_17_x86_64", "manylinux_2_28_x86_64", "linux_x86_64"]


def environment_requirements() -> list[str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    reqs = []
    for dep in env["dependencies"]:
        assert isinstance(dep, str), "environment.yml must not have a pip section (use postBuild)"
        m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", dep)
        name, spec = m.group(1), m.group(2).replace(" ", "")
        if name in ("python", "pip"):
            continue
        if re.match(r"^=[^=]", spec):  # conda's `=1.2` means 1.2.*
            spec = "==" + spec[1:] + ".*"
        reqs.append(CONDA_TO_PYPI.get(name, name) + spec)
    return reqs


@pytest.fixture(scope="module")
def pypi():
    try:
        requests.head("https://pypi.org/simple/pip/", timeout=15)
    except requests.RequestException as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PyPI is unreachable: {exc}")
        pytest.skip(f"PyPI is unreachable: {exc}")


@pytest.mark.parametrize("python", ["binder", "3.11"])
def test_environment_resolves_with_binders_jupyter_pins(pypi, python, tmp_path):
    if python == "binder":
        python = binder.pick_buildpack(ROOT).python_version
    pins = binder.jupyter_pins(python)
    reqs = environment_requirements() + [f"{n}=={v}" for n, v in sorted(pins.items())]
    report = tmp_path / "report.json"
    cmd = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
           "--target", str(tmp_path / "t"), "--report", str(report), "--python-version", python,
           "--implementation", "cp", "--only-binary=:all:", *[f"--platform={p}" for p in PLATFORMS], *reqs]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    errors = "\n".join(l for l in out.stderr.splitlines() if "is ignored: it is neither" not in l)
    assert out.returncode == 0, f"pip cannot resolve environment.yml + Binder's Jupyter pins for Python {python}:\n{errors}"
    chosen = {i["metadata"]["name"].lower().replace("_", "-"): i["metadata"]["version"]
              for i in json.loads(report.read_text())["install"]}
    assert chosen["jupyterlab"] == pins["jupyterlab"]
    print(f"Python {python}: " + ", ".join(f"{n} {chosen[n]}" for n in
          ("jupyterlab", "notebook", "ipywidgets", "matplotlib", "pandas", "numpy", "scipy") if n in chosen))


def test_an_impossible_combination_fails_here(pypi, tmp_path):
    """The check has teeth: a bound that Binder's locked JupyterLab cannot meet fails."""
    cmd = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
           "--target", str(tmp_path / "t"), "--python-version", "3.11", "--implementation", "cp",
           "--only-binary=:all:", *[f"--platform={p}" for p in PLATFORMS],
           "jupyterlab>=5.0", "jupyterlab==" + binder.jupyter_pins("3.11")["jupyterlab"]]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert out.returncode != 0
