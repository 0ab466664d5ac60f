"""The application object every front end holds: settings in, the database and agents built on
first use, and one service per area (conversations, accounts, complaints, analytics, database,
speech, language).

Only light modules are imported here: the engine, SQLAlchemy's models, the classifiers and the
speech models load inside the methods that need them, so `helpline --help` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpline.app.errors import SchemaMissing, SettingsInvalid

if TYPE_CHECKING:
    from pydantic import ValidationError

    from helpline.app.accounts import Accounts
    from helpline.app.analytics import Analytics
    from helpline.app.complaints import Complaints
    from helpline.app.conversations import Conversations
    from helpline.app.database import DatabaseAdmin
    from helpline.app.handoff_actions import Handoffs
    from helpline.app.health import Health
    from helpline.app.language import Language
    from helpline.app.privacy import Privacy
    from helpline.app.speech import Speech
    from helpline.app.staff import Staff
    from helpline.app.staff_admin import StaffAdmin
    from helpline.config import Settings
    from helpline.engine import Agent
    from helpline.engine.voice import VoiceAgent
    from helpline.store.db import Database

# Work done so far and the total, for a progress bar (the total is 0 when unknown).
Progress = Callable[[int, int], None]
UPGRADE_HINT = "run `helpline db upgrade` (or `make run`)"


def load_settings() -> Settings:
    """The settings from HELPLINE_* and .env; a bad value is one line naming its variable."""
    # Imported here: pydantic-settings alone costs a tenth of a second at start-up.
    from pydantic import ValidationError

    from helpline.config import Settings

    try:
        return Settings()
    except ValidationError as exc:
        raise SettingsInvalid(settings_problem(exc)) from None


def settings_problem(exc: ValidationError) -> str:
    """'HELPLINE_DB_POOL_SIZE='abc': Input should be a valid integer, ...' for the first error."""
    from helpline.config import Settings

    error = exc.errors()[0]
    name = str(error["loc"][0]) if error["loc"] else ""
    field = Settings.model_fields.get(name)
    variable = f"HELPLINE_{name.upper()}" if name else "a setting"
    secret = field is not None and "Secret" in str(field.annotation)
    shown = "" if secret or "input" not in error else f"={str(error['input'])[:60]!r}"
    return f"{variable}{shown} is not valid: {error['msg']}"


class Context:
    """What the services share: settings, and the database and agents once built."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._database: Database | None = None
        self._agent: Agent | None = None
        self._voice: VoiceAgent | None = None

    def sqlite_file(self) -> Path | None:
        """The SQLite file the settings name, or None for a server or an in-memory database."""
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            url = make_url(self.settings.database_url.get_secret_value())
        except ArgumentError:
            return None  # open_database reports a bad URL in its own words
        name = url.database
        if url.get_backend_name() != "sqlite" or not name or name == ":memory:":
            return None
        return None if name.startswith("file:") else Path(name)

    def database(self, *, create: bool = False) -> Database:
        """The configured database, proven to answer. Only `create` may make a new SQLite file:
        reading never leaves an empty file or folder behind."""
        if self._database is None:
            from helpline.store.db import open_database

            path = self.sqlite_file()
            if path is not None and not create and not path.exists():
                raise SchemaMissing(f"there is no database at {path} yet: {UPGRADE_HINT}")
            self._database = open_database(self.settings)
        return self._database

    def ready_database(self) -> Database:
        """The database, refusing with the command that fixes it when it has no schema."""
        from helpline.store import migrate

        database = self.database()
        if migrate.current_revision(database.engine) is None:
            raise SchemaMissing(f"the database has no helpline tables yet: {UPGRADE_HINT}")
        return database

    def agent(self) -> Agent:
        if self._agent is None:
            from helpline.engine import build_agent

            self._agent = build_agent(self.settings, database=self.ready_database())
        return self._agent

    def voice_agent(self) -> VoiceAgent:
        if self._voice is None:
            from helpline.engine.build import build_voice_agent

            self._voice = build_voice_agent(self.agent(), self.settings)
        return self._voice

    def close(self) -> None:
        if self._database is not None:
            self._database.dispose()
            self._database = None


class Helpline:
    """The application: every front end calls these services and renders their typed results."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.context = Context(settings if settings is not None else load_settings())

    @property
    def settings(self) -> Settings:
        return self.context.settings

    @cached_property
    def conversations(self) -> Conversations:
        from helpline.app.conversations import Conversations

        return Conversations(self.context)

    @cached_property
    def accounts(self) -> Accounts:
        from helpline.app.accounts import Accounts

        return Accounts(self.context)

    @cached_property
    def complaints(self) -> Complaints:
        from helpline.app.complaints import Complaints

        return Complaints(self.context)

    @cached_property
    def analytics(self) -> Analytics:
        from helpline.app.analytics import Analytics

        return Analytics(self.context)

    @cached_property
    def database(self) -> DatabaseAdmin:
        from helpline.app.database import DatabaseAdmin

        return DatabaseAdmin(self.context)

    @cached_property
    def speech(self) -> Speech:
        from helpline.app.speech import Speech

        return Speech(self.context)

    @cached_property
    def staff(self) -> Staff:
        from helpline.app.staff import Staff

        return Staff(self.context)

    @cached_property
    def privacy(self) -> Privacy:
        from helpline.app.privacy import Privacy

        return Privacy(self.context)

    @cached_property
    def handoffs(self) -> Handoffs:
        from helpline.app.handoff_actions import Handoffs

        return Handoffs(self.context)

    @cached_property
    def staff_admin(self) -> StaffAdmin:
        from helpline.app.staff_admin import StaffAdmin

        return StaffAdmin(self.context)

    @cached_property
    def health(self) -> Health:
        from helpline.app.health import Health

        return Health(self.context)

    @cached_property
    def language(self) -> Language:
        from helpline.app.language import Language

        return Language(self.settings.cache_dir)

    def configure_logging(self, *, quiet: bool = False) -> None:
        """Logging as the settings say; `quiet` lifts INFO to WARNING (a terminal's chat)."""
        from helpline.logs import configure_logging

        level = self.settings.log_level
        if quiet and level.upper() == "INFO":
            level = "WARNING"
        configure_logging(level, as_json=self.settings.log_json)

    def close(self) -> None:
        """Release the database connections."""
        self.context.close()

    def __enter__(self) -> Helpline:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
