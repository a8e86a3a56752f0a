"""法治报告审查台.

    python main.py                      open the desktop app
    python main.py REPORT|REVIEW.json   open the app on a report or a saved review
    python main.py check REPORT …       command line (see `python main.py check -h`)
    python main.py export REVIEW …      print a saved review to PDF/CSV
"""

import sys


def main() -> int:
    argv = sys.argv[1:]
    from core.cli import CLI_COMMANDS

    if argv and argv[0] in CLI_COMMANDS:
        from core.cli import main as cli_main

        return cli_main(argv)
    from ui.app import run_gui

    return run_gui(argv)


if __name__ == "__main__":
    sys.exit(main())
