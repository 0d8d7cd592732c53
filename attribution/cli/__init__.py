"""The command line: ``attribution audit|check|report|evaluate|parse|explain|models|cache``.

Exit codes: 0 clean, 1 findings at or above the fail level (check), 2 usage, config or
input error (the other files of the run are still reported), 130 interrupted.
"""
from __future__ import annotations

import os
import sys

from ..errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK, AuditError, UsageError
from ..output.text import one_line
from . import commands
from .parser import build_parser

__all__ = ["EXIT_ERROR", "EXIT_FINDINGS", "EXIT_OK", "UsageError", "build_parser", "main", "run"]


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_ERROR
    try:
        return commands.dispatch(args)
    except AuditError as exc:
        print(f"attribution: error: {one_line(exc)}", file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:
        print("attribution: interrupted; parses finished so far are kept in the cache", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        # a bug, not a finding: one line and exit 2 (a traceback's exit 1 reads as "findings"
        # to a CI gate); ATTRIBUTION_TRACEBACK=1 shows the traceback
        if os.environ.get("ATTRIBUTION_TRACEBACK"):
            raise
        print(f"attribution: internal error: {type(exc).__name__}: {one_line(exc)} "
              "(set ATTRIBUTION_TRACEBACK=1 for the traceback)", file=sys.stderr)
        return EXIT_ERROR


def run() -> None:
    """The ``attribution`` program (and ``python -m attribution``): :func:`main`, then out.

    A process that loaded the parser leaves without tearing the interpreter down: freeing
    torch, Stanza's models and their vocabularies object by object took 0.9 s of a 4.6 s
    cold audit (bench/speed.py). Every report is written and closed by then (atomic
    writes); standard output and error are flushed here. ``main()`` itself always returns,
    for callers in the same process."""
    code = main()
    if "torch" in sys.modules:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):   # a closed pipe: let the normal exit report it
            sys.exit(code)
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
