"""One way of handing messages to a mail service (SMTP, Microsoft Graph, the Gmail API), and the two ways it fails.

StopSending: nothing more can be sent this run (cannot connect, sign-in or permission refused,
throttled for too long); the message says what the user or their IT must do.
MessageFailed: this one message did not go; the others can still be tried. `unconfirmed` when the
service may have received it without saying so (a timeout or a lost connection after the whole
message was handed over, a 5xx after the request): it is then never re-sent automatically.
Both carry a code of the registry (tec_desktop.codes) and its parameters, like every TecError.
"""

from __future__ import annotations

from email.message import EmailMessage
from typing import Protocol

from tec_desktop.errors import TecError


class StopSending(TecError):
    """Sending cannot go on: the message says why and what to check."""

    def __init__(self, code: str, kind: str, *, form: str = "", **params: object):
        super().__init__(code, form=form, **params)
        # 'connect', 'timeout', 'tls', 'auth', 'permission', 'sender', 'throttled', 'protocol' or 'config'
        self.kind = kind


class MessageFailed(TecError):
    """One message was not accepted (or not confirmed); the other messages are not affected."""

    def __init__(
        self,
        code: str,
        *,
        smtp_code: int | None = None,
        connection_lost: bool = False,
        unconfirmed: bool = False,
        timed_out: bool = False,
        form: str = "",
        **params: object,
    ):
        super().__init__(code, form=form, **params)
        self.smtp_code = smtp_code  # the mail server's reply code, when it gave one
        self.connection_lost = connection_lost  # reconnect before the next message
        self.unconfirmed = unconfirmed  # the service may have it: never re-sent without the user's say
        self.timed_out = timed_out  # two in a row stop the run


class Transport(Protocol):
    """What sending.send_messages needs from a mail service."""

    @property
    def method(self) -> str:
        """How the send log names this way of sending: 'smtp smtp.example.com:587 (STARTTLS)'."""
        ...

    @property
    def needs_sender(self) -> bool:
        """True when every message must name its sender (SMTP); False when the signed-in mailbox is the sender."""
        ...

    def open(self) -> None:
        """Connect or sign in; StopSending when that fails."""
        ...

    def send(self, message: EmailMessage, sender: str, recipient: str) -> str:
        """Hand one message for one recipient over (`sender`: the envelope sender, SMTP only); returns the
        service's id for it ('' when it gives none). MessageFailed or StopSending when it did not go."""
        ...

    def close(self) -> None:
        """Let go of the connection; never raises."""
        ...
