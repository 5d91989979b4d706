"""Problems in, printable reports out: the one exception base and the Diagnostic record.

Policy (as WeasyPrint's logger states it): a problem in a user's document is a Diagnostic with a
position, severity and code, and the work goes on; a problem that stops a command is a
ScieloPubError whose ``category`` and message the CLI prints without a traceback. Anything else is a
bug: the CLI prints it in one line (the traceback only with ``SCIELO_PUB_TRACEBACK=1``), and the
build turns it into an ``internal.error`` diagnostic for that one article and goes on.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import IntEnum


class Severity(IntEnum):
    """How bad a problem is; ordered so ``max()`` gives the worst."""

    INFO = 0
    WARNING = 1
    ERROR = 2
    FATAL = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.strip().upper()]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in one file, positioned so an editor can go straight to it."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str
    code: str
    #: ``structure`` (well-formedness, DTD), ``rule`` (publication rules) or ``package``.
    kind: str = "structure"
    #: What to do about it, in plain words.
    advice: str = ""

    def __post_init__(self) -> None:
        # Positions are 1-based; a producer that does not know one says line 1, column 1.
        if not isinstance(self.line, int) or self.line < 1:
            object.__setattr__(self, "line", 1)
        if not isinstance(self.column, int) or self.column < 1:
            object.__setattr__(self, "column", 1)

    def format(self) -> str:
        """``path:line:col: severity: message [code]``, the form compilers and editors understand."""
        return (
            f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message} [{self.code}]"
        )

    def to_json(self) -> dict:
        data = asdict(self)
        data["file"] = data.pop("path")
        data["severity"] = str(self.severity)
        return data

    @property
    def is_error(self) -> bool:
        return self.severity >= Severity.ERROR


class ScieloPubError(Exception):
    """A problem that stops a command; printed as ``category: message`` without a traceback."""

    category = "error"
    #: Process exit status the CLI uses for this error.
    exit_code = 2

    def __init__(self, message: str, *, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostics = list(diagnostics or [])

    def __str__(self) -> str:
        return f"{self.category}: {self.message}"


class InputError(ScieloPubError):
    """An input file or folder cannot be read at all."""

    category = "input error"


class ParseError(ScieloPubError):
    """A document could not be parsed into a tree; ``diagnostics`` say where."""

    category = "parse error"
    exit_code = 1


class ConfigError(ScieloPubError):
    """A collection, journal or command configuration is wrong or incomplete."""

    category = "configuration error"


class DTDError(ScieloPubError):
    """A DTD, SGML declaration or catalog cannot be found or read."""

    category = "DTD error"
