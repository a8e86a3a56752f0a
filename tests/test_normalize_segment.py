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
