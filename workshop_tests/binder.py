"""What mybinder.org would build from this repository, rendered offline with
repo2docker's own Python API (no Docker daemon needed to detect and render)."""
from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

from packaging.utils import canonicalize_name
from repo2docker.app import Repo2Docker
from repo2docker.buildpacks import conda as conda_bp

# conda-forge names -> PyPI names, for the lock entries we compare or pin
CONDA_TO_PYPI = {"jupyterhub-base": "jupyterhub"}
# conda-only metapackages in repo2docker's lock (no PyPI counterpart to pin)
CONDA_ONLY = {"jupyterhub-singleuser"}
# the Jupyter server stack repo2docker locks; the course must fit around these
JUPYTER_STACK = re.compile(r"^(jupyter.*|notebook|notebook-shim|ipykernel|ipywidgets|widgetsnbextension|"
                           r"nbformat|nbconvert|traitlets|tornado)$")


@contextlib.contextmanager
def chdir(path: Path):
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def pick_buildpack(repo: Path):
    """The buildpack repo2docker picks for ``repo`` (same order and rule as Repo2Docker.build)."""
    app = Repo2Docker()
    with chdir(repo):
        for BP in app.buildpacks:
            bp = BP(base_image=app.base_image)
            if bp.detect():
                break
        else:
            bp = app.default_buildpack(base_image=app.base_image)
        bp.platform = app.platform
        # touch the lazily read files while we are in the repository
        if isinstance(bp, conda_bp.CondaBuildPack):
            bp.environment_yaml, bp.python_version  # noqa: B018
    return bp


def render(repo: Path, bp=None) -> str:
    bp = bp or pick_buildpack(repo)
    with chdir(repo):
        return bp.render({"NB_USER": "jovyan", "NB_UID": "1000"})


def lock_versions(python_version: str, platform: str = "linux-64") -> dict[str, str]:
    """{PyPI name: version} from repo2docker's frozen base environment for that Python."""
    lock = Path(conda_bp.__file__).parent / f"environment.py-{python_version}-{platform}.lock"
    out = {}
    for line in lock.read_text().splitlines():
        if not line.startswith("https://"):
            continue
        fname = line.split("#")[0].rsplit("/", 1)[-1]
        fname = re.sub(r"\.(conda|tar\.bz2)$", "", fname)
        name, version, _build = fname.rsplit("-", 2)
        name = CONDA_TO_PYPI.get(name, name)
        out[canonicalize_name(name)] = version
    return out


def jupyter_pins(python_version: str) -> dict[str, str]:
    return {n: v for n, v in lock_versions(python_version).items()
            if JUPYTER_STACK.match(n) and n not in CONDA_ONLY}


def line_index(dockerfile: str, pattern: str) -> int:
    for i, line in enumerate(dockerfile.splitlines()):
        if re.search(pattern, line):
            return i
    raise AssertionError(f"no line matching {pattern!r} in the rendered Dockerfile")
