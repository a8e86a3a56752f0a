"""Saved web pages and OFD files."""

from __future__ import annotations

import time

import pytest
from test_loaders_support import INTAKE, make_gov_html, make_ofd, zip_bytes

from fzreview.core.document import DocumentError
from fzreview.core.loaders import load_bytes, load_document
from fzreview.core.loaders.safe_xml import UNSAFE_XML_MESSAGE
from fzreview.core.loaders.safe_zip import ZIP_BOMB_MESSAGE

PARAGRAPHS = [
    "2024年，我县坚持以习近平法治思想为指导，全面推进依法行政。",
    "一、工作开展情况",
    "（一）健全依法决策机制。严格落实重大行政决策程序规定，全年合法性审核文件42件。",
    "二、存在问题",
    "行政执法规范化水平有待提高。",
]
TITLE = "绥滨县2024年法治政府建设情况报告"


def paragraphs_of(doc) -> list[str]:
    return [p.text(doc.text) for p in doc.paragraphs]


# --- HTML ----------------------------------------------------------------------------------

def test_gov_page_article_title_and_date_kept_furniture_dropped():
    doc = load_bytes(make_gov_html(TITLE, "2025-03-05", PARAGRAPHS).encode("utf-8"), suffix=".html")
    assert paragraphs_of(doc) == [TITLE, "发布时间：2025-03-05 来源：县司法局"] + PARAGRAPHS
    assert doc.title == TITLE
    assert doc.source_format == "html" and doc.encoding == "utf-8"
    for chrome in ("政务公开", "当前位置", "分享到", "主办单位", "ICP备", "扫一扫", "无障碍", "相关链接", "统计代码",
                   "打印本页", "浏览次数"):
        assert chrome not in doc.text, chrome


def test_gb2312_page_with_gbk_bytes():
    html = make_gov_html(TITLE, "2025-03-05", PARAGRAPHS, charset="gb2312")
    doc = load_bytes(html.encode("gbk"), suffix=".htm")
    assert PARAGRAPHS[2] in doc.text
    assert doc.encoding == "gb2312"
    assert not doc.warnings


def test_meta_gb2312_but_utf8_bytes_read_as_utf8():
    html = make_gov_html(TITLE, "2025-03-05", PARAGRAPHS, charset="gb2312")
    doc = load_bytes(html.encode("utf-8"), suffix=".html")
    assert PARAGRAPHS[2] in doc.text and doc.encoding == "utf-8"
    assert doc.warnings == ["网页声明的编码是 gb2312，但内容实际是 UTF-8，已按 UTF-8 读取。"]


def test_date_from_meta_when_page_has_no_date_line():
    html = (f'<html><head><meta name="PubDate" content="2025-01-20 09:00"><title>{TITLE}</title></head>'
            f'<body><div id="zoom">{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}</div></body></html>')
    doc = load_bytes(html.encode("utf-8"), suffix=".html")
    assert paragraphs_of(doc)[:2] == [TITLE, "发布日期：2025-01-20"]


def test_br_separated_article_and_xhtml_declaration():
    body = "<br/>".join(PARAGRAPHS)
    html = ('<?xml version="1.0" encoding="utf-8"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"><html xmlns="http://www.w3.org/1999/xhtml">'
            f"<head><title>{TITLE}</title></head><body><table><tr><td class='nav'><a>首页</a></td></tr>"
            f"<tr><td>{body}</td></tr></table></body></html>")
    doc = load_bytes(html.encode("utf-8"), suffix=".html")
    assert paragraphs_of(doc) == [TITLE] + PARAGRAPHS


def test_entity_tricks_in_html_do_not_expand_or_hang():
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    html = (f'<!DOCTYPE html [<!ENTITY l0 "ha">{laughs}]><html><head><title>t</title></head>'
            f"<body><p>{PARAGRAPHS[0]}&l9;</p></body></html>")
    start = time.monotonic()
    try:
        doc = load_bytes(html.encode("utf-8"), suffix=".html")
        assert len(doc.text) < 10_000
    except DocumentError:
        pass
    assert time.monotonic() - start < 5


def test_page_without_article_refused():
    html = "<html><head><script>var x=1;</script></head><body><nav><a>首页</a></nav></body></html>"
    with pytest.raises(DocumentError) as err:
        load_bytes(html.encode("utf-8"), suffix=".html")
    assert str(err.value) == "网页中没有找到正文文字（页面可能只有导航、图片或需要脚本加载的内容）。"


def test_sample_gmw_article():
    doc = load_document(INTAKE / "cn_news_gmw_utf8.html")
    assert "翱翔于距地球数千公里的太空中" in doc.text
    assert doc.title == "宇航员在太空中喝酒会怎么样？后果很严重"
    assert paragraphs_of(doc)[1] == "发布日期：2017-03-10 来源：网易科学人"
    assert "光明网" not in doc.text.split("\n")[2]  # navigation is not the first body line
    assert "\u3000" not in doc.text


def test_sample_qq_meta_gb2312_actually_utf8():
    doc = load_document(INTAKE / "cn_news_qq_meta_gb2312_actually_utf8.html")
    assert "能够用自己的记忆学习新知识" in doc.text
    assert doc.encoding == "utf-8"
    assert "腾讯" not in paragraphs_of(doc)[0]


# --- OFD -------------------------------------------------------------------------------------

def test_ofd_lines_grouped_by_baseline_and_reflowed():
    size = 5.0
    pages = [[
        (60, 30, "关于2024年法治政府建设情况的报告"),
        (25, 50, "县人民政府："),
        (35, 58, "根据《法治政府建设与责任落实督察工作规定》，现将本县法治政府建设情况报告如下：依法"),
        (25, 66, "行政复议"),
        (50, 66, "工作扎实推进，全年收到行政复议申请十件。"),
        (25, 74, "一、主要举措和成效"),
    ], [
        (25, 30, "特此报告。"),
    ]]
    doc = load_bytes(make_ofd(pages, size=size), suffix=".ofd")
    assert paragraphs_of(doc) == [
        "关于2024年法治政府建设情况的报告",
        "县人民政府：",
        "根据《法治政府建设与责任落实督察工作规定》，现将本县法治政府建设情况报告如下：依法行政复议工作扎实推进，"
        "全年收到行政复议申请十件。",
        "一、主要举措和成效",
        "特此报告。",
    ]
    assert [p.page for p in doc.paragraphs] == [1, 1, 1, 1, 2]
    assert doc.source_format == "ofd"


def test_ofd_billion_laughs_refused():
    prolog = '<!DOCTYPE ofd [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    with pytest.raises(DocumentError) as err:
        load_bytes(make_ofd([[(25, 30, "正文")]], prolog=prolog), suffix=".ofd")
    assert str(err.value) == UNSAFE_XML_MESSAGE


def test_ofd_missing_page_refused():
    data = make_ofd([[(25, 30, "正文")]])
    import io
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    members = {n: src.read(n) for n in src.namelist() if "Content.xml" not in n}
    with pytest.raises(DocumentError) as err:
        load_bytes(zip_bytes(members), suffix=".ofd")
    assert str(err.value) == "OFD文件缺少必需的部件（Doc_0/Pages/Page_0/Content.xml），文件可能已损坏。"


def test_ofd_zip_bomb_refused():
    data = zip_bytes({"OFD.xml": "<ofd:OFD/>", "Doc_0/Res/huge.bin": b"\0" * (6 * 1024 * 1024)})
    with pytest.raises(DocumentError) as err:
        load_bytes(data, suffix=".ofd")
    assert str(err.value) == ZIP_BOMB_MESSAGE


def test_ofd_without_text_refused():
    with pytest.raises(DocumentError) as err:
        load_bytes(make_ofd([[]]), suffix=".ofd")
    assert "没有文字" in str(err.value)


@pytest.mark.parametrize("name,snippet", [
    ("cn_gov_letter_suwell.ofd", "关于加快南货场铁路涵洞下穿建设的函"),
    ("cn_gov_reply_iofd.ofd", "路卫发〔2011〕76号"),
])
def test_sample_ofd_snippets(name, snippet):
    doc = load_document(INTAKE / name)
    assert snippet in doc.text
    assert doc.source_format == "ofd"


def test_sample_suwell_letter_paragraphs():
    doc = load_document(INTAKE / "cn_gov_letter_suwell.ofd")
    paras = paragraphs_of(doc)
    assert paras[:2] == ["关于加快南货场铁路涵洞下穿建设的函", "蚌山区政府："]
    # one body paragraph, joined across five laid-out lines and many text pieces
    assert paras[2].startswith("根据我市2023年房地产用地供应计划") and paras[2].endswith("并加快工程施工建设。")
    assert paras[-1] == "2023年7月12日"
