"""Command line for batches and year-over-year comparison (wired into core/cli.py).

    batch FOLDER [--out BATCH_FILE] [--xlsx MATRIX.xlsx] [--pdf SUMMARY.pdf] [--jobs N]
    batch BATCH_FILE [--xlsx …] [--pdf …]        (the matrix of an existing batch)
    compare LAST THIS [--json OUT]               (report or review files, or BATCH_FILE:N)
    export BATCH_FILE --report N --pdf/--csv …   (one report of a batch)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from fzreview.core.os_errors import cannot_write

EXIT_USAGE, EXIT_REPORT, EXIT_REVIEW, EXIT_OUTPUT, EXIT_NOT_A_REPORT = 2, 3, 5, 6, 7


def add_batch_commands(sub) -> None:
    batch = sub.add_parser("batch", help="把一个文件夹中的报告作为一个审查批次一并分析，输出单位×义务矩阵")
    batch.add_argument("folder", help="报告所在文件夹（或已有的审查批次文件）")
    batch.add_argument("--out", metavar="BATCH_FILE", help="审查批次文件（默认：文件夹旁的 <文件夹名>.fzbatch）")
    batch.add_argument("--xlsx", dest="xlsx_out", metavar="OUT", help="导出矩阵 .xlsx")
    batch.add_argument("--pdf", dest="pdf_out", metavar="OUT", help="导出批次汇总 PDF")
    batch.add_argument("--jobs", type=int, metavar="N", help="并行进程数（默认：CPU 核数）")
    compare = sub.add_parser("compare", help="对照同一单位上一年度的报告：去年的工作安排今年是否落实")
    compare.add_argument("last", help="上一年度的报告或审查文件（或 批次文件:编号）")
    compare.add_argument("this", help="本年度的报告或审查文件（或 批次文件:编号）")
    compare.add_argument("--json", dest="json_out", metavar="OUT", help="把对照结果写成 JSON")
    compare.add_argument("--pdf", dest="pdf_out", metavar="OUT", help="导出本年度的审查意见 PDF（含与上一年度对比一章）")
    compare.add_argument("--docx", dest="docx_out", metavar="OUT", help="导出本年度的审查意见 Word（含与上一年度对比一章）")
    compare.add_argument("--force", action="store_true",
                         help="两份报告单位不同、年度顺序不对或不是年度报告时仍然对照")


def _fail(code: int, message: str) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return code


def load_review_or_batch_report(path: str, report: int | None, *, spec_hint: bool = False):
    """A review file, or report N of a batch file, as a Review (ReviewFileError otherwise)."""
    from fzreview.core.batch import Batch, BatchError, is_batch_file
    from fzreview.core.review import ReviewFileError, load_review

    if is_batch_file(path):
        try:
            with Batch(path, create=False) as b:
                if report is None:
                    ids = ", ".join(str(e.id) for e in b.entries()[:20])
                    how = f"{path}:N" if spec_hint else "--report N"
                    raise ReviewFileError(f"这是审查批次文件，请用 {how} 指定报告（编号：{ids}）")
                return b.review(report)
        except BatchError as exc:
            raise ReviewFileError(str(exc)) from None
    if report is not None:
        raise ReviewFileError("--report 只用于审查批次文件")
    return load_review(path)


class _Bar:
    """A one-line progress bar on stderr (a line per report when stderr is not a terminal)."""

    def __init__(self):
        self.tty = sys.stderr.isatty()
        self.start = time.perf_counter()

    def __call__(self, done: int, total: int, path: str, outcome: str) -> None:
        if not path:
            if done:
                print(f"跳过 {done} 份（已在批次中、与其他文件相同或此前无法读取且未改动），待分析 {total - done} 份", file=sys.stderr)
            return
        name = Path(path).name
        label = {"added": "完成", "changed": "已更新", "failed": "无法读取", "not_a_report": "不是年度报告"}.get(outcome, outcome)
        if self.tty:
            width = 30
            filled = round(width * done / total) if total else width
            line = f"\r[{'#' * filled}{'-' * (width - filled)}] {done}/{total} {label} {name[:40]}"
            print(f"{line:<90}", end="" if done < total else "\n", file=sys.stderr, flush=True)
        else:
            print(f"[{done}/{total}] {label} {name}", file=sys.stderr, flush=True)


def run_batch(args) -> int:
    from fzreview.core.batch import Batch, BatchError, is_batch_file

    source = Path(args.folder)
    if source.is_file() and is_batch_file(source):
        out, folder = source, None
    elif source.is_dir():
        out, folder = Path(args.out) if args.out else source.resolve().with_suffix(".fzbatch"), source
    else:
        return _fail(2, f"找不到文件夹：{source}")
    if args.jobs is not None and args.jobs < 1:
        return _fail(2, "--jobs 至少为 1")
    if not out.exists() and not out.parent.is_dir():
        return _fail(EXIT_OUTPUT, f"无法写出审查批次文件：文件夹 {out.parent} 不存在")
    try:
        with Batch(out) as batch:
            if folder is not None:
                from fzreview.core.batch_run import run

                t0 = time.perf_counter()
                try:
                    result = run(folder, batch, jobs=args.jobs, progress=_Bar())
                except RuntimeError as exc:
                    return _fail(EXIT_REPORT, str(exc))
                print(f"批次：{out}（{len(batch)} 份报告）。本次新分析 {len(result.added)} 份，更新 {len(result.changed)} 份，"
                      f"已有跳过 {len(result.skipped)} 份，无法读取 {len(result.failed)} 份，"
                      f"不是年度报告 {len(result.not_reports)} 份；用时 {time.perf_counter() - t0:.1f} 秒")
                for path, message in result.failed:
                    print(f"  无法读取：{path}：{message}")
                for path, message in result.not_reports:
                    print(f"  不是年度报告（未列入批次）：{path}：{message}")
            _print_entries(batch)
            return _write_outputs(batch, args, out)
    except BatchError as exc:
        return _fail(EXIT_REVIEW, str(exc))


def _print_entries(batch) -> None:
    from fzreview.core.checklist import LEVEL_NAMES

    print("\n编号  单位            层级  年度  覆盖率  已审/条目  问题  状态")
    for e in batch.entries():
        print(f"{e.id:>4}  {e.unit or e.name:<14}  {LEVEL_NAMES.get(e.tier or '', '—'):<4}  {e.year or '—':<4}  "
              f"{e.coverage * 100:5.1f}%  {e.reviewed:>3}/{e.total:<3}    {e.findings:>3}  {e.status_name}")
    p = batch.progress()
    print(f"\n进度：{p['reports']} 份报告，未审 {p['todo']}，审查中 {p['in_progress']}，已完成 {p['done']}；"
          f"已审条目 {p['reviewed']}/{p['total']}")
    left_out = batch.failures()
    if left_out:
        print(f"未列入批次的文件 {len(left_out)} 个：")
        for f in left_out:
            print(f"  {f.kind_name}：{Path(f.path).name}：{f.message}")


def _write_outputs(batch, args, out: Path) -> int:
    if not args.xlsx_out and not args.pdf_out:
        return 0
    from fzreview.core.matrix import batch_matrix

    matrix = batch_matrix(batch)
    title = Path(batch.folder).name if batch.folder else out.stem
    try:
        if args.xlsx_out:
            from fzreview.core.matrix_xlsx import write_matrix_xlsx

            write_matrix_xlsx(matrix, args.xlsx_out, title=title)
            print(f"已导出矩阵：{args.xlsx_out}")
        if args.pdf_out:
            from fzreview.core.matrix_pdf import write_matrix_pdf
            from fzreview.core.render_pdf import FontUnavailableError

            try:
                write_matrix_pdf(matrix, args.pdf_out, title=title)
            except FontUnavailableError as exc:
                return _fail(EXIT_OUTPUT, str(exc))
            print(f"已导出批次汇总 PDF：{args.pdf_out}")
    except OSError as exc:
        return _fail(EXIT_OUTPUT, cannot_write(exc))
    return 0


def batch_assessment(args, review):
    """For `export BATCH --report N`: the assessment with the year-over-year section when the
    batch holds the same unit's report of the year before; None otherwise."""
    from fzreview.core.batch import Batch, is_batch_file

    if args.report is None or not (args.pdf_out or args.docx_out) or not is_batch_file(args.review):
        return None
    with Batch(args.review, create=False) as b:
        last_id = b.find_previous(args.report)
        if last_id is None:
            return None
        last = b.review(last_id)
    from fzreview.core.compare_section import assessment_with_last

    print(f"审查意见中加入与上一年度报告（批次中第 {last_id} 份）的对比。")
    return assessment_with_last(review, last)


def load_for_compare(spec: str):
    """A Review from a review file, a report file (analysed now) or BATCH_FILE:N."""
    from fzreview.core.batch import is_batch_file

    path, _, number = spec.rpartition(":")
    if path and number.isdigit() and is_batch_file(path):
        return load_review_or_batch_report(path, int(number))
    if spec.lower().endswith(".json") or is_batch_file(spec):
        return load_review_or_batch_report(spec, None, spec_hint=True)
    from fzreview.core.engine import analyse
    from fzreview.core.loaders import load_document
    from fzreview.core.review import Review

    return Review(analysis=analyse(load_document(spec)))


def run_compare(args) -> int:
    from fzreview.core.compare import NOT_A_REPORT_PAIR, compare, format_comparison, pair_problems
    from fzreview.core.document import DocumentError
    from fzreview.core.review import ReviewFileError

    reviews = []
    for spec in (args.last, args.this):
        try:
            reviews.append(load_for_compare(spec))
        except DocumentError as exc:
            return _fail(EXIT_REPORT, f"{spec}：{exc}")
        except ReviewFileError as exc:
            return _fail(EXIT_REVIEW, f"{spec}：{exc}")
    problems = pair_problems(reviews[0], reviews[1])
    if problems and not args.force:
        code = EXIT_NOT_A_REPORT if any(k == NOT_A_REPORT_PAIR for k, _ in problems) else EXIT_USAGE
        for _kind, message in problems:
            print(f"错误：{message}。", file=sys.stderr)
        print("未作对照；确认要对照时加 --force。", file=sys.stderr)
        return code
    for _kind, message in problems:
        print(f"注意：{message}（已按 --force 对照）。", file=sys.stderr)
    result = compare(reviews[0], reviews[1])
    print(format_comparison(result))
    try:
        if args.json_out:
            from fzreview.core.atomic_file import write_atomic

            write_atomic(args.json_out, json.dumps(result.to_dict(), ensure_ascii=False, indent=1).encode("utf-8"))
        if args.pdf_out or args.docx_out:
            from fzreview.core.assessment import build_assessment
            from fzreview.core.cli import _export_outputs
            from fzreview.core.compare_section import year_over_year_section

            assessment = build_assessment(reviews[1])
            assessment.extra_sections.append(year_over_year_section(result))
            return _export_outputs(reviews[1], args, assessment)
    except OSError as exc:
        return _fail(EXIT_OUTPUT, cannot_write(exc))
    return 0


def run_batch_command(args) -> int:
    return run_batch(args) if args.command == "batch" else run_compare(args)
