"""Word (.docx) loading: document order, automatic numbering, revisions, tables, safety."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from test_loaders_support import (
    INTAKE,
    add_numbered,
    add_raw_paragraph,
    docx_bytes,
    lvl,
    make_docx,
    set_numbering,
    wml,
    zip_bytes,
)

from fzreview.core.document import DocumentError
from fzreview.core.loaders import Limits, load_bytes, load_document
from fzreview.core.loaders.docx_numbering import chinese_counting, format_number
from fzreview.core.loaders.safe_xml import UNSAFE_XML_MESSAGE
from fzreview.core.loaders.safe_zip import ZIP_BOMB_MESSAGE


def paragraphs_of(doc) -> list[str]:
    return [p.text(doc.text) for p in doc.paragraphs]


# --- automatic numbering -----------------------------------------------------------

REPORT_LEVELS = (
    '<w:abstractNum w:abstractNumId="0">'
    + lvl(0, "chineseCounting", "%1、")
    + lvl(1, "chineseCounting", "（%2）")
    + lvl(2, "decimal", "%3.")
    + "</w:abstractNum>"
)


def test_numbering_restored_per_level_with_reset():
    document = docx.Document()
    set_numbering(document, REPORT_LEVELS, {1: 0})
    document.add_paragraph("2024年，我县深入学习贯彻习近平法治思想。")
    add_numbered(document, "工作开展情况", 1, 0)
    add_numbered(document, "提高重视程度，健全法治政府建设制度机制", 1, 1)
    add_numbered(document, "坚持将法治建设摆在全县工作的重要位置。", 1, 2)
    add_numbered(document, "加强领导干部法治理论学习。", 1, 2)
    add_numbered(document, "紧盯关键环节，扎实有序推进工作", 1, 1)
    add_numbered(document, "认真履行合法性审核和备案审查职责。", 1, 2)
    add_numbered(document, "存在问题", 1, 0)
    add_numbered(document, "法治建设意识需进一步加强。", 1, 1)
    doc = load_bytes(docx_bytes(document), suffix=".docx")
    assert paragraphs_of(doc) == [
        "2024年，我县深入学习贯彻习近平法治思想。",
        "一、工作开展情况",
        "（一）提高重视程度，健全法治政府建设制度机制",
        "1.坚持将法治建设摆在全县工作的重要位置。",
        "2.加强领导干部法治理论学习。",
        "（二）紧盯关键环节，扎实有序推进工作",
        "1.认真履行合法性审核和备案审查职责。",
        "二、存在问题",
        "（一）法治建设意识需进一步加强。",
    ]
    assert doc.source_format == "docx"


def test_numbering_formats_start_values_and_bullets():
    document = docx.Document()
    set_numbering(document, (
        '<w:abstractNum w:abstractNumId="0">' + lvl(0, "chineseCountingThousand", "%1、", start=9) + "</w:abstractNum>"
        '<w:abstractNum w:abstractNumId="1">' + lvl(0, "ideographTraditional", "%1．") + "</w:abstractNum>"
        '<w:abstractNum w:abstractNumId="2">' + lvl(0, "decimalEnclosedCircle", "%1") + "</w:abstractNum>"
        '<w:abstractNum w:abstractNumId="3">' + lvl(0, "bullet", "●") + "</w:abstractNum>"
        '<w:abstractNum w:abstractNumId="4">' + lvl(0, "chineseLegalSimplified", "第%1部分") + "</w:abstractNum>"
        '<w:abstractNum w:abstractNumId="5">' + lvl(0, "decimal", "%1.", extra="<w:isLgl/>")
        + lvl(1, "chineseCounting", "%1.%2") + "</w:abstractNum>"
    ), {1: 0, 2: 1, 3: 2, 4: 3, 5: 4, 6: 5})
    for text in ("九项", "十项", "十一项"):
        add_numbered(document, text, 1)
    add_numbered(document, "甲项", 2)
    add_numbered(document, "乙项", 2)
    add_numbered(document, "圈一", 3)
    add_numbered(document, "项目符号不计入文字", 4)
    add_numbered(document, "总则", 5)
    add_numbered(document, "章", 6, 0)
    add_numbered(document, "节", 6, 1)
    doc = load_bytes(docx_bytes(document), suffix=".docx")
    assert paragraphs_of(doc) == [
        "九、九项", "十、十项", "十一、十一项", "甲.甲项", "乙.乙项", "①圈一", "项目符号不计入文字",
        "第壹部分总则", "1.章", "1.一节",
    ]


def test_numbering_inherited_from_paragraph_style():
    document = docx.Document()
    set_numbering(document, (
        '<w:abstractNum w:abstractNumId="0">'
        + lvl(0, "chineseCounting", "%1、", extra='<w:pStyle w:val="ReportHeading1"/>')
        + lvl(1, "chineseCounting", "（%2）", extra='<w:pStyle w:val="ReportHeading2"/>')
        + "</w:abstractNum>"
    ), {7: 0})
    for name, ilvl in (("ReportHeading1", None), ("ReportHeading2", 1)):
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        ilvl_xml = "" if ilvl is None else f'<w:ilvl w:val="{ilvl}"/>'
        num_pr = f'<w:numPr><w:numId w:val="7"/>{ilvl_xml}</w:numPr>'
        style.element.get_or_add_pPr().extend(wml(num_pr))
    document.add_paragraph("主要举措和成效", style="ReportHeading1")
    document.add_paragraph("健全依法决策机制", style="ReportHeading2")
    document.add_paragraph("正文段落不编号。")
    document.add_paragraph("深化政务公开", style="ReportHeading2")
    document.add_paragraph("存在的不足", style="ReportHeading1")
    doc = load_bytes(docx_bytes(document), suffix=".docx")
    assert paragraphs_of(doc) == [
        "一、主要举措和成效", "（一）健全依法决策机制", "正文段落不编号。", "（二）深化政务公开", "二、存在的不足",
    ]


def test_lists_sharing_an_abstract_continue_and_start_override_restarts():
    document = docx.Document()
    set_numbering(document, '<w:abstractNum w:abstractNumId="0">' + lvl(0, "decimal", "%1.") + "</w:abstractNum>",
                  {1: 0, 2: 0})
    numbering = document.part.numbering_part.element
    numbering.extend(wml(
        '<w:num w:numId="3"><w:abstractNumId w:val="0"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
    add_numbered(document, "甲", 1)
    add_numbered(document, "乙", 2)
    add_numbered(document, "丙", 3)
    add_numbered(document, "丁", 3)
    doc = load_bytes(docx_bytes(document), suffix=".docx")
    assert paragraphs_of(doc) == ["1.甲", "2.乙", "1.丙", "2.丁"]


@pytest.mark.parametrize("n,expected", [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (35, "三十五"),
                                        (100, "一百"), (105, "一百零五"), (110, "一百一十"), (2024, "二千零二十四")])
def test_chinese_counting(n, expected):
    assert chinese_counting(n) == expected


def test_other_number_formats():
    assert format_number(12, "chineseLegalSimplified") == "壹拾贰"
    assert format_number(11, "ideographTraditional") == "甲"
    assert format_number(3, "ideographZodiac") == "寅"
    assert format_number(4, "lowerRoman") == "iv"
    assert format_number(28, "upperLetter") == "BB"
    assert format_number(7, "decimalZero") == "07"
    assert format_number(2, "decimalFullWidth") == "２"


# --- revisions, tables, furniture -------------------------------------------------------

RUN = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'


def test_tracked_changes_deleted_text_out_inserted_text_in():
    document = docx.Document()
    add_raw_paragraph(document, (
        RUN.format("全年组织")
        + '<w:del w:id="1" w:author="a" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>三</w:delText></w:r></w:del>'
        + '<w:ins w:id="2" w:author="a" w:date="2024-01-01T00:00:00Z"><w:r><w:t>两</w:t></w:r></w:ins>'
        + RUN.format("批次行政执法人员培训。")
    ))
    add_raw_paragraph(document, (
        '<w:moveFrom w:id="3" w:author="a"><w:r><w:t>挪走的文字</w:t></w:r></w:moveFrom>'
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + RUN.format("域结果")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    ))
    doc = load_bytes(docx_bytes(document), suffix=".docx")
    assert paragraphs_of(doc) == ["全年组织两批次行政执法人员培训。", "域结果"]
    assert any("修订" in w for w in doc.warnings)


def test_tables_in_document_order_merged_cells_once():
    document = docx.Document()
    document.add_paragraph("表格前的段落。")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "2024年行政执法统计"
    table.cell(1, 0).text = "行政处罚"
    table.cell(1, 1).text = "13575件"
    table.cell(1, 2).merge(table.cell(2, 2)).text = "较上年增长"
    table.cell(2, 0).text = "行政许可"
    table.cell(2, 1).text = "1418项"
    document.add_paragraph("表格后的段落。")
    doc = load_bytes(docx_bytes(document), suffix=".docx")
    paras = paragraphs_of(doc)
    assert paras == ["表格前的段落。", "2024年行政执法统计", "行政处罚", "13575件", "较上年增长",
                     "行政许可", "1418项", "表格后的段落。"]


def test_headers_footers_comments_left_out_content_controls_kept():
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "页眉：绥滨县人民政府"
    section.footer.paragraphs[0].text = "第 1 页"
    paragraph = document.add_paragraph("依法行政是政府工作的基本准则。")
    document.add_comment(paragraph.runs, text="批注：这里要补充数据", author="审稿人")
    body = document.element.body
    sdt = wml(
        '<w:sdt><w:sdtPr><w:alias w:val="正文"/></w:sdtPr><w:sdtContent>'
        '<w:p><w:r><w:t>内容控件中的段落。</w:t></w:r></w:p></w:sdtContent></w:sdt>')[0]
    body.insert(len(body) - 1, sdt)
    doc = load_bytes(docx_bytes(document), suffix=".docx")
    assert paragraphs_of(doc) == ["依法行政是政府工作的基本准则。", "内容控件中的段落。"]
    assert "页眉" not in doc.text and "第 1 页" not in doc.text and "批注" not in doc.text


# --- real files ---------------------------------------------------------------------

def test_sample_wps_explanation_restores_first_heading_number():
    doc = load_document(INTAKE / "cn_standard_explanation_wps.docx")
    paras = paragraphs_of(doc)
    assert "一、任务来源及计划要求" in paras
    assert paras.index("一、任务来源及计划要求") < paras.index("二、编制过程")
    assert "本标准来源于国家能源局2021年下达的能源行业核电标准制修订计划" in doc.text
    assert "1）引入差异项定义" in paras  # decimal "%1）" list
    assert not doc.warnings


def test_sample_wps_standard_draft():
    doc = load_document(INTAKE / "cn_nuclear_review_guide_draft_wps.docx")
    assert "《核电厂定期安全评价》分为15个部分" in doc.text
    assert len(doc.text) > 8000


def test_sample_tracked_changes_form():
    doc = load_document(INTAKE / "cn_form_tracked_changes_word.docx")
    assert "横向项目立项申报表" in doc.text
    assert "项目委托单位" not in doc.text  # exists only as deleted text
    assert "applyNo" in doc.text  # inserted
    assert any("修订" in w for w in doc.warnings)


# --- hostile and broken files ----------------------------------------------------------------

def _replace_member(data: bytes, name: str, content: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    members = {info.filename: src.read(info.filename) for info in src.infolist()}
    members[name] = content
    return zip_bytes(members)


def test_billion_laughs_in_docx_refused():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"
    )
    data = _replace_member(make_docx(["正文"]), "word/document.xml", laughs)
    with pytest.raises(DocumentError) as err:
        load_bytes(data, suffix=".docx")
    assert str(err.value) == UNSAFE_XML_MESSAGE


def test_zip_bomb_docx_refused_before_decompressing():
    data = _replace_member(make_docx(["正文"]), "word/media/padding.bin", b"\0" * (5 * 1024 * 1024))
    with pytest.raises(DocumentError) as err:
        load_bytes(data, suffix=".docx")
    assert str(err.value) == ZIP_BOMB_MESSAGE
    with pytest.raises(DocumentError) as err:
        load_bytes(make_docx(["正文"]), suffix=".docx", limits=Limits(max_unzipped_bytes=10_000))
    assert str(err.value) == ZIP_BOMB_MESSAGE


def test_truncated_docx_refused():
    data = make_docx(["正文" * 100])
    with pytest.raises(DocumentError) as err:
        load_bytes(data[: len(data) // 2], suffix=".docx")
    assert "已损坏或不完整" in str(err.value)


def test_docx_without_document_part_refused():
    data = zip_bytes({"[Content_Types].xml": "<Types/>", "word/styles.xml": "<w:styles/>"})
    with pytest.raises(DocumentError) as err:
        load_bytes(data, suffix=".docx")
    assert "缺少正文部分" in str(err.value)


def test_damaged_document_xml_refused():
    data = _replace_member(make_docx(["正文"]), "word/document.xml", b"<w:document><w:body><w:p>")
    with pytest.raises(DocumentError) as err:
        load_bytes(data, suffix=".docx")
    assert "XML 格式错误" in str(err.value)
