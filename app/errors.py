"""Errors split as qutebrowser does: problems of the user's environment or input (``KnownError``,
shown in plain words) versus bugs (anything else: logged with a traceback, the log path shown)."""

from __future__ import annotations


class KnownError(Exception):
    """An expected problem, explained to the user in their own terms. ``str(err)`` is the message."""


class ValidationError(KnownError):
    """Input that breaks a rule. ``problems`` maps a field name ('' for the record) to a message."""

    def __init__(self, problems: dict[str, str]):
        self.problems = dict(problems)
        super().__init__("; ".join(self.problems.values()))


class NotFoundError(KnownError):
    pass


class DatabaseError(KnownError):
    """The database file cannot be used as asked (locked, damaged, newer, full disk, ...)."""


class DatabaseLockedError(DatabaseError):
    pass


class DatabaseNewerError(DatabaseError):
    pass


class NotAClusterDeskDatabaseError(DatabaseError):
    pass


class DatabaseDamagedError(DatabaseError):
    pass
