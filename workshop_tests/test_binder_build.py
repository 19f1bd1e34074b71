"""Workshop route 2: the Binder build, checked offline with repo2docker's own Python API,
pinned (pyproject.toml, extra `workshop`) to the release mybinder.org's builder follows.

No Docker daemon and no network: repo2docker detects the buildpack and renders the
Dockerfile from the files alone. What this cannot prove: that conda-forge solves the
environment (see test_environment_solvable.py) or that the image starts.
"""
from __future__ import annotations

import re
import shutil
import tomllib
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version
from repo2docker.buildpacks.conda import CondaBuildPack

import binder
from classsim import ROOT
from coursekit import links

# the repository is copied into the image with this directive
COPY_REPO = r"^COPY .* src/ \$\{REPO_DIR\}/$"
ENV_SOLVE = r"env update -p .* --file \"environment.yml\""
POSTBUILD = r"^RUN \./postBuild$"


@pytest.fixture(scope="module")
def bp():
    return binder.pick_buildpack(ROOT)


@pytest.fixture(scope="module")
def dockerfile(bp):
    return binder.render(ROOT, bp)


def test_conda_buildpack_is_chosen_from_root_environment_yml(bp):
    assert type(bp) is CondaBuildPack, f"repo2docker picked {type(bp).__name__}"
    assert bp.binder_dir == "", "a binder/ or .binder/ folder would hide the root files"
    assert bp.environment_yaml_path == "environment.yml"
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists()


def test_no_requirements_txt_is_silently_ignored(dockerfile):
    # with environment.yml present, the conda buildpack never reads requirements.txt
    for place in ("requirements.txt", "binder/requirements.txt", ".binder/requirements.txt"):
        assert not (ROOT / place).exists(), f"{place} would be ignored by repo2docker"
    assert "requirements.txt\" " not in dockerfile.replace("/tmp/env/requirements.txt", "")


def test_environment_is_solved_before_the_repo_is_copied_and_postbuild_after(dockerfile):
    solve, copy, post = (binder.line_index(dockerfile, p) for p in (ENV_SOLVE, COPY_REPO, POSTBUILD))
    assert solve < copy, "environment.yml must be solved before the whole repository is copied (layer cache)"
    assert copy < post, "postBuild must run after the repository is copied"


def test_postbuild_installs_the_helper_package_without_resolving():
    text = (ROOT / "postBuild").read_text()
    assert re.search(r"^set -e", text, re.M)
    assert re.search(r"pip install .*--no-deps.* -e \.", text), "postBuild must install coursekit, deps from conda"


def test_editable_install_in_environment_yml_would_copy_the_repo_first(tmp_path):
    """Why the install lives in postBuild: `-e .` in environment.yml's pip section makes
    repo2docker copy the whole repository before solving, so every commit re-solves."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    env["dependencies"].append({"pip": ["-e ."]})
    (tmp_path / "environment.yml").write_text(yaml.safe_dump(env))
    shutil.copy(ROOT / "postBuild", tmp_path / "postBuild")
    df = binder.render(tmp_path)
    assert binder.line_index(df, COPY_REPO) < binder.line_index(df, ENV_SOLVE)


def test_binder_python_is_one_the_course_supports(bp):
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    # repo2docker only reads `python=X.Y`; environment.yml pins the Python we develop and
    # test with (without a pin Binder would take its default, 3.10 in 2026.4.0).
    assert Version(bp.python_version) in SpecifierSet(requires), (bp.python_version, requires)
    assert bp.python_version == "3.11", bp.python_version
    assert binder.lock_versions(bp.python_version), "repo2docker has no lock for this Python"


def test_course_packages_fit_the_versions_repo2docker_locks(bp):
    locked = binder.lock_versions(bp.python_version)
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    clashes, compared = [], []
    for dep in env["dependencies"]:
        if not isinstance(dep, str):
            continue
        m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", dep)
        name, spec = canonicalize_name(m.group(1)), m.group(2).replace(" ", "")
        if name in ("python", "pip") or name not in locked:
            continue
        compared.append(name)
        if not SpecifierSet(spec or "").contains(Version(locked[name]), prereleases=True):
            clashes.append(f"{name}{spec} but repo2docker locks {locked[name]}")
    assert {"jupyterlab", "ipykernel", "ipywidgets"} <= set(compared), compared
    assert not clashes, clashes


def test_readme_binder_link_opens_lesson_00_like_the_link_helper():
    readme = (ROOT / "README.md").read_text()
    found = re.findall(r"https://mybinder\.org/v2/[^\s)\]>\"']+", readme)
    assert found, "README has no mybinder.org link"
    for url in found:
        assert url == links.binder_url(), f"README's Binder link differs from links.binder_url(): {url}"
        urlpath = parse_qs(urlsplit(url).query)["urlpath"][0]
        assert urlpath == "lab/tree/" + links.START
        assert (ROOT / links.START).is_file()
