"""Calling a mail service's web API (Microsoft Graph, Gmail) with a bearer token: the rules every call follows.

- 401: the token is renewed once (TokenSource.token(force_refresh=True)) and the call repeated.
- 429 and 503: the service says "not now": wait as its Retry-After says (or 2, 4, 8 s), within a bounded
  total time, then give up (ApiError with the last answer).
- Other answers outside `expect` become ApiError with the service's code and message.
- Network failures become NetworkProblem saying whether the request can have reached the service:
  'unreachable' (never left this computer or never connected: nothing was sent), 'timeout' (no answer
  in time) or 'lost' (the connection broke after the request went out). The last two mean a send may
  have happened.

Certificates and proxies follow the system's requests settings (REQUESTS_CA_BUNDLE, HTTPS_PROXY), as
a company's network may need.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests

from tec_desktop.mail.endpoints import host_of
from tec_desktop.mail.tokens import TokenSource
from tec_desktop.mail.transport import MessageFailed, StopSending

RETRY_STATUSES = (429, 503)
MAX_TOTAL_WAIT = 120.0  # seconds spent waiting for one call, in all
MAX_ONE_WAIT = 60.0  # a Retry-After longer than this is not waited for


@dataclass
class ApiError(Exception):
    """The service answered with an error."""

    status: int
    code: str  # Graph 'ErrorAccessDenied'; Gmail the first error's reason, 'insufficientPermissions'
    message: str
    retry_after: float | None = None
    request_id: str = ""

    def __str__(self) -> str:
        text = f"{self.status} {self.code}".strip()
        return f"{text}: {self.message}" if self.message else text


@dataclass
class NetworkProblem(Exception):
    """No answer: `kind` 'unreachable', 'timeout' or 'lost' (see the module docstring); `cause` says how it failed,
    in the words of the codes that report it (web-unreachable, web-maybe-sent, web-not-sent): 'certificate',
    'connect-timeout', 'proxy', 'refused' or 'call' (unreachable), 'timeout', 'lost'."""

    kind: str
    host: str
    cause: str
    reason: str = ""  # the library's own words, for the causes that show them
    timeout: float = 0.0  # the seconds waited, for the timeouts

    def unreachable(self, service: str) -> StopSending:
        """Nothing reached `service` ('Microsoft 365'): nothing more can be sent."""
        form = "" if self.cause == "refused" else self.cause
        kind = "tls" if self.cause == "certificate" else "connect"
        return StopSending(
            "web-unreachable",
            kind,
            form=form,
            service=service,
            host=self.host,
            reason=self.reason,
            timeout=self.timeout,
        )

    def maybe_sent(self, service: str, recipient: str, sent_folder: str) -> MessageFailed:
        """The message was handed over, then no answer: unconfirmed (`sent_folder`: where the user can look)."""
        return MessageFailed(
            "web-maybe-sent",
            form="" if self.kind == "timeout" else "lost",
            unconfirmed=True,
            timed_out=self.kind == "timeout",
            service=service,
            recipient=recipient,
            sent_folder=sent_folder,
            host=self.host,
            reason=self.reason,
            timeout=self.timeout,
        )

    def not_sent(self, recipient: str, preparing: bool = False) -> MessageFailed:
        """No answer before the message was handed over (`preparing`: while a draft of it was being made)."""
        forms = {(False, True): "", (False, False): "lost", (True, True): "preparing", (True, False): "preparing-lost"}
        return MessageFailed(
            "web-not-sent",
            form=forms[preparing, self.kind == "timeout"],
            timed_out=self.kind == "timeout",
            connection_lost=True,
            recipient=recipient,
            host=self.host,
            reason=self.reason,
            timeout=self.timeout,
        )

    def __str__(self) -> str:
        return f"{self.cause} {self.host}: {self.reason or self.timeout}"


ErrorParser = Callable[[requests.Response], ApiError]


def retry_after(response: requests.Response) -> float | None:
    """The seconds a Retry-After header asks to wait; None when there is none, or it is a date."""
    value = (response.headers.get("Retry-After") or "").strip()
    try:
        seconds = float(value)
    except ValueError:
        return None  # an HTTP date: rare from these services; fall back to our own pacing
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


class WebApi:
    """A requests session that calls one service as the module docstring says."""

    def __init__(
        self,
        token: TokenSource,
        parse_error: ErrorParser,
        *,
        timeout: float = 60.0,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        max_total_wait: float = MAX_TOTAL_WAIT,
    ):
        self.token_source = token
        self.parse_error = parse_error
        self.timeout = timeout
        self.session = session or requests.Session()
        self.sleep = sleep
        self.max_total_wait = max_total_wait
        self.waits: list[float] = []  # what was waited, for tests and messages

    def close(self) -> None:
        """Close the session's connections."""
        self.session.close()

    def request(
        self, method: str, url: str, *, auth: bool = True, expect: tuple[int, ...] = (200, 201, 202, 204), **kw: Any
    ) -> requests.Response:
        """One call, with the module's rules; returns the response whose status is in `expect`."""
        refreshed = False
        waited = 0.0
        attempt = 0
        while True:
            headers = dict(kw.pop("headers", None) or {})
            if auth:
                headers["Authorization"] = "Bearer " + self.token_source.token(force_refresh=refreshed)
            response = self._send(method, url, headers, kw)
            headers.pop("Authorization", None)
            kw["headers"] = headers
            if response.status_code in expect:
                return response
            error = self.parse_error(response)
            if response.status_code == 401 and auth and not refreshed and self.token_source.can_refresh:
                refreshed = True
                continue
            if response.status_code in RETRY_STATUSES:
                wait = error.retry_after if error.retry_after is not None else float(2 ** (attempt + 1))
                if wait <= MAX_ONE_WAIT and waited + wait <= self.max_total_wait:
                    self.waits.append(wait)
                    self.sleep(wait)
                    waited += wait
                    attempt += 1
                    continue
            raise error

    def _send(self, method: str, url: str, headers: dict, kw: dict) -> requests.Response:
        host = host_of(url)
        try:
            return self.session.request(method, url, headers=headers, timeout=self.timeout, **kw)
        except requests.exceptions.SSLError as exc:
            raise NetworkProblem("unreachable", host, "certificate", _reason(exc)) from None
        except requests.exceptions.ConnectTimeout:
            raise NetworkProblem("unreachable", host, "connect-timeout", timeout=self.timeout) from None
        except requests.exceptions.ReadTimeout:
            raise NetworkProblem("timeout", host, "timeout", timeout=self.timeout) from None
        except requests.exceptions.ProxyError as exc:
            raise NetworkProblem("unreachable", host, "proxy", _reason(exc)) from None
        except requests.exceptions.ConnectionError as exc:
            if _never_connected(exc):
                raise NetworkProblem("unreachable", host, "refused", _reason(exc)) from None
            raise NetworkProblem("lost", host, "lost", _reason(exc)) from None
        except requests.exceptions.ChunkedEncodingError as exc:
            raise NetworkProblem("lost", host, "lost", _reason(exc)) from None
        except requests.exceptions.RequestException as exc:
            raise NetworkProblem("unreachable", host, "call", _reason(exc)) from None


def _never_connected(exc: BaseException) -> bool:
    """The error happened before a connection existed (name lookup, refused connection)."""
    import urllib3.exceptions

    seen: BaseException | None = exc
    for _ in range(8):
        if seen is None:
            break
        if isinstance(seen, (urllib3.exceptions.NewConnectionError, ConnectionRefusedError)):
            return True
        if isinstance(seen, urllib3.exceptions.MaxRetryError) and seen.reason is not None:
            seen = seen.reason
            continue
        seen = seen.args[0] if seen.args and isinstance(seen.args[0], BaseException) else seen.__context__
    return False


def _reason(exc: BaseException) -> str:
    """The innermost readable reason of a requests/urllib3 error."""
    text = str(exc)
    for marker in ("Caused by ", "Failed to establish a new connection: "):
        if marker in text:
            text = text.split(marker, 1)[1]
    text = _ERRNO.sub("", text)  # '[Errno 111] Connection refused': the number says nothing to the user
    return text.strip(" ()'\"").rstrip(")'\"") or type(exc).__name__


_ERRNO = re.compile(r"\[(?:Errno|WinError) -?\d+\]\s*")
