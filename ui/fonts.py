"""The bundled CJK font, registered at start-up so Chinese renders on any machine."""

from __future__ import annotations

import logging
from pathlib import Path

from fzreview.core.resources import FONT_DIR

log = logging.getLogger(__name__)


FONT_FILE = FONT_DIR / "wqy-microhei.ttc"
# Debian's fonts-wqy-microhei installs the same file; used if the bundled copy is missing.
SYSTEM_FONT_FILES = (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),)
MIN_POINT_SIZE = 10.0


def font_file() -> Path | None:
    for path in (FONT_FILE, *SYSTEM_FONT_FILES):
        if path.is_file():
            return path
    return None


def install_app_font(app) -> str | None:
    """Register the bundled font and make it the application font family.

    Returns the family used, or None (the platform default font is kept) when the
    font file is missing or cannot be loaded.
    """
    from PySide6.QtGui import QFontDatabase

    path = font_file()
    font = app.font()
    if font.pointSizeF() > 0 and font.pointSizeF() < MIN_POINT_SIZE:
        font.setPointSizeF(MIN_POINT_SIZE)
    family = None
    if path is None:
        log.warning("bundled font %s not found; using the system font", FONT_FILE)
    else:
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if not families:
            log.warning("could not load font %s; using the system font", path)
        else:
            # The .ttc holds a proportional and a "Mono" face: prefer the proportional one.
            family = next((f for f in families if "mono" not in f.lower()), families[0])
            font.setFamilies([family, *[f for f in font.families() if f != family]])
    app.setFont(font)
    return family
