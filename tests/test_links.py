"""The launch links (coursekit.links): parse each link back and check its parts."""
from __future__ import annotations

import re
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest

from coursekit import links

HUB = "https://hub.example.edu"


def query(url: str) -> dict[str, str]:
    q = parse_qs(urlsplit(url).query, strict_parsing=True)
    assert all(len(v) == 1 for v in q.values()), q
    return {k: v[0] for k, v in q.items()}


def test_one_place_for_repo_and_branch():
    assert links.REPO_URL.startswith("https://github.com/")
    assert not links.REPO_URL.endswith((".git", "/"))
    assert links.BRANCH == "main"


def test_nbgitpuller_default_link():
    url = links.nbgitpuller_url(HUB)
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "hub.example.edu", "/hub/user-redirect/git-pull")
    q = query(url)
    assert set(q) == {"repo", "urlpath", "branch"}
    assert q["repo"] == links.REPO_URL
    assert q["branch"] == "main"
    folder = links.REPO_URL.rsplit("/", 1)[-1]
    # urlpath is relative to the learner's home, so it must name the clone folder
    assert q["urlpath"] == f"lab/tree/{folder}/lessons/00_start_here.ipynb"


def test_nbgitpuller_link_is_urlencoded():
    url = links.nbgitpuller_url(HUB)
    raw = urlsplit(url).query
    assert "repo=https%3A%2F%2Fgithub.com%2F" in raw
    assert "urlpath=lab%2Ftree%2F" in raw
    assert " " not in url and "://" not in raw


@pytest.mark.parametrize("hub", [HUB + "/", HUB + "/hub", HUB + "/hub/", "  " + HUB])
def test_hub_address_variants_give_the_same_link(hub):
    assert links.nbgitpuller_url(hub) == links.nbgitpuller_url(HUB)


def test_wrong_branch_and_path_are_visible():
    q = query(links.nbgitpuller_url(HUB, branch="master", path="lessons/04_hashing.ipynb"))
    assert q["branch"] == "master"
    assert q["urlpath"].endswith("/lessons/04_hashing.ipynb")


def test_other_repo_and_classic_app():
    q = query(links.nbgitpuller_url(HUB, repo="https://github.com/someone/fork-of-course", app="notebook"))
    assert q["repo"] == "https://github.com/someone/fork-of-course"
    assert q["urlpath"] == "tree/fork-of-course/lessons/00_start_here.ipynb"


@pytest.mark.parametrize("kwargs", [
    {"hub_url": "hub.example.edu"},
    {"hub_url": HUB, "path": "/lessons/00_start_here.ipynb"},
    {"hub_url": HUB, "path": "../etc/passwd"},
    {"hub_url": HUB, "branch": ""},
    {"hub_url": HUB, "repo": "https://github.com/a/b.git"},
    {"hub_url": HUB, "app": "rstudio"},
])
def test_bad_arguments_raise_clear_errors(kwargs):
    with pytest.raises(ValueError):
        links.nbgitpuller_url(**kwargs)


def test_binder_link():
    url = links.binder_url()
    owner, name = links.REPO_URL.split("/")[-2:]
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc) == ("https", "mybinder.org")
    assert parts.path == f"/v2/gh/{owner}/{name}/main"
    assert query(url) == {"urlpath": "lab/tree/lessons/00_start_here.ipynb"}


def test_binder_link_branch_and_path():
    url = links.binder_url(path="lessons/05_classifiers.ipynb", branch="dev")
    assert urlsplit(url).path.endswith("/dev")
    assert query(url)["urlpath"] == "lab/tree/lessons/05_classifiers.ipynb"


def test_binder_needs_github():
    with pytest.raises(ValueError):
        links.binder_url(repo="https://gitlab.com/a/b")


def test_cli_prints_links():
    run = lambda *a: subprocess.run([sys.executable, "-m", "coursekit.links", *a],
                                    capture_output=True, text=True)
    out = run(HUB)
    assert out.returncode == 0 and out.stdout.strip() == links.nbgitpuller_url(HUB)
    out = run()
    assert out.returncode == 0 and out.stdout.strip() == links.binder_url()
    out = run("--binder")
    assert out.returncode == 0 and out.stdout.strip() == links.binder_url()
    out = run(HUB, "--binder", "--branch", "dev")
    assert out.stdout.split() == [links.nbgitpuller_url(HUB, branch="dev"), links.binder_url(branch="dev")]
    out = run("not-a-url")
    assert out.returncode == 2 and "error:" in out.stderr


def test_readme_binder_link_is_the_one_links_builds():
    from coursekit.paths import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.findall(r"https://mybinder\.org/v2/[^\s)\]]+", readme)
    assert found, "README has no Binder link"
    assert set(found) == {links.binder_url()}, "README's Binder link differs from coursekit/links.py"
