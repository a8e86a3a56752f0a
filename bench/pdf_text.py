"""PDF text: pypdf (the loader's engine) against pypdfium2, same reflow, same checks.

For each PDF both engines produce laid-out lines (text + position), which go through the
same furniture removal, reflow and normalisation (`Document.from_paragraphs`); pypdf is
the app's own loader (`load_bytes`), pypdfium2 a line builder written here from its
character boxes. Printed per file: characters, share of CJK, the text-quality verdict,
how close the two texts are (1 − edit distance / length, whitespace removed), CPU seconds.
For PDFs rendered here from the seed reports the truth is known: accuracy against it.

    python bench/pdf_text.py          # tests/fixtures/intake/*.pdf, /work/shared/intake-samples/*.pdf, seeds
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))
import main  # noqa: E402

main.use_checkout()

SHARED = ROOT.parent.parent / "shared" / "intake-samples"
REPEAT = 3


def _close_line(lines: list, cur: list[str], boxes: list[tuple], page_no: int, height: float) -> None:
    """Append the characters collected so far as one Line (geometry from their boxes) and reset."""
    from fzreview.core.loaders.reflow import Line

    text = "".join(cur)
    if boxes:
        lines.append(Line(text, page_no, x0=min(b[0] for b in boxes), x1=max(b[2] for b in boxes),
                          y=height - min(b[1] for b in boxes), size=statistics.median(b[4] for b in boxes)))
    else:
        lines.append(Line(text, page_no))
    cur.clear()
    boxes.clear()


def pdfium_document(data: bytes):
    """The pypdfium2 route: lines from character boxes → the loader's furniture removal and reflow."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from fzreview.core.document import Document
    from fzreview.core.loaders.reflow import Line, drop_page_furniture, lines_to_paragraphs
    from fzreview.core.loaders.text_quality import looks_like_gbk_mojibake, repair_gbk_mojibake

    pdf = pdfium.PdfDocument(data)
    pages, heights = [], []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            height = page.get_height()
            tp = page.get_textpage()
            n = tp.count_chars()
            text = tp.get_text_range(0, n) if n else ""
            lines: list[Line] = []
            cur, boxes = [], []

            # get_text_range may expand surrogate pairs; walk characters by index for the boxes.
            i = 0
            for ch in text if len(text) == n else []:
                if ch == "\r":
                    i += 1
                    continue
                if ch == "\n":
                    _close_line(lines, cur, boxes, index + 1, height)
                    i += 1
                    continue
                cur.append(ch)
                if not ch.isspace():
                    left, bottom, right, top = tp.get_charbox(i)
                    size = raw.FPDFText_GetFontSize(tp.raw, i) or (top - bottom)
                    boxes.append((left, bottom, right, top, size))
                i += 1
            if len(text) != n:  # no geometry: plain lines
                lines = [Line(t, index + 1) for t in text.replace("\r", "").split("\n")]
            else:
                _close_line(lines, cur, boxes, index + 1, height)
            pages.append(lines)
            heights.append(height)
            tp.close()
            page.close()
    finally:
        pdf.close()
    all_text = "\n".join(line.text for lines in pages for line in lines)
    if looks_like_gbk_mojibake(all_text):
        fixed = repair_gbk_mojibake(all_text)
        if fixed:
            it = iter(fixed.split("\n"))
            pages = [[Line(next(it), line.page, y=line.y, size=line.size) for line in lines] for lines in pages]
    return Document.from_paragraphs(lines_to_paragraphs(drop_page_furniture(pages, heights)), source_format="pdf")


def pypdf_document(data: bytes):
    from fzreview.core.loaders import load_bytes

    return load_bytes(data, suffix=".pdf")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def cjk_share(text: str) -> float:
    s = squeeze(text)
    return sum(1 for ch in s if "\u4e00" <= ch <= "\u9fff") / max(1, len(s))


def timed(fn, data):
    best, result, error = float("inf"), None, None
    for _ in range(REPEAT):
        t = time.process_time()  # CPU seconds: both engines are single-threaded; steady on a busy machine
        try:
            result = fn(data)
        except Exception as exc:  # a refusal is a result too
            error = f"{type(exc).__name__}: {str(exc)[:40]}"
        best = min(best, time.process_time() - t)
    return result, error, best


def seed_pdfs() -> list[tuple[str, bytes, str]]:
    from test_loaders_support import make_pdf

    out = []
    for name in ("hongmei-town-2024", "chenghai-district-2023", "suibin-county-2024"):
        text = (ROOT / "tests" / "fixtures" / f"{name}.txt").read_text(encoding="utf-8")
        paras = [line for line in text.splitlines() if line.strip()]
        out.append((f"seed:{name}", make_pdf(paras, header="某某县人民政府文件"), text))
    return out


def main_() -> None:
    from ocr import edit_distance

    from fzreview.core.document import Document
    from fzreview.core.loaders.text_quality import quality

    files = sorted((ROOT / "tests" / "fixtures" / "intake").glob("*.pdf"))
    if SHARED.is_dir():
        known = {p.name for p in files}
        files += [p for p in sorted(SHARED.glob("*.pdf")) if p.name not in known]
    cases = [(p.name, p.read_bytes(), None) for p in files] + seed_pdfs()
    print(f"{'file':<44}{'engine':<9}{'chars':>7}{'CJK':>6}{'quality':>9}{'seconds':>9}{'vs other':>9}{'vs truth':>9}")
    totals = {"pypdf": 0.0, "pdfium": 0.0}
    for name, data, truth in cases:
        a, ea, ta = timed(pypdf_document, data)
        b, eb, tb = timed(pdfium_document, data)
        totals["pypdf"] += ta
        totals["pdfium"] += tb
        sa, sb = squeeze(a.text) if a else "", squeeze(b.text) if b else ""
        agree = 1 - edit_distance(sa, sb) / max(1, len(sa), len(sb)) if sa and sb else float("nan")
        st = squeeze(Document.from_text(truth).text) if truth else ""
        for engine, doc, err, t, s in (("pypdf", a, ea, ta, sa), ("pdfium", b, eb, tb, sb)):
            vs_truth = f"{1 - edit_distance(st, s) / len(st):9.4f}" if st and s else f"{'':>9}"
            if doc is None:
                print(f"{name[:43]:<44}{engine:<9}{err}  ({t:.3f} s)")
                continue
            print(f"{name[:43]:<44}{engine:<9}{len(s):>7}{cjk_share(doc.text):>6.2f}{quality(doc.text):>9}"
                  f"{t:>9.3f}{agree:>9.4f}{vs_truth}")
    print(f"total CPU seconds (best of {REPEAT}): pypdf {totals['pypdf']:.2f}, pypdfium2 {totals['pdfium']:.2f} "
          f"({totals['pypdf'] / max(totals['pdfium'], 1e-9):.1f}× faster)")


if __name__ == "__main__":
    main_()
