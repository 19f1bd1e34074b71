"""Kernels for the test suite and the course's tools, talking over Unix socket files.

A kernel started the default way listens on TCP ports picked at random; when many
kernels start at once next to a browser and a Jupyter server (as in ``make test``),
a port can be taken between being picked and being bound, and the kernel dies
("Address already in use"). Socket files in a fresh private folder cannot clash.
"""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile

from jupyter_client.manager import AsyncKernelManager, KernelManager


def _ipc_settings(kwargs: dict) -> dict:
    kwargs.setdefault("transport", "ipc")
    if kwargs["transport"] == "ipc" and "ip" not in kwargs:
        folder = tempfile.mkdtemp(prefix="coursekit-kernel-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        kwargs["ip"] = os.path.join(folder, "k")
    return kwargs


class IPCKernelManager(KernelManager):
    """A blocking :class:`KernelManager` on IPC sockets in its own temporary folder
    (nbval and the kernel test fixture use it)."""

    def __init__(self, **kwargs):
        super().__init__(**_ipc_settings(kwargs))


class AsyncIPCKernelManager(AsyncKernelManager):
    """The same for nbclient, which needs an asynchronous kernel manager."""

    def __init__(self, **kwargs):
        super().__init__(**_ipc_settings(kwargs))
