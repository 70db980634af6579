"""TEC Desktop's window (PySide6).

PySide6 6.12.0 on Python 3.11 drops a reference to None on every call that returns nothing
(QWidget.setText, QWidget.show, QCoreApplication.processEvents…): a Python 3.11 process dies with
"Fatal Python error: none_dealloc" after about five thousand such calls, i.e. minutes into a
session or half-way through a test run. PySide6 6.11 does not; Python 3.12+ is immune because None
is immortal there. So on CPython < 3.12 we make None immortal the same way 3.12 does, by giving it a
reference count no program can use up. None is a static object that is never freed, so this changes
nothing else.
"""

import sys


def _make_none_immortal() -> None:
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12) or hasattr(sys, "gettotalrefcount"):
        return  # immortal already, or a debug build whose object layout differs
    import ctypes
    refcount = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is PyObject's first field
    if refcount.value < 1 << 40:
        refcount.value += 1 << 40


_make_none_immortal()
