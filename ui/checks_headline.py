"""The Checks view's headline: what the findings mean for the scorecards, in one sentence."""

from __future__ import annotations

from ui.engine.results import LoadResult


def headline(result: LoadResult | None) -> str:
    """'2 errors must be fixed…', what the warnings mean for the PDFs, or that the workbook is ready."""
    if result is None:
        return "No workbook open"
    errors, warnings = result.count("error"), result.count("warning")
    if errors:
        return f"{errors} error{'s' if errors != 1 else ''} must be fixed before the scorecards can be made."
    if warnings:
        return _warnings_headline(result.printed_warnings, warnings)
    return "No errors or warnings: the workbook is ready for the scorecards."


def _warnings_headline(printed: int, warnings: int) -> str:
    """What the warnings mean for the scorecards: which are printed on them, which (about the file) are not."""
    about_file = warnings - printed
    if not printed:
        which = "warning below is" if about_file == 1 else "warnings below are"
        return (
            f"No errors: the workbook is ready for the scorecards. The {which} about the file, not its data: "
            "not printed."
        )
    if about_file:
        other = "the one" if about_file == 1 else f"the {about_file}"
        return (
            f"No errors. {printed} of the {warnings} warnings below will be printed on the scorecards; "
            f"{other} about the file itself will not."
        )
    which = "warning below" if printed == 1 else f"{printed} warnings below"
    return f"No errors. The {which} will be printed on the scorecards."
