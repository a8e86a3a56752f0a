"""What the frozen bundle runs: the same entry point as the `fzreview` command."""

import sys

from fzreview.ui.launch import main

if __name__ == "__main__":
    sys.exit(main())
