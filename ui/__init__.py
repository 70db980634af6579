"""TEC Desktop's window (PySide6).

PySide6 6.12.0 on Python 3.11 returns None from every call that returns nothing (QWidget.setText,
QWidget.show, QCoreApplication.processEvents…) and True from Signal.emit without taking a reference
to them, so each call drops one: a Python 3.11 process dies with "Fatal Python error: none_dealloc"
(or bool_dealloc) after a few thousand such calls, minutes into a session or at the end of a test run.
PySide6 6.11 does not; Python 3.12+ is immune because these objects are immortal there. So on CPython
< 3.12 we make them immortal the way 3.12 does, with a reference count no program can use up. They are
static objects that are never freed, so this changes nothing else.
"""

import sys


def _make_singletons_immortal() -> None:
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12) or hasattr(sys, "gettotalrefcount"):
        return  # immortal already, or a debug build whose object layout differs
    import ctypes

    for obj in (None, True, False, NotImplemented, Ellipsis):
        refcount = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt is PyObject's first field
        if refcount.value < 1 << 40:
            refcount.value += 1 << 40


_make_singletons_immortal()
