"""Command line: `python main.py check REPORT …` and `python main.py export REVIEW …`.

Exit codes: 0 success, 2 usage error (argparse), 3 the report cannot be used,
4 the checklist cannot be used, 5 a review file cannot be used, 6 an output
file cannot be written, 7 the file is not an annual report (the 纲要 itself, a
notice, an assessment this app exported, an unrelated file; `--force` checks it
anyway). Errors are one clear line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from fzreview.core.analysis import problem_findings, structure_state
from fzreview.core.argparse_zh import install as install_argparse_chinese
from fzreview.core.argparse_zh import polish as polish_argparse_message
from fzreview.core.checklist import DEFAULT_CHECKLIST, LEVEL_NAMES, LEVELS, ChecklistError, short_name
from fzreview.core.os_errors import cannot_write

EXIT_REPORT, EXIT_CHECKLIST, EXIT_REVIEW, EXIT_OUTPUT, EXIT_NOT_A_REPORT = 3, 4, 5, 6, 7


def program_name() -> str:
    """How the user started us: `main.py` from a checkout, otherwise the `fzreview` command."""
    started = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return "main.py" if started == "main.py" else "fzreview"


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors: exit 2 with a one-line message
        install_argparse_chinese()
        self.print_usage(sys.stderr)
        print(f"{self.prog}: 参数错误：{polish_argparse_message(message)}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    install_argparse_chinese()
    parser = _Parser(prog=program_name(), description="法治报告审查台：对照《法治政府建设实施纲要（2021－2025年）》审查法治政府建设年度报告")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    check = sub.add_parser("check", help="检查一份报告")
    check.add_argument("report", help="报告文件（.txt .docx .pdf .html .ofd）")
    check.add_argument("--checklist", default=DEFAULT_CHECKLIST, help="清单 id 或 YAML 文件路径")
    facts = check.add_argument_group("更正报告信息（默认从报告文字识别；更正写入审查文件）")
    facts.add_argument("--unit", metavar="名称", help="报告单位，如 绥滨县、广州市卫生健康委员会")
    facts.add_argument("--level", choices=LEVELS, help="政府层级")
    facts.add_argument("--year", metavar="YYYY", help="报告年度")
    facts.add_argument("--date", metavar="YYYY-MM-DD", help="落款（报送）日期")
    facts.add_argument("--published", metavar="YYYY-MM-DD", help="公开发布日期")
    check.add_argument("--json", dest="json_out", metavar="OUT", help="把完整结果写成 JSON")
    check.add_argument("--review", dest="review_out", metavar="OUT", help="写出审查文件（fzreview JSON）")
    check.add_argument("--pdf", dest="pdf_out", metavar="OUT", help="导出审查意见 PDF")
    check.add_argument("--docx", dest="docx_out", metavar="OUT", help="导出审查意见 Word（.docx，可在 WPS/Word 中修改）")
    check.add_argument("--xlsx", dest="xlsx_out", metavar="OUT", help="导出条目表 Excel（.xlsx，已设置打印格式）")
    check.add_argument("--reviewer", default="", help="审查人姓名（写入审查文件和审查意见）")
    check.add_argument("--force", action="store_true", help="文件看起来不是年度报告时，仍然照常检查")
    export = sub.add_parser("export", help="把保存的审查文件导出为 PDF、Word 或表格")
    export.add_argument("review", help="审查文件（.json）")
    export.add_argument("--pdf", dest="pdf_out", metavar="OUT", help="导出审查意见 PDF")
    export.add_argument("--docx", dest="docx_out", metavar="OUT", help="导出审查意见 Word（.docx）")
    export.add_argument("--xlsx", dest="xlsx_out", metavar="OUT", help="导出条目表 Excel（.xlsx）")
    export.add_argument("--csv", dest="csv_out", metavar="OUT", help="导出条目表 CSV")
    export.add_argument("--report", type=int, metavar="N", help="审查批次文件中的报告编号（见 batch 的输出）")
    from fzreview.core.batch_cli import add_batch_commands

    add_batch_commands(sub)
    return parser


def _ocr_progress(done: int, total: int) -> None:
    """A scanned PDF read by OCR takes seconds a page: say which page on stderr (stdout stays the summary)."""
    if done < total:
        print(f"正在识别扫描件（OCR）：第 {done + 1}/{total} 页……", file=sys.stderr, flush=True)


def _fail(code: int, message: str) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return code


def corrections_from_args(args) -> dict:
    """--unit/--level/--year/--date/--published, checked; raises CorrectionError."""
    from fzreview.core.facts import clean_correction

    out = {}
    for name in ("unit", "level", "year", "date", "published"):
        value = clean_correction(name, getattr(args, name, None))
        if value is not None:
            out[name] = value
    return out


def run_check(args) -> int:
    from fzreview.core.document import DocumentError
    from fzreview.core.facts import CorrectionError
    from fzreview.core.loaders import load_document

    try:
        corrections = corrections_from_args(args)
    except CorrectionError as exc:
        return _fail(2, str(exc))

    try:
        from fzreview.core.checklist import load_checklist, load_structure

        checklist = load_checklist(args.checklist)
        structure = load_structure()
    except ChecklistError as exc:
        return _fail(EXIT_CHECKLIST, str(exc))
    try:
        doc = load_document(args.report, progress=_ocr_progress)
    except DocumentError as exc:
        return _fail(EXIT_REPORT, f"{args.report}：{exc}")

    from fzreview.core.engine import analyse

    analysis = analyse(doc, checklist, structure, corrections=corrections)
    wrong = [f for f in analysis.findings if f.kind == "not_a_report"]
    if wrong and not args.force:
        return _fail(EXIT_NOT_A_REPORT, f"{args.report}：{wrong[0].message}。未作评分；确认要检查时加 --force。")
    print(format_summary(analysis))
    try:
        if args.json_out:
            _write_json(args.json_out, analysis.to_dict())
        if not (args.review_out or args.pdf_out or args.docx_out or args.xlsx_out):
            return 0  # nothing more to write: no review to build
        from fzreview.core.review import Review, save_review

        review = Review(analysis=analysis, reviewer=args.reviewer)
        review.keep_checklist(checklist)
        if args.review_out:
            save_review(review, args.review_out)
        return _export_outputs(review, args)
    except OSError as exc:
        return _fail(EXIT_OUTPUT, cannot_write(exc))


def _export_outputs(review, args, assessment=None) -> int:
    """Write the --pdf, --docx, --xlsx and --csv outputs asked for (OSError propagates).

    `assessment` (core.assessment.Assessment) is printed instead of the review's own
    when given, e.g. with the year-over-year section of a batch report.
    """
    if getattr(args, "pdf_out", None):
        from fzreview.core.render_pdf import FontUnavailableError, export_pdf

        try:
            pages = export_pdf(assessment or review, args.pdf_out)
        except FontUnavailableError as exc:
            return _fail(EXIT_OUTPUT, str(exc))
        print(f"已导出审查意见 PDF：{args.pdf_out}（{pages} 页）")
    if getattr(args, "docx_out", None):
        from fzreview.core.render_docx import export_docx

        export_docx(assessment or review, args.docx_out)
        print(f"已导出审查意见 Word：{args.docx_out}")
    if getattr(args, "xlsx_out", None):
        from fzreview.core.table_export import write_xlsx

        n = write_xlsx(review, args.xlsx_out)
        print(f"已导出条目表 Excel：{args.xlsx_out}（{n} 项）")
    if getattr(args, "csv_out", None):
        from fzreview.core.table_export import write_csv

        write_csv(review, args.csv_out)
        print(f"已导出条目表：{args.csv_out}")
    return 0


def run_export(args) -> int:
    from fzreview.core.batch_cli import batch_assessment, load_review_or_batch_report
    from fzreview.core.review import ReviewFileError

    try:
        review = load_review_or_batch_report(args.review, args.report)
    except ReviewFileError as exc:
        return _fail(EXIT_REVIEW, f"{args.review}：{exc}")
    if not (args.pdf_out or args.docx_out or args.xlsx_out or args.csv_out):
        return _fail(2, "请用 --pdf、--docx、--xlsx 或 --csv 指定导出文件")
    try:
        return _export_outputs(review, args, batch_assessment(args, review))
    except OSError as exc:
        return _fail(EXIT_OUTPUT, cannot_write(exc))
    return 0


def _write_json(path: str, data: dict) -> None:
    from fzreview.core.atomic_file import write_json_atomic

    write_json_atomic(path, data, indent=1)


def format_facts(facts) -> str:
    """单位、层级、年度、日期 with where each came from: 单位：绥滨县（标题）…"""
    from fzreview.core.facts import SOURCE_NAMES

    def show(fact, text):
        if fact.value in (None, ""):
            return "未识别"
        return f"{text}（{SOURCE_NAMES.get(fact.source, fact.source)}）"

    parts = [f"单位：{show(facts.unit, facts.unit.value)}",
             f"层级：{show(facts.level, LEVEL_NAMES.get(str(facts.level.value), facts.level.value))}",
             f"年度：{show(facts.year, facts.year.value)}"]
    if facts.date.value:
        parts.append(f"落款日期：{show(facts.date, facts.date.value)}")
    if facts.published.value:
        parts.append(f"发布日期：{show(facts.published, facts.published.value)}")
    return "　".join(parts)


def format_summary(analysis) -> str:
    from fzreview.core.facts import effective_facts

    r = analysis.report
    s = analysis.summary()
    lines = [
        f"报告：{r.title or Path(r.path).name}",
        format_facts(effective_facts(analysis)),
        f"清单：{analysis.checklist_title}",
        *[f"读取提示：{w}" for w in r.warnings],
        f"适用义务 {s['applicable']} 项：已覆盖 {s['covered']}，部分覆盖 {s['partial']}，未覆盖 {s['missing']}；"
        f"覆盖率 {s['coverage'] * 100:.1f}%（部分覆盖计一半）",
        "",
        f"按{short_name(analysis.checklist_title)}部分：",
    ]
    for p in s["parts"]:
        if not p["applicable"]:
            continue
        # the whole part name, last, so the figures stay aligned without cutting it
        lines.append(f"  {p['ref']:　<3} {p['coverage'] * 100:5.1f}%  "
                     f"（覆盖 {p['covered']:>2} / 部分 {p['partial']:>2} / 未覆盖 {p['missing']:>2}）  {p['title']}")
    present = [f"{x.id}{'✓' if x.present else '✗'}" for x in analysis.structure if x.kind == "content"]
    lines += ["", "报告结构：" + "  ".join(present)]
    for x in analysis.structure:
        if x.kind != "content":
            lines.append(f"  {x.id} {x.title}：{structure_state(x)[0]}" + (f"（{x.detail}）" if x.detail else ""))
    missing = [i for i in analysis.items if i.applicable and i.status == "missing"]
    if missing:
        lines += ["", f"未覆盖的义务（{len(missing)} 项）："]
        lines += [f"  {i.id} {i.title}" for i in missing]
    shown = problem_findings(analysis.findings)
    if shown:
        lines += ["", f"发现的问题（{len(shown)} 条）："]
        lines += [f"  [{f.kind}] {f.message}" for f in shown[:20]]
        if len(shown) > 20:
            lines.append(f"  ……另有 {len(shown) - 20} 条，见 JSON 或 PDF")
    no_figures = [i for f in analysis.findings if f.kind == "no_figures" for i in f.item_ids]
    if no_figures:  # a hint, not counted among the problems
        lines += ["", f"提示：{len(no_figures)} 项可量化义务判为已覆盖但依据中没有数据："
                  + "、".join(no_figures)]
    return "\n".join(lines)


CLI_COMMANDS = ("check", "export", "batch", "compare", "-h", "--help")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return run_check(args)
        if args.command == "export":
            return run_export(args)
        if args.command in ("batch", "compare"):
            from fzreview.core.batch_cli import run_batch_command

            return run_batch_command(args)
    except BrokenPipeError:  # `… | head`: the reader went away; not an error
        sys.stderr.close()
        return 0
    parser.print_help()
    return 2
