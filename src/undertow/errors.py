"""The one exception tree of undertow.

    UndertowError           every error meant for the user; the CLI prints it in one line
    ├── InputError          a file or option given by the user cannot be used
    │   ├── FormatError     a file is not in the format asked for (or none could be sniffed)
    │   └── EventsError     an events file or catalogue cannot be read
    ├── RecordError         one record of an input file is bad (carries file and locator)
    ├── WorkspaceError      a workspace is missing, damaged or of another version
    └── AnalyzerError       an analyzer is missing, broken or fails the conformance check

Every message says what went wrong and what to do next.
"""

from __future__ import annotations


class UndertowError(Exception):
    """Base of every error undertow raises on purpose."""

    exit_code = 1


class InputError(UndertowError):
    """A file or option given by the user cannot be used."""

    exit_code = 2


class FormatError(InputError):
    """A file is not in the expected format."""


class RecordError(UndertowError):
    """One record of an input file is bad; the rest of the file is still read."""

    def __init__(self, file: str, locator: str, reason: str) -> None:
        self.file = file
        self.locator = locator
        self.reason = reason
        super().__init__(f"{file}, {locator}: {reason}")


class WorkspaceError(UndertowError):
    """A workspace is missing, damaged or of an unknown version."""


class AnalyzerError(UndertowError):
    """An analyzer is missing, broken or fails the conformance check."""


class EventsError(InputError):
    """An events file or catalogue cannot be read."""
