"""Hostile report files, built in memory (no big files in the repository).

Used by tests/test_hostile_inputs.py and bench/hostile.py. Each case is a
name, a file suffix, a builder returning the bytes, and what must happen:
"refuse" (a DocumentError with a message), "read" (a Document), or "either".
Whatever happens, no other exception, no hang, no memory blow-up.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from test_loaders_support import (
    INTAKE,
    OFD_NS,
    W_NS,
    docx_bytes,
    lvl,
    make_docx,
    make_ofd,
    make_pdf,
    seed_paragraphs,
    zip_bytes,
)


@dataclass(frozen=True)
class Case:
    name: str
    suffix: str
    build: Callable[[], bytes]
    expect: str  # refuse | read | either
    why: str = ""


REPORT = "依法行政建设法治政府，全面推进政务公开，严格规范公正文明执法。"


# --- OFD -----------------------------------------------------------------------

def ofd_with_deltax(deltax: str) -> bytes:
    data = make_ofd([[(20, 20, REPORT), (20, 40, REPORT)]])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    page = "Doc_0/Pages/Page_0/Content.xml"
    text = members[page].decode("utf-8")
    start = text.index('DeltaX="') + len('DeltaX="')
    end = text.index('"', start)
    members[page] = (text[:start] + deltax + text[end:]).encode("utf-8")
    return zip_bytes(members)


# --- DOCX ----------------------------------------------------------------------

def docx_numbering(fmt: str, start: int | str, paragraphs: int = 3) -> bytes:
    import docx
    from test_loaders_support import add_numbered, set_numbering

    document = docx.Document()
    document.add_paragraph("某县2024年法治政府建设情况报告")
    set_numbering(document, f'<w:abstractNum w:abstractNumId="7">{lvl(0, fmt, "%1.", 1)}</w:abstractNum>', {5: 7})
    numbering = document.part.numbering_part.element
    for element in numbering.iter(f"{{{W_NS}}}start"):
        element.set(f"{{{W_NS}}}val", str(start))
    for _ in range(paragraphs):
        add_numbered(document, REPORT, 5)
    return docx_bytes(document)


def docx_label_bomb() -> bytes:
    """A level text of 20,000 counter references (%1%1…) on 2,000 numbered paragraphs: 31 billion letters."""
    import docx
    from test_loaders_support import add_numbered, set_numbering

    document = docx.Document()
    set_numbering(document, f'<w:abstractNum w:abstractNumId="7">{lvl(0, "upperLetter", "%1" * 20000, 780)}'
                  '</w:abstractNum>', {5: 7})
    for _ in range(2000):
        add_numbered(document, REPORT, 5)
    return docx_bytes(document)


def docx_with_body(body_xml: str, compression=zipfile.ZIP_DEFLATED) -> bytes:
    data = make_docx(["占位"])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    members["word/document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>{body_xml}</w:body></w:document>'
    ).encode()
    return zip_bytes(members, compression)


def billion_laughs() -> bytes:
    entities = '<!ENTITY a "ha">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    body = f'<?xml version="1.0"?><!DOCTYPE w [{entities}]><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>'
    data = make_docx(["占位"])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    members["word/document.xml"] = body.encode("utf-8")
    return zip_bytes(members)


def zip_bomb() -> bytes:
    data = make_docx(["占位"])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    members["word/media/image1.png"] = b"\0" * (64 * 1024 * 1024)
    return zip_bytes(members)


def truncated(data: bytes, keep: float) -> bytes:
    return data[: int(len(data) * keep)]


# --- PDF -----------------------------------------------------------------------

def pdf_with_tounicode(codes: dict[int, int], text_codes: list[int]) -> bytes:
    """A one-page PDF whose font maps single-byte codes to Unicode values (any, even surrogates)."""
    bfchar = "\n".join(f"<{code:02X}> <{value:04X}>" for code, value in codes.items())
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
        f"{len(codes)} beginbfchar\n{bfchar}\nendbfchar\n"
        "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")
    lines = []
    for n in range(0, len(text_codes), 20):
        chunk = "".join(f"{c:02X}" for c in text_codes[n:n + 20])
        lines.append(f"BT /F1 12 Tf 72 {760 - 20 * (n // 20)} Td <{chunk}> Tj ET")
    content = "\n".join(lines).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_lone_surrogate() -> bytes:
    chars = REPORT * 2
    codes = {i + 1: ord(ch) for i, ch in enumerate(dict.fromkeys(chars))}
    lookup = {chr(v): k for k, v in codes.items()}
    codes[0xF0] = 0xD800  # a lone high surrogate from the character map
    text_codes = [lookup[ch] for ch in chars]
    text_codes.insert(7, 0xF0)
    return pdf_with_tounicode(codes, text_codes)


def pdf_pages(pages: int) -> bytes:
    from reportlab.pdfgen import canvas
    from test_loaders_support import _cid_font

    font = _cid_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for _ in range(pages):
        c.setFont(font, 12)
        c.drawString(72, 760, REPORT)
        c.showPage()
    c.save()
    return buf.getvalue()


# --- text ------------------------------------------------------------------------

def seed_text() -> str:
    return "\n".join(seed_paragraphs())


CASES: list[Case] = [
    Case("ofd-deltax-g-2000000000", ".ofd", lambda: ofd_with_deltax("g 2000000000 3.5"), "read",
         "a DeltaX repeat count of two billion (23.5 GB when expanded)"),
    Case("ofd-deltax-garbage", ".ofd", lambda: ofd_with_deltax("g -5 x g 1e400 " + "9" * 5000), "read"),
    Case("ofd-many-pages", ".ofd", lambda: make_ofd([[(20, 20, "第一页")]] * 600), "refuse"),
    Case("docx-upperletter-start-5200000000", ".docx",
         lambda: docx_numbering("upperLetter", 5_200_000_000), "read"),
    Case("docx-decimal-start-5000-digits", ".docx", lambda: docx_numbering("decimal", "9" * 5000), "read"),
    Case("docx-roman-start-negative", ".docx", lambda: docx_numbering("upperRoman", -40), "read"),
    Case("docx-label-bomb", ".docx", docx_label_bomb, "refuse"),
    Case("docx-billion-laughs", ".docx", billion_laughs, "refuse"),
    Case("docx-deep-nesting", ".docx",
         lambda: docx_with_body("<w:sdt>" * 5000 + "<w:p/>" + "</w:sdt>" * 5000), "refuse"),
    Case("docx-3-million-tags-deflated", ".docx", lambda: docx_with_body("<w:p/>" * 3_000_000), "refuse"),
    Case("docx-3-million-tags-stored", ".docx",
         lambda: docx_with_body("<w:p/>" * 3_000_000, zipfile.ZIP_STORED), "refuse"),
    Case("docx-200k-paragraphs", ".docx",
         lambda: docx_with_body("<w:p><w:r><w:t>甲</w:t></w:r></w:p>" * 200_000, zipfile.ZIP_STORED), "refuse"),
    Case("docx-zip-bomb", ".docx", zip_bomb, "refuse"),
    Case("docx-truncated", ".docx", lambda: truncated(make_docx(seed_paragraphs()), 0.6), "refuse"),
    Case("txt-million-short-lines", ".txt", lambda: "\n".join("甲" for _ in range(1_000_000)).encode("utf-8"),
         "refuse", "a 4 MB file of one million lines (937 MB peak before)"),
    Case("txt-60k-lines", ".txt", lambda: "\n".join("法治" for _ in range(60_000)).encode("utf-8"), "refuse"),
    Case("txt-30k-lines", ".txt",
         lambda: "\n".join(f"第{i}项。" for i in range(30_000)).encode("utf-8"), "read"),
    Case("txt-1.1-million-chars", ".txt", lambda: ("法" * 1_100_000).encode("utf-8"), "refuse"),
    Case("txt-one-huge-line", ".txt", lambda: (REPORT * 10_000).encode("utf-8"), "read"),
    Case("txt-utf16le-no-bom", ".txt", lambda: seed_text().encode("utf-16-le"), "read"),
    Case("txt-utf16be-no-bom", ".txt", lambda: seed_text().encode("utf-16-be"), "read"),
    Case("txt-bom-damaged", ".txt", lambda: b"\xef\xbb\xbf" + seed_text().encode("utf-8") + b"\xff\xfe\xc3(", "read"),
    Case("txt-utf16-odd-length", ".txt", lambda: b"\xff\xfe" + seed_text().encode("utf-16-le") + b"\x00", "read"),
    Case("txt-random-bytes", ".txt", lambda: random.Random(1).randbytes(200_000), "refuse"),
    Case("txt-nul-bytes", ".txt", lambda: b"\0" * 100_000, "refuse"),
    Case("html-deep-nesting", ".html",
         lambda: ("<html><body>" + "<div>" * 100_000 + REPORT + "</div>" * 100_000 + "</body></html>").encode(),
         "either"),
    Case("html-200k-paragraphs", ".html",
         lambda: ("<html><body>" + "<p>甲</p>" * 200_000 + "</body></html>").encode("utf-8"), "refuse"),
    Case("pdf-lone-surrogate", ".pdf", pdf_lone_surrogate, "read",
         "a ToUnicode map yielding U+D800 (crashed save before)"),
    Case("pdf-600-pages", ".pdf", lambda: pdf_pages(600), "refuse"),
    Case("pdf-truncated", ".pdf", lambda: truncated(make_pdf(seed_paragraphs()), 0.5), "either"),
]


# --- random mutations of the intake samples ------------------------------------------

def intake_samples() -> list:
    # .doc goes through LibreOffice (seconds per file): left out of the random runs.
    return sorted(p for p in INTAKE.iterdir() if p.suffix not in (".tsv", ".doc"))


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One random damage: flipped bytes, a cut, a duplicated or deleted slice, an inserted run."""
    buf = bytearray(data)
    kind = rng.randrange(5)
    if kind == 0:
        for _ in range(rng.randint(1, 20)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
    elif kind == 1:
        buf = buf[: rng.randrange(1, len(buf))]
    elif kind == 2:
        a = rng.randrange(len(buf))
        b = min(len(buf), a + rng.randint(1, 4096))
        buf[a:a] = buf[a:b] * rng.randint(1, 50)
    elif kind == 3:
        a = rng.randrange(len(buf))
        del buf[a: a + rng.randint(1, 4096)]
    else:
        a = rng.randrange(len(buf))
        buf[a:a] = bytes([rng.randrange(256)]) * rng.randint(1, 100_000)
    return bytes(buf)


def mutation_cases(count: int, seed: int = 11) -> list[Case]:
    rng = random.Random(seed)
    samples = intake_samples()
    cases = []
    for n in range(count):
        path = samples[n % len(samples)]
        data = mutate(path.read_bytes(), rng)
        cases.append(Case(f"mutated-{n:04d}-{path.name}", path.suffix, lambda d=data: d, "either"))
    return cases


__all__ = ["CASES", "Case", "mutation_cases", "OFD_NS"]
