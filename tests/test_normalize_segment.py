"""Normalisation, paragraphs, sentences and offsets."""

from fzreview.core.document import Document
from fzreview.core.normalize import is_chrome, normalize_line
from fzreview.core.segment import split_sentences


def test_fullwidth_and_halfwidth():
    assert normalize_line("２０２４年，办理案件１２件") == "2024年，办理案件12件"
    assert normalize_line("2024年,在市委领导下;完成") == "2024年，在市委领导下；完成"
    assert normalize_line("(一)深入学习") == "（一）深入学习"
    assert normalize_line("共1,300人次, 增长5.2%") == "共1,300人次，增长5.2%"
    assert normalize_line("Ｗｏｒｄ　文件") == "Word 文件"


def test_spaces_between_chinese_removed_and_zero_width():
    assert normalize_line("法 治\u200b政府\u3000建设") == "法治政府建设"
    assert normalize_line("  \t ") == ""


def test_web_chrome_dropped():
    doc = Document.from_text("分享到:\n无障碍\n正文第一段。\n扫一扫在手机打开当前页\n备案号：粤ICP备123号\n-_-\n第二段。")
    assert doc.text == "正文第一段。\n第二段。"
    assert is_chrome("【字体：大 中 小】") and not is_chrome("扫黑除恶专项斗争取得成效，办理案件3件。")


def test_paragraph_offsets_index_text():
    doc = Document.from_text("标题报告\n\n  第一段，有内容。\n第二段：更多。")
    assert [p.text(doc.text) for p in doc.paragraphs] == ["标题报告", "第一段，有内容。", "第二段：更多。"]
    assert doc.paragraph_at(doc.text.index("更多")) == 2


def test_empty_document_refused():
    import pytest

    from fzreview.core.document import DocumentError

    with pytest.raises(DocumentError):
        Document.from_text(" \n\t\n分享到\n")


def test_sentences_have_exact_offsets():
    doc = Document.from_text("一、工作情况\n全年办理复议案件12件；调解5件。下一步将继续加强！\n短句")
    sents = split_sentences(doc)
    assert [s.text for s in sents] == ["一、工作情况", "全年办理复议案件12件；", "调解5件。", "下一步将继续加强！", "短句"]
    for s in sents:
        assert doc.text[s.start:s.end] == s.text


def test_long_sentence_split_at_commas_keeps_offsets():
    body = "，".join(["开展行政执法检查工作并取得明显成效"] * 20) + "。"
    doc = Document.from_text(body)
    sents = split_sentences(doc)
    assert len(sents) > 1
    assert "".join(s.text for s in sents) == body
    for s in sents:
        assert doc.text[s.start:s.end] == s.text and len(s.text) <= 160


def test_page_facts_kept_before_chrome_dropped():
    from fzreview.core.fact_finder import detect_facts

    raw = ("无障碍版长者助手登录\n您当前的位置：> >其他文件\n三乡镇2024年法治政府建设年度报告\n"
           "来源：三乡镇 发布日期:2025-01-27 浏览次数：318 【字号：大 中 小】\n字号 大 中 小\n"
           "2024年，三乡镇坚持依法行政，全年办理行政复议案件3件。\n【打印本页】【关闭窗口】\n分享到：微信 微博\n"
           "三乡镇人民政府\n2025年1月20日")
    doc = Document.from_text(raw)
    lines = [p.text(doc.text) for p in doc.paragraphs]
    assert lines[1] == "来源：三乡镇 发布日期：2025-01-27"
    for chrome in ("无障碍", "长者", "登录", "位置", "字号", "打印", "关闭", "分享", "浏览次数"):
        assert chrome not in doc.text, chrome
    facts = detect_facts(doc)
    assert facts.published.value == "2025-01-27" and facts.published.source == "page"
    assert doc.text[facts.published.start:facts.published.end] == "2025-01-27"
    assert facts.date.value == "2025-01-20" and facts.unit.value == "三乡镇"


def test_report_text_is_not_chrome():
    for line in ("大力推进法治政府建设，提高依法行政水平。", "一、主要举措和成效", "来源于群众的意见建议23条均已办结。",
                 "中共景德镇市委、景德镇市人民政府："):
        assert not is_chrome(line), line
    for line in ("无障碍版长者助手登录", "您当前的位置：> >其他文件", "字号 大 中 小", "【打印本页】【关闭窗口】", "分享到："):
        assert is_chrome(normalize_line(line)), line
