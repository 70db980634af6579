"""docs/codes.md, written from the registry: every code with its severity, title and wording."""

from __future__ import annotations

from tec_desktop.codes import SECTIONS
from tec_desktop.codes.model import CELL, FINDING, SHEET, Code, Wording

_INTRO = """\
# Codes

Every problem TEC Desktop reports has a stable code. **Findings** are problems in the workbook:
`tec check` lists them (its `--format json` output gives each one's `code`), the annotated copy's
Issues sheet has a Code column, and the desktop app shows them in the Checks view. **Failures**
stop a command (`tec` exits with status 2 after one line saying why) or a job of the desktop app.

Messages are written from templates: `{name}` is filled in where the problem is found;
`{name:one|other}` chooses the word for one or many; `{name:rows}` is a list of rows ("rows 7, 9
and 12"); `{name:list}` a list of values ("H-1, H-2 and 4 more"); a part in `[ ]` is left out when
it has nothing to say. A finding's message starts with where it is (`Handoffs E17: `, or the sheet),
as noted. Where the desktop app words a message differently (it names its own settings instead of
command-line options), both are given. A code may have more than one message: the one that fits the
case is used.

This file is generated from the registry (`tec_desktop/codes/`):
`python -m tec_desktop.codes --markdown > docs/codes.md`. Do not edit it by hand.
"""

_PLACES = {CELL: "{sheet} {cell}: ", SHEET: "{sheet}: "}


def _message(w: Wording, finding: bool) -> list[str]:
    prefix = _PLACES.get(w.place, "") if finding else ""
    lines = [f"`{prefix}{w.text.text}`"]
    if w.app is not None:
        lines.append(f"Desktop app: `{prefix}{w.app.text}`")
    return lines


def _entry(code: Code) -> list[str]:
    lines = [f"### `{code.code}`", "", f"{code.title}. Severity: {code.severity}.", ""]
    finding = code.kind == FINDING
    for form, wording in code.wordings.items():
        said = _message(wording, finding)
        lines.append(f"- {said[0]}" if not form else f"- Or: {said[0]}")
        lines += [f"  {line}" for line in said[1:]]
    return lines + [""]


def _index() -> list[str]:
    lines = ["| Code | Kind | Severity | What |", "|---|---|---|---|"]
    for _, entries in SECTIONS:
        lines += [f"| [`{c.code}`](#{c.code}) | {c.kind} | {c.severity} | {c.title} |" for c in entries]
    return lines + [""]


def markdown() -> str:
    """The whole of docs/codes.md."""
    lines = [_INTRO, *_index()]
    for title, entries in SECTIONS:
        lines += [f"## {title}", ""]
        for code in entries:
            lines += _entry(code)
    return "\n".join(lines).rstrip() + "\n"
