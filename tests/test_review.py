"""The review model and its file format."""

import json
from dataclasses import replace

import pytest

from fzreview.core.review import VERSION, Review, ReviewFileError, load_review, save_review


@pytest.fixture
def review(seed_analyses):
    return Review(analysis=seed_analyses["hongmei-town-2024"], reviewer="张三")


def test_round_trip_keeps_verdicts_notes_and_text(tmp_path, review):
    review.set_verdict("G05-07", "covered")
    review.set_note("G05-07", "核实：见第二部分 x<y & <b>")
    path = tmp_path / "r.json"
    save_review(review, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "fzreview" and data["version"] == VERSION
    item = next(i for i in data["items"] if i["id"] == "G05-07")
    assert item["verdict"] == "covered" and item["auto"]["status"] in ("covered", "partial", "missing")
    again = load_review(path)
    assert again.verdicts["G05-07"].verdict == "covered"
    assert again.verdicts["G05-07"].note == "核实：见第二部分 x<y & <b>"
    assert again.analysis.report.text == review.analysis.report.text
    assert again.reviewer == "张三" and again.reviewed_count() == 1
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]  # no temporary file left behind


def test_verdict_overrides_auto_in_summary(review):
    missing = [i for i in review.analysis.items if i.applicable and i.status == "missing"]
    before = review.summary()
    review.set_verdict(missing[0].id, "covered")
    after = review.summary()
    assert after["covered"] == before["covered"] + 1 and after["missing"] == before["missing"] - 1
    review.set_verdict(missing[1].id, "not_applicable")
    assert review.summary()["applicable"] == after["applicable"] - 1


def test_reanalysis_never_overwrites_verdict_and_flags_changed_obligation(review):
    review.set_verdict("G04-02", "partial")
    review.set_note("G04-02", "人工判断")
    items = [replace(i, fingerprint="changed") if i.id == "G04-02" else i for i in review.analysis.items]
    flagged = review.reanalyse(replace(review.analysis, items=items))
    assert flagged == ["G04-02"]
    v = review.verdicts["G04-02"]
    assert v.verdict == "partial" and v.note == "人工判断" and v.stale
    assert review.changed_since_review("G04-02")


def test_changed_auto_status_is_detected(review):
    item = review.analysis.item("G01-01")
    review.set_verdict("G01-01", "covered")
    assert not review.changed_since_review("G01-01")
    other = "missing" if item.status != "missing" else "covered"
    items = [replace(i, status=other) if i.id == "G01-01" else i for i in review.analysis.items]
    review.reanalyse(replace(review.analysis, items=items))
    assert review.changed_since_review("G01-01") and review.verdicts["G01-01"].verdict == "covered"


def test_invalid_verdict_rejected(review):
    with pytest.raises(ValueError):
        review.set_verdict("G01-01", "maybe")


@pytest.mark.parametrize("content, words", [
    (b"\x00\x01garbage", "损坏"),
    (b'{"format": "other"}', "不是审查文件"),
    (json.dumps({"format": "fzreview", "version": VERSION + 1, "items": []}).encode(), "更新版本"),
    (json.dumps({"format": "fzreview", "version": 1, "items": [{"id": "G01-01"}]}).encode(), "损坏"),
])
def test_bad_review_files_refused_untouched(tmp_path, content, words):
    path = tmp_path / "r.json"
    path.write_bytes(content)
    with pytest.raises(ReviewFileError) as err:
        load_review(path)
    assert words in str(err.value)
    assert path.read_bytes() == content
