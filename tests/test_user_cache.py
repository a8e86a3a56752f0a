"""The per-user cache (core/user_cache.py): jieba's dictionary and the checked built-in checklists.

The cache may only save time: a hit gives exactly what the normal path gives; a stale,
corrupt or unwritable cache gives the normal path, silently.
"""

import shutil

import pytest

from fzreview.core import checklist as checklist_module
from fzreview.core import user_cache
from fzreview.core.checklist import ChecklistError, load_checklist, load_structure
from fzreview.core.resources import CHECKLIST_DIR


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(user_cache.ENV_DIR, str(folder))
    return folder


@pytest.fixture
def builtins(tmp_path, monkeypatch):
    """A checklists/ folder of our own, holding copies of the shipped checklists."""
    folder = tmp_path / "checklists"
    folder.mkdir()
    for name in ("gangyao-2021-2025.yaml", "report-structure.yaml"):
        shutil.copy(CHECKLIST_DIR / name, folder / name)
    monkeypatch.setattr(checklist_module, "CHECKLIST_DIR", folder)
    monkeypatch.setattr(checklist_module, "_cache", {})  # this process's own cache starts empty too
    return folder


def fresh_load(ref="gangyao-2021-2025"):
    checklist_module._cache.clear()
    return load_checklist(ref)


def no_parsing(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("the YAML was parsed although the cache held it")

    monkeypatch.setattr(checklist_module, "_parse", refuse)


# ---------------------------------------------------------------- the cache itself


def test_entry_round_trip_and_key(cache):
    assert user_cache.load("x", "k1") is None
    assert user_cache.store("x", "k1", b"\x00payload\n")
    assert user_cache.load("x", "k1") == b"\x00payload\n"
    assert user_cache.load("x", "k2") is None  # built from something else: a miss


def test_damaged_or_foreign_entry_is_a_miss(cache):
    user_cache.store("x", "k", b"0123456789" * 100)
    entry = cache / "x.cache"
    data = bytearray(entry.read_bytes())
    data[-500] ^= 1  # one flipped bit, same length
    entry.write_bytes(bytes(data))
    assert user_cache.load("x", "k") is None
    entry.write_bytes(b"something else entirely")
    assert user_cache.load("x", "k") is None


def test_oversized_entry_is_not_read(cache, monkeypatch):
    user_cache.store("x", "k", b"payload")
    monkeypatch.setattr(user_cache, "MAX_ENTRY_BYTES", 10)
    assert user_cache.load("x", "k") is None


def test_no_home_folder_is_no_error(monkeypatch):
    monkeypatch.delenv(user_cache.ENV_DIR, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(user_cache.Path, "home", staticmethod(no_home))
    assert user_cache.load("x", "k") is None and user_cache.store("x", "k", b"data") is False


def test_unwritable_folder_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(user_cache.ENV_DIR, str(blocker / "cache"))
    assert user_cache.store("x", "k", b"data") is False
    assert user_cache.load("x", "k") is None


def test_default_folder_is_per_user(monkeypatch, tmp_path):
    monkeypatch.delenv(user_cache.ENV_DIR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    folder = user_cache.cache_dir()
    assert folder.name == "fzreview" or folder.parent.name == "fzreview"
    if folder.is_relative_to(tmp_path):  # Linux and other XDG systems
        assert folder == tmp_path / "xdg" / "fzreview"


# ---------------------------------------------------------------- checked built-in checklists


def test_builtin_checklist_is_kept_and_read_back_equal(cache, builtins, monkeypatch):
    first, structure = fresh_load(), load_structure()
    assert (cache / "checklist-obligations-gangyao-2021-2025.cache").is_file()
    assert (cache / "checklist-structure-report-structure.cache").is_file()
    no_parsing(monkeypatch)
    again = fresh_load()
    assert again is not first and again == first  # every field, every obligation
    assert again.path == str(builtins / "gangyao-2021-2025.yaml")
    assert isinstance(again.obligations[0].terms, tuple)
    assert load_structure() == structure


def test_edited_yaml_is_read_again(cache, builtins):
    first = fresh_load()
    path = builtins / "gangyao-2021-2025.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: 法治政府建设实施纲要（2021－2025年）", "title: 法治政府建设实施纲要（修订稿）", 1), encoding="utf-8")
    edited = fresh_load()
    assert edited.title == "法治政府建设实施纲要（修订稿）" and edited.sha256 != first.sha256
    assert fresh_load() == edited  # and the entry now holds the edited one


def test_bad_pattern_in_an_edited_builtin_still_names_file_and_line(cache, builtins):
    fresh_load()  # the good one is in the cache
    path = builtins / "gangyao-2021-2025.yaml"
    text = path.read_text(encoding="utf-8")
    assert "patterns: ['学习[^。；！？\\n]{0,12}法治思想'" in text
    text = text.replace("patterns: ['学习[^。；！？\\n]{0,12}法治思想'", "patterns: ['(学习+)+法治思想'", 1)
    path.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "(学习+)+" in row)
    with pytest.raises(ChecklistError) as err:
        fresh_load()
    assert f"gangyao-2021-2025.yaml:{line}:" in str(err.value) and "(学习+)+" in str(err.value)


@pytest.mark.parametrize("damage", [b"", b"garbage", None])
def test_corrupt_entry_falls_back(cache, builtins, monkeypatch, damage):
    first = fresh_load()
    entry = cache / "checklist-obligations-gangyao-2021-2025.cache"
    data = entry.read_bytes()
    header = data[: data.index(b"\n") + 1]
    entry.write_bytes(header + (data[len(header): len(header) + 500] if damage is None else damage))
    assert fresh_load() == first
    assert entry.read_bytes() == data  # rebuilt


def test_changed_validator_code_builds_again(cache, builtins, monkeypatch):
    fresh_load()
    real = user_cache.code_key
    monkeypatch.setattr(user_cache, "code_key", lambda *files: real(*files) + "-changed")
    no_parsing(monkeypatch)
    with pytest.raises(AssertionError, match="parsed"):
        fresh_load()


def test_unwritable_cache_still_loads(tmp_path, builtins, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(user_cache.ENV_DIR, str(blocker))
    first = fresh_load()
    assert fresh_load() == first and len(first.obligations) == 170


def test_user_checklist_is_not_kept(cache, tmp_path):
    own = tmp_path / "own.yaml"
    shutil.copy(CHECKLIST_DIR / "gangyao-2021-2025.yaml", own)
    checklist_module._cache.clear()
    load_checklist(own)
    assert not list(cache.glob("*own*")) and not list(cache.glob("checklist-*"))


# ---------------------------------------------------------------- jieba's dictionary


def test_jieba_dictionary_from_cache_is_jiebas_own(cache):
    import jieba

    from fzreview.core.segment import load_dictionary

    first = jieba.Tokenizer()
    assert load_dictionary(first) is False  # a miss: jieba's own way, then stored
    assert first.initialized and (cache / "jieba-dictionary.cache").is_file()
    second = jieba.Tokenizer()
    assert load_dictionary(second) is True
    assert second.FREQ == first.FREQ and second.total == first.total
    text = "全面推行行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度。"
    assert second.lcut(text) == first.lcut(text)


def test_jieba_corrupt_or_foreign_dictionary_falls_back(cache):
    import jieba

    from fzreview.core.segment import load_dictionary

    load_dictionary(jieba.Tokenizer())
    entry = cache / "jieba-dictionary.cache"
    data = entry.read_bytes()
    entry.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))  # one bit of one count
    damaged = jieba.Tokenizer()
    assert load_dictionary(damaged) is False and damaged.initialized and len(damaged.FREQ) > 100_000
    assert entry.read_bytes() == data
    custom = jieba.Tokenizer(dictionary=jieba.get_dict_file().name)  # not jieba's default: left to jieba
    assert load_dictionary(custom) is False and not custom.initialized


def test_structure_entry_never_answers_for_an_obligation_checklist(cache, builtins):
    load_structure()  # kept in the cache
    checklist_module._cache.clear()
    with pytest.raises(ChecklistError, match="结构清单"):
        load_checklist("report-structure")
