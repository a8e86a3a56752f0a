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
    if argv and _mistyped_command(argv[0]):
        commands = "、".join(c for c in CLI_COMMANDS if not c.startswith("-"))
        print(f"错误：“{argv[0]}”既不是子命令，也不是存在的文件。可用的子命令：{commands}"
              "（python main.py -h 查看用法）；不带参数则打开审查台窗口。", file=sys.stderr)
        return 2
    from fzreview.ui.app import run_gui

    return run_gui(argv)


def _mistyped_command(arg: str) -> bool:
    """A word that is no subcommand, no existing file or folder, and has no file extension
    (`frobnicate`): a mistyped subcommand rather than a report to open."""
    from pathlib import Path

    if arg.startswith("-"):
        return False  # Qt's own options (-platform …) go to the app
    p = Path(arg)
    return not p.exists() and not p.suffix


if __name__ == "__main__":
    sys.exit(main())
