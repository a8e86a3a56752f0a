"""Review files edited by hand (QA trial): every mistake refused with a Chinese message naming the field."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from fzreview.core.review import Review, ReviewFileError, load_review

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def good(seed_analyses):
    review = Review(analysis=seed_analyses["hongmei-town-2024"], reviewer="张三")
    review.set_verdict(review.analysis.items[0].id, "partial")
    return review.to_dict()


def _refused(tmp_path, data) -> str:
    path = tmp_path / "edited.fzreview.json"
    raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
    path.write_bytes(raw)
    with pytest.raises(ReviewFileError) as err:
        load_review(path)
    assert path.read_bytes() == raw
    message = str(err.value)
    assert not any(word in message for word in ("NoneType", "object is not", "unknown verdict", "Traceback"))
    return message


def _edit(good, change):
    data = copy.deepcopy(good)
    change(data)
    return data


@pytest.mark.parametrize("change, words", [
    (lambda d: d.__setitem__("version", "2"), "版本号（version）应为整数"),
    (lambda d: d.__setitem__("items", []), "没有任何义务项"),
    (lambda d: d.__setitem__("items", {}), "items：应为列表"),
    (lambda d: d.__setitem__("items", None), "items：应为列表"),
    (lambda d: d["items"][0].__setitem__("verdict", "符合"), "items[0].verdict"),
    (lambda d: d["items"][0]["auto"].__setitem__("why", 5), "items[0].auto.why：应为列表"),
    (lambda d: d["items"][0]["auto"].__setitem__("evidence", 5), "items[0].auto.evidence：应为列表"),
    (lambda d: d["report"].__setitem__("text", 12345), "report.text：应为文字"),
    (lambda d: d["items"][0].__setitem__("note", ["a", "b"]), "items[0].note：应为文字"),
    (lambda d: d["items"].append(copy.deepcopy(d["items"][0])), "重复"),
])
def test_hand_edits_refused_in_chinese_naming_the_field(good, tmp_path, change, words):
    assert words in _refused(tmp_path, _edit(good, change))


def test_version_missing_says_missing(good, tmp_path):
    assert "缺少版本号" in _refused(tmp_path, _edit(good, lambda d: d.pop("version")))


def test_cli_export_of_empty_items_exits_5_and_writes_nothing(good, tmp_path):
    path = tmp_path / "r.json"
    path.write_text(json.dumps(_edit(good, lambda d: d.__setitem__("items", [])), ensure_ascii=False),
                    encoding="utf-8")
    out = tmp_path / "o.pdf"
    proc = subprocess.run([sys.executable, "main.py", "export", str(path), "--pdf", str(out)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 5, proc.stderr
    assert "没有任何义务项" in proc.stderr and not out.exists()
