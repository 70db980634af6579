"""The user at the browser, for the desktop app's engine process: a command to put in $BROWSER.

The app's sign-in runs in its engine, a child process, where the tests' patched `webbrowser` (loopback.py's
browser_is) does not reach. Python's webbrowser honours $BROWSER, as a real user's setting would be: the
command written here is that browser. Called with the sign-in page's address, it notes the address, then
(in a process of its own, so that the sign-in library can go on to wait for its redirect) visits it as
loopback.LoopbackBrowser does: follows Google's redirect, submits Microsoft's form_post. With a file
named `gone` in its folder, nobody signs in (the page is left open).
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

SCRIPT = """#!{python}
import os, sys
folder = {folder!r}
with open(os.path.join(folder, "opened.txt"), "a", encoding="utf-8") as log:
    log.write(sys.argv[-1] + "\\n")
if os.path.exists(os.path.join(folder, "gone")):
    sys.exit(0)
if os.fork():
    sys.exit(0)  # the library waits for this command: the visit goes on without it
os.setsid()
sys.path.insert(0, {tests!r})
from loopback import LoopbackBrowser
browser = LoopbackBrowser(verify={verify!r})
browser._visit(sys.argv[-1])
with open(os.path.join(folder, "visited.txt"), "a", encoding="utf-8") as log:
    log.write(" ".join(str(p.status_code) for p in browser.pages) + " " + " ".join(map(repr, browser.errors)) + "\\n")
"""


class BrowserCommand:
    """The command (`path`), and what it saw: the addresses opened, whether the user is away."""

    def __init__(self, folder: Path, verify: str):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.path = folder / "tec-test-browser"
        self.path.write_text(SCRIPT.format(python=sys.executable, folder=str(folder), tests=str(HERE), verify=verify))
        self.path.chmod(self.path.stat().st_mode | stat.S_IXUSR)

    @property
    def opened(self) -> list[str]:
        """The sign-in pages opened, in order."""
        log = self.folder / "opened.txt"
        return log.read_text(encoding="utf-8").split() if log.exists() else []

    @property
    def visits(self) -> list[str]:
        """Per visit: the pages' HTTP statuses and any error (for a failure's message)."""
        log = self.folder / "visited.txt"
        return log.read_text(encoding="utf-8").splitlines() if log.exists() else []

    def away(self, gone: bool = True) -> None:
        """Nobody signs in (the page stays open) until `away(False)`."""
        flag = self.folder / "gone"
        if gone:
            flag.touch()
        elif flag.exists():
            os.remove(flag)
