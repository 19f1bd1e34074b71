"""The one place for where the course lives, and the launch links built from it.

Maintainers change ``REPO_URL`` (and ``BRANCH``, if the default branch is not
``main``) here and nowhere else; the guide, the README's Binder badge and the
JupyterHub link all come from these two values.

    python -m coursekit.links                          # the Binder link
    python -m coursekit.links --binder                 # the same
    python -m coursekit.links https://hub.example.edu  # the nbgitpuller link for that hub
    python -m coursekit.links https://hub.example.edu --path lessons/04_hashing.ipynb

Link formats (see instructors/running-a-session.md for their pitfalls):

* Binder: ``https://mybinder.org/v2/gh/OWNER/REPO/BRANCH?urlpath=lab/tree/PATH``
  (mybinder.org documentation, "Usage guidelines" and "Sharing your Binder").
* nbgitpuller: ``https://HUB/hub/user-redirect/git-pull?repo=...&urlpath=...&branch=...``
  (nbgitpuller documentation, "Options in an nbgitpuller URL"). nbgitpuller clones
  into a folder named after the last part of the repository URL, and ``urlpath``
  is relative to the learner's home, so it must start with that folder name.
  If ``branch`` is left out nbgitpuller uses ``master``, so we always send it.
"""
from __future__ import annotations

import argparse
import sys
from urllib.parse import quote, urlencode, urlsplit

#: The course repository's web address (no ``.git``, no trailing slash).
#: A placeholder until the maintainers publish the course: change it HERE only.
REPO_URL = "https://github.com/course-authors/encryption-debate-course"
#: The branch learners get.
BRANCH = "main"
#: The notebook every launch link opens.
START = "lessons/00_start_here.ipynb"

BINDER_BASE = "https://mybinder.org/v2/gh"


def _check_repo(repo: str) -> str:
    repo = repo.strip()
    if repo.endswith("/"):
        repo = repo.rstrip("/")
    parts = urlsplit(repo)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"repo must be a web address such as https://github.com/OWNER/REPO, got {repo!r}")
    if repo.endswith(".git"):
        raise ValueError(f"use the repository's web address without '.git' "
                         f"(nbgitpuller would clone into a folder ending in .git): {repo!r}")
    return repo


def _check_path(path: str) -> str:
    path = path.strip()
    if not path or path.startswith("/") or ".." in path.split("/"):
        raise ValueError(f"path must be relative to the repository root, e.g. {START!r}; got {path!r}")
    return path


def _check_branch(branch: str) -> str:
    branch = branch.strip()
    if not branch or " " in branch:
        raise ValueError(f"branch must be a branch name such as 'main', got {branch!r}")
    return branch


def repo_folder(repo: str = REPO_URL) -> str:
    """The folder nbgitpuller clones ``repo`` into: the last part of its URL."""
    return _check_repo(repo).split("/")[-1]


def github_owner_repo(repo: str = REPO_URL) -> tuple[str, str]:
    """``("OWNER", "REPO")`` from a GitHub web address."""
    parts = urlsplit(_check_repo(repo))
    bits = [b for b in parts.path.split("/") if b]
    if parts.netloc.lower() not in ("github.com", "www.github.com") or len(bits) != 2:
        raise ValueError(f"Binder links here are built for https://github.com/OWNER/REPO, got {repo!r}")
    return bits[0], bits[1]


def binder_url(path: str = START, branch: str = BRANCH, repo: str = REPO_URL) -> str:
    """A mybinder.org link that builds the repository and opens ``path`` in JupyterLab."""
    owner, name = github_owner_repo(repo)
    path, branch = _check_path(path), _check_branch(branch)
    urlpath = quote(f"lab/tree/{path}", safe="/")
    return f"{BINDER_BASE}/{owner}/{name}/{quote(branch, safe='')}?urlpath={urlpath}"


def nbgitpuller_url(hub_url: str, path: str = START, branch: str = BRANCH,
                    repo: str = REPO_URL, app: str = "lab") -> str:
    """An nbgitpuller link: clicking it on ``hub_url`` clones (first time) or
    updates (later) the course in the learner's home and opens ``path``.

    ``app`` is ``"lab"`` (JupyterLab) or ``"notebook"`` (classic interface).
    """
    hub = hub_url.strip().rstrip("/")
    parts = urlsplit(hub)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"hub_url must look like https://hub.example.edu, got {hub_url!r}")
    if parts.path.endswith("/hub"):  # people often paste https://HUB/hub
        hub = hub[: -len("/hub")]
    repo = _check_repo(repo)
    path, branch = _check_path(path), _check_branch(branch)
    prefix = {"lab": "lab/tree", "notebook": "tree"}.get(app)
    if prefix is None:
        raise ValueError(f"app must be 'lab' or 'notebook', got {app!r}")
    query = urlencode({
        "repo": repo,
        "urlpath": f"{prefix}/{repo_folder(repo)}/{path}",
        "branch": branch,
    })
    return f"{hub}/hub/user-redirect/git-pull?{query}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m coursekit.links",
        description="Print the link that opens the course: on mybinder.org (no hub given) "
                    "or on your JupyterHub through nbgitpuller.")
    parser.add_argument("hub", nargs="?", help="your JupyterHub's address, e.g. https://hub.example.edu")
    parser.add_argument("--path", default=START, help=f"notebook to open (default {START})")
    parser.add_argument("--branch", default=BRANCH, help=f"branch learners get (default {BRANCH})")
    parser.add_argument("--repo", default=REPO_URL, help="repository web address (default: coursekit.links.REPO_URL)")
    parser.add_argument("--app", default="lab", choices=["lab", "notebook"], help="interface to open")
    parser.add_argument("--binder", action="store_true", help="print the mybinder.org link (the default without a hub)")
    args = parser.parse_args(argv)
    try:
        if args.hub:
            print(nbgitpuller_url(args.hub, path=args.path, branch=args.branch, repo=args.repo, app=args.app))
        if args.binder or not args.hub:
            print(binder_url(path=args.path, branch=args.branch, repo=args.repo))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
