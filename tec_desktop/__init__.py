"""TEC Desktop core: read the seam workbook, check it, compute the month's seam metrics."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tec-desktop")
except PackageNotFoundError:  # running from a checkout that was not installed
    __version__ = "0.0.0"
