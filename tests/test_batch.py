"""A review batch: one SQLite file filled in parallel, resumable, never holding a report twice."""

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.conftest import FIXTURES, ROOT, SEEDS


def make_folder(folder, copies=2):
    """Distinct reports from the seeds: each copy gets its own closing line (own sha256)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(copies):
        for name in SEEDS:
            p = folder / f"{name}-{n}.txt"
            p.write_text((FIXTURES / f"{name}.txt").read_text(encoding="utf-8") + f"\n附：第 {n} 份。\n",
                         encoding="utf-8")
            paths.append(p)
    return paths


def cli(*args, **kw):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True,
                          text=True, timeout=300, **kw)


def rows(batch_file):
    db = sqlite3.connect(str(batch_file))
    try:
        return db.execute("SELECT path, sha256 FROM reports ORDER BY path").fetchall()
    finally:
        db.close()


def test_run_in_process_skips_held_and_reanalyses_changed(tmp_path):
    from fzreview.core.batch import Batch
    from fzreview.core.batch_run import run

    folder = tmp_path / "in"
    paths = make_folder(folder, copies=1)
    (folder / "dup.txt").write_bytes(paths[0].read_bytes())  # same bytes, another name
    (folder / "empty.txt").write_bytes(b"")
    seen = []
    with Batch(tmp_path / "b.fzbatch") as b:
        r = run(folder, b, jobs=1, progress=lambda *a: seen.append(a))
        assert len(r.added) == 3 and len(r.skipped) == 1
        assert [p for p, _ in r.failed] == [str((folder / "empty.txt").resolve())]
        assert "空" in r.failed[0][1]
        assert seen[-1][:2] == (5, 5)
        assert len(b) == 3 and b.progress()["failed"] == 1
        entry = next(e for e in b.entries() if e.path.endswith(paths[1].name))
        review = b.review(entry.id)
        review.set_verdict(review.analysis.items[0].id, "missing")
        review.set_note(review.analysis.items[0].id, "保留的意见")
        b.save_review(entry.id, review)
        assert b.entry(entry.id).status == "in_progress"

        again = run(folder, b, jobs=1)
        assert again.analysed == 0 and len(again.skipped) == 4 and len(again.failed) == 1

        paths[1].write_text(paths[1].read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
        changed = run(folder, b, jobs=1)
        assert changed.changed == [str(paths[1].resolve())] and not changed.added
        assert len(b) == 3
        kept = b.review(entry.id)
        assert kept.verdicts[review.analysis.items[0].id].note == "保留的意见"
        assert kept.analysis.report.text.endswith("补充一句。")
        assert b.entry(entry.id).sha256 != entry.sha256


def test_pool_run_matches_in_process(tmp_path):
    """The process pool gives the same analyses as analysing in this process."""
    from fzreview.core.batch import Batch
    from fzreview.core.batch_run import run

    folder = tmp_path / "in"
    make_folder(folder, copies=1)
    with Batch(tmp_path / "pool.fzbatch") as pool, Batch(tmp_path / "one.fzbatch") as one:
        assert len(run(folder, pool, jobs=2).added) == 3
        run(folder, one, jobs=1)
        a = {e.path: (e.unit, e.year, e.coverage) for e in pool.entries()}
        b = {e.path: (e.unit, e.year, e.coverage) for e in one.entries()}
        assert a == b and len(a) == 3


def test_killed_batch_resumes_without_duplicates(tmp_path):
    folder = tmp_path / "in"
    paths = make_folder(folder, copies=3)  # 9 reports
    out = tmp_path / "b.fzbatch"
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "batch", str(folder), "--out", str(out),
                             "--jobs", "1"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    finished = 0
    deadline = time.monotonic() + 120
    while finished < 3 and time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        if "完成" in line:
            finished += 1
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    assert finished == 3
    held = rows(out)
    assert 3 <= len(held) < len(paths)  # killed half-way, what it finished is kept

    again = cli("batch", folder, "--out", out, "--jobs", "2")
    assert again.returncode == 0, again.stderr
    assert f"本次新分析 {len(paths) - len(held)} 份" in again.stdout
    final = rows(out)
    assert len(final) == len(paths)
    assert len({sha for _, sha in final}) == len(final)
    assert sorted(p for p, _ in final) == sorted(str(p.resolve()) for p in paths)


def test_batch_cli_writes_matrix_and_exports_one_report(tmp_path):
    folder = tmp_path / "in"
    make_folder(folder, copies=1)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    xlsx, pdf = tmp_path / "m.xlsx", tmp_path / "m.pdf"
    proc = cli("batch", folder, "--xlsx", xlsx, "--pdf", pdf, "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "in.fzbatch").is_file()  # default: beside the folder
    assert "无法读取" in proc.stdout and "broken.pdf" in proc.stdout
    assert pdf.read_bytes().startswith(b"%PDF")
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames == ["纲要部分", "条款", "义务", "缺项与逾期"]
    ws = wb["纲要部分"]
    units = [ws.cell(row=r, column=1).value for r in range(4, 7)]
    assert sorted(units) == sorted(["洪梅镇", "汕头市澄海区", "绥滨县"])
    assert ws.freeze_panes == "E4"
    assert ws.page_setup.orientation == "landscape"

    # one report of the batch exported like a review file
    csv = tmp_path / "one.csv"
    proc = cli("export", tmp_path / "in.fzbatch", "--report", 1, "--csv", csv)
    assert proc.returncode == 0, proc.stderr
    assert csv.stat().st_size > 1000
    proc = cli("export", tmp_path / "in.fzbatch", "--csv", csv)
    assert proc.returncode == 5 and "--report" in proc.stderr


def test_export_of_a_batch_report_compares_with_last_year(tmp_path):
    from tests.test_compare import LAST, THIS

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-2023.txt").write_text(LAST, encoding="utf-8")
    (folder / "a-2024.txt").write_text(THIS, encoding="utf-8")
    out = tmp_path / "b.fzbatch"
    assert cli("batch", folder, "--out", out, "--jobs", "1").returncode == 0
    db = sqlite3.connect(str(out))
    this_id = db.execute("SELECT id FROM reports WHERE year = 2024").fetchone()[0]
    last_id = db.execute("SELECT id FROM reports WHERE year = 2023").fetchone()[0]
    db.close()
    docx = tmp_path / "this.docx"
    proc = cli("export", out, "--report", this_id, "--docx", docx)
    assert proc.returncode == 0, proc.stderr
    assert f"第 {last_id} 份" in proc.stdout
    import zipfile

    assert "与上一年度报告对比" in zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
    plain = tmp_path / "last.docx"
    assert cli("export", out, "--report", last_id, "--docx", plain).returncode == 0
    assert "与上一年度报告对比" not in zipfile.ZipFile(plain).read("word/document.xml").decode("utf-8")


def test_matrix_uses_reviewed_verdicts(tmp_path, seed_analyses):
    from fzreview.core.analysis import Analysis
    from fzreview.core.batch import Batch
    from fzreview.core.matrix import batch_matrix
    from fzreview.core.review import Review

    with Batch(tmp_path / "b.fzbatch") as b:
        for n, (name, analysis) in enumerate(seed_analyses.items()):
            b.add(f"/x/{name}.txt", f"sha{n}", Review(analysis=Analysis.from_dict(analysis.to_dict())))
        before = batch_matrix(b)
        entry = b.entries()[0]
        review = b.review(entry.id)
        old_row = next(r for r in before.rows if r.report_id == entry.id)
        part = min(old_row.parts, key=lambda k: old_row.parts[k] if old_row.parts[k] is not None else 2)
        for item in review.analysis.items:
            if item.part_ref == part:
                review.set_verdict(item.id, "covered")
        b.save_review(entry.id, review)
        after = batch_matrix(b)
    row = next(r for r in after.rows if r.report_id == entry.id)
    old = next(r for r in before.rows if r.report_id == entry.id)
    assert row.parts[part] == 1.0 and old.parts[part] < 1.0
    assert row.coverage > old.coverage
    weakest = after.obligations[0]
    assert weakest.share <= after.obligations[-1].share


def test_not_a_batch_file(tmp_path):
    from fzreview.core.batch import Batch, BatchError

    bogus = tmp_path / "x.fzbatch"
    bogus.write_text("hello", encoding="utf-8")
    with pytest.raises(BatchError):
        Batch(bogus)


NEWS_HTML = ("<html><head><title>全市第七届运动会开幕</title></head><body><h1>全市第七届运动会开幕</h1>"
             "<p>2007年9月8日，全市第七届运动会在体育中心开幕，来自各区县的二千余名运动员参加比赛。</p>"
             "<p>本届运动会设田径、游泳、篮球等十六个大项，比赛将持续八天。</p></body></html>")
NOTICE_TXT = ("关于报送2024年度法治政府建设情况报告的通知\n各镇人民政府、县直各单位：\n"
              "为做好法治政府建设年度报告工作，请各单位于2025年2月15日前报送本单位报告。\n特此通知。\n县司法局\n2025年1月6日")


def test_files_that_are_not_reports_stay_out_of_the_batch_and_matrix(tmp_path):
    """A news page and a notice in the folder are listed as 不是年度报告, not scored as units."""
    from fzreview.core.batch import NOT_A_REPORT, UNREADABLE, Batch
    from fzreview.core.batch_run import run
    from fzreview.core.matrix import batch_matrix

    folder = tmp_path / "in"
    make_folder(folder, copies=1)  # three real reports
    (folder / "news.html").write_text(NEWS_HTML, encoding="utf-8")
    (folder / "notice.txt").write_text(NOTICE_TXT, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    with Batch(tmp_path / "b.fzbatch") as b:
        r = run(folder, b, jobs=1)
        assert len(r.added) == 3 and len(b) == 3
        assert sorted(os.path.basename(p) for p, _ in r.not_reports) == ["news.html", "notice.txt"]
        assert [os.path.basename(p) for p, _ in r.failed] == ["empty.txt"]
        kinds = {os.path.basename(f.path): f.kind for f in b.failures()}
        assert kinds == {"news.html": NOT_A_REPORT, "notice.txt": NOT_A_REPORT, "empty.txt": UNREADABLE}
        assert "通知" in next(f.message for f in b.failures() if f.path.endswith("notice.txt"))
        matrix = batch_matrix(b)
        assert sorted(row.unit for row in matrix.rows) == sorted(["洪梅镇", "汕头市澄海区", "绥滨县"])
        assert all(t.units <= 3 for t in matrix.obligations)
        again = run(folder, b, jobs=1)  # not retried while unchanged, still reported as not a report
        assert again.analysed == 0 and len(again.not_reports) == 2 and len(again.failed) == 1

    proc = cli("batch", tmp_path / "b.fzbatch")
    assert proc.returncode == 0, proc.stderr
    listed = [line for line in proc.stdout.splitlines() if "news.html" in line]
    assert listed and all(line.strip().startswith("不是年度报告") for line in listed)
    assert "0.0%" not in proc.stdout and "2007" not in proc.stdout


def test_matrix_leaves_out_non_reports_held_by_an_older_batch(tmp_path, seed_analyses):
    """A batch filled before non-reports were recognised holds them as reports: the matrix skips them."""
    from fzreview.core.batch import Batch
    from fzreview.core.document import Document
    from fzreview.core.engine import analyse
    from fzreview.core.matrix import batch_matrix
    from fzreview.core.review import Review

    with Batch(tmp_path / "old.fzbatch") as b:
        b.add("/r/a.txt", "a" * 64, Review(analysis=next(iter(seed_analyses.values()))))
        b.add("/r/notice.txt", "b" * 64, Review(analysis=analyse(Document.from_text(NOTICE_TXT))))
        assert len(b) == 2
        assert len(batch_matrix(b).rows) == 1


def test_old_batch_file_gets_the_failure_kind_column(tmp_path):
    from fzreview.core.batch import UNREADABLE, Batch

    path = tmp_path / "old.fzbatch"
    with Batch(path) as b:
        b.db.executescript("DROP TABLE failures; CREATE TABLE failures (path TEXT PRIMARY KEY, sha256 TEXT NOT NULL,"
                           " message TEXT NOT NULL, seen TEXT NOT NULL);"
                           "INSERT INTO failures VALUES ('/x.pdf', '', '文件已损坏', '2025-01-01');")
    with Batch(path) as b:
        assert [(f.path, f.kind) for f in b.failures()] == [("/x.pdf", UNREADABLE)]


def test_matrix_pdf_headers_cut_with_ellipsis_and_legend_has_every_threshold(tmp_path):
    import pypdf

    from fzreview.core.matrix import Column, Matrix, Row
    from fzreview.core.matrix_pdf import write_matrix_pdf

    long_title = "健全社会矛盾纠纷行政预防调处化解体系不断促进社会公平正义"
    m = Matrix(parts=[Column("七", long_title, "七")], clauses=[],
               rows=[Row(1, "某县", "县级", 2024, "a.txt", 0.1, 0, 10, "未审", {"七": 0.1}, {}, [], [])])
    out = tmp_path / "m.pdf"
    write_matrix_pdf(m, out)
    text = "".join(p.extract_text() or "" for p in pypdf.PdfReader(str(out)).pages).replace("\n", "")
    assert "薄弱（<20%）" in text
    assert "七、" in text and "……" in text.split("七、", 1)[1][:30]
