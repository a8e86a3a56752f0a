"""What keeps the window responsive at the first open: the import hook and the prewarm.

(The latency itself is measured by bench/gui_latency.py, never asserted here.)
"""

from __future__ import annotations

import sys


def test_import_hook_answers_from_the_file_and_makes_worker_imports_safe():
    import fzreview.core.disk_stamp as plain
    import fzreview.ui.find_bar as qt_module
    from fzreview.ui import import_hook

    assert import_hook.install() and import_hook.install()  # idempotent
    feature = sys.modules["shibokensupport.feature"]
    assert feature._mod_uses_pyside(qt_module) is True
    assert feature._mod_uses_pyside(plain) is False
    assert feature._mod_uses_pyside(sys) is False  # built in: no file
    assert import_hook.safe()


def test_jieba_dictionary_built_gently_matches_jiebas_own(monkeypatch):
    import jieba

    from fzreview.ui import tasks

    fresh = jieba.Tokenizer()
    monkeypatch.setattr(jieba, "dt", fresh)
    tasks._load_jieba_gently()
    assert fresh.initialized
    own = jieba.Tokenizer()
    own.initialize()  # jieba's way (its cache)
    assert fresh.total == own.total and fresh.FREQ == own.FREQ
    text = "推进严格规范公正文明执法，健全行政执法工作体系"
    assert fresh.lcut(text) == own.lcut(text)


def test_prewarm_loads_what_the_first_analysis_needs(window, wait_idle):
    import jieba

    from fzreview.ui import tasks

    window.prewarm()
    wait_idle(window)
    assert tasks._prewarm_done.is_set() and jieba.dt.initialized
    assert "fzreview.core.engine" in sys.modules
