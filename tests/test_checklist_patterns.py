"""Checklist patterns cannot hang the app or find evidence in nothing.

Validated at load (file:line in the message) and run under a time bound.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from test_checklist import GOOD, write

from fzreview.core.checklist import ChecklistError, load_checklist
from fzreview.core.document import Document
from fzreview.core.engine import analyse
from fzreview.core.safe_regex import BoundedPattern, PatternTimeout, pattern_problem

PATTERN_LINE = 17  # the `patterns:` line of P01-01 in GOOD


def with_pattern(pattern: str) -> str:
    return GOOD.replace("'学习[^。]{0,4}法治思想'", pattern)


@pytest.mark.parametrize("pattern, words", [
    ("'([^。]+)+X'", "重复之内又有可变长度的重复"),
    ("'(?:学习[^。]{0,4})+'", "重复之内又有可变长度的重复"),
    ("'(\\w+\\s?)+$'", "重复之内又有可变长度的重复"),
    ("'a{0,4294967295}'", "重复次数过大"),
    ("'法治{2000}'", "重复次数过大"),
    ("'x*'", "空字符串"),
    ("'学习|'", "空字符串"),
    ("'(?=学习)'", "空字符串"),
    ("'(学习'", "无效"),
    ("'" + "学" * 600 + "'", "过长"),
])
def test_dangerous_patterns_refused_with_file_and_line(tmp_path, pattern, words):
    path = write(tmp_path, with_pattern(pattern))
    with pytest.raises(ChecklistError) as err:
        load_checklist(path)
    message = str(err.value)
    assert message.startswith(f"{path}:{PATTERN_LINE}:"), message
    assert words in message


def test_shipped_patterns_all_pass(checklist, structure):
    patterns = [p for o in checklist.obligations for p in o.patterns]
    patterns += [p for s in structure.sections for p in s.patterns]
    assert len(patterns) > 100
    assert [p for p in patterns if pattern_problem(p)] == []


def test_yaml_list_as_key_gives_a_message(tmp_path):
    path = write(tmp_path, GOOD.replace("      title: 清单\n", "      ? [a, b]\n      : 清单\n"))
    with pytest.raises(ChecklistError) as err:
        load_checklist(path)
    assert str(err.value).startswith(f"{path}:20:") and "键不能是列表" in str(err.value)


def test_fifo_checklist_does_not_block(tmp_path):
    import os

    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs")
    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)
    with pytest.raises(ChecklistError, match="不是普通文件"):
        load_checklist(fifo)


def test_backtracking_pattern_is_stopped_in_time():
    rx = BoundedPattern("(a|aa)+b")  # passes the syntax check; exponential on a run of a's
    assert pattern_problem(rx.pattern) is None
    t0 = time.monotonic()
    with pytest.raises(PatternTimeout):
        list(rx.finditer("a" * 60 + "，b", timeout=0.2))  # with a b: the literal prefilter lets it run
    assert time.monotonic() - t0 < 10


def test_analysis_with_a_slow_pattern_finishes_and_says_so(tmp_path, structure):
    path = write(tmp_path, with_pattern("'(a|aa)+b'"))
    checklist = load_checklist(path)
    doc = Document.from_text("学习贯彻习近平法治思想。\n" + "a" * 60 + "\n推行权责清单b。")
    t0 = time.monotonic()
    analysis = analyse(doc, checklist, structure)
    assert time.monotonic() - t0 < 30
    item = analysis.item("P01-01")
    assert item.status != "missing" and item.evidence  # the terms still count
    assert any("运行超时" in why for why in item.why)


def test_empty_matches_never_count_as_evidence():
    rx = BoundedPattern("(?:学习)?")  # refused at load; the runner still ignores empty matches
    assert [m.group(0) for m in rx.finditer("依法行政，学习。")] == ["学习"]


def test_deeply_nested_yaml_gives_a_message(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("id: x\ntitle: t\nparts: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(ChecklistError) as err:
        load_checklist(path)
    assert str(err.value).startswith(f"{path}")


# ---------------------------------------------------------------- the literal prefilter (compile only what can match)


@pytest.mark.parametrize("pattern, clauses", [
    ("学习[^。；！？\\n]{0,12}法治思想", [{"学习"}, {"法治思想"}]),
    ("(?:厘清|明确)[^。]{0,8}职责边界", [{"厘清", "明确"}, {"职责边界"}]),
    ("重大(?:行政)?决策(?!部署)", [{"重大决策", "重大行政决策"}]),
    ("跨[省市]{1,2}[^。]{0,2}通办", [{"跨"}, {"省", "市"}, {"通办"}]),
    ("(?<![A-Za-z])(?:[xX]{2,})(?![A-Za-z])", [{"x", "X"}]),
    ("a|b.c", []),  # nothing is required of every match
    ("(?i)abc", None),  # case-insensitive: not read
])
def test_required_literals(pattern, clauses):
    from fzreview.core.safe_regex import required_literals

    found = required_literals(pattern)
    assert (None if found is None else [set(c) for c in found]) == clauses


def test_prefilter_never_hides_a_match(checklist, structure):
    """For every shipped pattern and every sentence of the seeds and the sample (and near-misses
    made from each match), a text the prefilter rules out has no match."""
    import re

    import regex

    from fzreview.core.resources import SAMPLE_REPORT
    from fzreview.core.safe_regex import may_match, required_literals

    fixtures = Path(__file__).parent / "fixtures"
    texts = [p.read_text(encoding="utf-8") for p in sorted(fixtures.glob("*-20[0-9][0-9].txt"))]
    assert len(texts) >= 3
    texts.append(SAMPLE_REPORT.read_text(encoding="utf-8"))
    sentences = [s for t in texts for s in re.split("[。；\n]", t) if s]
    patterns = {p for o in checklist.obligations for p in o.patterns} | {p for s in structure.sections for p in s.patterns}
    ruled_out = matched = 0
    for p in sorted(patterns):
        clauses, rx = required_literals(p), regex.compile(p)
        for s in sentences:
            hit = rx.search(s)
            if hit:
                matched += 1
                # the match itself, and the match with one character dropped, are checked too
                for variant in [hit.group(0)] + [hit.group(0)[:k] + hit.group(0)[k + 1:] for k in range(len(hit.group(0)))]:
                    assert may_match(clauses, variant) or not rx.search(variant), (p, variant)
            if not may_match(clauses, s):
                ruled_out += 1
                assert hit is None, (p, s)
    assert matched > 100 and ruled_out > 10_000  # the check saw both kinds


def test_pattern_without_its_literals_is_not_compiled():
    rx = BoundedPattern("行政许可事项[^。]{0,6}(?:清单|目录)")
    assert list(rx.finditer("全面推行证明事项告知承诺制。")) == [] and rx._compiled is None
    assert [m.group(0) for m in rx.finditer("公布行政许可事项清单。")] == ["行政许可事项清单"]
