"""The project's error hierarchy; the edges (CLI, API, web) turn these into one clear line."""

import importlib
from typing import Any


class HelplineError(Exception):
    """Base of every error helpline raises on purpose."""


class InvalidPhone(HelplineError):
    """A phone number that is not 10 digits after removing +91, 0 and spaces."""


class CustomerNotFound(HelplineError):
    """No customer has this phone number."""


class PlanNotFound(HelplineError):
    """No plan matches the given id, price or name."""


class TicketNotFound(HelplineError):
    """No complaint ticket with this number belongs to the customer."""


class CommitOutcomeUnknown(HelplineError):
    """The connection was lost while a COMMIT was on its way: it may or may not have landed."""


class DatabaseUnavailable(HelplineError):
    """The configured database cannot be reached."""


class OutboxBusy(DatabaseUnavailable):
    """The local outbox stayed held by a write the database has not finished: try again."""


class ProviderUnavailable(HelplineError):
    """A provider (LLM, STT, TTS, OTP) is missing, misconfigured or down."""


class MissingExtra(ProviderUnavailable):
    """An optional dependency group is not installed."""

    def __init__(self, extra: str, what: str) -> None:
        super().__init__(f"{what} needs the '{extra}' extra: pip install 'helpline[{extra}]'")
        self.extra = extra


def require(module: str, *, extra: str, what: str) -> Any:
    """An optional dependency, imported when first used, or MissingExtra naming its extra."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtra(extra, what) from None


class AudioError(HelplineError):
    """Audio that cannot be used: empty, silent, corrupt, too long or not audio at all."""
