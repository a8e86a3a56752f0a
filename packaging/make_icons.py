"""Draw the app icon: assets/icons/fzreview.svg, PNGs of the usual sizes and a Windows .ico.

The icon is original and drawn here by hand (no font, no external artwork): a red
square, a white report page with text lines, and a gold seal with a check mark —
a report that has been reviewed. Rerun after changing the drawing:

    QT_QPA_PLATFORM=offscreen python packaging/make_icons.py

PNGs are rendered with Qt's SVG renderer (PySide6, already a dependency); the .ico
and .icns-free Windows icon with Pillow when it is installed.
"""

from __future__ import annotations

import sys
from pathlib import Path

ICON_DIR = Path(__file__).resolve().parent.parent / "assets" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)

SVG = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#c62828"/>
      <stop offset="1" stop-color="#8e1414"/>
    </linearGradient>
  </defs>
  <rect x="8" y="8" width="240" height="240" rx="44" fill="url(#bg)"/>
  <path d="M62 36 H154 L194 76 V212 a8 8 0 0 1 -8 8 H62 a8 8 0 0 1 -8 -8 V44 a8 8 0 0 1 8 -8 Z" fill="#ffffff"/>
  <path d="M154 36 V68 a8 8 0 0 0 8 8 H194 Z" fill="#f2c9c9"/>
  <rect x="76" y="88" width="96" height="12" rx="6" fill="#8e1414"/>
  <rect x="76" y="116" width="96" height="10" rx="5" fill="#b8b8b8"/>
  <rect x="76" y="140" width="72" height="10" rx="5" fill="#b8b8b8"/>
  <rect x="76" y="164" width="52" height="10" rx="5" fill="#b8b8b8"/>
  <circle cx="178" cy="178" r="50" fill="#f0b429" stroke="#ffffff" stroke-width="8"/>
  <path d="M154 179 L171 196 L203 162" fill="none" stroke="#ffffff" stroke-width="15"
        stroke-linecap="round" stroke-linejoin="round"/>
</svg>
"""


def render_png(svg_path: Path, size: int, out: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg_path))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(out)):
        raise SystemExit(f"could not write {out}")


def main() -> int:
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (Qt needs one)
    ICON_DIR.mkdir(parents=True, exist_ok=True)
    svg = ICON_DIR / "fzreview.svg"
    svg.write_text(SVG, encoding="utf-8")
    for size in SIZES:
        render_png(svg, size, ICON_DIR / f"fzreview-{size}.png")
    try:
        from PIL import Image
    except ImportError:
        print("Pillow is not installed: fzreview.ico not rewritten", file=sys.stderr)
    else:
        big = Image.open(ICON_DIR / "fzreview-256.png")
        big.save(ICON_DIR / "fzreview.ico", sizes=[(s, s) for s in SIZES])
    print(f"icons written to {ICON_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
