"""SIGTERM (and Windows' Ctrl+Break) stop a command as Ctrl+C does: what it was writing is cleaned up, and
it says that it stopped. Without this, Python ends at once on SIGTERM: no message, temporary files left."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


class Terminated(KeyboardInterrupt):
    """The process was asked to end (SIGTERM): unwinds like Ctrl+C, so every clean-up runs."""


def _raise(signum, frame) -> None:
    raise Terminated()


@contextlib.contextmanager
def stop_like_ctrl_c() -> Iterator[None]:
    """While inside, SIGTERM (and SIGBREAK on Windows) raise Terminated in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signals = [getattr(signal, name) for name in ("SIGTERM", "SIGBREAK") if hasattr(signal, name)]
    before = [signal.signal(s, _raise) for s in signals]
    try:
        yield
    finally:
        for s, handler in zip(signals, before):
            signal.signal(s, handler)
