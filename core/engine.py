"""Document → Analysis: the one entry point the CLI and the GUI call."""

from __future__ import annotations

from fzreview.core.analysis import Analysis, ItemResult, ReportInfo, StructureResult
from fzreview.core.checklist import Checklist, StructureChecklist, load_checklist, load_structure
from fzreview.core.document import Document
from fzreview.core.fact_finder import detect_facts
from fzreview.core.facts import apply_corrections
from fzreview.core.findings import find_findings, timeliness
from fzreview.core.judgement import Judge, WeightsError, weights_for
from fzreview.core.matcher import CompiledObligation, TextIndex, match, stopped_pattern_notes
from fzreview.core.segment import split_sentences
from fzreview.core.structure import LEADERSHIP, PROBLEMS, ReportParts, detect_parts

ENGINE_VERSION = "2"  # 2: the judgement is a model fitted on the labelled corpus (core/judgement)

_compiled_cache: dict[str, list[CompiledObligation]] = {}


def compiled(checklist: Checklist) -> list[CompiledObligation]:
    key = f"{checklist.id}:{checklist.sha256}"
    if key not in _compiled_cache:
        _compiled_cache[key] = [CompiledObligation.build(o) for o in checklist.obligations]
    return _compiled_cache[key]


_judge_cache: dict[str, Judge | None] = {}


def judge_for(checklist: Checklist) -> Judge | None:
    """The fitted judgement for this checklist; None (the rule matcher) when no weights file can be read."""
    key = f"{checklist.id}:{checklist.sha256}:{checklist.path}"
    if key not in _judge_cache:
        try:
            _judge_cache[key] = Judge(compiled(checklist), weights_for(checklist))
        except WeightsError:
            _judge_cache[key] = None
    return _judge_cache[key]


def analyse(doc: Document, checklist: Checklist | None = None,
            structure: StructureChecklist | None = None, level: str | None = None,
            progress=None, corrections: dict | None = None) -> Analysis:
    """Judge every obligation of `checklist` on `doc`.

    `corrections` are the reviewer's corrections of the report's facts ({unit, level, year, date,
    published}, see core.facts); they decide applicability (level) and timeliness (year, dates).
    `level` is a shorthand for corrections={"level": level}.
    `progress(done, total)` is called while items are matched (for the GUI).
    """
    checklist = checklist or load_checklist()
    structure = structure or load_structure()
    corrections = {k: v for k, v in (corrections or {}).items() if v not in (None, "")}
    if level:
        corrections["level"] = level
    detected = detect_facts(doc)
    facts = apply_corrections(detected, corrections)
    report_level = facts.level.value
    sentences = split_sentences(doc)
    parts = detect_parts(doc, structure)
    index = TextIndex.build(doc, sentences, parts)

    items: list[ItemResult] = []
    obligations = compiled(checklist)
    judge = judge_for(checklist)
    judged = judge.judge_all(judge.report(index)) if judge else None
    for n, co in enumerate(obligations):
        o = co.obligation
        if judged:
            result = judged[n]
        else:
            result = match(co, index)
        applicable = report_level is None or report_level in o.levels
        why = list(result.why) + stopped_pattern_notes(co, index)
        if not applicable:
            why.append("本项义务不适用于该级政府（仍给出判断，供参考）")
        items.append(ItemResult(
            id=o.id, title=o.title, clause=o.clause, part_ref=o.part_ref, status=result.status,
            applicable=applicable, score=result.score, evidence=result.evidence, why=why,
            quantifiable=o.quantifiable, fingerprint=o.fingerprint()))
        if progress and n % 10 == 0:
            progress(n, len(obligations))

    report = ReportInfo(
        path=doc.source_path, sha256=doc.sha256, text=doc.text, title=doc.title, year=facts.year.value,
        jurisdiction=facts.unit.value or "", level=report_level,
        level_source="override" if facts.level.corrected else ("detected" if report_level else "unknown"),
        source_format=doc.source_format, encoding=doc.encoding, warnings=list(doc.warnings),
        published=facts.published.value, signed=facts.date.value,
        facts=detected.to_dict(), corrections=corrections,
        source_kind=doc.source_kind, ocr_confidence=list(doc.ocr_confidence),
    )
    rules, late = timeliness(structure, facts, report_level)
    structure_results = structure_results_for(structure, parts, rules)
    findings = find_findings(doc, facts, parts, items, index) + late
    part_titles = {p.ref: p.title for p in checklist.parts}
    return Analysis(report=report, checklist_id=checklist.id, checklist_title=checklist.title,
                    checklist_sha256=checklist.sha256, items=items, structure=structure_results,
                    findings=findings, part_titles=part_titles, engine_version=ENGINE_VERSION)


def structure_results_for(structure: StructureChecklist, parts: ReportParts,
                          rules: dict) -> list[StructureResult]:
    """S-01…S-05 from the detected parts; S-06/S-07 from the timeliness rules."""
    out = []
    for section in structure.sections:
        if section.kind != "content":
            present, detail, span = rules.get(section.id, (False, "", None))
            out.append(StructureResult(section.id, section.title, present,
                                       span[0] if span else None, span[1] if span else None,
                                       section.mandatory, detail, kind=section.kind))
            continue
        span = parts.span_of(section.id)
        detail = ""
        if span is None:
            detail = "未找到该部分" + ("" if section.mandatory else "（非必备）")
        elif section.id == PROBLEMS:
            detail = "列出了问题，并分析了原因" if parts.causes_analysed else "列出了问题，但未分析原因"
        elif section.id == LEADERSHIP:
            detail = "以标题单列" if span.source == "heading" else "在正文段落中说明，未单列标题"
        else:
            detail = "以标题标明" if span.source == "heading" else "未设标题，按段落内容识别"
        out.append(StructureResult(section.id, section.title, span is not None,
                                   span.start if span else None, span.end if span else None,
                                   section.mandatory, detail, kind=section.kind))
    return out
