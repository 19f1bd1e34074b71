"""Suite-wide settings, loaded for tests/ and for the notebooks nbval runs.

``COURSEKIT_STRICT_CHECKS=1`` is inherited by every kernel nbval starts: a
self-check that fails in a solution (or passes in an unsolved exercise) then
fails its cell.

nbval's kernels use :class:`coursekit.kernels.IPCKernelManager` (socket files, not
random TCP ports, which can clash when many kernels start at once).
"""
import os

os.environ["COURSEKIT_STRICT_CHECKS"] = "1"
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")

import nbval.kernel  # noqa: E402

from coursekit.kernels import IPCKernelManager  # noqa: E402

nbval.kernel.KernelManager = IPCKernelManager
