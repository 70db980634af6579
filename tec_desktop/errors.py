"""The exceptions the core raises for what the user must fix outside the program.

TecError, and its two kinds: UnreadableWorkbook (the file is not a workbook we can safely read) and
Cancelled (the user stopped a long job). The mail modules add kinds of their own for the mail services
(tec_desktop.mail.transport: StopSending, MessageFailed; SmtpError). Each carries a code of the registry
(tec_desktop.codes) and the parameters of its message; `str(exc)` is the command line's wording,
`exc.app_message()` the desktop app's.
"""

from __future__ import annotations

from tec_desktop.codes import lookup, render


class TecError(Exception):
    """A problem the user must fix outside the program; the message says what to do."""

    def __init__(self, code: str, *, form: str = "", **params: object) -> None:
        lookup(code).wording(form)  # an unregistered code or form is our bug: fail where it is raised
        super().__init__(code)
        self.code = code
        self.form = form
        self.params = params

    @property
    def message(self) -> str:
        """The message as the command line says it."""
        return render(self.code, self.params, self.form)

    def app_message(self) -> str:
        """The message as the desktop app says it (its settings instead of command-line options)."""
        return render(self.code, self.params, self.form, app=True)

    @property
    def severity(self) -> str:
        """'error', or 'info' for a job the user cancelled."""
        return lookup(self.code).severity

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):
        # Kinds add attributes of their own (SmtpError.kind, AlreadySent.entry): rebuild from the state.
        return _restore, (type(self), dict(self.__dict__))


def _restore(cls: type[TecError], state: dict) -> TecError:
    exc = cls.__new__(cls)
    Exception.__init__(exc, state["code"])
    exc.__dict__.update(state)
    return exc


class UnreadableWorkbook(TecError):
    """The file is not a workbook we can safely read."""


class Cancelled(TecError):
    """The user cancelled a long job; whatever it was writing was discarded."""
