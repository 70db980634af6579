"""The web addresses of the mail services and their sign-in, as the user may change them (national clouds, tests).

Tokens and scorecards travel only over https://; plain http:// is allowed to this computer alone
(127.0.0.1, ::1, localhost), where a test stands in for the service.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from tec_desktop.errors import TecError

GRAPH_URL = "https://graph.microsoft.com/v1.0"
LOGIN_URL = "https://login.microsoftonline.com"
GMAIL_URL = "https://gmail.googleapis.com"


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or localhost: this computer."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def service_url(text: str, option: str, example: str) -> str:
    """The address as given, without a trailing slash; TecError when it is not https (or http to this computer).

    `option` names where the address was given ('--graph-url'), `example` a good one."""
    given = text.strip()
    try:
        parts = urlsplit(given)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - a bad port raises ValueError here
    except ValueError:
        host, parts = "", urlsplit("")
    if parts.scheme not in ("https", "http") or not host or parts.username or parts.password:
        raise TecError("web-address-invalid", option=option, text=text, example=example)
    if parts.query or parts.fragment:
        raise TecError("web-address-invalid", form="query", option=option, text=text, example=example)
    if parts.scheme == "http" and not is_loopback(host):
        raise TecError("web-address-invalid", form="unencrypted", option=option, text=given)
    return given.rstrip("/")


def host_of(url: str) -> str:
    """'graph.microsoft.com' (with the port when there is one), for messages."""
    return urlsplit(url).netloc or url
