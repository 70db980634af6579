"""TEC Desktop core: read the seam workbook, check it, compute the month's seam metrics."""


def __getattr__(name: str) -> str:
    # The version is looked up only when asked for (About, --version, PDF metadata): importlib.metadata
    # and its scan of the installed packages cost every `tec check` about 0.04 s of its start-up.
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("tec-desktop")
    except PackageNotFoundError:  # running from a checkout that was not installed
        value = "0.0.0"
    globals()["__version__"] = value
    return value
