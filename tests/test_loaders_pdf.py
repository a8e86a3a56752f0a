"""PDF loading: reflowed paragraphs, page furniture, pages, refusals, real-world files."""

from __future__ import annotations

import io
import re

import pytest
from reportlab.lib.pdfencrypt import StandardEncryption
from test_loaders_support import (
    INTAKE,
    _cid_font,
    make_blank_pdf,
    make_image_pdf,
    make_pdf,
    seed_paragraphs,
)

from fzreview.core.document import DocumentError
from fzreview.core.loaders import Limits, load_bytes, load_document
from fzreview.core.loaders.pdf_loader import (
    GARBLED_MESSAGE,
    GBK_REPAIRED_WARNING,
    NO_TEXT_LAYER_MESSAGE,
    OWNER_PASSWORD_WARNING,
    USER_PASSWORD_MESSAGE,
)
from fzreview.core.loaders.reflow import Line, drop_page_furniture, lines_to_paragraphs
from fzreview.core.loaders.text_quality import quality, repair_gbk_mojibake


def squeeze(text: str) -> str:
    return re.sub(r"\s", "", text)


def lines_pdf(pages: list[list[str]], *, font_size: float = 12) -> bytes:
    """A PDF drawn line by line, so the test decides where lines break."""
    from reportlab.pdfgen import canvas

    font = _cid_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for page_no, lines in enumerate(pages, start=1):
        c.setFont(font, 9)
        c.drawString(72, 800, "某某县人民政府文件")  # running header
        c.drawCentredString(297, 30, f"第 {page_no} 页")  # footer
        c.setFont(font, font_size)
        for n, line in enumerate(lines):
            c.drawString(72, 760 - n * 20, line)
        c.showPage()
    c.save()
    return buf.getvalue()


FILLER = "坚持以习近平法治思想为指导深入推进依法行政加快建设法治政府全面提升政府治理能力和水平" * 2


def full(head: str = "", tail: str = "") -> str:
    """A forty-character (full-width) line: head + filler + tail."""
    return head + FILLER[: 40 - len(head) - len(tail)] + tail


FULL = full()


def test_lines_joined_without_splitting_terms_and_paragraphs_restarted():
    page1 = [
        "一、工作开展情况",
        full("全县共收到行政复议申请十件，", "依法化解行政"),
        full("复议案件，", "文明执法"),
        "工作。",
        "（一）健全依法决策机制",
        full("严格落实重大行政决策程序规定，", "公众参与"),
    ]
    page2 = [
        full("、专家论证、风险评估、合法性审查和集体讨论决定程序，", "群众"),
        "满意度持续提升",
        "1.推进政务公开。全年主动公开政府信息1200条",
        FULL,
        FULL,
    ]
    page3 = [FULL, FULL + "。"]
    doc = load_bytes(lines_pdf([page1, page2, page3]), suffix=".pdf")
    paras = [p.text(doc.text) for p in doc.paragraphs]
    assert paras[0] == "一、工作开展情况"
    assert paras[1].startswith("全县共收到") and "依法化解行政复议案件" in paras[1] and paras[1].endswith("执法工作。")
    assert paras[2] == "（一）健全依法决策机制"
    # continued across the page break, header/footer of page 2 not in between
    assert "公众参与、专家论证" in paras[3] and paras[3].endswith("群众满意度持续提升")
    assert paras[4].startswith("1.推进政务公开。")
    assert "某某县人民政府文件" not in doc.text and "第 1 页" not in doc.text and "第 2 页" not in doc.text
    pages = [p.page for p in doc.paragraphs]
    assert pages[0] == 1 and pages[3] == 1 and pages[4] == 2 and pages[-1] == 2
    assert doc.source_format == "pdf"


def test_seed_report_pdf_keeps_text_and_pages():
    paras = seed_paragraphs()
    data = make_pdf(paras, header="绥滨县人民政府办公室", page_numbers="- {n} -")
    doc = load_bytes(data, suffix=".pdf")
    assert squeeze(doc.text) == squeeze("".join(p.text(doc.text) for p in doc.paragraphs))
    assert "绥滨县人民政府办公室" not in doc.text
    assert not re.search(r"-\s*\d+\s*-", doc.text)
    pages = [p.page for p in doc.paragraphs]
    assert pages == sorted(pages) and pages[0] == 1 and pages[-1] >= 3
    assert "特此报告。" == doc.paragraphs[-1].text(doc.text)


@pytest.fixture
def without_ocr(monkeypatch):
    """As on a machine without the OCR extra."""
    from fzreview.core.loaders import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)


def test_scanned_pdf_refused_with_ocr_hint(without_ocr):
    with pytest.raises(DocumentError) as err:
        load_bytes(make_image_pdf(), suffix=".pdf")
    assert str(err.value) == NO_TEXT_LAYER_MESSAGE
    assert "pip install 'fzreview[ocr]'" in str(err.value)


def test_scanned_pdf_refused_inside_a_bundle_without_ocr(without_ocr, monkeypatch):
    from fzreview.core.loaders.pdf_loader import NO_TEXT_LAYER_BUNDLE_MESSAGE

    monkeypatch.setattr("sys.frozen", True, raising=False)  # as in a PyInstaller bundle
    with pytest.raises(DocumentError) as err:
        load_bytes(make_image_pdf(), suffix=".pdf")
    assert str(err.value) == NO_TEXT_LAYER_BUNDLE_MESSAGE and "pip" not in str(err.value)


def test_scan_with_page_number_stamps_still_counts_as_scanned(without_ocr):
    with pytest.raises(DocumentError) as err:
        load_bytes(make_image_pdf(pages=4, stamp="第 {n} 页"), suffix=".pdf")
    assert str(err.value) == NO_TEXT_LAYER_MESSAGE


def test_mixed_pdf_reads_text_pages_and_warns_about_scanned_ones():
    text = {1: ["关于2024年法治政府建设情况的报告", "全面推进依法行政，建设法治政府。"],
            2: ["一、主要举措和成效", "健全依法决策机制，严格落实重大行政决策程序。"]}
    doc = load_bytes(make_image_pdf(pages=3, text_pages=text), suffix=".pdf")
    assert "健全依法决策机制" in doc.text
    assert doc.warnings == ["第 3 页没有文字层（可能是扫描页），这些页的内容未能读取，请人工核对。"]


def test_pdf_locked_by_user_password_refused():
    data = make_pdf(["依法行政。"], encrypt=StandardEncryption("123456", ownerPassword="owner"))
    with pytest.raises(DocumentError) as err:
        load_bytes(data, suffix=".pdf")
    assert str(err.value) == USER_PASSWORD_MESSAGE


def test_pdf_with_owner_password_only_is_read():
    data = make_pdf(["全面推进依法行政，建设法治政府。"],
                    encrypt=StandardEncryption("", ownerPassword="owner", canCopy=0, canModify=0))
    doc = load_bytes(data, suffix=".pdf")
    assert "全面推进依法行政，建设法治政府。" in doc.text
    assert OWNER_PASSWORD_WARNING in doc.warnings


def test_page_limit():
    with pytest.raises(DocumentError) as err:
        load_bytes(make_blank_pdf(501), suffix=".pdf")
    assert "超过 500 页的上限" in str(err.value)
    with pytest.raises(DocumentError):
        load_bytes(make_pdf(seed_paragraphs()), suffix=".pdf", limits=Limits(max_pages=2))


def test_time_limit_stops_reading():
    with pytest.raises(DocumentError) as err:
        load_bytes(make_pdf(["依法行政。"]), suffix=".pdf", limits=Limits(max_seconds=0))
    assert "读取文件用时超过" in str(err.value)


@pytest.mark.parametrize("fraction", [0.2, 0.5, 0.9])
def test_truncated_pdf_refused(fraction):
    data = make_pdf(seed_paragraphs())
    with pytest.raises(DocumentError) as err:
        load_bytes(data[: int(len(data) * fraction)], suffix=".pdf")
    assert "PDF" in str(err.value)


# --- line reflow and page furniture, without a PDF --------------------------------------

def test_reflow_rules_on_plain_lines():
    lines = [
        Line("一、总体情况", 1),
        Line("全面贯彻落实法治政府建设实施纲要，坚持依法行政，推进", 1),
        Line("行政复议体制改革，严格规范公正文明执法，扎实推进法治", 1),
        Line("政府建设。", 1),
        Line("（二）存在问题", 1),
        Line("一是法治意识有待加强；", 1),
        Line("二是执法规范化水平不高", 1),
    ]
    assert lines_to_paragraphs([lines]) == [
        ("一、总体情况", 1),
        ("全面贯彻落实法治政府建设实施纲要，坚持依法行政，推进行政复议体制改革，严格规范公正文明执法，扎实推进法治政府建设。", 1),
        ("（二）存在问题", 1),
        ("一是法治意识有待加强；", 1),
        ("二是执法规范化水平不高", 1),
    ]


def test_reflow_joins_latin_words_with_a_space():
    lines = [Line("The State Council issued the Implementation Outline of", 1),
             Line("Law-based Government in 2021.", 1)]
    assert lines_to_paragraphs([lines])[0][0] == "The State Council issued the Implementation Outline of Law-based Government in 2021."


def test_page_furniture_dropped_only_at_page_edges():
    pages = []
    for n in range(1, 5):
        pages.append([
            Line("某某县2024年法治政府建设年度报告", n),
            Line(f"正文第{n}页的内容，其中提到数字 {n}。", n),
            Line("2", n),  # a table cell in the middle of the page: kept
            Line(f"正文继续{n}。", n),
            Line(f"— {n} —", n),
        ])
    kept = drop_page_furniture(pages)
    texts = [line.text for page in kept for line in page]
    assert "某某县2024年法治政府建设年度报告" not in texts
    assert not any(t.startswith("—") for t in texts)
    assert texts.count("2") == 4
    for pattern in ("第 3 页", "第3页 共12页", "3 / 12", "- 7 -", "12", "Page 3 of 9", "iv"):
        page = [Line("正文。", 1), Line("正文二。", 1), Line("正文三。", 1), Line(pattern, 1)]
        assert [line.text for line in drop_page_furniture([page])[0]] == ["正文。", "正文二。", "正文三。"], pattern


def test_quality_verdicts():
    assert quality("法治政府建设年度报告，依法行政，严格规范公正文明执法。" * 3) == "ok"
    assert quality("犌犕犜犛犲犮狌狉犲犲犾犲犮狋狉狅狀犻犮狊犲犪犾犮狉狔狆狋狅犵" * 3) == "garbled"
    assert quality("/G21/G22/G23/G24 " * 20) == "garbled"


def test_gbk_mojibake_repair():
    mojibake = "法治政府建设年度报告".encode("gbk").decode("latin-1")
    assert repair_gbk_mojibake(mojibake) == "法治政府建设年度报告"
    assert repair_gbk_mojibake("Hello world, plain English text.") is None


# --- real-world files --------------------------------------------------------------------

@pytest.mark.parametrize("name,snippet", [
    ("cn_quarterly_report_wps_identityH.pdf", "东北电气发展股份有限公司"),
    ("cn_land_use_standard_tables_pdfium.pdf", "停车区用地指标基准值"),
    ("cn_contract_word365.pdf", "中国饮料有限公司"),
    ("cn_gbk_euc_h_nonembedded.pdf", "浅谈校长的魅力"),
])
def test_sample_pdf_snippets(name, snippet):
    doc = load_document(INTAKE / name)
    assert snippet in doc.text
    assert doc.source_format == "pdf"


def test_sample_quarterly_report_running_header_and_page_numbers_dropped():
    doc = load_document(INTAKE / "cn_quarterly_report_wps_identityH.pdf")
    assert "报告全文" not in doc.text  # the running header "…2018 年第一季度报告全文"
    assert "公司负责人刘道骐、主管会计工作负责人肖寻及会计机构负责人（会计主管人员）钱扣明声明" in doc.text
    assert max(p.page for p in doc.paragraphs) == 22
    assert "真实、准确、完整，不存在虚假记载" in doc.text  # joined across a line break


def test_sample_gbk_bytes_without_tounicode_repaired():
    doc = load_document(INTAKE / "cn_gbk_bytes_no_tounicode.pdf")
    assert "对国防问题的意见" in doc.text
    assert GBK_REPAIRED_WARNING in doc.warnings


def test_sample_scrambled_tounicode_refused():
    with pytest.raises(DocumentError) as err:
        load_document(INTAKE / "cn_gm_standard_scrambled_tounicode.pdf")
    assert str(err.value) == GARBLED_MESSAGE


def test_sample_encrypted_pdf_refused():
    with pytest.raises(DocumentError) as err:
        load_document(INTAKE / "cn_encrypted_userpw_123456.pdf")
    assert str(err.value) == USER_PASSWORD_MESSAGE
