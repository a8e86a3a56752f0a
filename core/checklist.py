"""Checklists: loading, validation and the in-memory model.

A checklist is a YAML file (schema in checklists/README.md). Two kinds exist:

- an *obligation* checklist (``parts → clauses → obligations``), such as the
  2021–2025 纲要 or a province's 实施方案;
- the *report structure* checklist (``sections`` and ``rules``), the parts an
  annual report must have and its deadlines.

Files are parsed with PyYAML's safe loader only (no Python objects can be
built from a checklist). Every mapping remembers the line it starts on, so a
malformed checklist fails with ``file:line: what is wrong``.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from fzreview.core.os_errors import os_error_text
from fzreview.core.resources import CHECKLIST_DIR
from fzreview.core.safe_regex import pattern_problem

LEVELS = ("province", "city", "county", "township")
LEVEL_NAMES = {"province": "省级", "city": "地市级", "county": "县级", "township": "乡镇（街道）"}
DEFAULT_CHECKLIST = "gangyao-2021-2025"
STRUCTURE_CHECKLIST = "report-structure"

_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")


class ChecklistError(Exception):
    """A checklist that cannot be used; the message names file and line."""


# ---------------------------------------------------------------- model


@dataclass
class Obligation:
    id: str
    title: str
    requirement: str
    levels: tuple[str, ...]
    quantifiable: bool
    terms: tuple[str, ...]
    broad_terms: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    part_ref: str = ""
    part_title: str = ""
    clause_ref: str = ""
    clause_title: str = ""
    line: int = 0

    @property
    def clause(self) -> str:
        return f"{self.clause_ref}{self.clause_title}"

    def fingerprint(self) -> str:
        """Hash of what the obligation asks; changes when its meaning may have changed."""
        data = "\x1f".join([self.id, self.title, self.requirement, ",".join(self.levels)])
        return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


@dataclass
class Clause:
    ref: str
    title: str
    obligations: list[Obligation]


@dataclass
class Part:
    ref: str
    title: str
    clauses: list[Clause]


@dataclass
class Checklist:
    id: str
    title: str
    parts: list[Part]
    path: str = ""
    sha256: str = ""
    meta: dict = field(default_factory=dict)

    @property
    def obligations(self) -> list[Obligation]:
        return [o for p in self.parts for c in p.clauses for o in c.obligations]

    def get(self, obligation_id: str) -> Obligation | None:
        for o in self.obligations:
            if o.id == obligation_id:
                return o
        return None


@dataclass
class Section:
    id: str
    kind: str  # content | submission | publication
    title: str
    requirement: str
    terms: tuple[str, ...]
    patterns: tuple[str, ...] = ()
    mandatory: bool = True
    deadlines: dict = field(default_factory=dict)
    deadline: str = ""
    line: int = 0


@dataclass
class StructureChecklist:
    id: str
    title: str
    sections: list[Section]
    path: str = ""
    sha256: str = ""

    def get(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)


# ---------------------------------------------------------------- YAML with line numbers


class _Mapping(dict):
    line: int = 0
    key_lines: dict  # key → 1-based line of the key


_line_loader = None


def _loader():
    """PyYAML's safe loader whose mappings remember their 1-based start line (PyYAML is
    imported on first use: a start-up that finds the checklist in the user cache needs none)."""
    global _line_loader
    if _line_loader is None:
        import yaml

        class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            pass

        _LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
        _line_loader = _LineLoader
    return _line_loader


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    mapping = _Mapping()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            kind = {list: "列表", dict: "映射"}.get(type(key), type(key).__name__)
            raise ChecklistError(f"{{path}}:{key_node.start_mark.line + 1}: 键不能是{kind}（只能是文字或数字）")
        if key in mapping:
            raise ChecklistError(f"{{path}}:{key_node.start_mark.line + 1}: 重复的键 “{key}”")
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


MAX_CHECKLIST_BYTES = 8 * 1024 * 1024


def _parse(path: Path, data: bytes | None = None) -> tuple[object, str]:
    if data is None:
        try:
            if not path.is_file():  # a FIFO or device would block the read
                raise ChecklistError(f"{path}: 不是普通文件，无法作为清单读取")
            if path.stat().st_size > MAX_CHECKLIST_BYTES:
                raise ChecklistError(f"{path}: 清单文件过大（上限 {MAX_CHECKLIST_BYTES // (1024 * 1024)} MB）")
            data = path.read_bytes()
        except OSError as exc:
            raise ChecklistError(f"{path}: 无法读取清单文件（{os_error_text(exc, writing=False)}）") from None
    if len(data) > MAX_CHECKLIST_BYTES:
        raise ChecklistError(f"{path}: 清单文件过大（上限 {MAX_CHECKLIST_BYTES // (1024 * 1024)} MB）")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ChecklistError(f"{path}:{line}: 清单文件必须是 UTF-8 编码") from None
    import yaml

    try:
        obj = yaml.load(text, Loader=_loader())
    except ChecklistError as exc:
        raise ChecklistError(str(exc).replace("{path}", str(path))) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        context = ""
        if exc.context and exc.context_mark and exc.context_mark.line + 1 != line:
            context = f"（{exc.context}，始于第 {exc.context_mark.line + 1} 行）"
        raise ChecklistError(f"{path}:{line}: YAML 语法错误：{exc.problem or exc}{context}") from None
    except yaml.YAMLError as exc:
        raise ChecklistError(f"{path}: YAML 语法错误：{exc}") from None
    except RecursionError:
        raise ChecklistError(f"{path}: 清单文件嵌套过深，无法读取") from None
    return obj, hashlib.sha256(data).hexdigest()


class _Validator:
    def __init__(self, path: Path):
        self.path = path

    def fail(self, node: object, message: str, line: int | None = None):
        line = line or getattr(node, "line", 0)
        raise ChecklistError(f"{self.path}:{line}: {message}")

    def mapping(self, node: object, where: str, parent: object) -> _Mapping:
        if not isinstance(node, dict):
            self.fail(parent, f"{where} 应为映射（键: 值），实际为 {type(node).__name__}")
        return node  # type: ignore[return-value]

    def keys(self, node: _Mapping, where: str, required: set[str], optional: set[str]):
        if "id" in node and isinstance(node["id"], (str, int)):
            where = f"{where} {node['id']}"
        unknown = sorted(set(node) - required - optional, key=str)
        if unknown:
            self.fail(node, f"{where} 有未知字段：{', '.join(map(str, unknown))}（拼写错误？见 checklists/README.md）")
        missing = sorted(required - node.keys())
        if missing:
            self.fail(node, f"{where} 缺少必填字段：{', '.join(missing)}")

    def text(self, node: _Mapping, key: str, where: str, required: bool = True) -> str:
        value = node.get(key, "")
        if value is None or (required and value == ""):
            self.fail(node, f"{where} 的 {key} 不能为空")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.fail(node, f"{where} 的 {key} 应为文字")
        return value.strip()

    def str_list(self, node: _Mapping, key: str, where: str, required: bool = False) -> tuple[str, ...]:
        value = node.get(key)
        if value is None:
            if required:
                self.fail(node, f"{where} 缺少 {key}")
            return ()
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            self.fail(node, f"{where} 的 {key} 应为文字列表，如 [词一, 词二]")
        items = tuple(str(v).strip() for v in value if str(v).strip())
        if required and not items:
            self.fail(node, f"{where} 的 {key} 不能为空列表")
        return items

    def patterns(self, node: _Mapping, where: str) -> tuple[str, ...]:
        pats = self.str_list(node, "patterns", where)
        for pat in pats:
            problem = pattern_problem(pat)
            if problem:
                line = getattr(node, "key_lines", {}).get("patterns")
                self.fail(node, f"{where} 的正则表达式 {pat!r} {problem}", line=line)
        return pats

    def boolean(self, node: _Mapping, key: str, where: str, default: bool) -> bool:
        value = node.get(key, default)
        if not isinstance(value, bool):
            self.fail(node, f"{where} 的 {key} 应为 true 或 false")
        return value


_OBLIGATION_KEYS = {"title", "requirement", "levels", "quantifiable", "terms",
                    "broad_terms", "patterns", "exclude", "note"}


_cache: dict[tuple, object] = {}


def _cached(kind: str, path: Path, build):
    """Parse and validate a checklist file once per version of the file.

    Analysis, export and re-analysis all ask for the same checklist; the key
    includes the file's mtime and size, so an edited file is read again.
    Checklists are treated as read-only once loaded.
    """
    try:
        st = path.stat()
    except OSError as exc:
        raise ChecklistError(f"{path}: 无法读取清单文件（{os_error_text(exc, writing=False)}）") from None
    key = (kind, str(path.resolve()), st.st_mtime_ns, st.st_size)
    if key not in _cache:
        _cache[key] = _guarded(_through_user_cache, path, build, kind) if _is_builtin_file(path) \
            else _guarded(build, path)
    return _cache[key]


# ---------------------------------------------------------------- the checked built-ins, kept between runs
#
# Parsing the 纲要's YAML and checking its every pattern takes longer than the rest of
# a start-up's own work. A built-in checklist, once checked, is kept in the user cache
# (core/user_cache.py) as JSON of the model above, keyed by the YAML's bytes and by the
# code that reads and checks it (this file, core/safe_regex.py), so an edited YAML or a
# changed validator builds it again. Only files in checklists/ are kept: what a reviewer
# loads from elsewhere is parsed and checked every time. JSON, not pickle: an entry can
# at worst describe a wrong checklist, never run code.


def _is_builtin_file(path: Path) -> bool:
    try:
        return path.resolve().parent == CHECKLIST_DIR.resolve()
    except OSError:
        return False


def _through_user_cache(path: Path, build, kind: str):
    from fzreview.core import safe_regex, user_cache

    try:
        if not path.is_file() or path.stat().st_size > MAX_CHECKLIST_BYTES:
            return build(path)
        data = path.read_bytes()
    except OSError:
        return build(path)  # which says what is wrong
    name = f"checklist-{kind}-{path.stem}"
    key = hashlib.sha256(data).hexdigest() + "-" + user_cache.code_key(__file__, safe_regex.__file__)
    entry = user_cache.load(name, key)
    if entry is not None:
        try:
            return _from_json(json.loads(entry), str(path), kind)
        except (ValueError, TypeError, KeyError, AttributeError):
            pass  # a damaged entry: build it again
    result = build(path, data)
    try:
        payload = json.dumps(_to_json(result), ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError):  # e.g. a date in the checklist's meta: not kept
        return result
    user_cache.store(name, key, payload)
    return result


def _to_json(obj) -> dict:
    return {"kind": {Checklist: "obligations", StructureChecklist: "structure"}[type(obj)], "data": asdict(obj)}


def _build(cls, d: dict):
    """A dataclass from asdict() output: lists back to tuples where the field is a tuple."""
    kwargs = {}
    for f in fields(cls):
        if f.name not in d:
            continue
        value = d[f.name]
        if isinstance(value, list) and str(f.type).startswith("tuple"):
            value = tuple(value)
        kwargs[f.name] = value
    return cls(**kwargs)


def _from_json(doc: dict, path: str, kind: str):
    data = doc["data"]
    if doc["kind"] != kind:
        raise ValueError(doc["kind"])
    if kind == "obligations":
        parts = [Part(p["ref"], p["title"], [Clause(c["ref"], c["title"], [_build(Obligation, o) for o in c["obligations"]])
                                             for c in p["clauses"]]) for p in data["parts"]]
        return Checklist(id=data["id"], title=data["title"], parts=parts, path=path, sha256=data["sha256"],
                         meta=dict(data["meta"]))
    if kind == "structure":
        return StructureChecklist(id=data["id"], title=data["title"], path=path, sha256=data["sha256"],
                                  sections=[_build(Section, x) for x in data["sections"]])
    raise ValueError(doc["kind"])


def _guarded(build, path: Path, *args):
    """`build(path, *args)`; anything the validator missed still gives a message, never a traceback."""
    try:
        return build(path, *args)
    except ChecklistError:
        raise
    except (TypeError, ValueError, AttributeError, KeyError, RecursionError, MemoryError) as exc:
        raise ChecklistError(f"{path}: 清单文件结构异常，无法读取（{type(exc).__name__}）") from None


def load_checklist(ref: str | Path = DEFAULT_CHECKLIST) -> Checklist:
    """Load an obligation checklist by id (a file in checklists/) or by path."""
    return _cached("obligations", resolve_checklist_path(ref), _load_checklist)


def _load_checklist(path: Path, data: bytes | None = None) -> Checklist:
    obj, digest = _parse(path, data)
    v = _Validator(path)
    if not isinstance(obj, dict):
        raise ChecklistError(f"{path}:1: 清单文件的顶层应为映射（id、title、parts …）")
    root: _Mapping = obj  # type: ignore[assignment]
    if "sections" in root and "parts" not in root:
        raise ChecklistError(f"{path}:1: 这是报告结构清单（sections），不是义务清单（parts）")
    v.keys(root, "清单", {"id", "title", "parts"},
           {"issuer", "issued", "source_url", "levels_legend", "description", "version", "basis"})
    cid = v.text(root, "id", "清单")
    if not _ID_RE.match(cid):
        v.fail(root, f"清单 id “{cid}” 只能包含字母、数字、-、_、.")
    if not isinstance(root["parts"], list) or not root["parts"]:
        v.fail(root, "parts 应为非空列表")
    seen: dict[str, int] = {}
    parts: list[Part] = []
    for pnode in root["parts"]:
        pnode = v.mapping(pnode, "parts 的每一项", root)
        v.keys(pnode, "部分", {"ref", "title", "clauses"}, {"note"})
        pref, ptitle = v.text(pnode, "ref", "部分"), v.text(pnode, "title", "部分")
        if not isinstance(pnode["clauses"], list):
            v.fail(pnode, f"部分 {pref} 的 clauses 应为列表")
        clauses: list[Clause] = []
        for cnode in pnode["clauses"]:
            cnode = v.mapping(cnode, f"部分 {pref} 的条款", pnode)
            v.keys(cnode, "条款", {"ref", "title"}, {"obligations", "note"})
            cref, ctitle = v.text(cnode, "ref", "条款"), v.text(cnode, "title", "条款")
            onodes = cnode.get("obligations") or []
            if not isinstance(onodes, list):
                v.fail(cnode, f"条款 {cref} 的 obligations 应为列表")
            obligations: list[Obligation] = []
            for onode in onodes:
                onode = v.mapping(onode, f"条款 {cref} 的义务", cnode)
                v.keys(onode, "义务", {"id"} | {"title", "requirement", "levels", "terms"},
                       _OBLIGATION_KEYS | {"id", "quantifiable"})
                oid = v.text(onode, "id", "义务")
                where = f"义务 {oid}"
                if not _ID_RE.match(oid):
                    v.fail(onode, f"{where}：id 只能包含字母、数字、-、_、.")
                if oid in seen:
                    v.fail(onode, f"{where}：id 重复（第 {seen[oid]} 行已使用）")
                seen[oid] = onode.line
                levels = v.str_list(onode, "levels", where, required=True)
                bad = [lv for lv in levels if lv not in LEVELS]
                if bad:
                    v.fail(onode, f"{where}：levels 中的 {', '.join(bad)} 无效，可用值：{', '.join(LEVELS)}")
                obligations.append(Obligation(
                    id=oid,
                    title=v.text(onode, "title", where),
                    requirement=v.text(onode, "requirement", where),
                    levels=levels,
                    quantifiable=v.boolean(onode, "quantifiable", where, False),
                    terms=v.str_list(onode, "terms", where, required=True),
                    broad_terms=v.str_list(onode, "broad_terms", where),
                    patterns=v.patterns(onode, where),
                    exclude=v.str_list(onode, "exclude", where),
                    part_ref=pref, part_title=ptitle, clause_ref=cref, clause_title=ctitle,
                    line=onode.line,
                ))
            clauses.append(Clause(cref, ctitle, obligations))
        parts.append(Part(pref, ptitle, clauses))
    if not seen:
        v.fail(root, "清单中没有任何义务（obligations）")
    meta = {k: root[k] for k in ("issuer", "issued", "source_url", "version") if k in root}
    return Checklist(id=cid, title=v.text(root, "title", "清单"), parts=parts,
                     path=str(path), sha256=digest, meta=meta)


def short_name(title: str) -> str:
    """How the app names a checklist in labels: "纲要" for the 纲要, else its title (short)."""
    t = (title or "").strip().strip("《》")
    if not t or t.startswith("法治政府建设实施纲要"):
        return "纲要"
    from fzreview.core.wording import clip

    return clip(t, 16)


def load_checklist_text(text: str, label: str = "审查文件中保存的清单") -> Checklist:
    """An obligation checklist from its YAML text (e.g. the copy a review carries).

    Validated like a file; `label` stands for the file name in messages. The
    result's `path` is empty: it was not read from a file.
    """
    data = text.encode("utf-8", errors="replace")
    key = ("obligations-text", hashlib.sha256(data).hexdigest())
    if key not in _cache:
        checklist = _guarded(_load_checklist, Path(label), data)
        checklist.path = ""
        _cache[key] = checklist
    return _cache[key]  # type: ignore[return-value]


def is_builtin(checklist: Checklist) -> bool:
    """True for a checklist shipped with the app, unchanged (found again by its id)."""
    if not checklist.path:
        return False
    try:
        builtin = CHECKLIST_DIR / f"{checklist.id}.yaml"
        return Path(checklist.path).resolve() == builtin.resolve() and builtin.is_file()
    except OSError:
        return False


def checklist_text(checklist: Checklist) -> str:
    """The YAML text a checklist was loaded from ("" if that file changed or is gone)."""
    if not checklist.path:
        return ""
    try:
        data = Path(checklist.path).read_bytes()
    except OSError:
        return ""
    if hashlib.sha256(data).hexdigest() != checklist.sha256:
        return ""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ""


def load_structure(ref: str | Path = STRUCTURE_CHECKLIST) -> StructureChecklist:
    """Load the report-structure checklist (sections S-01… and rules S-06…)."""
    return _cached("structure", resolve_checklist_path(ref), _load_structure)


def _load_structure(path: Path, data: bytes | None = None) -> StructureChecklist:
    obj, digest = _parse(path, data)
    v = _Validator(path)
    if not isinstance(obj, dict):
        raise ChecklistError(f"{path}:1: 结构清单的顶层应为映射（id、title、sections …）")
    root: _Mapping = obj  # type: ignore[assignment]
    v.keys(root, "结构清单", {"id", "title", "sections"}, {"rules", "basis", "article_note", "description"})
    sections: list[Section] = []
    for group in ("sections", "rules"):
        nodes = root.get(group) or []
        if not isinstance(nodes, list):
            v.fail(root, f"{group} 应为列表")
        for node in nodes:
            node = v.mapping(node, f"{group} 的每一项", root)
            v.keys(node, "结构要求", {"id", "kind", "title", "requirement", "terms"},
                   {"patterns", "mandatory", "deadlines", "deadline", "article", "article_verified",
                    "article_number_guess", "sub_checks", "channels", "exception", "note"})
            sid = v.text(node, "id", "结构要求")
            kind = v.text(node, "kind", sid)
            if kind not in ("content", "submission", "publication"):
                v.fail(node, f"{sid}：kind 应为 content、submission 或 publication")
            deadlines = node.get("deadlines") or {}
            if not isinstance(deadlines, dict):
                v.fail(node, f"{sid}：deadlines 应为映射（级别: MM-DD）")
            for key, value in deadlines.items():
                if not re.match(r"^\d\d-\d\d$", str(value)):
                    v.fail(node, f"{sid}：deadlines 中 {key} 的日期 {value!r} 应写成 MM-DD")
            sections.append(Section(
                id=sid, kind=kind, title=v.text(node, "title", sid),
                requirement=v.text(node, "requirement", sid),
                terms=v.str_list(node, "terms", sid, required=True),
                patterns=v.patterns(node, sid),
                mandatory=v.boolean(node, "mandatory", sid, True),
                deadlines={str(k): str(val) for k, val in deadlines.items()},
                deadline=str(node.get("deadline", "") or ""),
                line=node.line,
            ))
    return StructureChecklist(id=v.text(root, "id", "结构清单"), title=v.text(root, "title", "结构清单"),
                              sections=sections, path=str(path), sha256=digest)


def resolve_checklist_path(ref: str | Path) -> Path:
    """A checklist id (file name in checklists/ without .yaml) or a path."""
    candidate = Path(ref)
    if candidate.suffix.lower() in (".yaml", ".yml") or candidate.exists():
        if candidate.exists() and not candidate.is_file():
            raise ChecklistError(f"{candidate}: 不是普通文件（文件夹、管道或设备），无法作为清单读取")
        if not candidate.is_file():
            raise ChecklistError(f"{candidate}: 找不到清单文件")
        return candidate
    path = CHECKLIST_DIR / f"{ref}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in CHECKLIST_DIR.glob("*.yaml")))
        raise ChecklistError(f"找不到清单 “{ref}”。可用的清单：{known}")
    return path
