"""法治报告审查台.

    python main.py                      open the desktop app
    python main.py REPORT|REVIEW.json   open the app on a report or a saved review
    python main.py check REPORT …       command line (see `python main.py check -h`)
    python main.py export REVIEW …      print a saved review to PDF/CSV

Installed, the same entry point is the `fzreview` command.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent


def use_checkout() -> None:
    """Make `fzreview.*` this checkout's folders (core/, ui/, checklists/, assets/).

    An installed wheel maps the same folders under `fzreview/` (pyproject.toml);
    from a checkout this stand-in package does it without an install, and wins over
    any other installed copy, so the code that runs is the code beside this file.
    """
    current = sys.modules.get("fzreview")
    if current is not None and str(CHECKOUT) in list(getattr(current, "__path__", [])):
        return
    package = types.ModuleType("fzreview")
    package.__path__ = [str(CHECKOUT)]
    package.__file__ = None
    sys.modules["fzreview"] = package


if __name__ == "__main__":
    use_checkout()
    from fzreview.ui.launch import main

    sys.exit(main())
