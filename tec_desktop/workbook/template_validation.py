"""What each column of the template accepts: the README's words for it, and its dropdown or number rule
with the message Excel shows for a wrong entry and the prompt shown when a cell is selected."""

from __future__ import annotations

from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from tec_desktop.workbook import schema
from tec_desktop.workbook.template_style import DATETIME_COLUMNS, LIST_ROWS


def _letter_of(sheet: schema.Sheet, key: str) -> str:
    return get_column_letter([c.key for c in sheet.columns].index(key) + 1)


def _list_range(sheet: schema.Sheet, key: str) -> str:
    letter = _letter_of(sheet, key)
    return f"{quote_sheetname(sheet.name)}!${letter}$2:${letter}${LIST_ROWS}"


def allowed_values(sheet: schema.Sheet, col: schema.Column) -> str:
    """What a column accepts, in plain words, for the README."""
    if col.kind == schema.CHOICE:
        return ", ".join(col.choices)
    if col.kind == schema.YESNO:
        return "Yes or No (Y, N, True, False, 1, 0 also work)"
    if col.kind == schema.SEAM:
        return "A Seam ID from the Seams sheet (pick from the list)"
    if col.kind == schema.PERSON:
        return "A Name from the People sheet (pick from the list), or their Email"
    if col.kind == schema.DATE:
        if (sheet.name, col.key) in DATETIME_COLUMNS:
            return "A date, with the time if you know it: 2026-10-05 14:30"
        return "A date: 2026-10-05"
    if col.kind == schema.EMAIL:
        return "An email address"
    if col.kind == schema.MONTH:
        return "A month: 2026-10 (a date in that month works too)"
    if col.kind == schema.NUMBER:
        if col.key in _POSITIVE:
            return "A number greater than 0"
        return "A number, 0 or more (0 = the same day)" if col.key in _NON_NEGATIVE else "A number"
    if col.kind == schema.ID:
        return "Text, unique on this sheet" if sheet.id_key == col.key else "Text"
    return "Text"


_POSITIVE = {"target_days"}  # an SLA target of 0 or less is an error (spec §3)
_NON_NEGATIVE = {"sla_days"}  # a decision SLA of 0 means "decide the same day", as the checks and metrics read it


def column_validation(sheet: schema.Sheet, col: schema.Column) -> DataValidation:
    """A column's dropdown or number rule, with a message that says how to fix a wrong entry, and a prompt
    that explains the column when one of its cells is selected."""
    if col.kind == schema.CHOICE:
        listed = ", ".join(col.choices[:-1]) + " or " + col.choices[-1]
        dv = DataValidation(
            type="list",
            formula1='"' + ",".join(col.choices) + '"',
            allow_blank=True,
            errorStyle="stop",
            errorTitle="Not one of the choices",
            error=f"{col.header} must be {listed}. Pick one from the list.",
        )
    elif col.kind == schema.YESNO:
        # A warning, not a stop: Y, N, True, False, 1 and 0 are read as Yes and No too.
        dv = DataValidation(
            type="list",
            formula1='"Yes,No"',
            allow_blank=True,
            errorStyle="warning",
            errorTitle="Yes or No",
            error=f"{col.header} takes Yes or No (Y, N, True, False, 1 and 0 are understood too). "
            "Keep this value anyway?",
        )
    elif col.kind == schema.SEAM:
        dv = DataValidation(
            type="list",
            formula1=_list_range(schema.SEAMS, "seam_id"),
            allow_blank=True,
            errorStyle="warning",
            errorTitle="Not a Seam ID from Seams",
            error="Pick a Seam ID from the list. Seam IDs come from column A of the Seams "
            "sheet: add the seam there first. Keep this value anyway?",
        )
    elif col.kind == schema.PERSON:
        dv = DataValidation(
            type="list",
            formula1=_list_range(schema.PEOPLE, "name"),
            allow_blank=True,
            errorStyle="warning",
            errorTitle="Not a name from People",
            error="Pick a name from the list. Names come from column A of the People sheet "
            "(their Email works too): add the person there first. Keep this value anyway?",
        )
    elif col.key in _POSITIVE:
        dv = DataValidation(
            type="decimal",
            operator="greaterThan",
            formula1="0",
            allow_blank=True,
            errorStyle="stop",
            errorTitle="A number above 0",
            error=f"{col.header} is a number of business days greater than 0, for example {col.example}.",
        )
    elif col.key in _NON_NEGATIVE:
        dv = DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            errorStyle="stop",
            errorTitle="A number, 0 or more",
            error=f"{col.header} is a number of business days, 0 or more (0 = the same day), "
            f"for example {col.example}.",
        )
    else:
        dv = DataValidation(allow_blank=True)  # no rule: only the prompt
    dv.showErrorMessage = dv.type is not None
    dv.showInputMessage = True
    dv.promptTitle = col.header[:32]
    dv.prompt = (col.help + (f" Example: {col.example}" if col.example else ""))[:255]
    return dv


def setting_validation(d: schema.SettingDef, ref: str) -> DataValidation:
    """A prompt that explains the setting when its cell is selected; a list for Paper size."""
    if d.key == "paper_size":
        dv = DataValidation(
            type="list",
            formula1='"' + ",".join(schema.PAPER_SIZES) + '"',
            allow_blank=True,
            errorStyle="stop",
            errorTitle="Paper size: A4 or Letter",
            error="Paper size must be A4 or Letter. Pick one from the list.",
            showErrorMessage=True,
        )
    else:
        dv = DataValidation(allow_blank=True)  # no rule: only the prompt
    dv.showInputMessage = True
    dv.promptTitle = d.name[:32]
    dv.prompt = f"{d.help} Example: {d.example}."[:255]
    dv.add(ref)
    return dv
