"""The assessment as PDF (core.render_pdf over core.assessment).

The analyses here are built directly from the dataclasses: a realistic
170-item analysis of the 绥滨县 2024 fixture, with statuses and evidence taken
from its hand labels, so these tests do not depend on the analysis engine.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf")

from fzreview.core.analysis import (  # noqa: E402
    COVERED,
    MISSING,
    PARTIAL,
    Analysis,
    Evidence,
    Finding,
    ItemResult,
    ReportInfo,
    StructureResult,
)
from fzreview.core.checklist import LEVEL_NAMES, load_checklist, load_structure  # noqa: E402
from fzreview.core.review import NOT_APPLICABLE, Review  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NASTY_NOTE = "x<y & <b>AT&T</b>"
FINDING_MESSAGE = "报告第二部分提到“2023年度”，与报告年度2024年不一致，请核实。"


def _sentence_with(text: str, snippet: str) -> tuple[int, int, str]:
    at = text.find(snippet)
    if at < 0:
        return 0, len(snippet), snippet
    start = max(text.rfind("。", 0, at), text.rfind("\n", 0, at)) + 1
    ends = [e for e in (text.find("。", at), text.find("\n", at)) if e >= 0]
    end = min(ends) + 1 if ends else len(text)
    return start, end, text[start:end].strip()


def make_analysis(name: str = "suibin-county-2024", *, level: str | None = "county",
                  with_evidence: bool = True) -> Analysis:
    """A 170-item analysis of a fixture report from its hand labels."""
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    labels = {}
    for line in (FIXTURES / f"{name}.labels.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        cols = line.split("\t")
        labels[cols[0]] = (cols[1], cols[2] if len(cols) > 2 else "")
    checklist = load_checklist()
    structure = load_structure()
    parts = ("preamble", "S-01", "S-01", "S-01", "S-02", "S-04")
    items = []
    for n, ob in enumerate(checklist.obligations):
        status, snippet = labels.get(ob.id, (MISSING, ""))
        applicable = level is None or level in ob.levels
        evidence = []
        if with_evidence and snippet:
            start, end, sentence = _sentence_with(text, snippet)
            weak = ["计划"] if n % 17 == 0 else []
            evidence.append(Evidence(start=start, end=end, text=sentence, terms=[snippet[:6]],
                                     part=parts[n % len(parts)], score=0.8, weak=weak))
            evidence.append(Evidence(start=0, end=10, text=text[:10], terms=[], part="preamble",
                                     score=0.1))
        why = {COVERED: f"报告写明了“{snippet[:12]}”等具体做法",
               PARTIAL: "只提到原则性表述，未见具体举措或数据",
               MISSING: "报告中未找到与该义务相关的表述"}[status]
        if not applicable:
            why = f"该义务不适用于{LEVEL_NAMES[level]}"
        items.append(ItemResult(
            id=ob.id, title=ob.title, clause=ob.clause, part_ref=ob.part_ref, status=status,
            applicable=applicable, score={COVERED: 0.9, PARTIAL: 0.5, MISSING: 0.0}[status],
            evidence=evidence, why=[why, "匹配词：" + "、".join(ob.terms[:3])],
            quantifiable=ob.quantifiable, fingerprint=ob.fingerprint()))
    sections = []
    for sec in structure.sections:
        present = sec.id not in ("S-03", "S-05", "S-07")
        detail = {"S-02": "列出了问题，但未分析原因",
                  "S-07": "报告中未见发布日期，无法判断是否在4月1日前公开"}.get(sec.id, "")
        sections.append(StructureResult(id=sec.id, title=sec.title, present=present,
                                        mandatory=sec.mandatory, detail=detail))
    report = ReportInfo(
        path=str(FIXTURES / f"{name}.txt"), sha256=hashlib.sha256(text.encode()).hexdigest(),
        text=text, title="绥滨县2024年法治政府建设工作报告", year=2024, jurisdiction="绥滨县",
        level=level, source_format="txt", encoding="utf-8")
    return Analysis(
        report=report, checklist_id=checklist.id, checklist_title=checklist.title,
        checklist_sha256=checklist.sha256, items=items, structure=sections,
        findings=[Finding(kind="year_mismatch", message=FINDING_MESSAGE),
                  Finding(kind="placeholder", message="第3段含未替换的占位符“XX”。", severity="error")],
        part_titles={p.ref: p.title for p in checklist.parts}, engine_version="test")


def make_review(analysis: Analysis | None = None) -> Review:
    review = Review(analysis or make_analysis(), reviewer="张三")
    review.set_verdict("G01-01", COVERED, when="2025-03-01T10:00:00+08:00")
    review.set_note("G01-01", NASTY_NOTE, when="2025-03-01T10:00:00+08:00")
    review.set_verdict("G04-01", PARTIAL)
    review.set_note("G04-01", "机构改革部分只有一句话。\n第二行：请补充数据。")
    review.set_verdict("G04-02", NOT_APPLICABLE)
    review.set_verdict("G05-01", MISSING)
    review.set_note("G05-02", "很长的无空格字符串" + "长" * 400 + "ABCDEFGHIJ" * 30)
    return review


def _pages_text(path: Path) -> list[str]:
    reader = pypdf.PdfReader(str(path))
    return [page.extract_text() or "" for page in reader.pages]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def review_pdf(tmp_path_factory) -> tuple[Path, int, list[str]]:
    from fzreview.core.render_pdf import export_pdf
    out = tmp_path_factory.mktemp("pdf") / "review.pdf"
    pages = export_pdf(make_review(), out, date="2025-03-02")
    return out, pages, _pages_text(out)


def test_review_pdf_content(review_pdf):
    path, pages, texts = review_pdf
    assert path.read_bytes().startswith(b"%PDF-")
    assert pages == len(texts) > 1
    everything = "\n".join(texts)
    flat = _flat(everything)
    assert "《绥滨县2024年法治政府建设工作报告》对标审查意见" in flat
    assert _flat(FINDING_MESSAGE) in flat
    assert "G05-07" in everything and _flat("推行“双随机、一公开”监管") in flat
    assert "一、总体结论" in flat and "三、整改建议" in flat
    assert "审查人：张三" in flat and "2025年3月2日" in flat
    assert "绥滨县" in flat and "县级" in flat
    assert hashlib.sha256((Path(__file__).parent / "fixtures/suibin-county-2024.txt")
                          .read_bytes()).hexdigest()[:16] in flat
    # headers and footers on every page
    for n, text in enumerate(texts, start=1):
        assert f"第 {n} 页 共 {pages} 页" in text, n
        assert "法治报告审查台" in text


def test_reviewer_note_is_printed_literally(review_pdf):
    _, _, texts = review_pdf
    everything = "\n".join(texts)
    assert NASTY_NOTE in everything
    assert "&amp;" not in everything and "&lt;" not in everything
    # the long unbroken note wraps instead of running off the page (it is all there)
    assert "长" * 50 in _flat(everything)


def test_suggestions_follow_the_reviewer(review_pdf):
    _, _, texts = review_pdf
    flat = _flat("\n".join(texts))
    suggestions = flat[flat.index("三、整改建议"):flat.index("审查人：张三")]
    assert "G05-01" in suggestions  # reviewer says 不符合
    assert "G04-02" not in suggestions  # reviewer says 不适用
    assert "G01-01" not in suggestions  # covered
    assert "党政主要负责人履行推进法治建设第一责任人职责" in suggestions  # required part S-03 missing


def test_item_table_header_repeats(review_pdf):
    _, _, texts = review_pdf
    table_pages = [n for n, t in enumerate(texts) if re.search(r"G\d\d-\d\d", t)
                   and "三、整改建议" not in t]
    assert len(table_pages) >= 2
    second = texts[table_pages[1]]
    for word in ("编号", "义务", "自动结果", "审查意见", "依据摘录"):
        assert word in second


def test_font_is_embedded_and_no_stsong(review_pdf):
    path, _, _ = review_pdf
    reader = pypdf.PdfReader(str(path))
    fonts = {}
    for page in reader.pages:
        res = page.get("/Resources") or {}
        res = res.get_object() if hasattr(res, "get_object") else res
        for name, ref in (res.get("/Font") or {}).items():
            fonts[name] = ref.get_object()
    assert fonts
    for font in fonts.values():
        assert "WenQuanYiMicroHei" in str(font.get("/BaseFont"))  # no Helvetica, no STSong
        assert font.get("/Subtype") in ("/TrueType", "/Type0")
        descriptor = font.get("/FontDescriptor")
        if descriptor is None:  # Type0 keeps it on the descendant
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor.get_object()
    assert b"STSong" not in path.read_bytes()


def test_analysis_without_review(tmp_path):
    from fzreview.core.render_pdf import export_pdf
    out = tmp_path / "analysis.pdf"
    pages = export_pdf(make_analysis(), out, reviewer="李四")
    texts = _pages_text(out)
    assert pages == len(texts) > 1
    flat = _flat("\n".join(texts))
    assert "审查意见依据摘录" not in flat  # no reviewer column
    assert "编号义务自动结果依据摘录" in flat
    assert "审查人：李四" in flat
    assert "草稿" in flat and "尚未经审查人确认" in flat


def test_review_defaults_to_its_reviewer(tmp_path):
    from fzreview.core.render_pdf import export_pdf
    review = make_review()
    export_pdf(review, tmp_path / "a.pdf")
    for name in ("a.pdf",):
        assert "审查人：张三" in _flat("\n".join(_pages_text(tmp_path / name)))


def test_empty_evidence_and_unknown_level(tmp_path):
    from fzreview.core.render_pdf import export_pdf
    analysis = make_analysis(level=None, with_evidence=False)
    analysis.findings = []
    analysis.structure = []
    analysis.report.title = ""
    analysis.report.sha256 = ""
    out = tmp_path / "empty.pdf"
    pages = export_pdf(analysis, out)
    flat = _flat("\n".join(_pages_text(out)))
    assert pages > 1
    assert "绥滨县2024年度法治政府建设报告（未识别出标题）对标审查意见" in flat  # no invented 《title》
    assert "未识别出报告层级" in flat and "未识别出标题" in flat


def test_title_edge_cases():
    from fzreview.core.assessment import document_title
    analysis = make_analysis()
    analysis.report.title = "《某市2024年法治政府建设年度报告》"
    assert document_title(analysis) == "《某市2024年法治政府建设年度报告》对标审查意见"
    analysis.report.title = "关于《实施纲要》落实情况的报告"
    assert document_title(analysis) == "《关于〈实施纲要〉落实情况的报告》对标审查意见"
    analysis.report.title = ""
    analysis.report.jurisdiction = ""
    analysis.report.year = None
    assert document_title(analysis) == "法治政府建设年度报告（未识别出标题）对标审查意见"


def test_text_cleaning_never_breaks_markup():
    from fzreview.core.render_pdf import clean_text, has_glyph, markup
    for ch in "—《》“”、：（）·…0aZ":
        assert has_glyph(ch), ch
    assert markup(NASTY_NOTE) == "x&lt;y &amp; &lt;b&gt;AT&amp;T&lt;/b&gt;"
    assert markup("a\nb") == "a<br/>b"
    assert clean_text("a\x00b\u200bc\U0001F600") == "abc\u25a1"


def test_odd_input_exports(tmp_path):
    """Control characters, emoji, markup-like text and an empty checklist id."""
    from fzreview.core.render_pdf import export_pdf
    analysis = make_analysis()
    analysis.checklist_id = "no-such-checklist"
    analysis.report.jurisdiction = "<script>&amp;\x07县"
    analysis.findings.append(Finding(kind="weird", message="&nbsp; <para> ]]> \U0001F600 \x1b[0m"))
    analysis.items[0].evidence[0].text = "证据" * 200
    review = Review(analysis)
    review.set_note(analysis.items[1].id, "<br/><font name='Helvetica'>x</font>")
    out = tmp_path / "odd.pdf"
    assert export_pdf(review, out) > 1
    flat = _flat("\n".join(_pages_text(out)))
    assert "<br/><fontname='Helvetica'>x</font>" in flat
    assert "<script>&amp;县" in flat


def test_rejects_other_sources(tmp_path):
    from fzreview.core.render_pdf import export_pdf
    with pytest.raises(TypeError):
        export_pdf({"items": []}, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_huge_note_splits_across_pages(tmp_path):
    """A note longer than a page must not raise reportlab's LayoutError."""
    from fzreview.core.render_pdf import export_pdf
    review = make_review()
    review.set_note("G10-01", "超长批注" * 1500)
    review.set_note("G10-02", "\n".join(f"第{n}行" for n in range(300)))
    out = tmp_path / "huge.pdf"
    pages = export_pdf(review, out)
    flat = _flat("\n".join(_pages_text(out)))
    assert pages > 20
    assert flat.count("超长批注") >= 1400  # nothing lost in the split
    assert "第299行" in flat


def test_no_line_starts_with_closing_punctuation_after_a_sequence(tmp_path):
    """Two closing marks at a line end ("）。", "”，") move together: no line starts with 。，、；：）」』”."""
    import subprocess

    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from fzreview.core.render_pdf import _styles

    body = _styles()["body"]
    story = []
    for n in range(40):  # every offset puts the sequence at some line's end
        lead = "审" * n
        story.append(Paragraph(lead + "覆盖率为百分之五十（部分覆盖按半项计）。报告对各项任务的反映“较为全面”，"
                               "并列明数据（见附表）；另有说明：“待核实”、其余从略。", body))
    path = tmp_path / "kinsoku.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    try:
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                              check=True).stdout.decode("utf-8")
    except FileNotFoundError:
        text = "\n".join(p.extract_text() or "" for p in pypdf.PdfReader(str(path)).pages)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert len(lines) > 80
    bad = [line for line in lines if line[0] in "。，、；：）」』”"]
    assert not bad, bad[:5]


def test_chart_labels_stay_inside_the_frame():
    from reportlab.graphics.shapes import String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from fzreview.core.assessment import build_assessment
    from fzreview.core.render_pdf import _coverage_chart

    m = build_assessment(make_analysis())
    m.parts[0].short_title = "健全社会矛盾纠纷行政预防调处化解体系不断促进社会公平正义"
    labels = [s for s in _coverage_chart(m).contents if isinstance(s, String) and s.textAnchor == "end"]
    assert labels
    for s in labels:
        assert s.x - stringWidth(s.text, s.fontName, s.fontSize) >= 0, s.text
    assert labels[0].text.endswith("……")


def test_long_title_breaks_before_the_document_kind():
    from fzreview.core.render_pdf import _styles, _title

    long = _title("绥滨县2024年度法治政府建设报告（未识别出标题）对标审查意见", _styles()["title"])
    assert "<br/>对标审查意见" in long.text
    short = _title("《某县报告》对标审查意见", _styles()["title"])
    assert "<br/>" not in short.text
