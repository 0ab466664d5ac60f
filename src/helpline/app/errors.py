"""The errors front ends see, and what kind each is: bad input, not found, or a service down.

A front end turns the kind into its own answer (the CLI an exit code, the API an HTTP status)
without importing the layers that raise them.
"""

from enum import StrEnum

from helpline.errors import (
    AudioError,
    CommitOutcomeUnknown,
    CustomerNotFound,
    DatabaseUnavailable,
    HelplineError,
    InvalidPhone,
    MissingExtra,
    PlanNotFound,
    ProviderUnavailable,
    TicketNotFound,
)

__all__ = [
    "AudioError",
    "AuthenticationFailed",
    "CommitOutcomeUnknown",
    "CustomerNotFound",
    "DatabaseUnavailable",
    "ErrorKind",
    "Forbidden",
    "HandoffNotFound",
    "HelplineError",
    "InvalidInput",
    "InvalidPhone",
    "InvalidTransition",
    "MissingExtra",
    "PlanNotFound",
    "ProviderUnavailable",
    "SchemaMissing",
    "SessionEnded",
    "SettingsInvalid",
    "StaffNotFound",
    "TicketNotFound",
    "kind_of",
]


class InvalidInput(HelplineError):
    """A value a caller gave that cannot be used (a plan number that is not a number, ...)."""


class InvalidTransition(InvalidInput):
    """A complaint status change the lifecycle does not allow."""


class SettingsInvalid(InvalidInput):
    """A HELPLINE_* setting with a value that cannot be used."""


class AuthenticationFailed(HelplineError):
    """A wrong username or password, or a missing, expired or forged token."""


class SessionEnded(AuthenticationFailed):
    """A customer session that has ended or expired: its token went with it."""

    def __init__(self, message: str = "the session has ended or expired; start a new one") -> None:
        super().__init__(message)


class Forbidden(HelplineError):
    """An authenticated caller whose role may not do this."""


class HandoffNotFound(HelplineError):
    """No hand-off with this id."""


class StaffNotFound(HelplineError):
    """No staff account with this name or id."""


class SchemaMissing(HelplineError):
    """The database (or the SQLite file) has no helpline tables yet."""


class ErrorKind(StrEnum):
    INVALID = "invalid"  # the caller can fix it: CLI exit 2, HTTP 422
    NOT_FOUND = "not_found"  # CLI exit 3, HTTP 404
    UNAVAILABLE = "unavailable"  # a database or provider cannot be reached: CLI exit 4, HTTP 503


NOT_FOUND: tuple[type[HelplineError], ...] = (
    CustomerNotFound,
    PlanNotFound,
    TicketNotFound,
    HandoffNotFound,
    StaffNotFound,
)
UNAVAILABLE: tuple[type[HelplineError], ...] = (
    DatabaseUnavailable,
    ProviderUnavailable,
    CommitOutcomeUnknown,  # the database stopped answering while a write was committed
)


def kind_of(error: HelplineError) -> ErrorKind:
    """What kind of failure an error is, for the exit code or HTTP status that reports it."""
    if isinstance(error, NOT_FOUND):
        return ErrorKind.NOT_FOUND
    if isinstance(error, UNAVAILABLE):
        return ErrorKind.UNAVAILABLE
    return ErrorKind.INVALID
