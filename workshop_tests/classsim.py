"""A class of learners on a real JupyterHub, simulated end to end.

What it starts (loopback only, everything in one temporary folder, all torn down):

* an *upstream*: a bare clone of this repository's committed HEAD, branch ``main``,
  served over plain ("dumb") HTTP on 127.0.0.1, standing in for GitHub;
* a stock JupyterHub: DummyAuthenticator, SimpleLocalProcessSpawner with homes in the
  temporary folder, configurable-http-proxy from ``.workshop/node_modules``, an admin
  API token held by a service.

What each simulated learner does, all at once (a class clicking the link together):
follows the course's own nbgitpuller link (``coursekit.links.nbgitpuller_url``), logs in
through the form, waits for the server, lets nbgitpuller's status page do its second call
to ``<server>/git-pull/api``, checks the files landed in the home folder, opens the
linked lesson through the REST API and runs it cell by cell over the kernel websocket,
checking for errors, plots and widgets. Then it edits an exercise, the upstream changes
the lesson, the learner follows the link again and must get the change and keep the edit.

Run by ``make test-workshop`` (workshop_tests/test_class_simulation.py). For capacity
measurements on a bigger machine:

    .venv/bin/python workshop_tests/classsim.py --learners 20 --lessons all
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import contextlib
import datetime as dt
import functools
import html
import http.server
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

import nbformat
import psutil
import requests
import websocket

from coursekit import links

ROOT = Path(__file__).resolve().parent.parent
FOLDER = links.repo_folder()  # nbgitpuller clones into this folder in each home
CHP = ROOT / ".workshop" / "node_modules" / ".bin" / "configurable-http-proxy"
LOOPBACK = "127.0.0.1"
PASSWORD = "any-password"  # DummyAuthenticator accepts any password


class WorkshopError(AssertionError):
    """A learner's route through the link, the pull or the lesson failed."""


# --------------------------------------------------------------------------- helpers

def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind((LOOPBACK, port))
        except OSError:
            return False
    return True


def free_port_block(size: int, tries: int = 200) -> int:
    """A base port such that base .. base+size-1 are all free on loopback."""
    rng = secrets.SystemRandom()
    for _ in range(tries):
        base = rng.randrange(20000, 45000 - size)
        if all(_port_free(base + i) for i in range(size)):
            return base
    raise RuntimeError(f"no block of {size} free ports found")


def git(*args: str, cwd: Path | None = None) -> str:
    out = subprocess.run(
        ["git", "-c", "user.name=Upstream maintainer", "-c", "user.email=upstream@example.invalid",
         "-c", "protocol.file.allow=always", *args],
        cwd=cwd, capture_output=True, text=True, timeout=120)
    if out.returncode:
        raise RuntimeError(f"git {' '.join(args)} failed: {out.stderr.strip()}")
    return out.stdout.strip()


def rss_mb(procs) -> tuple[float, float]:
    """(RSS, PSS) in MB summed over processes that still exist."""
    rss = pss = 0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            info = p.memory_full_info()
            rss += info.rss
            pss += getattr(info, "pss", info.rss)
    return rss / 2**20, pss / 2**20


def pick_lesson(repo: Path, wanted: str) -> str:
    """``lessons/NN_name.ipynb`` for lesson ``wanted`` ("01"), else lesson 00."""
    found = sorted((repo / "lessons").glob(f"{wanted}_*.ipynb"))
    if not found:
        found = sorted((repo / "lessons").glob("00_start_here.ipynb"))
    if not found:
        raise RuntimeError(f"no lesson {wanted} and no lessons/00_start_here.ipynb in {repo}")
    return found[0].relative_to(repo).as_posix()


# --------------------------------------------------------------------------- upstream

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output readable
        pass


class Upstream:
    """A bare clone of ROOT's committed HEAD as branch ``main``, served over plain HTTP.

    Plain (dumb) HTTP cannot serve shallow clones, so the hub sets
    ``NBGITPULLER_DEPTH=0`` for every learner (GitHub speaks smart HTTP and needs none).
    """

    def __init__(self, workdir: Path, source: Path = ROOT):
        self.srv = workdir / "srv"
        self.bare = self.srv / FOLDER
        self.work = workdir / "upstream-work"
        head = git("rev-parse", "HEAD", cwd=source)
        git("clone", "--quiet", "--bare", "--no-hardlinks", source.as_uri(), str(self.bare))
        git("--git-dir", str(self.bare), "update-ref", "refs/heads/main", head)
        git("--git-dir", str(self.bare), "symbolic-ref", "HEAD", "refs/heads/main")
        for ref in git("--git-dir", str(self.bare), "for-each-ref", "--format=%(refname)", "refs/heads").split():
            if ref != "refs/heads/main":
                git("--git-dir", str(self.bare), "update-ref", "-d", ref)
        git("--git-dir", str(self.bare), "update-server-info")
        git("clone", "--quiet", "--branch", "main", str(self.bare), str(self.work))
        self.head = head
        handler = functools.partial(_QuietHandler, directory=str(self.srv))
        self.httpd = http.server.ThreadingHTTPServer((LOOPBACK, 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="upstream-http", daemon=True)
        self.thread.start()
        self.url = f"http://{LOOPBACK}:{self.httpd.server_address[1]}/{FOLDER}"

    def change(self, relpath: str, edit, message: str) -> str:
        """Apply ``edit(notebook)`` to a notebook upstream, commit, publish; return the sha."""
        path = self.work / relpath
        nb = nbformat.read(path, as_version=4)
        edit(nb)
        nbformat.write(nb, path)
        git("add", relpath, cwd=self.work)
        git("commit", "--quiet", "-m", message, cwd=self.work)
        git("push", "--quiet", "origin", "HEAD:main", cwd=self.work)
        git("--git-dir", str(self.bare), "update-server-info")
        return git("rev-parse", "HEAD", cwd=self.work)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


# --------------------------------------------------------------------------- the hub

HUB_CONFIG = """\
# Written by workshop_tests/classsim.py: a stock JupyterHub on loopback only.
c = get_config()  # noqa
c.JupyterHub.bind_url = {bind_url!r}
c.JupyterHub.hub_bind_url = {hub_bind_url!r}
c.JupyterHub.db_url = {db_url!r}
c.JupyterHub.cookie_secret_file = {cookie_secret!r}
c.JupyterHub.pid_file = {hub_pid!r}
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {homes!r} + "/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = {spawner_args!r}
c.Spawner.default_url = "/lab"
# Measured: with the 30 s defaults, 20 learners starting at once time out.
c.Spawner.start_timeout = {start_timeout}
c.Spawner.http_timeout = {start_timeout}
c.JupyterHub.concurrent_spawn_limit = 0
c.ConfigurableHTTPProxy.command = [{chp!r}]
c.ConfigurableHTTPProxy.api_url = {proxy_api!r}
c.ConfigurableHTTPProxy.pid_file = {proxy_pid!r}
c.ConfigurableHTTPProxy.debug = False
c.JupyterHub.services = [{{"name": "workshop-admin", "api_token": {admin_token!r}}}]
c.JupyterHub.load_roles = [{{"name": "workshop-admin",
    "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users"],
    "services": ["workshop-admin"]}}]

PORT_BASE = {port_base}
RUNTIME = {runtime!r}
ENV = {environment!r}


def pre_spawn_hook(spawner):
    # Measured: at ~40 simultaneous starts random ports clashed; give each user a
    # fixed port and make kernels talk over socket files (ipc) instead of TCP ports.
    spawner.port = PORT_BASE + spawner.user.id
    env = dict(ENV)
    env["JUPYTER_RUNTIME_DIR"] = RUNTIME + "/" + spawner.user.name
    spawner.environment = env


c.Spawner.pre_spawn_hook = pre_spawn_hook
"""


@dataclass
class HubConfig:
    learners: int = 5
    start_timeout: int = 180
    kernel_ipc: bool = True


class Hub:
    """A running JupyterHub plus its upstream. Use as a context manager."""

    def __init__(self, cfg: HubConfig | None = None, chp: Path = CHP):
        self.cfg = cfg or HubConfig()
        if not chp.exists():
            raise FileNotFoundError(f"configurable-http-proxy not found at {chp}; `make test-workshop` installs it")
        self.chp = chp
        self.tmp = Path(tempfile.mkdtemp(prefix="ws", dir="/tmp"))  # short: socket paths < 108 chars
        self.proc: subprocess.Popen | None = None
        self.upstream: Upstream | None = None
        self.log_path = self.tmp / "hub.log"

    # -- lifecycle
    def __enter__(self) -> "Hub":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        self.upstream = Upstream(self.tmp)
        port, hub_port, api_port = free_port(), free_port(), free_port()
        self.url = f"http://{LOOPBACK}:{port}"
        self.admin_token = secrets.token_hex(32)
        (self.tmp / "homes").mkdir()
        (self.tmp / "rt").mkdir()
        env = {"NBGITPULLER_DEPTH": "0"}  # plain-HTTP upstream: no shallow clones
        args = ["--allow-root"] if os.geteuid() == 0 else []
        if self.cfg.kernel_ipc:
            args.append("--KernelManager.transport=ipc")
        self.port_base = free_port_block(self.cfg.learners + 20)
        conf = HUB_CONFIG.format(
            bind_url=self.url + "/", hub_bind_url=f"http://{LOOPBACK}:{hub_port}",
            db_url=f"sqlite:///{self.tmp}/hub.sqlite", cookie_secret=str(self.tmp / "cookie_secret"),
            hub_pid=str(self.tmp / "hub.pid"), homes=str(self.tmp / "homes"),
            singleuser=str(Path(sys.executable).parent / "jupyterhub-singleuser"),
            spawner_args=args, start_timeout=self.cfg.start_timeout, chp=str(self.chp),
            proxy_api=f"http://{LOOPBACK}:{api_port}", proxy_pid=str(self.tmp / "proxy.pid"),
            admin_token=self.admin_token, port_base=self.port_base, runtime=str(self.tmp / "rt"),
            environment=env)
        (self.tmp / "jupyterhub_config.py").write_text(conf)
        log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(self.tmp / "jupyterhub_config.py")],
            cwd=self.tmp, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        log.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterHub exited ({self.proc.returncode}):\n{self.log_tail()}")
            with contextlib.suppress(requests.RequestException):
                if self.api("GET", "/").status_code == 200:
                    return
            time.sleep(0.3)
        raise RuntimeError(f"JupyterHub did not answer within 60 s:\n{self.log_tail()}")

    def stop(self):
        """Stop servers, hub and proxy; then kill anything left that lived in our folder."""
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(Exception):
                for user in self.api("GET", "/users", timeout=10).json():
                    if user.get("server"):
                        self.api("DELETE", f"/users/{user['name']}/server", timeout=30)
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self._kill_leftovers()
        if self.upstream is not None:
            self.upstream.close()
        if os.environ.get("WORKSHOP_KEEP_TMP"):
            print(f"kept {self.tmp}")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def _kill_leftovers(self):
        """Single-user servers and kernels run in sessions of their own: find them by
        their HOME (under our folder), the proxy by its pid file, and end them."""
        mine = str(self.tmp)
        left = []
        pidfile = self.tmp / "proxy.pid"
        if pidfile.exists():
            with contextlib.suppress(ValueError, psutil.Error):
                p = psutil.Process(int(pidfile.read_text().strip()))
                if "configurable-http-proxy" in " ".join(p.cmdline()):
                    left.append(p)
        for p in psutil.process_iter():
            with contextlib.suppress(psutil.Error):
                if p.pid != os.getpid() and p.environ().get("HOME", "").startswith(mine):
                    left.append(p)
        for p in left:
            with contextlib.suppress(psutil.Error):
                p.terminate()
        _, alive = psutil.wait_procs(left, timeout=10)
        for p in alive:
            with contextlib.suppress(psutil.Error):
                p.kill()
        self.leftovers_killed = len(left)

    def log_tail(self, n: int = 40) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        return ""

    # -- admin API
    def api(self, method: str, path: str, timeout: float = 30, **kw) -> requests.Response:
        return requests.request(method, f"{self.url}/hub/api{path}", timeout=timeout,
                                headers={"Authorization": f"token {self.admin_token}"}, **kw)

    def create_user(self, name: str) -> None:
        r = self.api("POST", f"/users/{name}")
        if r.status_code not in (201, 409):
            raise WorkshopError(f"creating {name}: {r.status_code} {r.text[:200]}")

    def user_token(self, name: str) -> str:
        r = self.api("POST", f"/users/{name}/tokens", json={"note": "class simulation"})
        r.raise_for_status()
        return r.json()["token"]

    def home(self, name: str) -> Path:
        return self.tmp / "homes" / name

    def server_processes(self, name: str) -> list[psutil.Process]:
        """The user's single-user server and its kernels: the processes that carry
        the user's JUPYTERHUB_USER and a HOME in our folder."""
        home = str(self.home(name))
        procs = []
        for p in psutil.process_iter():
            with contextlib.suppress(psutil.Error):
                env = p.environ()
                if env.get("JUPYTERHUB_USER") == name and env.get("HOME", "").startswith(home):
                    procs.append(p)
        return procs

    def infrastructure_processes(self) -> list[psutil.Process]:
        procs = []
        with contextlib.suppress(psutil.Error):
            procs.append(psutil.Process(self.proc.pid))
        pidfile = self.tmp / "proxy.pid"
        with contextlib.suppress(ValueError, OSError, psutil.Error):
            procs.append(psutil.Process(int(pidfile.read_text().strip())))
        return procs


# --------------------------------------------------------------------------- a learner

@dataclass
class LearnerReport:
    name: str
    lesson: str = ""
    spawn_s: float = 0.0        # link clicked -> own server answering (login included)
    pull_s: float = 0.0         # the git-pull/api call (clone)
    run_s: float = 0.0          # kernel start + every cell of the lesson
    wall_s: float = 0.0         # link clicked -> lesson run to the end
    repull_s: float = 0.0       # second click after the upstream change
    cells: int = 0
    plots: int = 0
    widgets: int = 0
    errors: list = field(default_factory=list)
    mem_rss_mb: float = 0.0     # server + kernels with the lesson(s) open
    mem_pss_mb: float = 0.0
    lessons_open: int = 0
    got_upstream_change: bool | None = None
    kept_exercise_edit: bool | None = None


def _body_data(page: str) -> dict[str, str]:
    """The ``data-*`` attributes nbgitpuller's status page hands to its script."""
    body = re.search(r"<body(.*?)>", page, re.S)
    if not body:
        raise WorkshopError("nbgitpuller status page has no <body>")
    return {k: unquote(html.unescape(v)) for k, v in re.findall(r'data-([a-z-]+)="([^"]*)"', body.group(1))}


class Learner:
    def __init__(self, hub: Hub, name: str, timeout: float = 300):
        self.hub, self.name, self.timeout = hub, name, timeout
        self.s = requests.Session()
        self.report = LearnerReport(name)
        self.token: str | None = None

    @property
    def server_url(self) -> str:
        return f"{self.hub.url}/user/{self.name}"

    # -- the link
    def follow_link(self, link: str) -> tuple[dict, float]:
        """Click the link like a browser: login form, spawn wait, status page, then the
        status page's own second call to git-pull/api. Returns (status-page data, pull s)."""
        r = self.s.get(link, timeout=self.timeout)
        if urlsplit(r.url).path.endswith("/hub/login"):
            xsrf = self.s.cookies.get("_xsrf", path="/hub/") or self.s.cookies.get("_xsrf") or ""
            m = re.search(r'name="_xsrf"\s+value="([^"]+)"', r.text)
            if m:
                xsrf = html.unescape(m.group(1))
            r = self.s.post(r.url, data={"username": self.name, "password": PASSWORD, "_xsrf": xsrf},
                            timeout=self.timeout)
        deadline = time.monotonic() + self.timeout
        while "/hub/spawn-pending/" in urlsplit(r.url).path or "/hub/spawn/" in urlsplit(r.url).path:
            if time.monotonic() > deadline:
                raise WorkshopError(f"{self.name}: server not ready after {self.timeout} s:\n{self.hub.log_tail()}")
            self._wait_ready(deadline)
            r = self.s.get(r.url, timeout=self.timeout)
        if r.status_code != 200 or not urlsplit(r.url).path.endswith(f"/user/{self.name}/git-pull"):
            raise WorkshopError(f"{self.name}: expected nbgitpuller's status page, got {r.status_code} at {r.url}")
        self.report.spawn_s = self.report.spawn_s or 0.0
        data = _body_data(r.text)
        t0 = time.monotonic()
        self._pull(data)
        return data, time.monotonic() - t0

    def _wait_ready(self, deadline: float):
        while time.monotonic() < deadline:
            info = self.hub.api("GET", f"/users/{self.name}").json()
            server = (info.get("servers") or {}).get("")
            if server and server.get("ready"):
                return
            if not info.get("pending") and not server:
                raise WorkshopError(f"{self.name}: spawn failed:\n{self.hub.log_tail()}")
            time.sleep(0.5)

    def _pull(self, data: dict):
        """What nbgitpuller's status page script does: an EventSource on git-pull/api."""
        params = {"_xsrf": data.get("xsrf", ""), "repo": data["repo"], "targetpath": data["targetpath"]}
        for key in ("depth", "branch", "backup"):
            if key in data:
                params[key] = data[key]
        url = f"{self.server_url}/git-pull/api?{urlencode(params)}"
        finished, log = False, []
        with self.s.get(url, stream=True, timeout=self.timeout) as r:
            if r.status_code != 200:
                raise WorkshopError(f"{self.name}: git-pull/api answered {r.status_code}")
            for line in r.iter_lines(decode_unicode=True):
                if not line or not line.startswith("data:"):
                    continue
                event = json.loads(line[5:])
                if "output" in event:
                    log.append(event["output"])
                if event.get("phase") == "error":
                    raise WorkshopError(f"{self.name}: nbgitpuller failed: {event.get('message')}\n"
                                        + "".join(log)[-2000:])
                if event.get("phase") == "finished":
                    finished = True
                    break
        if not finished:
            raise WorkshopError(f"{self.name}: git-pull/api stream ended without 'finished'")

    def landed_notebook(self, data: dict) -> str:
        """The notebook the status page redirects to, checked ON DISK (a wrong urlpath
        still answers 200: JupyterLab serves its page for any path)."""
        path = data["path"]
        prefix = next((p for p in ("lab/tree/", "tree/", "notebooks/") if path.startswith(p)), None)
        if prefix is None:
            raise WorkshopError(f"{self.name}: urlpath {path!r} does not open a file")
        rel = path[len(prefix):]
        home = self.hub.home(self.name)
        if not (home / rel).is_file():
            raise WorkshopError(
                f"{self.name}: the link opens {path!r}, but {rel!r} is not in the learner's home "
                f"(there: {sorted(p.name for p in home.iterdir() if not p.name.startswith('.'))}). "
                f"urlpath must start with the clone folder {data['targetpath']!r}.")
        return rel

    # -- REST + kernel websocket
    def _headers(self) -> dict:
        if self.token is None:
            self.token = self.hub.user_token(self.name)
        return {"Authorization": f"token {self.token}"}

    def contents(self, rel: str) -> dict:
        r = requests.get(f"{self.server_url}/api/contents/{quote(rel)}", headers=self._headers(),
                         params={"content": 1}, timeout=60)
        if r.status_code != 200:
            raise WorkshopError(f"{self.name}: contents API {r.status_code} for {rel}")
        return r.json()

    def save(self, rel: str, nb: dict):
        r = requests.put(f"{self.server_url}/api/contents/{quote(rel)}", headers=self._headers(),
                         json={"type": "notebook", "format": "json", "content": nb}, timeout=60)
        if r.status_code not in (200, 201):
            raise WorkshopError(f"{self.name}: saving {rel}: {r.status_code} {r.text[:200]}")

    def run_notebook(self, rel: str, cell_timeout: float = 180) -> dict:
        """Open ``rel`` in a kernel session and run every code cell; the session stays open."""
        nb = self.contents(rel)["content"]
        r = requests.post(f"{self.server_url}/api/sessions", headers=self._headers(), timeout=120,
                          json={"path": rel, "type": "notebook", "name": Path(rel).name,
                                "kernel": {"name": "python3"}})
        if r.status_code not in (200, 201):
            raise WorkshopError(f"{self.name}: starting a kernel for {rel}: {r.status_code} {r.text[:300]}")
        kernel_id = r.json()["kernel"]["id"]
        session = uuid.uuid4().hex
        ws_url = (self.server_url.replace("http://", "ws://", 1)
                  + f"/api/kernels/{kernel_id}/channels?session_id={session}")
        ws = websocket.create_connection(ws_url, header=[f"Authorization: {self._headers()['Authorization']}"],
                                         timeout=cell_timeout)
        result = {"cells": 0, "plots": 0, "widgets": 0, "errors": []}
        try:
            self._request(ws, session, "kernel_info_request", {}, cell_timeout)
            for i, cell in enumerate(nb["cells"]):
                if cell["cell_type"] != "code" or not "".join(cell["source"]).strip():
                    continue
                out = self._request(ws, session, "execute_request", {
                    "code": "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"],
                    "silent": False, "store_history": True, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True}, cell_timeout)
                result["cells"] += 1
                result["plots"] += out["plots"]
                result["widgets"] += out["widgets"]
                if out["error"]:
                    result["errors"].append(f"cell {i}: {out['error']}")
                    break
        finally:
            ws.close()
        return result

    def _request(self, ws, session: str, msg_type: str, content: dict, timeout: float) -> dict:
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": self.name, "session": session, "msg_type": msg_type,
                       "version": "5.3", "date": dt.datetime.now(dt.timezone.utc).isoformat()},
            "parent_header": {}, "metadata": {}, "content": content, "channel": "shell", "buffers": []}))
        out = {"plots": 0, "widgets": 0, "error": None}
        idle = replied = False
        deadline = time.monotonic() + timeout
        while not (idle and replied):
            if time.monotonic() > deadline:
                raise WorkshopError(f"{self.name}: no reply to {msg_type} within {timeout} s")
            raw = ws.recv()
            if isinstance(raw, bytes):  # binary frames: widget buffers
                continue
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            c = msg.get("content", {})
            if msg.get("channel") == "shell" and kind.endswith("_reply"):
                replied = True
                if c.get("status") == "error" and not out["error"]:
                    out["error"] = f"{c.get('ename')}: {c.get('evalue')}"
            elif kind == "status" and c.get("execution_state") == "idle":
                idle = True
            elif kind == "error":
                out["error"] = f"{c.get('ename')}: {c.get('evalue')}"
            elif kind in ("display_data", "execute_result"):
                data = c.get("data", {})
                # coursekit.style.show sends an HTML figure with the PNG inside
                out["plots"] += ("image/png" in data or "image/svg+xml" in data
                                 or "data:image/png" in str(data.get("text/html", "")))
                out["widgets"] += "application/vnd.jupyter.widget-view+json" in data
        return out


# --------------------------------------------------------------------------- the class

def course_link(hub: Hub, lesson: str, **kw) -> str:
    """The course's own nbgitpuller link, pointed at the local upstream."""
    return links.nbgitpuller_url(hub.url, path=lesson, repo=hub.upstream.url, **kw)


def one_learner(hub: Hub, name: str, link: str, start: threading.Barrier | None = None,
                run_lessons: list[str] | None = None) -> Learner:
    """Create, log in, follow the link, check the files, run the linked lesson."""
    hub.create_user(name)
    learner = Learner(hub, name)
    if start is not None:
        start.wait(timeout=60)  # the class clicks together
    t0 = time.monotonic()
    data, pull_s = learner.follow_link(link)
    learner.report.pull_s = pull_s
    learner.report.spawn_s = time.monotonic() - t0 - pull_s
    rel = learner.landed_notebook(data)
    home = hub.home(name) / FOLDER
    upstream_head = git("rev-parse", "HEAD", cwd=home)
    if upstream_head != git("--git-dir", str(hub.upstream.bare), "rev-parse", "refs/heads/main"):
        raise WorkshopError(f"{name}: home clone is at {upstream_head}, not upstream main")
    learner.report.lesson = rel
    t1 = time.monotonic()
    result = learner.run_notebook(rel)
    learner.report.run_s = time.monotonic() - t1
    learner.report.wall_s = time.monotonic() - t0
    learner.report.cells, learner.report.plots = result["cells"], result["plots"]
    learner.report.widgets, learner.report.errors = result["widgets"], result["errors"]
    learner.report.lessons_open = 1
    for extra in run_lessons or []:
        extra_rel = f"{FOLDER}/{extra}"
        if extra_rel != rel:
            res = learner.run_notebook(extra_rel)
            learner.report.errors += [f"{extra}: {e}" for e in res["errors"]]
            learner.report.lessons_open += 1
    rss, pss = rss_mb(hub.server_processes(name))
    learner.report.mem_rss_mb, learner.report.mem_pss_mb = round(rss, 1), round(pss, 1)
    return learner


def check_lesson_ran(report: LearnerReport, expect_plots: bool, expect_widgets: bool):
    problems = list(report.errors)
    if report.cells == 0:
        problems.append("no code cell ran")
    if expect_plots and report.plots == 0:
        problems.append("no plot was displayed")
    if expect_widgets and report.widgets == 0:
        problems.append("no widget was displayed")
    if problems:
        raise WorkshopError(f"{report.name} ({report.lesson}): " + "; ".join(problems))


def expected_outputs(nb_path: Path) -> tuple[bool, bool]:
    """Whether the lesson should show plots and widgets (from its own source)."""
    src = "\n".join("".join(c["source"]) for c in nbformat.read(nb_path, as_version=4).cells
                    if c.cell_type == "code")
    plots = bool(re.search(r"style\.show\(|plt\.show\(|display\(fig", src))
    widgets = bool(re.search(r"\.show\(\)|widgets\.|interact\(", src))
    return plots, widgets


@dataclass
class ClassResult:
    lesson: str
    lesson_note: str
    learners: list
    class_wall_s: float
    upstream_change_wall_s: float
    hub_proxy_rss_mb: float
    machine: dict


def simulate_class(hub: Hub, n: int, lesson_wanted: str = "01", all_lessons: bool = False,
                   prefix: str = "learner") -> ClassResult:
    lesson = pick_lesson(hub.upstream.work, lesson_wanted)
    note = "" if lesson.startswith(f"lessons/{lesson_wanted}_") else f" (lesson {lesson_wanted} is absent: fell back)"
    print(f"class simulation: {n} learners, lesson {lesson}{note}", flush=True)
    extra = sorted(p.relative_to(hub.upstream.work).as_posix()
                   for p in (hub.upstream.work / "lessons").glob("*.ipynb")) if all_lessons else []
    link = course_link(hub, lesson)
    names = [f"{prefix}{i:02d}" for i in range(1, n + 1)]
    barrier = threading.Barrier(n)
    t0 = time.monotonic()
    with cf.ThreadPoolExecutor(n) as pool:
        futures = {pool.submit(one_learner, hub, name, link, barrier, extra): name for name in names}
        learners, failures = {}, []
        for fut in cf.as_completed(futures):
            try:
                learners[futures[fut]] = fut.result()
            except Exception as exc:  # report every learner's failure, not only the first
                failures.append(f"{futures[fut]}: {exc}")
    class_wall = time.monotonic() - t0
    if failures:
        raise WorkshopError("learners failed:\n" + "\n".join(failures))
    plots, widgets = expected_outputs(hub.upstream.work / lesson)
    for name in names:
        check_lesson_ran(learners[name].report, plots, widgets)

    # ---- an upstream fix, while every learner has edited an exercise
    exercise = _exercise_for(hub.upstream.work, lesson)
    token = f"upstream-fix-{secrets.token_hex(4)}"
    for name in names:
        lr = learners[name]
        nb = lr.contents(f"{FOLDER}/{exercise}")["content"]
        cell = next(c for c in nb["cells"] if c["cell_type"] == "code")
        cell["source"] = cell["source"] + f"\n# my answer ({name})"
        lr.save(f"{FOLDER}/{exercise}", nb)
    # the first learner also edits the lesson's first line: the line the fix changes
    first = learners[names[0]]
    nb = first.contents(f"{FOLDER}/{lesson}")["content"]
    nb["cells"][0]["source"] = _edit_first_line(nb["cells"][0]["source"], " (my own note)")
    first.save(f"{FOLDER}/{lesson}", nb)

    def fix(notebook):
        notebook.cells[0].source = _edit_first_line(notebook.cells[0].source, f" [{token}]")
    hub.upstream.change(lesson, fix, f"Fix lesson title ({token})")

    t1 = time.monotonic()

    def repull(name):
        lr = learners[name]
        _, pull_s = lr.follow_link(link)
        lr.report.repull_s = round(pull_s, 2)
        home = hub.home(name) / FOLDER
        lr.report.got_upstream_change = token in (home / lesson).read_text()
        lr.report.kept_exercise_edit = f"# my answer ({name})" in (home / exercise).read_text()
        return lr

    with cf.ThreadPoolExecutor(n) as pool:
        list(pool.map(repull, names))
    change_wall = time.monotonic() - t1
    problems = []
    for name in names:
        r = learners[name].report
        if not r.kept_exercise_edit:
            problems.append(f"{name} lost the edited exercise")
        if name == names[0]:
            if r.got_upstream_change:
                problems.append(f"{name} edited the same line; expected the learner's edit to win")
        elif not r.got_upstream_change:
            problems.append(f"{name} did not get the upstream change")
    if problems:
        raise WorkshopError("after the upstream change: " + "; ".join(problems))
    infra_rss, _ = rss_mb(hub.infrastructure_processes())
    return ClassResult(
        lesson=lesson, lesson_note=note, learners=[asdict(learners[n_].report) for n_ in names],
        class_wall_s=round(class_wall, 2), upstream_change_wall_s=round(change_wall, 2),
        hub_proxy_rss_mb=round(infra_rss, 1),
        machine={"cpus": os.cpu_count(), "mem_total_mb": round(psutil.virtual_memory().total / 2**20)})


def _edit_first_line(source, suffix: str):
    text = "".join(source) if isinstance(source, list) else source
    head, sep, rest = text.partition("\n")
    return head + suffix + sep + rest


def _exercise_for(repo: Path, lesson: str) -> str:
    number = Path(lesson).name[:2]
    found = sorted((repo / "exercises").glob(f"{number}_*.ipynb")) or sorted((repo / "exercises").glob("*.ipynb"))
    if not found:
        raise RuntimeError("no exercise notebook upstream")
    return found[0].relative_to(repo).as_posix()


def publish_worktree_lessons(upstream: Upstream) -> list[str]:
    """Copy lessons that exist in this working tree but not upstream, and publish them."""
    added = []
    for nb in sorted((ROOT / "lessons").glob("*.ipynb")):
        rel = nb.relative_to(ROOT).as_posix()
        if not (upstream.work / rel).exists():
            shutil.copy(nb, upstream.work / rel)
            git("add", rel, cwd=upstream.work)
            added.append(rel)
    if added:
        git("commit", "--quiet", "-m", "Lessons from the working tree", cwd=upstream.work)
        git("push", "--quiet", "origin", "HEAD:main", cwd=upstream.work)
        git("--git-dir", str(upstream.bare), "update-server-info")
    return added


def format_report(res: ClassResult) -> str:
    rows = [f"{'learner':<10} {'spawn s':>8} {'pull s':>7} {'run s':>6} {'wall s':>7} {'repull s':>8} "
            f"{'RSS MB':>7} {'PSS MB':>7} {'cells':>5} {'plots':>5} {'widgets':>7}"]
    for r in res.learners:
        rows.append(f"{r['name']:<10} {r['spawn_s']:8.1f} {r['pull_s']:7.2f} {r['run_s']:6.1f} {r['wall_s']:7.1f} "
                    f"{r['repull_s']:8.2f} {r['mem_rss_mb']:7.0f} {r['mem_pss_mb']:7.0f} {r['cells']:5d} "
                    f"{r['plots']:5d} {r['widgets']:7d}")
    n = len(res.learners)
    avg = lambda k: sum(r[k] for r in res.learners) / n  # noqa: E731
    rows.append(f"{'mean':<10} {avg('spawn_s'):8.1f} {avg('pull_s'):7.2f} {avg('run_s'):6.1f} {avg('wall_s'):7.1f} "
                f"{avg('repull_s'):8.2f} {avg('mem_rss_mb'):7.0f} {avg('mem_pss_mb'):7.0f}")
    rows.append(f"lesson {res.lesson}{res.lesson_note}; {n} learners clicked together; class wall time {res.class_wall_s:.1f} s; "
                f"upstream change re-pulled by all in {res.upstream_change_wall_s:.1f} s; hub+proxy RSS "
                f"{res.hub_proxy_rss_mb:.0f} MB; machine {res.machine}")
    return "\n".join(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--learners", type=int, default=int(os.environ.get("WORKSHOP_LEARNERS", 5)))
    ap.add_argument("--lesson", default=os.environ.get("WORKSHOP_LESSON", "01"))
    ap.add_argument("--lessons", choices=["one", "all"], default="one",
                    help="'all': every learner also opens and runs every lesson (memory with each lesson open)")
    ap.add_argument("--start-timeout", type=int, default=180)
    ap.add_argument("--tcp-kernels", action="store_true", help="kernels on TCP ports instead of socket files")
    ap.add_argument("--worktree-lessons", action="store_true",
                    help="also publish lessons not yet committed here (capacity measurements only)")
    ap.add_argument("--json", type=Path, help="write the measurements here")
    args = ap.parse_args(argv)
    cfg = HubConfig(learners=args.learners, start_timeout=args.start_timeout, kernel_ipc=not args.tcp_kernels)
    t0 = time.monotonic()
    with Hub(cfg) as hub:
        if args.worktree_lessons:
            publish_worktree_lessons(hub.upstream)
        res = simulate_class(hub, args.learners, args.lesson, all_lessons=args.lessons == "all")
    print(format_report(res))
    print(f"total with hub start and teardown: {time.monotonic() - t0:.1f} s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(asdict(res), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
