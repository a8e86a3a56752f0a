"""Atomic writes keep the target's symlink and permissions and leave no temporary files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fzreview.core.atomic_file import TEMP_SUFFIX, json_bytes, remove_stale_temps, write_atomic

ROOT = Path(__file__).resolve().parent.parent
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and symlinks")


def temps(directory: Path) -> list[str]:
    return [p.name for p in directory.iterdir() if p.name.endswith(TEMP_SUFFIX)]


def test_replaces_content_and_leaves_no_temp(tmp_path):
    target = tmp_path / "review.json"
    write_atomic(target, b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert temps(tmp_path) == []


@posix_only
def test_keeps_permissions(tmp_path):
    target = tmp_path / "private.json"
    target.write_bytes(b"old")
    os.chmod(target, 0o600)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert oct(target.stat().st_mode & 0o777) == oct(0o600)


@posix_only
def test_writes_through_a_symlink(tmp_path):
    real = tmp_path / "store" / "review.json"
    real.parent.mkdir()
    real.write_bytes(b"old")
    os.chmod(real, 0o640)
    link = tmp_path / "link.json"
    link.symlink_to(Path("store") / "review.json")
    write_atomic(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"
    assert oct(real.stat().st_mode & 0o777) == oct(0o640)
    assert temps(real.parent) == [] and temps(tmp_path) == []


@posix_only
def test_temp_of_a_killed_save_is_removed_by_the_next_save(tmp_path):
    target = tmp_path / "review.json"
    # A writer that dies mid-save: its temporary file stays behind.
    code = ("import os,sys; p=sys.argv[1]; d=os.path.dirname(p); n=os.path.basename(p);"
            f"open(os.path.join(d, '.'+n+'.'+str(os.getpid())+'-abcd1234{TEMP_SUFFIX}'),'wb').write(b'half');"
            "os._exit(9)")
    subprocess.run([sys.executable, "-c", code, str(target)])
    assert len(temps(tmp_path)) == 1
    (tmp_path / f".other.json.1-00{TEMP_SUFFIX}").write_bytes(b"x")  # another target's: left alone
    write_atomic(target, b"new")
    assert temps(tmp_path) == [f".other.json.1-00{TEMP_SUFFIX}"]
    assert remove_stale_temps(target) == 0


def test_error_names_the_target_not_the_temporary_file(tmp_path):
    target = tmp_path / "missing-dir" / "out.json"
    with pytest.raises(OSError) as err:
        write_atomic(target, b"x")
    assert err.value.filename == str(target)


def test_json_bytes_survive_lone_surrogates():
    data = json_bytes({"text": "依法\ud800行政"})
    assert json.loads(data.decode("utf-8"))["text"] == "依法\ufffd行政"


def test_cli_json_is_atomic_and_rc6_names_the_target(tmp_path):
    report = ROOT / "tests" / "fixtures" / "hongmei-town-2024.txt"
    out = tmp_path / "out.json"
    out.write_text("good old result", encoding="utf-8")
    os.chmod(out, 0o600)
    proc = subprocess.run([sys.executable, "main.py", "check", str(report), "--json", str(out)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["report"]["text"]
    if os.name == "posix":
        assert oct(out.stat().st_mode & 0o777) == oct(0o600)
    bad = tmp_path / "no-such-dir" / "out.json"
    proc = subprocess.run([sys.executable, "main.py", "check", str(report), "--json", str(bad)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 6
    assert str(bad) in proc.stderr and TEMP_SUFFIX not in proc.stderr
