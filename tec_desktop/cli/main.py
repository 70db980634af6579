"""The `tec` command: the same core as the desktop app, for automation (spec §6)."""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import sys

from tec_desktop.cli.exit_codes import EXIT_FAILED, EXIT_READER_GONE
from tec_desktop.cli.termination import Terminated, stop_like_ctrl_c
from tec_desktop.errors import TecError

# Each subcommand lives in its own module with add_arguments(parser) and run(args) -> exit code,
# imported only when used so that `tec check` never loads ReportLab.
COMMANDS = {
    "template": ("template", "write a blank template workbook, or a filled sample"),
    "check": ("check", "check a workbook and list its problems"),
    "metrics": ("metrics", "compute the month's seam metrics"),
    "report": ("report", "write the month's PDF scorecards"),
    "send": ("send", "email the month's scorecards, or save them as .eml drafts"),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one clear line and exit 2, as for every failure
        self.exit(EXIT_FAILED, f"tec: {message} (see {self.prog} --help)\n")


class _ShowVersion(argparse.Action):
    """--version, looked up only when asked for (the lookup costs every other command start-up time)."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="show the version and exit")

    def __call__(self, parser, namespace, values, option_string=None):
        from tec_desktop import __version__

        print(f"tec {__version__}")
        parser.exit()


def _module(name: str):
    return importlib.import_module(f"tec_desktop.cli.{COMMANDS[name][0]}")


def build_parser(argv: list[str]) -> _Parser:
    """The parser; only the chosen subcommand's module is imported."""
    parser = _Parser(prog="tec", description="TEC Desktop: seam scorecards from a workbook.")
    parser.add_argument("--version", action=_ShowVersion)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    chosen = next((a for a in argv if a in COMMANDS), None)
    for name, (_, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if name == chosen:
            _module(name).add_arguments(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of `tec`; returns the exit code."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        try:
            return _dispatch(argv)
        finally:
            if sys.stdout is not None:  # a failing output shows here, not in Python's flush at exit
                sys.stdout.flush()
    except OSError as exc:  # writing our output failed: _dispatch answers every other error
        if isinstance(exc, BrokenPipeError) or exc.errno == errno.EINVAL:
            # The program reading it stopped early (`| head`; Windows says EINVAL): nothing is left to say.
            _silence_stdout()
            return EXIT_READER_GONE
        print(f"tec: could not write the output: {exc.strerror or exc}", file=sys.stderr)  # e.g. a full disk
        return EXIT_FAILED


def _dispatch(argv: list[str]) -> int:
    args = build_parser(argv).parse_args(argv)
    try:
        with stop_like_ctrl_c():
            return _module(args.command).run(args)
    except TecError as exc:
        print(f"tec: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except Terminated:
        print("tec: stopped: the process was asked to end; nothing half-written was left", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("tec: interrupted", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # a bug of ours: one line for the user, the details in the log
        if _from_output(exc):
            raise
        from tec_desktop.crashlog import write_crash_log

        log = write_crash_log(exc)
        print(f"tec: unexpected internal error ({type(exc).__name__}); details were written to {log}", file=sys.stderr)
        return EXIT_FAILED


def _from_output(exc: BaseException) -> bool:
    """Whether `exc` came from writing our output: a closed pipe (EPIPE; smtplib turns its own broken
    connections into SMTP errors), or an output that cannot be flushed either (what failed is still
    buffered: Windows' EINVAL for a closed pipe, a full disk)."""
    if isinstance(exc, BrokenPipeError):
        return True
    if not isinstance(exc, OSError) or sys.stdout is None:
        return False
    try:
        sys.stdout.flush()
    except OSError:
        return True
    return False


def _silence_stdout() -> None:
    """Point standard output at the null device, so that Python's own flush at exit has nowhere to fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real stdout (embedded, or already closed)
        pass


if __name__ == "__main__":
    sys.exit(main())
