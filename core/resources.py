"""Where the app's data lives: checklists, fonts, icons, the sample report.

The app is the package `fzreview`, whose sub-packages are the checkout's top-level
folders (`core/`, `ui/`, `checklists/`, `assets/`; see pyproject.toml). The data
folders sit beside `core/` in every way the app runs: a checkout, a wheel installed
into site-packages (`fzreview/checklists/…`) and a PyInstaller bundle (the spec puts
them under `fzreview/` in the bundle, where frozen modules' `__file__` points).
"""

from __future__ import annotations

from pathlib import Path

APP_ROOT = Path(__file__).resolve().parent.parent
CHECKLIST_DIR = APP_ROOT / "checklists"
ASSETS_DIR = APP_ROOT / "assets"
FONT_DIR = ASSETS_DIR / "fonts"
ICON_DIR = ASSETS_DIR / "icons"
SAMPLE_REPORT = ASSETS_DIR / "samples" / "sample-report.txt"
