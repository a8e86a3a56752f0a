"""The built wheel, installed into a fresh venv, runs outside the checkout.

Builds the wheel (`pip wheel --no-deps --no-build-isolation`, offline), installs it
with `--no-deps` into a new venv whose dependencies come from this interpreter's
site-packages (a .pth line, so nothing is downloaded and the test stays fast), and
from a folder outside the checkout runs `fzreview check` on the bundled sample,
`fzreview --help`, and the GUI offscreen until its first paint (FZREVIEW_SMOKE=1).

Skipped only when the build tools themselves are missing (no setuptools, no pip,
no venv); CI installs the test extra, which has them, so there it always runs.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("setuptools") is None or importlib.util.find_spec("pip") is None,
    reason="building the wheel needs setuptools and pip (the test extra installs them)",
)


def _run(cmd, cwd, env=None, timeout=300):
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8",
                          errors="replace", timeout=timeout)


def _clean_env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(bin dir of a fresh venv with the wheel installed, a folder outside the checkout)."""
    base = tmp_path_factory.mktemp("install")
    # Build from a copy: an in-tree build leaves build/ and *.egg-info in the checkout.
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", "tests"))
    wheels = base / "wheels"
    build = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                  "-q", "-w", str(wheels), str(source)], cwd=base, env=_clean_env(PIP_NO_CACHE_DIR="1"))
    assert build.returncode == 0, build.stderr[-3000:]
    (wheel,) = wheels.glob("fzreview-*.whl")

    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=base)
    site_dir = Path(purelib.stdout.strip())
    # The dependencies (PySide6, jieba, …) come from this interpreter's site-packages, after the
    # venv's own: a line in a .pth file only appends the folder to sys.path (no .pth inside it runs,
    # so an editable install of the checkout there is not seen).
    parents = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site_dir / "_parent_deps.pth").write_text("\n".join(sorted(parents)) + "\n", encoding="utf-8")
    install = _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                    "-q", str(wheel)], cwd=base, env=_clean_env())
    assert install.returncode == 0, install.stderr[-3000:]
    outside = base / "elsewhere"
    outside.mkdir()
    return bin_dir, outside, site_dir


def _fzreview(bin_dir: Path) -> str:
    return str(bin_dir / ("fzreview.exe" if os.name == "nt" else "fzreview"))


def test_wheel_holds_one_package_and_its_data(installed):
    _bin_dir, _outside, site_dir = installed
    top_level = sorted(p.name for p in site_dir.iterdir() if not p.name.endswith((".pth", ".dist-info", "__pycache__")))
    # Nothing but `fzreview`: no bare `core` or `ui` that another distribution could overwrite.
    assert top_level == ["fzreview"], top_level
    package = site_dir / "fzreview"
    assert sorted(p.name for p in package.iterdir()) == ["assets", "checklists", "core", "ui"]
    assert list((package / "checklists").glob("*.yaml"))
    assert (package / "assets" / "fonts" / "wqy-microhei.ttc").is_file()
    assert (package / "assets" / "icons" / "fzreview-256.png").is_file()
    assert (package / "assets" / "samples" / "sample-report.txt").is_file()


def test_installed_check_runs_on_the_sample_outside_the_checkout(installed):
    bin_dir, outside, site_dir = installed
    sample = site_dir / "fzreview" / "assets" / "samples" / "sample-report.txt"
    code = (
        "import fzreview.core.resources as r, fzreview.core.engine as e; "
        "print(r.CHECKLIST_DIR); print(e.__file__)"
    )
    where = _run([str(bin_dir / "python"), "-c", code], cwd=outside, env=_clean_env())
    assert where.returncode == 0, where.stderr
    for line in where.stdout.splitlines():  # the installed copy, not the checkout
        assert Path(line).is_relative_to(site_dir), line
    result = _run([_fzreview(bin_dir), "check", str(sample), "--json", "out.json"], cwd=outside, env=_clean_env())
    assert result.returncode == 0, result.stderr
    assert "覆盖" in result.stdout
    assert (outside / "out.json").stat().st_size > 1000


def test_installed_help_names_the_program(installed):
    bin_dir, outside, _site_dir = installed
    result = _run([_fzreview(bin_dir), "--help"], cwd=outside, env=_clean_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("用法：fzreview"), result.stdout[:200]
    assert "main.py" not in result.stdout


def test_installed_gui_starts_offscreen(installed, tmp_path):
    bin_dir, outside, _site_dir = installed
    env = _clean_env(QT_QPA_PLATFORM="offscreen", FZREVIEW_SMOKE="1", FZREVIEW_RECOVERY_DIR=str(tmp_path),
                     XDG_CONFIG_HOME=str(tmp_path))
    result = _run([_fzreview(bin_dir)], cwd=outside, env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    # One line after the first paint: the window exists, has its title and found the bundled icon.
    assert "fzreview smoke: painted" in result.stdout, result.stdout + result.stderr[-2000:]
    assert " icon " in result.stdout and "法治报告审查台" in result.stdout
