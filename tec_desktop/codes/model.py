"""What one entry of the registry is: a code, its severity, its title and how it is worded.

A code has one usual wording and, where the same problem is said differently in different cases,
named *forms* chosen where it is raised (`form="never"`). Each wording is the command line's text and,
where the desktop app must say it otherwise (no command-line options in a window), the app's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from tec_desktop.codes.template import Template

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES = (ERROR, WARNING, INFO)

FINDING = "finding"  # a problem in the workbook, listed by `tec check` and the Checks view
FAILURE = "failure"  # what stops a command (exit code 2) or a job of the desktop app

# Where a finding's message says where the problem is.
CELL = "cell"  # 'Handoffs E17: ' in front
SHEET = "sheet"  # 'Settings: ' in front
TEXT = "text"  # the text names the place itself ('Handoffs A1:C1: these cells are merged ...')
NONE = "none"  # it does not: a list of problems puts 'Handoffs: ' in front
PLACES = (CELL, SHEET, TEXT, NONE)

# The parameters every finding's template may use without being given them.
FINDING_FIELDS = frozenset({"sheet", "cell", "row"})


@dataclass(frozen=True)
class Wording:
    """One way a code is said: the command line's template, the app's when it differs, and the place."""

    text: Template
    app: Template | None = None
    place: str = NONE

    def template(self, app: bool = False) -> Template:
        """The app's template when asked for and there is one, else the command line's."""
        return self.app if app and self.app is not None else self.text

    @property
    def fields(self) -> frozenset[str]:
        """Every parameter either template needs."""
        return self.text.fields | (self.app.fields if self.app is not None else frozenset())


@dataclass(frozen=True)
class Code:
    """One entry of the registry."""

    code: str  # stable: in `tec check --format json`, the annotated copy and docs/codes.md
    kind: str  # FINDING or FAILURE
    severity: str  # ERROR, WARNING or INFO
    title: str  # a few words, for the table of codes
    wordings: Mapping[str, Wording]  # '' is the usual one; the other keys are forms

    def wording(self, form: str = "") -> Wording:
        """The wording of this form; KeyError for a form the code does not have."""
        try:
            return self.wordings[form]
        except KeyError:
            raise KeyError(f"the code {self.code!r} has no form {form!r}") from None


class Say(NamedTuple):
    """A form's wording as written in the registry: the text, the app's text, the place (None: the code's)."""

    text: str
    app: str | None = None
    place: str | None = None


def _wordings(text: str, app: str | None, place: str, forms: Mapping[str, str | Say] | None) -> dict[str, Wording]:
    out = {"": Wording(Template.parse(text), Template.parse(app) if app else None, place)}
    for name, said in (forms or {}).items():
        say = said if isinstance(said, Say) else Say(said)
        out[name] = Wording(Template.parse(say.text), Template.parse(say.app) if say.app else None, say.place or place)
    return out


def finding(
    code: str,
    severity: str,
    title: str,
    text: str,
    *,
    place: str = CELL,
    app: str | None = None,
    forms: Mapping[str, str | Say] | None = None,
) -> Code:
    """A finding's entry; its templates may also use {sheet}, {cell} and {row}."""
    return Code(code, FINDING, severity, title, _wordings(text, app, place, forms))


def failure(
    code: str,
    title: str,
    text: str,
    *,
    app: str | None = None,
    forms: Mapping[str, str | Say] | None = None,
    severity: str = ERROR,
) -> Code:
    """A failure's entry: raised as a TecError (or one of its kinds) with these parameters."""
    return Code(code, FAILURE, severity, title, _wordings(text, app, NONE, forms))
