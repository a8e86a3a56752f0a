"""The assessment (审查意见) as simple HTML, for printing from the app.

``render_html(assessment)`` lays out a ``core.assessment.Assessment`` in the
HTML subset Qt's QTextDocument understands (tables with cellpadding and
bgcolor, h1/h2/p), so ui.printing can print the same document the PDF and
the Word file hold. No Qt here; all text is escaped.
"""

from __future__ import annotations

from html import escape

from fzreview.core.analysis import COVERED, MISSING, PARTIAL, Analysis
from fzreview.core.assessment import NUMERALS, Assessment, Block, GroupRow, build_assessment
from fzreview.core.review import NOT_APPLICABLE, Review

STATUS_BG = {COVERED: "#dcefd9", PARTIAL: "#fbeec9", MISSING: "#f8d7d3", NOT_APPLICABLE: "#eeeeee"}
STATE_BG = {"ok": "#dcefd9", "missing": "#f8d7d3", "check": "#fbeec9"}


def _e(text: object) -> str:
    return escape("" if text is None else str(text)).replace("\n", "<br>")


def _td(text: object, *, bg: str | None = None, head: bool = False, span: int = 1, width: str = "") -> str:
    attrs = f' bgcolor="{bg}"' if bg else ""
    attrs += f' colspan="{span}"' if span > 1 else ""
    attrs += f' width="{width}"' if width else ""
    tag = "th" if head else "td"
    return f"<{tag}{attrs}>{text}</{tag}>"


def _table(header: list[str], rows: list[str], widths: list[str] | None = None) -> str:
    widths = widths or [""] * len(header)
    head = "<tr>" + "".join(_td(_e(h), bg="#d9dee6", head=True, width=w) for h, w in zip(header, widths)) + "</tr>"
    return ('<table border="1" cellspacing="0" cellpadding="3" width="100%" style="border-collapse:collapse">'
            + head + "".join(rows) + "</table>")


def _block(b: Block) -> str:
    if b.kind == "table":
        return _table(b.header, ["<tr>" + "".join(_td(_e(c)) for c in r) + "</tr>" for r in b.rows])
    if b.kind == "heading":
        return f"<h3>{_e(b.text)}</h3>"
    return f"<p>{_e(b.text)}</p>"


def render_html(source: Assessment | Analysis | Review, *, reviewer: str = "", date: str | None = None) -> str:
    m = source if isinstance(source, Assessment) else build_assessment(source, reviewer=reviewer, date=date)
    out = ["<html><head><meta charset='utf-8'><style>",
           "body{font-size:10pt} h1{font-size:16pt;text-align:center} h2{font-size:13pt} h3{font-size:11pt}",
           "th,td{vertical-align:top;font-size:8.5pt} .status{text-align:center;color:#555}",
           ".draft{text-align:center;color:#b3261e} .note{color:#555;font-size:8.5pt}",
           "</style></head><body>",
           f"<h1>{_e(m.title)}</h1>",
           f"<p class='{'draft' if m.draft else 'status'}'>{_e(m.status_line)}</p>"]
    fields = "".join(f"<tr>{_td(_e(f.label), bg='#eeeeee', width='18%')}{_td(_e(f.value))}</tr>" for f in m.header)
    out.append(f'<table border="1" cellspacing="0" cellpadding="3" width="100%">{fields}</table>')

    out.append(f"<h2>{_e(m.chapter('conclusion'))}</h2>")
    out += [f"<p>{_e(p)}</p>" for p in m.conclusion]
    out.append("<h3>（一）覆盖情况</h3>")
    out.append(_table([c.label for c in m.counts],
                      ["<tr>" + "".join(_td(_e(c.value), bg=STATUS_BG.get(c.status or "")) for c in m.counts)
                       + "</tr>"]))
    if m.parts:
        out.append(_table(["部分", "适用", "已覆盖", "部分覆盖", "未覆盖", "覆盖率"], [
            "<tr>" + "".join(_td(_e(v)) for v in (
                f"{p.ref}、{p.short_title}", p.applicable, p.covered, p.partial, p.missing,
                f"{p.coverage * 100:.1f}%" if p.applicable else "不适用")) + "</tr>" for p in m.parts]))
    out.append("<h3>（二）报告构成与报送公开</h3>")
    if m.structure:
        out.append(_table(["编号", "要求", "结论", "说明"], [
            "<tr>" + _td(_e(x.id)) + _td(_e(x.title)) + _td(_e(x.verdict), bg=STATE_BG.get(x.state))
            + _td(_e(x.detail or "—")) + "</tr>" for x in m.structure], ["8%", "42%", "12%", "38%"]))
    out.append("<h3>（三）需要核实的问题</h3>")
    out += [f"<p>{n}. {_e(t)}</p>" for n, t in enumerate(m.findings, start=1)] or \
        ["<p>未发现占位符未替换、年份不一致等需要核实的问题。</p>"]

    for n, section in enumerate(m.extra_sections):
        out.append(f"<h2>{_e(m.chapter(f'extra:{n}'))}</h2>")
        out += [_block(b) for b in section.blocks]

    out.append(f"<h2>{_e(m.chapter('items'))}</h2>")
    out.append(f"<p class='note'>{_e(m.table_note)}</p>")
    head = ["编号", "义务", "自动结果"] + (["审查意见"] if m.show_verdicts else []) + ["依据摘录"]
    rows = []
    for r in m.rows:
        if isinstance(r, GroupRow):
            rows.append("<tr>" + _td(_e(r.text), bg="#e6ebf2" if r.kind == "part" else "#f5f5f5", span=len(head))
                        + "</tr>")
            continue
        cells = [_td(_e(r.id)), _td(_e(r.title)),
                 _td(_e(r.auto_text) + "<br><small>" + _e(r.reason) + "</small>", bg=STATUS_BG.get(r.auto_status))]
        if m.show_verdicts:
            text = _e(r.verdict_text)
            if r.note:
                text += "<br><small>" + _e(r.note + ("……（全文见附录）" if r.note_clipped else "")) + "</small>"
            if r.changed:
                text += "<br><small>（条款或自动结果已变化，需复核）</small>"
            cells.append(_td(text, bg=STATUS_BG.get(r.verdict or "")))
        cells.append(_td("<small>" + _e(r.evidence or "—") + "</small>"))
        rows.append("<tr>" + "".join(cells) + "</tr>")
    out.append(_table(head, rows))

    out.append(f"<h2>{_e(m.chapter('suggestions'))}</h2>")
    if m.suggestions:
        for n, group in enumerate(m.suggestions):
            out.append(f"<h3>（{NUMERALS[n]}）{_e(group.heading)}</h3>")
            out += [f"<p>{k}. {_e(line)}</p>" for k, line in enumerate(group.lines, start=1)]
    else:
        out.append("<p>未发现需要整改的缺项。</p>")
    sig, blank = m.signature, "________________"
    out.append("<br><table width='100%' cellpadding='6'><tr>"
               f"<td width='45%'>审查人：{_e(sig.reviewer or blank)}<br><br>复核人：{_e(sig.checker or blank)}</td>"
               f"<td>审查单位：{_e(sig.unit or blank)}（盖章）<br><br><br><br><br>日期：{_e(sig.date or blank)}</td>"
               "</tr></table>")
    for appendix in m.appendices:
        out.append(f"<h2>{_e(appendix.title)}</h2>")
        for heading, text in appendix.entries:
            if heading:
                out.append(f"<h3>{_e(heading)}</h3>")
            out.append(f"<p>{_e(text)}</p>")
    out.append("</body></html>")
    return "".join(out)
