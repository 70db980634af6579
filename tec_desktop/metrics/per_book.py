"""Facts worked out once per workbook object and reused by every list and page that needs them."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import TypeVar

from tec_desktop.workbook.model import Workbook

T = TypeVar("T")

_memo: dict[tuple[int, Callable], tuple[weakref.ref, object]] = {}
_lock = threading.Lock()


def per_book(book: Workbook, make: Callable[[Workbook], T]) -> T:
    """make(book), computed once per workbook object (a Workbook is immutable) and forgotten with it."""
    key = (id(book), make)
    with _lock:
        hit = _memo.get(key)
        if hit is not None and hit[0]() is book:
            return hit[1]  # type: ignore[return-value]
        for k in [k for k, (ref, _) in _memo.items() if ref() is None]:
            del _memo[k]
    value = make(book)
    with _lock:
        _memo[key] = (weakref.ref(book), value)
    return value
