"""One error hierarchy with codes, exit statuses, and the records errors and warnings travel as.

Every stage raises a subclass of :class:`AuditError`; the command line turns one into a
single line on stderr and its ``exit_status``. Per-file problems do not stop a run: they
become :class:`ErrorRecord` values (a code, the path, the reason) that the reports list,
and problems that still let a story be audited become :class:`Notice` values on the
article. Nothing downstream re-parses a message: it reads the record's fields.

This module imports nothing of the project, so every stage may import it.
"""
from __future__ import annotations

from typing import ClassVar, Literal

import attrs

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130

# Codes of errors (AE) -- stable, listed in the README; a report's "errors" carry them.
ErrorCode = Literal["AE000", "AE001", "AE002", "AE003", "AE004", "AE005", "AE006", "AE007",
                    "AE008", "AE009", "AE010"]
ERROR_CODES: dict[str, str] = {
    "AE000": "error",
    "AE001": "usage: bad flags or companion files",
    "AE002": "configuration: unknown key, wrong type, unreadable file",
    "AE003": "rules: a rules file is missing, malformed or inconsistent",
    "AE004": "model: the parsing model cannot be loaded",
    "AE005": "input: a story cannot be read",
    "AE006": "backend: a parallel backend cannot be used",
    "AE007": "output: the report cannot be written there",
    "AE008": "parse: the parser failed on a story",
    "AE009": "analysis: the rules failed on a story",
    "AE010": "worker: a worker process was lost",
}


class AuditError(Exception):
    """Base of every error the auditor raises on purpose: one line for the user, exit 2.

    ``path`` (when given) names the file the error is about; ``str()`` of the error is
    ``"PATH: reason"`` then, the line the user sees.
    """
    code: ClassVar[ErrorCode] = "AE000"
    exit_status: ClassVar[int] = EXIT_ERROR

    def __init__(self, reason: str, path: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason

    def record(self, path: str | None = None) -> ErrorRecord:
        """This error as a record for a report (``path`` when the error names none)."""
        return ErrorRecord(self.code, self.path or path or "", self.reason)


class UsageError(AuditError):
    """Bad flags, configuration or companion files: one line on stderr, exit 2."""
    code = "AE001"


class ConfigError(AuditError):
    """An unknown key, a wrong type or an unreadable configuration file."""
    code = "AE002"


class RulesError(AuditError):
    """A rules file is missing, malformed or inconsistent."""
    code = "AE003"


class ModelError(AuditError):
    """The requested model cannot be loaded; the message says how to fix it."""
    code = "AE004"


class UnsupportedModelError(ModelError):
    """A readable model file trained with settings the NumPy engine does not implement:
    Stanza can still run it (parse/pipeline.py falls back to Stanza for a user's folder)."""


class InputError(AuditError):
    """A story that cannot be read; the message is shown to the user as it is."""
    code = "AE005"


class BackendError(AuditError):
    """A parallel backend cannot be used (Dask missing, scheduler unreachable, bad address)."""
    code = "AE006"


class OutputError(AuditError):
    """The report cannot be written where it was asked to go (a device, a link, an input)."""
    code = "AE007"


@attrs.frozen
class ErrorRecord:
    """One file's error in a run: reported, and the rest of the run goes on."""
    code: ErrorCode
    path: str
    reason: str

    @property
    def message(self) -> str:
        """The line shown to the user and written as a report's ``error`` field."""
        return f"{self.path}: {self.reason}" if self.path else self.reason

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "error": self.message, "code": self.code}


# Kinds of notices a story may carry; checks act on kinds, never on message text.
NoticeKind = Literal["encoding", "not_english", "long_runs", "front_matter"]


@attrs.frozen
class Notice:
    """A warning about one story that still let it be audited (shown on stderr and in reports)."""
    kind: NoticeKind
    message: str

    def __str__(self) -> str:
        return self.message
