"""What travels on the pipe between the window and the engine process, one pickled record per message.

  window -> engine:  Call(id, request)   a record of ui/engine/requests.py; the id is the window's
                     Cancel(id)          ask a running request to stop (it fails as 'cancelled')
                     Quit()
  engine -> window:  Ready(pid)          once, when the engine listens
                     Update(id, Progress)          a step of a long request
                     Chunk(id, items)              part of what a request streams (table.Streams)
                     Finished(id, result)          the answer; nothing more comes for that id
                     Failed(id, Failure)           or why there is none; nothing more comes either

A handler never builds messages: it returns its result (or raises), and speaks on the way through
the Job it is given. No Qt here: both processes import this module.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from ui.engine.results import Failure, Progress


@dataclass(frozen=True)
class Call:
    id: int
    request: object


@dataclass(frozen=True)
class Cancel:
    id: int


@dataclass(frozen=True)
class Quit:
    pass


@dataclass(frozen=True)
class Ready:
    pid: int


@dataclass(frozen=True)
class Update:
    id: int
    progress: Progress


@dataclass(frozen=True)
class Chunk:
    id: int
    items: list


@dataclass(frozen=True)
class Finished:
    id: int
    result: object


@dataclass(frozen=True)
class Failed:
    id: int
    failure: Failure


@dataclass
class Job:
    """A request being answered, as its handler sees it: report progress, stream items, notice a cancel."""

    id: int
    send: Callable[[object], None]  # puts one message on the pipe (thread-safe)
    cancel_event: threading.Event = field(default_factory=threading.Event)

    def progress(self, done: int, total: int, label: str) -> None:
        """Report a step ('3 of 12: S-03 Sales → Product')."""
        self.send(Update(self.id, Progress(done, total, label)))

    def stream(self, items: list) -> None:
        """Send part of what this request streams, before its result."""
        self.send(Chunk(self.id, items))

    def cancelled(self) -> bool:
        """The window asked this request to stop."""
        return self.cancel_event.is_set()
