"""OFD reports (GB/T 33190): a zip of XML with positioned text.

Reading order follows the standard: OFD.xml → DocBody → DocRoot (Document.xml)
→ Pages/Page@BaseLoc → Content.xml. Text is in ofd:TextCode elements inside
ofd:TextObject; each piece is placed on the page (Boundary origin, CTM,
TextCode X/Y, DeltaX advances), pieces are grouped into lines by baseline, and
the lines are reflowed into paragraphs like a PDF's. Page templates (running
headers, backgrounds), annotations and signatures are left out.
"""

from __future__ import annotations

import math
import posixpath
import zipfile
from dataclasses import dataclass

from fzreview.core.document import Document, DocumentError
from fzreview.core.loaders.limits import Budget, Limits
from fzreview.core.loaders.reflow import Line, display_width, drop_page_furniture, lines_to_paragraphs
from fzreview.core.loaders.safe_xml import local_name, parse_xml
from fzreview.core.loaders.safe_zip import open_zip, read_member

KIND = "OFD"


@dataclass
class _Piece:
    text: str
    x0: float
    x1: float
    y: float
    size: float


def _floats(value: str | None) -> list[float]:
    out = []
    for token in (value or "").replace(",", " ").split():
        try:
            out.append(float(token))
        except ValueError:
            return []
    return out


def _advances(delta: str | None, count: int) -> list[float] | None:
    """Expand a DeltaX list ("g 3 5.6" repeats 5.6 three times) to `count` advances."""
    if not delta:
        return None
    tokens = delta.split()
    out: list[float] = []
    i = 0
    try:
        while i < len(tokens) and len(out) < count:
            if tokens[i] == "g" and i + 2 < len(tokens):
                # "g N w": N advances of w. N comes from the file: never expand past what the text needs.
                repeat = min(max(int(tokens[i + 1]), 0), count - len(out))
                out.extend([float(tokens[i + 2])] * repeat)
                i += 3
            else:
                out.append(float(tokens[i]))
                i += 1
    except ValueError:
        return None
    return out[:count]


def _children(element, name: str):
    return [child for child in element if local_name(child.tag) == name]


def _child_text(element, name: str) -> str | None:
    for child in element:
        if local_name(child.tag) == name:
            return (child.text or "").strip()
    return None


class _Package:
    def __init__(self, zf: zipfile.ZipFile):
        self.zf = zf
        self.names = {name.lstrip("/").lower(): name for name in zf.namelist()}

    @staticmethod
    def resolve(base_dir: str, loc: str) -> str:
        """A part location, absolute ("/Doc_0/…") or relative to `base_dir`."""
        loc = loc.strip().replace("\\", "/")
        return loc.lstrip("/") if loc.startswith("/") else posixpath.normpath(posixpath.join(base_dir, loc))

    def xml(self, path: str):
        name = self.names.get(path.lstrip("/").lower())
        if name is None:
            raise DocumentError(f"{KIND}文件缺少必需的部件（{path}），文件可能已损坏。")
        return parse_xml(read_member(self.zf, name, KIND), KIND)


def _page_pieces(content_root) -> list[_Piece]:
    pieces: list[_Piece] = []
    for obj in content_root.iter():
        if local_name(obj.tag) != "TextObject":
            continue
        box = _floats(obj.get("Boundary"))
        if len(box) < 2:
            continue
        bx, by = box[0], box[1]
        size = _floats(obj.get("Size"))
        font_size = size[0] if size else 3.5
        ctm = _floats(obj.get("CTM"))
        a, b, c, d, e, f = ctm if len(ctm) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        scale_x = math.hypot(a, b) or 1.0
        scale_y = math.hypot(c, d) or 1.0
        eff_size = font_size * scale_y
        cursor_x = cursor_y = 0.0
        for code in obj:
            if local_name(code.tag) != "TextCode":
                continue
            text = code.text or ""
            x_attr, y_attr = _floats(code.get("X")), _floats(code.get("Y"))
            cursor_x = x_attr[0] if x_attr else cursor_x
            cursor_y = y_attr[0] if y_attr else cursor_y
            if not text.strip():
                continue
            adv = _advances(code.get("DeltaX"), len(text) - 1)
            width = sum(adv) if adv else (display_width(text) - 1) * font_size / 2
            px = bx + a * cursor_x + c * cursor_y + e
            py = by + b * cursor_x + d * cursor_y + f
            end = px + (width + font_size) * scale_x
            pieces.append(_Piece(text, px, end, py, eff_size))
            cursor_x += width + font_size
    return pieces


def _pieces_to_lines(pieces: list[_Piece], page_no: int) -> list[Line]:
    lines: list[list[_Piece]] = []
    for piece in sorted(pieces, key=lambda p: (p.y, p.x0)):
        if lines:
            last = lines[-1]
            if abs(piece.y - last[0].y) <= 0.5 * max(piece.size, last[0].size):
                last.append(piece)
                continue
        lines.append([piece])
    out: list[Line] = []
    for group in lines:
        group.sort(key=lambda p: p.x0)
        text = group[0].text
        for prev, cur in zip(group, group[1:]):
            gap = cur.x0 - prev.x1
            text += (" " if gap > 1.5 * max(cur.size, prev.size) else "") + cur.text
        size = sorted(p.size for p in group)[len(group) // 2]
        out.append(Line(text, page_no, x0=group[0].x0, x1=max(p.x1 for p in group), y=group[0].y, size=size))
    return out


def _page_height(root) -> float | None:
    for element in root.iter():
        if local_name(element.tag) == "PhysicalBox":
            box = _floats(element.text)
            if len(box) == 4:
                return box[3]
    return None


def load_ofd(data: bytes, *, limits: Limits, budget: Budget, source_path: str, sha256: str,
             warnings: list[str]) -> Document:
    package = _Package(open_zip(data, limits, KIND))
    ofd_root = package.xml("OFD.xml")
    page_paths: list[tuple[str, float | None]] = []
    for body in _children(ofd_root, "DocBody"):
        doc_root_loc = _child_text(body, "DocRoot")
        if not doc_root_loc:
            continue
        doc_path = package.resolve("", doc_root_loc)
        doc_dir = posixpath.dirname(doc_path)
        document = package.xml(doc_path)
        default_height = _page_height(document)
        for pages_node in _children(document, "Pages"):
            for page in _children(pages_node, "Page"):
                loc = page.get("BaseLoc")
                if loc:
                    page_paths.append((package.resolve(doc_dir, loc), default_height))
    if not page_paths:
        raise DocumentError(f"{KIND}文件中没有页面，文件可能已损坏。")
    budget.check_pages(len(page_paths))
    pages: list[list[Line]] = []
    heights: list[float | None] = []
    for page_no, (path, default_height) in enumerate(page_paths, start=1):
        budget.check_time()
        content = package.xml(path)
        pieces = _page_pieces(content)
        budget.count_lines(len(pieces))
        for piece in pieces:
            budget.take(piece.text)
        pages.append(_pieces_to_lines(pieces, page_no))
        heights.append(_page_height(content) or default_height)
    if not any(line.text.strip() for lines in pages for line in lines):
        raise DocumentError("此 OFD 文件中没有文字（页面可能是扫描图片），请先做文字识别（OCR）后再打开。")
    paragraphs = lines_to_paragraphs(drop_page_furniture(pages, heights))
    return Document.from_paragraphs(
        paragraphs, source_path=source_path, source_format="ofd", sha256=sha256, warnings=warnings,
    )
