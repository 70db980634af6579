"""The one exception the core raises for a file it cannot read or write."""


class TecError(Exception):
    """A problem the user must fix outside the program; the message says what to do."""


class UnreadableWorkbook(TecError):
    """The file is not a workbook we can safely read."""


class Cancelled(TecError):
    """The user cancelled a long job; whatever it was writing was discarded."""
