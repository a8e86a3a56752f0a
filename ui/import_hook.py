"""PySide6's import hook, made cheap and safe on worker threads.

Once PySide6 is imported, shiboken wraps `__import__`: for every module imported
afterwards it asks `shibokensupport.feature._mod_uses_pyside(module)`, which runs
`inspect.getsource` on the module to look for the string "PySide6" (to set the
module's `from __feature__` default). That read goes through linecache and the
tokenizer, costs time on every import, and is a known source of crashes when the
import happens on a worker thread while the UI thread runs Qt — which is why the
app used to import the analysis modules on the UI thread (a stall at the first open).

`install()` replaces that question with the same answer read straight from the
module's file (b"PySide6" in its bytes), as Spyder's packagers do. After it, a
worker thread may import modules itself (`safe()` is True).
"""

from __future__ import annotations

import sys

_installed = False


def install() -> bool:
    """Replace shiboken's source lookup (idempotent). False if PySide6 has no such hook."""
    global _installed
    if _installed:
        return True
    feature = sys.modules.get("shibokensupport.feature")
    upstream = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or upstream is None:
        return False

    def _mod_uses_pyside(module) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return False  # built-in or compiled: no source to search (what upstream answers too)
        try:
            with open(path, "rb") as fh:
                return b"PySide6" in fh.read()
        except OSError:
            return False

    setattr(feature, "_mod_uses_pyside", _mod_uses_pyside)  # noqa: B010 (private, untyped)
    _installed = True
    return True


def safe() -> bool:
    """Whether modules may be imported on a worker thread."""
    return _installed
