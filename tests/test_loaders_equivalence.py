"""One report, every format: the same normalised text (and the same verdicts).

The seed report is saved as .docx, .pdf, .html, .ofd and GB18030 .txt; each
loads to the text of the UTF-8 original, modulo paragraph breaks.
"""

from __future__ import annotations

import difflib
import io
import random
import re
from pathlib import Path

import pytest
from test_loaders_support import (
    SEED,
    _cid_font,
    make_docx,
    make_gov_html,
    make_pdf,
    make_report_ofd,
    seed_paragraphs,
)

from fzreview.core.document import Document
from fzreview.core.loaders import load_bytes, load_document

TITLE = "绥滨县2024年法治政府建设情况报告"
DATE_LINE = "发布时间：2025-02-28 来源：县司法局"  # the page line make_gov_html writes, as kept


def squeeze(text: str) -> str:
    return re.sub(r"\s", "", text)


def body_text(doc) -> str:
    """The text without the title/date lines a web page adds in front of the article."""
    paras = [p.text(doc.text) for p in doc.paragraphs]
    if doc.source_format == "html":
        paras = [p for p in paras if p not in (TITLE, DATE_LINE)]
    return "\n".join(paras)


def ragged_pdf(paragraphs: list[str], *, seed: int = 3, size: float = 12, indent: bool = True) -> bytes:
    """A left-aligned (ragged-right) PDF: every line broken at a random width of 22–38 characters,
    paragraphs marked by a two-character first-line indent (or not), page numbers at the foot."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font = _cid_font()
    rng = random.Random(seed)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    y, page = 780.0, 1

    def end_page():
        c.setFont(font, 9)
        c.drawCentredString(A4[0] / 2, 30, f"- {page} -")
        c.showPage()

    for para in paragraphs:
        rest, first = para, True
        while rest:
            width = rng.randint(22, 38) - (2 if first and indent else 0)
            line, rest = rest[:width], rest[width:]
            c.setFont(font, size)
            c.drawString(72 + (2 * size if first and indent else 0), y, line)
            first = False
            y -= size * 1.6
            if y < 60:
                end_page()
                page, y = page + 1, 780.0
    end_page()
    c.save()
    return buf.getvalue()


def make_variants() -> dict[str, bytes]:
    paras = seed_paragraphs()
    return {
        ".docx": make_docx(paras),
        ".pdf": make_pdf(paras, header="绥滨县人民政府", page_numbers="- {n} -"),
        ".html": make_gov_html(TITLE, "2025-02-28", paras).encode("utf-8"),
        ".ofd": make_report_ofd(paras),
        ".txt": SEED.read_text(encoding="utf-8").encode("gb18030"),
        "ragged.pdf": ragged_pdf(paras),
    }


@pytest.fixture(scope="module")
def documents():
    docs = {suffix: load_bytes(data, suffix=Path(suffix).suffix or suffix) for suffix, data in make_variants().items()}
    docs["utf-8"] = load_document(SEED)
    return docs


@pytest.mark.parametrize("suffix", [".docx", ".pdf", ".html", ".ofd", ".txt", "ragged.pdf"])
def test_same_text_in_every_format(documents, suffix):
    reference = squeeze(documents["utf-8"].text)
    got = squeeze(body_text(documents[suffix]))
    ratio = difflib.SequenceMatcher(None, reference, got, autojunk=False).ratio()
    assert got == reference, f"{suffix}: similarity {ratio:.4f}"


def test_formats_and_encodings_recorded(documents):
    assert {s: d.source_format for s, d in documents.items()} == {
        ".docx": "docx", ".pdf": "pdf", ".html": "html", ".ofd": "ofd", ".txt": "txt", "utf-8": "txt",
        "ragged.pdf": "pdf"}
    assert documents[".txt"].encoding == "gbk"  # GB18030 bytes of GBK characters
    assert documents["utf-8"].encoding == "utf-8"
    assert documents[".pdf"].paragraphs[-1].page > 1
    assert documents[".html"].title == TITLE


def test_same_item_statuses_in_every_format(documents):
    engine = pytest.importorskip("fzreview.core.engine", reason="fzreview.core.engine is not written yet")

    def statuses(doc) -> dict[str, str]:
        return {i.id: i.status for i in engine.analyse(doc).items}

    reference = statuses(documents["utf-8"])
    assert reference
    # A web page also carries its title and date line; compare it with the seed plus those lines.
    with_head = Document.from_text(f"{TITLE}\n{DATE_LINE}\n" + SEED.read_text(encoding="utf-8"))
    for suffix in (".docx", ".pdf", ".html", ".ofd", ".txt", "ragged.pdf"):
        expected = statuses(with_head) if suffix == ".html" else reference
        got = statuses(documents[suffix])
        changed = {k: (expected[k], got.get(k)) for k in expected if got.get(k) != expected[k]}
        assert not changed, f"{suffix}: {changed}"


def test_ragged_right_pdf_keeps_the_paragraphs(documents):
    """Lines broken at varying widths are rejoined into the report's own paragraphs, even where a
    line happens to end at 。 or inside a number."""
    reference = [p.text(documents["utf-8"].text) for p in documents["utf-8"].paragraphs]
    got = [p.text(documents["ragged.pdf"].text) for p in documents["ragged.pdf"].paragraphs]
    assert got == reference


@pytest.mark.parametrize("seed", [1, 2])
def test_ragged_right_pdf_without_indents(seed):
    """Block paragraphs (no first-line indent): a paragraph still ends at a sentence end, never mid-sentence."""
    paras = seed_paragraphs()
    doc = load_bytes(ragged_pdf(paras, seed=seed, indent=False), suffix=".pdf")
    assert squeeze(doc.text) == squeeze(load_document(SEED).text)
    for p in doc.paragraphs:
        text = p.text(doc.text)
        assert text in paras or text.endswith(("。", "：", "；")) or len(text) < 30, text
