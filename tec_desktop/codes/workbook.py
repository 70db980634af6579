"""Codes of reading a workbook: files that cannot be read, and what the reader finds in sheets and Settings."""

from __future__ import annotations

from tec_desktop.codes.model import CELL, ERROR, INFO, NONE, SHEET, TEXT, WARNING, Say, failure, finding

_REPAIR = "Open it in Excel, let Excel repair it, and save it again."
_SAVE_AGAIN = "Open it in Excel and save it again."

FILE = (
    failure("file-not-found", "No such file", "{path} does not exist. Check the name and the folder."),
    failure("file-is-folder", "A folder, not a file", "{path} is a folder, not a workbook."),
    failure("file-cannot-open", "File cannot be opened", "{path} cannot be opened: {reason}."),
    failure("file-no-permission", "No permission", "{file} cannot be read: you do not have permission to open it."),
    failure("file-unreadable", "File cannot be read", "{file} cannot be read: {reason}."),
    failure("file-empty", "Empty file", "{file} is empty (0 bytes). Save the workbook again from Excel."),
    failure(
        "file-too-large",
        "Workbook too large",
        "{file} is {mb:.0f} MB; TEC Desktop reads workbooks up to {limit_mb:.0f} MB. "
        "Move old years to an archive workbook.",
    ),
    failure(
        "file-password",
        "Password-protected workbook",
        "{file} is password-protected. Save a copy without a password.",
        forms={
            "encrypted": "{file} is password-protected. Open it in Excel and save a copy without a password "
            "(File > Info > Protect Workbook > Encrypt with Password, clear it).",
        },
    ),
    failure(
        "file-xls",
        "Old Excel workbook (.xls)",
        "{file} is an old Excel 97-2003 workbook (.xls). Open it in Excel and save it as Excel Workbook (.xlsx).",
    ),
    failure("file-pdf", "A PDF document", "{file} is a PDF document, not an Excel workbook."),
    failure(
        "file-web-page",
        "A web page or XML file",
        "{file} is a web page or XML file, not an Excel workbook. "
        "Open it in Excel and save it as Excel Workbook (.xlsx).",
    ),
    failure(
        "file-csv",
        "A text (CSV) file",
        "{file} is a text (CSV) file, not an Excel workbook. "
        "Start from the template (File > New workbook from template) and paste the data in.",
    ),
    failure("file-not-xlsx", "Not an Excel workbook", "{file} is not an Excel workbook (.xlsx)."),
    failure(
        "file-ods",
        "OpenDocument spreadsheet (.ods)",
        "{file} is an OpenDocument spreadsheet (.ods). Open it in LibreOffice or Excel and save it as "
        "Excel 2007-365 (.xlsx).",
    ),
    failure(
        "file-xlsb",
        "Excel binary workbook (.xlsb)",
        "{file} is an Excel binary workbook (.xlsb). In Excel, save it as Excel Workbook (.xlsx).",
    ),
    failure("file-zip-not-workbook", "A zip archive", "{file} is a zip archive but not an Excel workbook."),
    failure(
        "file-damaged",
        "Damaged workbook",
        "{file} is damaged (it looks cut short or corrupted). " + _REPAIR,
        forms={
            "unreadable": "{file} is damaged and cannot be read. " + _REPAIR,
            "duplicate-part": "{file} is damaged: it holds two copies of the same part. " + _SAVE_AGAIN,
            "part-missing": "{file} is damaged: the part {part} is missing. " + _SAVE_AGAIN,
            "checksum": "{file} is damaged (a part fails its checksum). " + _REPAIR,
            "compression": "{file} is damaged (a part cannot be decompressed). " + _REPAIR,
            "sheet-list": "{file} is damaged: its list of sheets cannot be read. " + _SAVE_AGAIN,
        },
    ),
    failure(
        "file-unsafe-size",
        "Workbook would expand too far",
        "{file} is not safe to open: it would expand to more than {mb:.0f} MB. Save it again from Excel.",
    ),
    failure(
        "file-xml-declarations",
        "XML declarations Excel never writes",
        "{file} contains XML declarations that Excel never writes (possible attack). It was not read.",
    ),
    failure(
        "sheet-too-large",
        "Sheet too large",
        "{file}: the sheet {sheet} has {rows:,} rows x {columns:,} columns ({cells:,} cells, up to {corner}); "
        "TEC Desktop reads at most {max_columns} columns and {max_cells:,} cells per sheet. Delete empty or "
        "unused rows and columns (extra columns can move to another workbook), or move old years to an "
        "archive workbook.",
        forms={
            "used-range": "{file}: the sheet {sheet} uses cells up to {corner} ({rows:,} {rows:row|rows} x "
            "{columns:,} columns); TEC Desktop reads at most {max_columns} columns and {max_cells:,} cells per "
            "sheet. Delete the empty rows and columns after your data and save.",
            "filled": "{file}: the sheet {sheet} has more than {max_cells:,} filled cells; TEC Desktop reads at most "
            "{max_columns} columns and {max_cells:,} cells per sheet. Delete empty or unused rows and columns "
            "(extra columns can move to another workbook), or move old years to an archive workbook.",
            "unusual": "{file}: the sheet {sheet} holds more than {max_cells:,} cells written in a way Excel does "
            "not write them, too many to check safely. Open the workbook in Excel, save it, and try again.",
        },
    ),
)

SHEETS = (
    finding(
        "sheet-missing",
        ERROR,
        "Required sheet missing",
        "The sheet '{sheet}' is missing. Add it back from the template (File > New workbook from template) "
        "with its headers in row 1.",
        place=NONE,
    ),
    finding(
        "sheet-hidden",
        WARNING,
        "Hidden sheet",
        "The sheet '{name}' is hidden; its data is read anyway. Unhide it so that everyone sees what the "
        "scorecards are built from.",
        place=NONE,
    ),
    finding(
        "workbook-open",
        WARNING,
        "Workbook open in Excel",
        "{workbook} seems to be open in Excel or LibreOffice (the lock file {lock} is beside it). Its last saved "
        "version was read; save it to include recent edits.",
        place=NONE,
    ),
    finding(
        "column-missing",
        ERROR,
        "Required column missing",
        "the required column '{column}' is missing. Add it as a header in row 1 (for example in {cell}).",
        place=SHEET,
    ),
    finding(
        "column-duplicate",
        ERROR,
        "Column twice",
        "the column '{column}' appears twice (also in {first_cell}). Delete or rename one of them.",
    ),
    finding(
        "column-extra",
        INFO,
        "Column not in the template",
        "the column '{header}' is not part of the template and is ignored.",
    ),
    finding(
        "cells-merged",
        ERROR,
        "Merged cells",
        "{sheet} {range}: these cells are merged, so only {cell} holds a value. "
        "Unmerge them and type the value in every cell.",
        place=TEXT,
        forms={
            "header": "{sheet} {range}: these header cells are merged, so only {cell} holds a value. "
            "Unmerge them and type the value in every cell.",
        },
    ),
    finding("value-bad", ERROR, "Bad value", "{column} '{value}' is not {expected}."),
    finding("value-required", ERROR, "Required cell empty", "{column} is empty; every row needs one."),
    finding(
        "value-error",
        ERROR,
        "Error value",
        "{column} holds the error value {error} (a formula that failed). Correct the formula in Excel, or type "
        "the value, and save.",
    ),
    finding(
        "formula-no-value",
        ERROR,
        "Formula without a saved result",
        "this formula[ (and {more} more {more:cell|cells} of this sheet)] has no saved result (the file was "
        "written by a program, not Excel). Open it in Excel and save it first.",
    ),
)

SETTINGS = (
    finding("setting-unknown", INFO, "Unknown setting", "'{name}' is not a setting TEC Desktop knows; it is ignored."),
    finding("setting-duplicate", ERROR, "Setting twice", "{setting} is set twice (also on row {first_row}). Keep one."),
    finding(
        "setting-missing",
        ERROR,
        "Setting missing",
        "{setting} is empty. Type it there (for example {example}).",
        place=CELL,
        forms={
            "no-row": Say(
                "{setting} is missing. Add a row with '{setting}' in the Setting column and its value "
                "(for example {example}).",
                place=SHEET,
            ),
        },
    ),
    finding("setting-bad", ERROR, "Bad setting", "{setting} '{value}' is not {expected}."),
)
