"""Word (.docx) reports: body paragraphs and tables in document order.

The package is read directly (zip + XML) with the safe helpers, so DTDs are
refused and nothing is resolved. What a reader of the printed report sees is
kept: body paragraphs and table cells (a merged cell once), content controls,
text boxes, inserted revisions, and Word's automatic list numbers. Left out:
headers, footers, comments, footnotes, deleted revisions and field codes.
"""

from __future__ import annotations

import posixpath
import zipfile

from fzreview.core.document import Document, DocumentError
from fzreview.core.loaders.docx_numbering import W_NS, Numbering
from fzreview.core.loaders.limits import Budget, Limits
from fzreview.core.loaders.safe_xml import local_name, parse_xml
from fzreview.core.loaders.safe_zip import open_zip, read_member

KIND = "Word（.docx）"
_W = f"{{{W_NS}}}"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"

# Run-level elements whose content is not part of the accepted text.
_SKIP = {
    "del", "moveFrom", "delText", "delInstrText", "instrText", "pPr", "rPr", "sdtPr", "sdtEndPr",
    "fldData", "Fallback", "commentReference", "footnoteReference", "endnoteReference",
    "annotationRef", "footnoteRef", "endnoteRef", "separator", "continuationSeparator",
}


class _RunText:
    """Text of one paragraph, with text boxes collected for after it."""

    def __init__(self):
        self.parts: list[str] = []
        self.text_boxes: list = []

    def walk(self, element) -> None:
        for child in element:
            name = local_name(child.tag)
            if not name or name in _SKIP:
                continue
            if name == "t":
                self.parts.append(child.text or "")
            elif name == "tab" or name == "ptab":
                self.parts.append("\t")
            elif name in ("br", "cr"):
                self.parts.append("\n")
            elif name == "noBreakHyphen":
                self.parts.append("-")
            elif name == "txbxContent":
                self.text_boxes.append(child)
            elif name == "p" or name == "tbl":
                continue  # nested blocks only occur inside text boxes, handled above
            else:
                self.walk(child)


def _paragraph_deleted(p) -> bool:
    """A paragraph whose mark and text are all tracked deletions."""
    rpr = p.find(f"{_W}pPr/{_W}rPr")
    if rpr is None or rpr.find(f"{_W}del") is None:
        return False
    return not any((t.text or "").strip() for t in p.iter(f"{_W}t"))


class _BodyReader:
    def __init__(self, numbering: Numbering, budget: Budget):
        self.numbering = numbering
        self.budget = budget
        self.paragraphs: list[str] = []

    def _emit(self, text: str) -> None:
        if text.strip():
            self.budget.count_lines()
            self.paragraphs.append(self.budget.take(text))

    def blocks(self, container) -> None:
        for child in container:
            name = local_name(child.tag)
            if name == "p":
                self.paragraph(child)
            elif name == "tbl":
                self.table(child)
            elif name in ("sdt", "customXml", "ins", "moveTo", "smartTag", "sdtContent"):
                self.blocks(child)
            elif name == "AlternateContent":
                choice = child.find(f"{{{MC_NS}}}Choice")
                if choice is not None:
                    self.blocks(choice)

    def paragraph(self, p) -> None:
        if _paragraph_deleted(p):
            return
        label = self.numbering.label(p)
        run = _RunText()
        run.walk(p)
        text = "".join(run.parts)
        if label and text.strip():
            first = text.lstrip()[:1]
            text = label + (" " if first.isascii() and first.isalnum() else "") + text.lstrip()
        self._emit(text)
        for box in run.text_boxes:
            self.blocks(box)
        self.budget.check_time()

    def table(self, tbl) -> None:
        for row in self._children(tbl, "tr"):
            trpr = row.find(f"{_W}trPr")
            if trpr is not None and trpr.find(f"{_W}del") is not None:
                continue
            for cell in self._children(row, "tc"):
                vmerge = cell.find(f"{_W}tcPr/{_W}vMerge")
                if vmerge is not None and vmerge.get(f"{_W}val", "continue") == "continue":
                    continue  # continuation of a vertically merged cell: its text is in the first one
                self.blocks(cell)

    @staticmethod
    def _children(node, name: str):
        """Child elements called `name`, looking through content controls (w:sdt, customXml)."""
        for child in node:
            tag = local_name(child.tag)
            if tag == name:
                yield child
            elif tag in ("sdt", "customXml", "sdtContent"):
                yield from _BodyReader._children(child, name)


def _relationships(zf: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Relationship type suffix → target part name (internal targets only)."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in zf.namelist():
        return {}
    root = parse_xml(read_member(zf, rels_name, KIND), KIND)
    out: dict[str, str] = {}
    for rel in root.iter(f"{_REL_NS}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        rel_type = (rel.get("Type") or "").rsplit("/", 1)[-1]
        target = rel.get("Target") or ""
        target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out.setdefault(rel_type, target)
    return out


def _optional_xml(zf: zipfile.ZipFile, name: str | None):
    if not name or name not in zf.namelist():
        return None
    return parse_xml(read_member(zf, name, KIND), KIND)


def load_docx(data: bytes, *, limits: Limits, budget: Budget, source_path: str, sha256: str,
              warnings: list[str], source_format: str = "docx") -> Document:
    zf = open_zip(data, limits, KIND)  # every part below is parsed by parse_xml, which refuses DTDs
    main = _relationships(zf, "").get("officeDocument", "word/document.xml")
    if main not in zf.namelist():
        raise DocumentError(f"{KIND}文件缺少正文部分（{main}），文件可能已损坏，或不是 Word 文档。")
    rels = _relationships(zf, main)
    root = parse_xml(read_member(zf, main, KIND), KIND)
    body = root.find(f"{_W}body")
    if body is None:
        raise DocumentError(f"{KIND}文件的正文结构无法识别（缺少 w:body），文件可能已损坏。")
    numbering = Numbering(_optional_xml(zf, rels.get("numbering")), _optional_xml(zf, rels.get("styles")))
    reader = _BodyReader(numbering, budget)
    reader.blocks(body)
    if next(body.iter(f"{_W}del", f"{_W}ins"), None) is not None:
        warnings.append("文件含有修订记录（修订模式），已按“接受全部修订”后的文字读取：删除的文字不计入，插入的文字计入。")
    return Document.from_paragraphs(
        reader.paragraphs, source_path=source_path, source_format=source_format, sha256=sha256,
        warnings=warnings,
    )
