"""pyproject.toml and environment.yml declare the same runtime set; the Binder
files follow repo2docker's rules."""
import re
import tomllib

import yaml

from coursekit.paths import ROOT

# conda-forge names that differ from PyPI names
CONDA_TO_PYPI = {}
NOT_PACKAGES = {"python", "pip"}


def _name_and_bound(spec: str) -> tuple[str, str | None]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(?:>=\s*([0-9][0-9.]*))?", spec)
    return m.group(1).lower().replace("_", "-"), m.group(2)


def pyproject_runtime() -> dict[str, str | None]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return dict(_name_and_bound(s) for s in data["project"]["dependencies"])


def environment_runtime() -> dict[str, str | None]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    out = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):  # a pip: section would be a second source of truth
            raise AssertionError("environment.yml must not have a pip section; use postBuild")
        name, bound = _name_and_bound(dep)
        if name not in NOT_PACKAGES:
            out[CONDA_TO_PYPI.get(name, name)] = bound
    return out


def test_same_packages_in_both_files():
    py, env = pyproject_runtime(), environment_runtime()
    assert set(py) - set(env) == set(), "in pyproject.toml but not environment.yml"
    assert set(env) - set(py) == set(), "in environment.yml but not pyproject.toml"


def test_same_lower_bounds_in_both_files():
    py, env = pyproject_runtime(), environment_runtime()
    differ = {k: (py[k], env.get(k)) for k in py if py[k] != env.get(k)}
    assert not differ, f"lower bounds differ (pyproject, environment.yml): {differ}"


def test_every_dependency_has_a_lower_bound_and_a_reason():
    text = (ROOT / "pyproject.toml").read_text()
    block = text.split("dependencies = [", 1)[1].split("]", 1)[0]
    block += text.split("test = [", 1)[1].split("]", 1)[0]
    for line in filter(str.strip, block.splitlines()):
        assert ">=" in line, f"no lower bound: {line.strip()}"
        assert "#" in line, f"no comment saying why: {line.strip()}"


def test_environment_uses_conda_forge():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]


def test_postbuild_installs_the_package_and_fails_on_errors():
    post = (ROOT / "postBuild").read_text()
    assert post.startswith("#!")
    assert re.search(r"^set -e", post, re.M), "postBuild needs set -e to fail on errors"
    assert re.search(r"pip install .*-e \.", post), "postBuild must install the helper package"
    assert (ROOT / "postBuild").stat().st_mode & 0o111, "postBuild must be executable"


def test_no_files_that_repo2docker_would_ignore_or_prefer():
    assert not (ROOT / "requirements.txt").exists(), "ignored by repo2docker when environment.yml exists"
    assert not (ROOT / "binder").exists(), "a binder/ folder would hide the root files"
    assert not (ROOT / ".binder").exists()
