"""Codes of the month, of writing files (scorecards, the annotated copy, the template) and of the command line."""

from __future__ import annotations

from tec_desktop.codes.model import INFO, Say, failure

_OTHER_MONTH = "or choose another month above."
_OTHER_FOLDER = "Choose another folder in Preferences."

MONTHS = (
    failure("month-bad", "Not a month", "'{text}' is not a month; write it like 2026-10."),
    failure(
        "month-missing",
        "No reporting month",
        "No reporting month: set Reporting month on the Settings sheet of {workbook} (for example 2026-10), "
        "or pass --month.",
        app="No reporting month: set Reporting month on the Settings sheet of {workbook} (for example 2026-10) "
        + _OTHER_MONTH,
    ),
    failure(
        "month-no-data",
        "Nothing dated in the month",
        "No data for {month} in {workbook}: no handoff was submitted, started or completed in {month_label}, and "
        "no miss, dependency, decision or action is dated in it. Check the Reporting month on the Settings sheet "
        "or pass --month.",
        app="No data for {month} in {workbook}: no handoff was submitted, started or completed in {month_label}, "
        "and no miss, dependency, decision or action is dated in it. Check the Reporting month on the Settings "
        "sheet " + _OTHER_MONTH,
    ),
    failure(
        "work-week-empty",
        "Work week without a working day",
        "The Work week on the Settings sheet has no working day; list at least one, for example Mon Tue Wed Thu Fri.",
    ),
)

FILES = (
    failure(
        "write-failed",
        "File cannot be written",
        "Cannot write {path}: {reason}.",
        forms={
            "permission": "Cannot write {path}: permission denied. If the file is open in another program "
            "(a PDF viewer or Excel), close it; otherwise choose a folder you can write to.",
            "in-use": "Cannot replace {path}: another program has {name} open (a PDF viewer, Excel, a mail "
            "program) or it is read-only. Close it there and try again; the old file was left as it was.",
            "too-long": "Cannot write {path}: the path is longer than Windows allows (260 characters). Choose a "
            "folder with a shorter path, or a shorter Report title on the Settings sheet.",
            "folder-in-the-way": "Cannot write {path}: a folder with that name is in the way.",
            "no-folder": "Cannot write {path}: the folder {folder} does not exist.",
        },
    ),
    failure(
        "disk-full",
        "Disk full",
        "The disk holding {folder} is full. Free some space there (or choose another folder) and try again; "
        "nothing half-written was left.",
    ),
    failure(
        "folder-not-created",
        "Folder cannot be created",
        "Cannot create the folder {folder}: {reason}.",
        forms={
            "output": Say(
                "Cannot create the folder {folder}: {reason}. Choose another with --out.",
                app="Cannot create the output folder {folder}: {reason}. " + _OTHER_FOLDER,
            ),
        },
    ),
    failure(
        "output-not-folder",
        "Output is a file",
        "Cannot write the scorecards to {folder}: it is a file, not a folder.",
    ),
    failure(
        "output-is-workbook",
        "Output over the workbook",
        "Cannot write {path}: that is the workbook {workbook} itself, which is never changed. Choose another "
        "folder with --out, or rename the workbook.",
        app="Cannot write {path}: that is the workbook {workbook} itself, which is never changed. " + _OTHER_FOLDER,
    ),
    failure(
        "output-read-only",
        "Output folder read-only",
        "Cannot write the scorecards to {folder}: the folder is read-only. Choose another with --out.",
        app="Cannot write the scorecards to {folder}: the folder is read-only. " + _OTHER_FOLDER,
    ),
)

SCORECARDS = (
    failure(
        "scorecards-blocked",
        "Workbook has errors",
        "{workbook} has {errors} {errors:error|errors}; fix {errors:it|them} before writing the scorecards "
        "(tec check lists them).",
        app="{workbook} has {errors} {errors:error|errors}; fix {errors:it|them} before writing the scorecards "
        "(the Checks view lists them).",
    ),
    failure(
        "renderer-missing",
        "PDF writer not installed",
        "The PDF writer of TEC Desktop is not installed; install TEC Desktop again.",
    ),
    failure(
        "scorecards-cancelled",
        "Scorecards cancelled",
        "Writing the scorecards was cancelled.",
        severity=INFO,
    ),
    failure(
        "workbook-changed",
        "Workbook changed while checked",
        "{workbook} changed while it was being checked; save it and run the check again.",
        app="{workbook} changed since it was checked. Wait for the new check to finish, then save the "
        "annotated copy again.",
    ),
    failure(
        "annotated-not-xlsx",
        "Annotated copy not .xlsx",
        "The annotated copy must be an .xlsx file, not '{name}'.",
    ),
    failure(
        "annotated-is-workbook",
        "Annotated copy over the workbook",
        "{name} is the workbook itself; the annotated copy needs another name (for example {stem}-issues.xlsx). "
        "The original is never changed.",
        app="The annotated copy cannot replace the workbook itself. Choose another name.",
    ),
    failure(
        "annotated-strict",
        "Strict Open XML workbook",
        "{file} is saved as Strict Open XML, which TEC Desktop can check but not annotate. In Excel, save it as "
        "Excel Workbook (.xlsx) to get an annotated copy.",
    ),
    failure(
        "annotated-cannot-open",
        "Workbook cannot be annotated",
        "{file} could not be opened to make an annotated copy. Open it in Excel, save it, and try again.",
    ),
)

TEMPLATE = (
    failure(
        "template-not-xlsx",
        "Template name not .xlsx",
        "{path} must end in .xlsx, or Excel will not open it. Choose a name like {stem}.xlsx.",
    ),
    failure(
        "template-is-folder",
        "Template name is a folder",
        "{path} is a folder. Give the name of the workbook to write, for example {example}.",
    ),
    failure(
        "template-exists",
        "Template would replace a file",
        "{path} already exists and was left as it is. Choose another name, or add --force to replace it.",
        app="{path} already exists and was left as it is. Choose another name.",
    ),
)
