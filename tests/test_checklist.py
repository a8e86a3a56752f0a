"""Checklist loading and validation: every malformed file names its line."""

import textwrap

import pytest

from fzreview.core.checklist import ChecklistError, load_checklist, load_structure

GOOD = """\
id: my-plan
title: 某省实施方案
parts:
- ref: 一
  title: 第一部分
  clauses:
  - ref: （一）
    title: 条款
    obligations:
    - id: P01-01
      title: 学习
      requirement: 学习贯彻习近平法治思想。
      levels: [county, township]
      quantifiable: true
      terms: [习近平法治思想]
      broad_terms: [宣讲]
      patterns: ['学习[^。]{0,4}法治思想']
      exclude: [研究中心]
    - id: P01-02
      title: 清单
      requirement: 推行权责清单。
      levels: [county]
      terms: [权责清单]
"""


def write(tmp_path, text, name="plan.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_shipped_checklist_has_every_reference_id(checklist):
    ids = [o.id for o in checklist.obligations]
    assert len(ids) == 170 == len(set(ids))
    assert ids[0] == "G01-01" and "G05-07" in ids and ids[-1] == "G35-02"
    o = checklist.get("G05-07")
    assert o.clause_ref == "（五）" and o.part_ref == "二" and "双随机、一公开" in o.terms


def test_structure_checklist_has_sections_and_rules(structure):
    ids = [s.id for s in structure.sections]
    assert ids == ["S-01", "S-02", "S-03", "S-04", "S-05", "S-06", "S-07"]
    assert structure.get("S-06").deadlines["province"] == "04-01"
    assert structure.get("S-05").mandatory is False


def test_user_checklist_loads_by_path(tmp_path):
    c = load_checklist(write(tmp_path, GOOD))
    assert c.id == "my-plan" and [o.id for o in c.obligations] == ["P01-01", "P01-02"]
    first = c.obligations[0]
    assert first.broad_terms == ("宣讲",) and first.exclude == ("研究中心",) and first.line == 10
    assert c.obligations[1].quantifiable is False


@pytest.mark.parametrize("mutate, line, words", [
    (lambda t: t.replace("      requirement: 推行权责清单。\n", ""), 19, "requirement"),
    (lambda t: t.replace("id: P01-02", "id: P01-01"), 19, "重复"),
    (lambda t: t.replace("levels: [county]", "levels: [village]"), 19, "village"),
    (lambda t: t.replace("'学习[^。]{0,4}法治思想'", "'(学习'"), 17, "正则"),
    (lambda t: t.replace("terms: [权责清单]", "term: [权责清单]"), 19, "未知字段"),
    (lambda t: t.replace("quantifiable: true", "quantifiable: 是"), 10, "true 或 false"),
    (lambda t: t.replace("title: 清单", "title: [清单"), 21, "始于第 20 行"),
])
def test_malformed_checklist_names_line(tmp_path, mutate, line, words):
    path = write(tmp_path, mutate(GOOD))
    with pytest.raises(ChecklistError) as err:
        load_checklist(path)
    message = str(err.value)
    assert message.startswith(f"{path}:{line}:"), message
    assert words in message


def test_unsafe_yaml_tag_refused(tmp_path):
    path = write(tmp_path, GOOD.replace("title: 某省实施方案", "title: !!python/object/apply:os.system ['echo hi']"))
    with pytest.raises(ChecklistError) as err:
        load_checklist(path)
    assert ":2:" in str(err.value)


def test_unknown_checklist_id_lists_available():
    with pytest.raises(ChecklistError) as err:
        load_checklist("no-such-plan")
    assert "gangyao-2021-2025" in str(err.value)


def test_structure_file_is_not_an_obligation_checklist():
    with pytest.raises(ChecklistError) as err:
        load_checklist("report-structure")
    assert "结构清单" in str(err.value)


def test_non_utf8_checklist(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes(GOOD.encode("gb18030"))
    with pytest.raises(ChecklistError) as err:
        load_checklist(path)
    assert "UTF-8" in str(err.value)


def test_structure_deadline_format_checked(tmp_path):
    text = (tmp_path / "s.yaml")
    text.write_text("id: s\ntitle: t\nsections:\n- id: S-06\n  kind: submission\n  title: 报送\n"
                    "  requirement: r\n  terms: [a]\n  deadlines: {county: 3月1日}\n", encoding="utf-8")
    with pytest.raises(ChecklistError) as err:
        load_structure(text)
    assert ":4:" in str(err.value) and "MM-DD" in str(err.value)


def test_fingerprint_changes_with_requirement(checklist):
    o = checklist.get("G04-02")
    before = o.fingerprint()
    from dataclasses import replace

    assert replace(o, requirement=o.requirement + "补充").fingerprint() != before
    assert replace(o, terms=o.terms + ("新词",)).fingerprint() == before


def test_loaded_once_and_reloaded_when_edited(tmp_path):
    import os

    path = write(tmp_path, GOOD)
    first = load_checklist(path)
    assert load_checklist(path) is first  # analysis, export and re-analysis share one parse
    path.write_text(GOOD.replace("title: 某省实施方案", "title: 某省实施方案（修订）"), encoding="utf-8")
    os.utime(path, ns=(first_ns := path.stat().st_mtime_ns + 1_000_000, first_ns))
    assert load_checklist(path).title == "某省实施方案（修订）"
