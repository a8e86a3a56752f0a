"""Review files are validated by a schema on load: anything else is refused with a message, untouched."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from fzreview.core.review import Review, ReviewFileError, load_review, save_review
from fzreview.core.review_schema import REVIEW, Str, check_review, obj

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def good(seed_analyses):
    review = Review(analysis=seed_analyses["hongmei-town-2024"], reviewer="张三")
    item = review.analysis.items[0]
    review.set_verdict(item.id, "partial")
    review.set_note(item.id, "请补充数据")
    return review.to_dict()


def refused(tmp_path, data_or_bytes) -> str:
    path = tmp_path / "review.json"
    raw = data_or_bytes if isinstance(data_or_bytes, bytes) else json.dumps(data_or_bytes).encode("utf-8")
    path.write_bytes(raw)
    before = path.stat().st_mtime_ns
    with pytest.raises(ReviewFileError) as err:
        load_review(path)
    assert path.read_bytes() == raw and path.stat().st_mtime_ns == before  # untouched
    message = str(err.value)
    assert "Traceback" not in message
    return message


def test_a_saved_review_passes(good, tmp_path):
    assert check_review(good)["items"][0]["verdict"] == "partial"
    path = tmp_path / "r.json"
    path.write_text(json.dumps(good, ensure_ascii=False), encoding="utf-8")
    review = load_review(path)
    assert review.verdicts[review.analysis.items[0].id].note == "请补充数据"


def with_change(good, change):
    data = copy.deepcopy(good)
    change(data)
    return data


@pytest.mark.parametrize("change, words", [
    (lambda d: d["items"][0]["auto"].__setitem__("status", None), "items[0].auto.status"),
    (lambda d: d["items"][0]["auto"].__setitem__("status", "done"), "无效"),
    (lambda d: d["items"][0].__setitem__("verdict", "yes"), "items[0].verdict"),
    (lambda d: d["items"][0].__setitem__("note", 5), "items[0].note：应为文字"),
    (lambda d: d["items"][0].__setitem__("applicable", "yes"), "true 或 false"),
    (lambda d: d["items"][1].__setitem__("id", d["items"][0]["id"]), "重复"),
    (lambda d: d.__setitem__("items", {"a": 1}), "items：应为列表"),
    (lambda d: d["items"][0]["auto"].__setitem__("score", float("nan")), "超出范围"),
    (lambda d: d["items"][0]["auto"].__setitem__("evidence", [{"start": 0, "end": 10**8, "text": "x"}]),
     "超出范围"),
    (lambda d: d["report"].__setitem__("text", ["not", "text"]), "report.text"),
    (lambda d: d["report"].__setitem__("year", "二〇二四"), "report.year"),
    (lambda d: d["report"].__setitem__("facts", {"unit": json.loads("[" * 40 + "]" * 40)}), "嵌套过深"),
    (lambda d: d["report"].__setitem__("corrections", ["level"]), "report.corrections：应为对象"),
    (lambda d: d.__setitem__("corrections", {"level": "galaxy"}), "更正有误"),
    (lambda d: d["checklist"].__setitem__("id", 7), "checklist.id"),
    (lambda d: d.__setitem__("reviewer", "张" * 5000), "过长"),
    (lambda d: d.pop("report"), "缺少字段 report"),
])
def test_wrong_fields_refused_with_their_path(good, tmp_path, change, words):
    assert words in refused(tmp_path, with_change(good, change))


def test_deep_nesting_refused(tmp_path):
    raw = b'{"format": "fzreview", "version": 2, "items": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    assert "嵌套过深" in refused(tmp_path, raw)


def test_five_thousand_digit_version_refused(tmp_path):
    raw = b'{"format": "fzreview", "version": ' + b"9" * 5000 + b"}"
    message = refused(tmp_path, raw)
    assert "数值" in message or "版本" in message
    assert "9" * 100 not in message


def test_huge_but_parsable_version_refused(tmp_path):
    message = refused(tmp_path, {"format": "fzreview", "version": 10**30})
    assert "版本号无效" in message


def test_lone_surrogate_in_a_note_is_cleaned_and_saves(good, tmp_path):
    data = with_change(good, lambda d: d["items"][0].__setitem__("note", "补充\ud800数据"))
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data), encoding="ascii")  # \ud800 escaped, as another tool may write it
    review = load_review(path)
    note = review.verdicts[review.analysis.items[0].id].note
    assert note == "补充\ufffd数据"
    save_review(review, tmp_path / "again.json")
    json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))


def test_unknown_fields_are_dropped_not_fatal(good):
    data = with_change(good, lambda d: d.__setitem__("added_by_a_newer_version", {"x": 1}))
    assert "added_by_a_newer_version" not in check_review(data)


def test_schema_is_extended_with_one_line():
    extended = obj("id", id=Str(64), reviewed_by=Str(20))
    assert extended.check({"id": "G01-01", "reviewed_by": "李四", "x": 1}, "") == {"id": "G01-01", "reviewed_by": "李四"}
    assert "corrections" in REVIEW.fields and "yaml" in REVIEW.fields["checklist"].fields


@pytest.mark.parametrize("special", ["dir", "fifo"])
def test_non_regular_review_path_refused(tmp_path, special):
    import os

    path = tmp_path / "r.json"
    if special == "dir":
        path.mkdir()
    elif hasattr(os, "mkfifo"):
        os.mkfifo(path)
    else:
        pytest.skip("no FIFOs")
    with pytest.raises(ReviewFileError, match="不是普通文件"):
        load_review(path)


def test_cli_export_exit_5_and_file_untouched(good, tmp_path):
    data = with_change(good, lambda d: d["items"][0]["auto"].__setitem__("status", None))
    path = tmp_path / "r.json"
    raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
    path.write_bytes(raw)
    proc = subprocess.run([sys.executable, "main.py", "export", str(path), "--csv", str(tmp_path / "o.csv")],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 5
    assert "items[0].auto.status" in proc.stderr and "Traceback" not in proc.stderr
    assert path.read_bytes() == raw
