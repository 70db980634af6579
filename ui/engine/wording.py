"""The core's messages as the desktop app says them: each code's app wording, from the registry.

The core (tec_desktop/) raises and reports codes with parameters (tec_desktop.codes); the `tec`
command renders their command-line wording ("pass --month", "--ca-file"). Everything the engine
hands to the window is rendered here in the app's wording instead, which names the app's own
controls (Preferences → Email, the month above). No Qt here: the engine process uses it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tec_desktop.errors import TecError

if TYPE_CHECKING:  # the mail modules load only when mail is sent
    from tec_desktop.mail.sending import SendResult


def for_app(exc: TecError) -> str:
    """A failure's message as the app says it."""
    return exc.app_message()


def detail_for_app(result: SendResult) -> str:
    """A send result's detail: its failure as the app says it, or the detail itself (a path, 'already sent')."""
    return for_app(result.error) if result.error is not None else result.detail
