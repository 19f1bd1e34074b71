"""Suite-wide settings, loaded for tests/ and for the notebooks nbval runs.

``COURSEKIT_STRICT_CHECKS=1`` is inherited by every kernel nbval starts: a
self-check that fails in a solution (or passes in an unsolved exercise) then
"""
import os

os.environ["COURSEKIT_STRICT_CHECKS"] = "1"
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
