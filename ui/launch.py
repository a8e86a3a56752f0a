"""The one entry point, `fzreview` (and `python main.py`): no arguments or a file
opens the desktop app, a subcommand runs the command line.

Importing this module imports neither Qt nor the analysis: the command line never
pays for Qt, and the window is painted before the analysis modules load.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from fzreview.core.cli import CLI_COMMANDS

    if argv and argv[0] in CLI_COMMANDS:
        from fzreview.core.cli import main as cli_main

        return cli_main(argv)
    from fzreview.ui.app import run_gui

    return run_gui(argv)


if __name__ == "__main__":
    sys.exit(main())
