"""The words of each message: subject, plain text and HTML, from the month's facts (spec §5, Email)."""

from __future__ import annotations

import html

from tec_desktop.mail.people import Directory, Person, clean_line, overdue_by_person
from tec_desktop.metrics.clock import month_of
from tec_desktop.workbook.model import Workbook
from tec_desktop.workbook.values import show_date

PACK, OWNER = "pack", "owner"
_TOP_PARETO = 3
_STATUS_ORDER = ("red", "amber", "green")
_STATUS_COLOURS = {"red": "#b3261e", "amber": "#a15c00", "green": "#1e7b34"}


class Facts:
    """What the bodies say, computed once per plan."""

    def __init__(self, book: Workbook, metrics, directory: Directory):
        self.directory = directory
        self.metrics = metrics
        self.title = clean_line(book.settings.report_title or "Seam scorecards")
        self.organization = clean_line(book.settings.organization or "")
        self.month_label = month_of(metrics.month).label
        self.workbook = book.name
        seams = book["Seams"].frame
        active = seams[seams["status"].isin(["Active", "Pilot"])] if "status" in seams else seams
        self.owner_refs = [o for o in active["owner"].tolist() if isinstance(o, str) and o.strip()]
        self.overdue = overdue_by_person(book, metrics.month)
        self.counts = {s: sum(1 for x in metrics.seams if x.status == s) for s in _STATUS_ORDER}
        self.no_status = sum(1 for x in metrics.seams if x.status not in _STATUS_ORDER)

    def seams_of(self, person: Person) -> list:
        return [
            s for s in self.metrics.seams if (p := self.directory.find(s.owner)) is not None and p.row == person.row
        ]


def _subject(f: Facts, kind: str) -> str:
    subject = f"{f.title} – {f.month_label}"
    return subject + (" – your seams" if kind == OWNER else "")


def _counts_text(f: Facts) -> str:
    text = "Seams this month: " + ", ".join(f"{f.counts[s]} {s}" for s in _STATUS_ORDER)
    if f.no_status:
        text += f", {f.no_status} without a status (no data)"
    return text + "."


def _pareto_lines(f: Facts) -> list[str]:
    return [
        f"{clean_line(r.seam_id)} {clean_line(r.seam_name)}: {r.misses} miss{'es' if r.misses != 1 else ''} "
        f"({r.share:.0%} of all misses)"
        for r in f.metrics.pareto[:_TOP_PARETO]
    ]


def _seam_line(s) -> str:
    status = s.status if s.status else "no status (no data)"
    teams = f"{clean_line(s.from_team)} → {clean_line(s.to_team)}"
    return f"{clean_line(s.seam_id)} {clean_line(s.seam_name)} ({teams}): {status}"


def _action_line(a) -> str:
    return f"{clean_line(a.action_id)} {clean_line(a.action)} ({clean_line(a.seam_id)}), due {show_date(a.due)}"


def compose(f: Facts, person: Person, kind: str) -> tuple[str, str, str]:
    """Subject, plain text and HTML for one person."""
    org = f" ({f.organization})" if f.organization else ""
    if kind == PACK:
        intro = f"Attached: {f.title}, {f.month_label}{org}, for the leadership team."
    else:
        intro = f"Attached: {f.title}, {f.month_label}{org}, for the seams you are accountable for."
    pareto = _pareto_lines(f)
    overdue = f.overdue.get(person.row, []) if kind == OWNER else []
    mine = f.seams_of(person) if kind == OWNER else []

    t = [f"Hello {person.name},", "", intro, ""]
    h = [f"<p>Hello {_e(person.name)},</p>", f"<p>{_e(intro)}</p>"]
    if kind == OWNER:
        t += ["Your seams:"] + [f"  - {_seam_line(s)}" for s in mine] + [""]
        h.append("<p>Your seams:</p><ul>" + "".join(f"<li>{_seam_html(s)}</li>" for s in mine) + "</ul>")
    counts = _counts_text(f).replace("Seams", "All seams", 1) if kind == OWNER else _counts_text(f)
    t += [counts]
    h.append(f"<p>{_counts_html(f, kind)}</p>")
    if pareto:
        lead = f"Most misses: {f.metrics.pareto_sentence}." if f.metrics.pareto_sentence else "Most misses:"
        t += [lead] + [f"  {i}. {line}" for i, line in enumerate(pareto, 1)]
        h.append(f"<p>{_e(lead)}</p><ol>" + "".join(f"<li>{_e(line)}</li>" for line in pareto) + "</ol>")
    else:
        t += ["No misses were recorded this month."]
        h.append("<p>No misses were recorded this month.</p>")
    if kind == OWNER:
        t.append("")
        if overdue:
            head = f"Your overdue corrective actions ({len(overdue)}):"
            t += [head] + [f"  - {_action_line(a)}" for a in overdue]
            h.append(f"<p>{_e(head)}</p><ul>" + "".join(f"<li>{_e(_action_line(a))}</li>" for a in overdue) + "</ul>")
        else:
            t.append("You have no overdue corrective actions.")
            h.append("<p>You have no overdue corrective actions.</p>")
    footer = f"Prepared with TEC Desktop from {f.workbook}."
    t += ["", footer]
    h.append(f'<p style="color:#666;font-size:90%">{_e(footer)}</p>')
    body = (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>'
        '<body style="font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:14px">\n'
        + "\n".join(h)
        + "\n</body></html>\n"
    )
    return _subject(f, kind), "\n".join(t) + "\n", body


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _status_html(status: str | None) -> str:
    if status not in _STATUS_COLOURS:
        return "no status (no data)"
    return f'<b style="color:{_STATUS_COLOURS[status]}">{status}</b>'


def _seam_html(s) -> str:
    return (
        f"{_e(clean_line(s.seam_id))} {_e(clean_line(s.seam_name))} "
        f"({_e(clean_line(s.from_team))} → {_e(clean_line(s.to_team))}): {_status_html(s.status)}"
    )


def _counts_html(f: Facts, kind: str) -> str:
    parts = ", ".join(f"{f.counts[s]} {_status_html(s)}" for s in _STATUS_ORDER)
    text = f"{'All s' if kind == OWNER else 'S'}eams this month: {parts}"
    if f.no_status:
        text += f", {f.no_status} without a status (no data)"
    return text + "."
