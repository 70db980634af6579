"""Month names, spelled here once: strftime's follow the process locale, which Qt changes."""

from __future__ import annotations

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def month_abbr(number: int) -> str:
    """1 -> 'Jan', 12 -> 'Dec'."""
    return MONTH_NAMES[number - 1][:3]


def month_label(key: str | None) -> str:
    """'2026-10' -> 'October 2026'; '—' for no month; anything else as it is."""
    if not key:
        return "—"
    try:
        year, number = int(key[:4]), int(key[5:7])
        return f"{MONTH_NAMES[number - 1]} {year}" if key[4] == "-" and 1 <= number <= 12 else key
    except (ValueError, IndexError):
        return key
