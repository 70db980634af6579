"""What the sign-in and mail-service fakes share: a threaded HTTP(S) server on 127.0.0.1 that records every
request and can be told to fail, stall or drop, and a 'browser' a test drives instead of a real one.

Only 127.0.0.1 is ever listened on. TLS uses the test certificate (smtp_server.make_certificate), which
the product trusts through REQUESTS_CA_BUNDLE, as a company's own certificate authority would be.
"""

from __future__ import annotations

import contextlib
import html.parser
import json
import re
import ssl
import threading
import time
import webbrowser
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from unittest import mock
from urllib.parse import parse_qsl, urlsplit

import requests


def server_tls_context(cert: Path, key: Path) -> ssl.SSLContext:
    """A server-side TLS context with the test certificate."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(str(cert), str(key))
    return ctx


@dataclass
class Seen:
    """One request a fake received."""

    method: str
    path: str  # with the query
    headers: dict
    body: bytes

    @property
    def route(self) -> str:
        return urlsplit(self.path).path

    @property
    def query(self) -> dict:
        return dict(parse_qsl(urlsplit(self.path).query))

    def form(self) -> dict:
        return dict(parse_qsl(self.body.decode()))

    def json(self):
        return json.loads(self.body)


class Reply:
    """What a route answers: status, headers, body (bytes, str or JSON-able); or silence (`stall` seconds,
    then `drop` the connection without a word)."""

    def __init__(self, status: int = 200, body=b"", headers: dict | None = None):
        self.status, self.headers = status, dict(headers or {})
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            self.headers.setdefault("Content-Type", "application/json")
        elif isinstance(body, str):
            body = body.encode()
            self.headers.setdefault("Content-Type", "text/html; charset=utf-8")
        self.body = body
        self.stall = 0.0
        self.drop = False


@dataclass
class Fault:
    """A scripted fault for the next request matching `route` ('METHOD /path' regex).

    `reply` replaces the answer; or, with `after`, the request is handled as usual (the message is
    taken) and then the answer is withheld: `stall` seconds of silence, and/or `drop` the connection.
    """

    route: str
    reply: Reply | None = None
    after: bool = False
    stall: float = 0.0
    drop: bool = False
    times: int = 1


class FakeServer:
    """Subclasses implement `handle(seen) -> Reply`; started on 127.0.0.1:0 in a thread, TLS when given."""

    def __init__(self, tls: ssl.SSLContext | None = None):
        self.tls = tls
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        self.faults: list[Fault] = []
        self._httpd: ThreadingHTTPServer | None = None

    def handle(self, seen: Seen) -> Reply:  # pragma: no cover - abstract
        raise NotImplementedError

    def fault(self, route: str, **kw) -> Fault:
        """Script a fault (see Fault)."""
        f = Fault(route, **kw)
        self.faults.append(f)
        return f

    def route(self, seen: Seen) -> Reply:
        key = f"{seen.method} {seen.route}"
        for f in list(self.faults):
            if re.fullmatch(f.route, key):
                f.times -= 1
                if f.times <= 0:
                    self.faults.remove(f)
                reply = f.reply if f.reply is not None and not f.after else self.handle(seen)
                reply.stall, reply.drop = f.stall, f.drop
                return reply
        return self.handle(seen)

    @property
    def port(self) -> int:
        assert self._httpd is not None
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def start(self) -> FakeServer:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, like the real services

            def _any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                seen = Seen(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                with fake.lock:
                    fake.seen.append(seen)
                try:
                    reply = fake.route(seen)
                except Exception as exc:  # a bug in the fake must show in the test, not hang it
                    reply = Reply(500, {"error": {"code": "FakeBug", "message": repr(exc)}})
                if reply.stall:
                    time.sleep(reply.stall)
                if reply.drop:
                    self.close_connection = True
                    with contextlib.suppress(OSError):
                        self.connection.shutdown(2)
                    return
                self.send_response(reply.status)
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(reply.body)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _any

            def log_message(self, *args):  # quiet
                pass

        httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        httpd.daemon_threads = True
        if self.tls:
            httpd.socket = self.tls.wrap_socket(httpd.socket, server_side=True)
        self._httpd = httpd
        threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, name=type(self).__name__, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def routes(self) -> list[str]:
        """'METHOD /path' of every request, in order."""
        return [f"{s.method} {s.route}" for s in self.seen]


class _FormParser(html.parser.HTMLParser):
    """The first <form> and its <input name value> fields (enough for a form_post answer)."""

    def __init__(self):
        super().__init__()
        self.action = self.method = None
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.action is None:
            self.action, self.method = a.get("action"), (a.get("method") or "get").lower()
        elif tag == "input" and a.get("name"):
            self.fields[a["name"]] = a.get("value") or ""


@dataclass
class LoopbackBrowser:
    """Stands in for the user's browser during a sign-in.

    `open(url)` returns at once and visits the sign-in page in a thread (the library is about to block
    waiting for its loopback redirect); it follows redirects (Google: 302 to http://localhost:PORT/?code=)
    and submits an auto-post form (Microsoft: response_mode=form_post). With `gone`, nobody signs in.
    """

    verify: str | bool = True
    gone: bool = False
    opened: list[str] = field(default_factory=list)
    pages: list[requests.Response] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)

    def open(self, url, new=0, autoraise=True):
        self.opened.append(url)
        if not self.gone:
            threading.Thread(target=self._visit, args=(url,), daemon=True).start()
        return True

    def open_new(self, url):
        return self.open(url, 1)

    def open_new_tab(self, url):
        return self.open(url, 2)

    def _visit(self, url):
        try:
            with requests.Session() as s:
                s.verify = self.verify
                s.trust_env = False  # never a proxy for loopback
                page = s.get(url, timeout=10)
                self.pages.append(page)
                form = _FormParser()
                form.feed(page.text)
                if form.action and form.method == "post":
                    self.pages.append(s.post(form.action, data=form.fields, timeout=10))
        except BaseException as exc:  # surfaced by the test via .errors
            self.errors.append(exc)


@contextlib.contextmanager
def browser_is(browser: LoopbackBrowser):
    """Make `webbrowser` use `browser`, whatever the library calls (open, get(name).open).

    Also sets $BROWSER so that msal's Linux preference for /usr/bin/microsoft-edge never applies.
    msal and google-auth-oauthlib look these stdlib functions up when they call them.
    """
    with (
        mock.patch.object(webbrowser, "open", lambda url, new=0, autoraise=True: browser.open(url, new)),
        mock.patch.object(webbrowser, "get", lambda using=None: browser),
        mock.patch.dict("os.environ", {"BROWSER": "tec-test-browser"}),
    ):
        yield browser
