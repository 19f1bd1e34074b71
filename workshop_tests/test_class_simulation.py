"""Workshop route 1: a class on a real JupyterHub follows the course's nbgitpuller link.

N learners (WORKSHOP_LEARNERS, 5 in CI) click the link at once, get the course in their
home, run the lesson (WORKSHOP_LESSON, default 01, else 00) in their own server, then get
an upstream fix while keeping an edited exercise. Broken links must fail the simulation.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests

import classsim
from coursekit import links

ARTIFACTS = classsim.ROOT / "test-artifacts" / "workshop"


def test_class_follows_the_link_runs_the_lesson_and_gets_a_fix(hub, learners, capsys):
    lesson = os.environ.get("WORKSHOP_LESSON", "01")
    res = classsim.simulate_class(hub, learners, lesson)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "class-simulation.json").write_text(json.dumps(asdict(res), indent=1))
    with capsys.disabled():
        print("\n" + classsim.format_report(res))
    assert len(res.learners) == learners
    for r in res.learners:
        assert r["cells"] > 0 and not r["errors"]
        assert r["mem_rss_mb"] > 0, "the learner's server and kernel were not found for measuring"


def _query(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_wrong_branch_fails(hub):
    link = classsim.course_link(hub, "lessons/00_start_here.ipynb", branch="master")
    assert _query(link)["branch"] == "master"
    with pytest.raises(classsim.WorkshopError, match="nbgitpuller failed"):
        classsim.one_learner(hub, "wrongbranch", link)


def test_wrong_path_fails(hub):
    link = classsim.course_link(hub, "lessons/99_no_such_lesson.ipynb")
    with pytest.raises(classsim.WorkshopError, match="not in the learner's home"):
        classsim.one_learner(hub, "wrongpath", link)


def test_urlpath_without_the_clone_folder_answers_200_but_fails(hub):
    """The classic hand-made link: urlpath relative to the repository, not to the home.
    The server still answers 200, so only the files on disk show the mistake."""
    good = classsim.course_link(hub, "lessons/00_start_here.ipynb")
    q = _query(good)
    q["urlpath"] = "lab/tree/lessons/00_start_here.ipynb"
    bad = good.split("?")[0] + "?" + urlencode(q)
    with pytest.raises(classsim.WorkshopError, match="must start with the clone folder") as err:
        classsim.one_learner(hub, "noclonefolder", bad)
    learner = classsim.Learner(hub, "noclonefolder")
    learner.token = hub.user_token("noclonefolder")
    r = requests.get(f"{learner.server_url}/{q['urlpath']}", headers=learner._headers(), timeout=60)
    assert r.status_code == 200, "JupyterLab answers 200 for a path that does not exist"
    assert "noclonefolder" in str(err.value)
