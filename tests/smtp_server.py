"""A real SMTP server on 127.0.0.1 for the mail tests (aiosmtpd), with the faults we must survive.

`smtp_server(...)` starts aiosmtpd on a free port: plain, STARTTLS or implicit TLS with a
self-signed certificate made here, optionally requiring a login. The `Recorder` handler keeps every
accepted message and can refuse a recipient (550), drop the connection at RCPT TO (before the
message) or once it has the whole message, or stall after the message.
`silent_server()` accepts connections and never says a word; `closed_port()` has nobody listening.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "ops@example.com", "correct horse"


@dataclass
class Received:
    """One message the server accepted."""

    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    def message(self) -> EmailMessage:
        """Parsed back with the standard library."""
        return BytesParser(policy=policy.default).parsebytes(self.data)


@dataclass
class Recorder:
    """Accepts mail and keeps it; refuses, drops or stalls on request (per recipient, lower case)."""

    received: list[Received] = field(default_factory=list)
    reject: dict[str, str] = field(default_factory=dict)  # address -> reply, e.g. '550 5.1.1 No such user'
    drop: dict[str, int] = field(default_factory=dict)  # address -> how many times to drop after the DATA
    drop_at_rcpt: dict[str, int] = field(default_factory=dict)  # address -> how many times to drop at RCPT TO
    stall: dict[str, float] = field(default_factory=dict)  # address -> seconds to stay silent, then drop
    logins: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.drop_at_rcpt.get(address.lower()):
            self.drop_at_rcpt[address.lower()] -= 1
            server.transport.abort()  # gone before the message was handed over
            return "421 gone"
        reply = self.reject.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        rcpt = envelope.rcpt_tos[0].lower()
        if self.stall.get(rcpt):
            await asyncio.sleep(self.stall.pop(rcpt))
            server.transport.abort()
            return "421 too late"
        if self.drop.get(rcpt):
            self.drop[rcpt] -= 1
            server.transport.abort()  # gone before any reply: the message may or may not have been delivered
            return "421 gone"
        with self.lock:
            self.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content or envelope.content)
            )
        return "250 2.0.0 Message accepted"

    def to(self, address: str) -> list[Received]:
        """The accepted messages for one address."""
        return [r for r in self.received if address.lower() in (a.lower() for a in r.rcpt_tos)]


class _Controller(Controller):
    """aiosmtpd's Controller on port 0: asks the OS for a free port and reads it back."""

    def _trigger_server(self):
        if not self.port:
            self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@dataclass
class Server:
    """A running test server."""

    host: str
    port: int
    handler: Recorder
    security: str
    cert: Path | None = None


def _authenticator(user: str, password: str, handler: Recorder):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == user.encode()
            and auth_data.password == password.encode()
        )
        if ok:
            handler.logins.append(user)
        return AuthResult(success=ok, handled=False)  # not handled: aiosmtpd answers 535 itself

    return check


@contextlib.contextmanager
def smtp_server(
    security: str = "none",
    cert: tuple[Path, Path] | None = None,
    auth: tuple[str, str] | None = None,
    handler: Recorder | None = None,
):
    """Run aiosmtpd on 127.0.0.1: security 'none', 'starttls' or 'ssl' (needs `cert`), optional login."""
    handler = handler or Recorder()
    kwargs: dict = {"server_hostname": "mail.test", "ready_timeout": 5.0}
    if security != "none":
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(str(cert[0]), str(cert[1]))
        if security == "starttls":
            kwargs.update(tls_context=ctx, require_starttls=True)
        else:
            kwargs.update(ssl_context=ctx, auth_require_tls=False)  # the whole connection is encrypted
    if auth:
        kwargs.update(authenticator=_authenticator(*auth, handler), auth_required=True)
    controller = _Controller(handler, hostname="127.0.0.1", port=0, **kwargs)
    controller.start()
    try:
        yield Server("127.0.0.1", controller.port, handler, security, cert[0] if cert else None)
    finally:
        controller.stop()


@contextlib.contextmanager
def silent_server():
    """A port that accepts connections (the OS does) and never answers: for timeouts."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield sock.getsockname()[1]


def closed_port() -> int:
    """A port with nothing listening: connection refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost and 127.0.0.1: (cert.pem, key.pem)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError:
        return _openssl_certificate(cert, key)
    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(private, hashes.SHA256())
    )
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert, key


def _openssl_certificate(cert: Path, key: Path) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("neither the cryptography package nor openssl is available to make a test certificate")
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "30",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key
