"""Reviews carry their checklist: a copy of a checklist that is not built in."""

from __future__ import annotations

import json

from fzreview.core.checklist import CHECKLIST_DIR, short_name
from fzreview.core.cli import main as cli
from fzreview.core.review import load_review


def _custom_checklist(tmp_path):
    text = (CHECKLIST_DIR / "gangyao-2021-2025.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    for n, line in enumerate(lines):
        if line.startswith("id:"):
            lines[n] = "id: province-plan-2024"
        elif line.startswith("title:"):
            lines[n] = "title: 某省法治政府建设实施方案（2024年）"
    text = "\n".join(lines).replace("严格执行法治政府建设年度报告制度，按时报告并向社会公开。",
                                    "按本省方案按时报告并向社会公开。")
    path = tmp_path / "province-plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def test_review_made_with_a_checklist_path_works_after_the_path_is_gone(tmp_path, fixtures_or_seed, capsys):
    path, text = _custom_checklist(tmp_path)
    out = tmp_path / "review.json"
    assert cli(["check", str(fixtures_or_seed), "--checklist", str(path), "--review", str(out)]) == 0
    capsys.readouterr()
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["checklist"]["id"] == "province-plan-2024"
    assert data["checklist"]["yaml"] == text
    path.unlink()  # the checklist file is gone

    review = load_review(out)
    checklist = review.checklist()
    assert checklist is not None and checklist.title == "某省法治政府建设实施方案（2024年）"
    assert checklist.get("G33-03").requirement == "按本省方案按时报告并向社会公开。"
    assert short_name(review.analysis.checklist_title) == "某省法治政府建设实施方案（2024年）"

    # re-analysis uses the carried copy
    from fzreview.ui.tasks import reanalyse

    result = reanalyse("", review.analysis.report.sha256, review.analysis.report.text, "province-plan-2024",
                       None, review.checklist_yaml)
    assert result.checklist.id == "province-plan-2024" and len(result.analysis.items) == 170

    # the assessment names that checklist, and saving keeps the copy
    from fzreview.core.assessment import build_assessment

    m = build_assessment(review)
    assert any("《某省法治政府建设实施方案（2024年）》" in p for p in m.conclusion)
    assert "清单各部分" in m.chart_caption
    from fzreview.core.review import save_review

    save_review(review, tmp_path / "again.json")
    assert load_review(tmp_path / "again.json").checklist_yaml == text


def test_builtin_checklist_is_not_copied(tmp_path, fixtures_or_seed, capsys):
    out = tmp_path / "review.json"
    assert cli(["check", str(fixtures_or_seed), "--review", str(out)]) == 0
    capsys.readouterr()
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "yaml" not in data["checklist"]
    review = load_review(out)
    assert review.checklist() is not None and review.checklist().id == "gangyao-2021-2025"
    assert short_name(review.analysis.checklist_title) == "纲要"


def test_a_bad_carried_copy_is_refused_or_ignored(tmp_path, fixtures_or_seed, capsys):
    out = tmp_path / "review.json"
    assert cli(["check", str(fixtures_or_seed), "--review", str(out)]) == 0
    capsys.readouterr()
    data = json.loads(out.read_text(encoding="utf-8"))
    data["checklist"]["yaml"] = "parts: [broken"
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    review = load_review(out)  # the review still opens; the checklist is just unavailable
    assert review.checklist() is None
