"""Settings: HELPLINE_* environment variables and an optional .env file, read in one place."""

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, HttpUrl, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def data_dir() -> Path:
    """Where helpline keeps its files for this user: $XDG_DATA_HOME/helpline, else
    ~/.local/share/helpline. Not the current folder, so every command finds the same database."""
    base = os.environ.get("XDG_DATA_HOME", "").strip()
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".local" / "share"
    return root / "helpline"


def default_database_url() -> SecretStr:
    return SecretStr(f"sqlite:///{data_dir() / 'helpline.db'}")


class Settings(BaseSettings):
    """Every setting helpline reads; .env.example documents each one."""

    model_config = SettingsConfigDict(
        env_prefix="HELPLINE_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # Database
    # Default: a SQLite file in the user's data folder (see data_dir)
    database_url: SecretStr = Field(default_factory=default_database_url)
    db_ssl_ca: Path | None = None
    db_ssl_verify_hostname: bool = True
    db_pool_size: int = Field(default=5, ge=1)
    db_echo: bool = False
    # Longest wait for the database to connect, answer or take a write (then a polite error).
    db_timeout_s: float = Field(default=5.0, gt=0)
    # Once such a wait runs out, calls fail at once (cached answers, the outbox, a refused
    # recharge) and a probe in the background asks the database again this often.
    db_breaker_reset_s: float = Field(default=5.0, gt=0)
    # The longest one reply may take when the database, Redis or the LLM stops answering: a
    # stalled database is waited for once per turn at most (the breaker), for at most half of
    # this; the LLM's deadline is within it. Two services failing in one turn can add up.
    turn_budget_s: float = Field(default=10.0, gt=0)

    # Shared state between processes (sessions, locks, caches); in-memory when unset
    redis_url: SecretStr | None = None
    # Every key starts with this, so deployments (or tests) can share one Redis database
    redis_prefix: str = "helpline:"

    # Sessions and verification
    otp: Literal["on", "off"] = "off"
    otp_sender: str = "console"
    # Limits per phone number, shared by every session and process (the database, or Redis).
    otp_max_wrong_codes: int = Field(default=3, ge=1)  # then the number is locked
    otp_lock_minutes: int = Field(default=15, ge=1)
    # Each SMS costs the operator money: codes sent per number, and per client, in an hour.
    otp_sends_per_number_per_hour: int = Field(default=5, ge=1)
    otp_sends_per_client_per_hour: int = Field(default=20, ge=1)
    otp_min_seconds_between_sends: int = Field(default=30, ge=0)  # to one number
    session_idle_minutes: int = Field(default=30, ge=1)

    # Retention (DPDP Act): conversations older than this many days lose their personal text;
    # None keeps them
    retention_days: int | None = Field(default=None, ge=1)

    # Reply writer
    llm: str = "template"
    llm_timeout_s: float = Field(default=8.0, gt=0)
    llm_attempts: int = Field(default=3, ge=1, le=10)  # tries per reply, on 429/5xx/timeouts
    llm_backoff_s: float = Field(default=0.25, ge=0)  # first wait between tries, then doubled
    llm_breaker_failures: int = Field(default=3, ge=1)  # failures in a row that open the breaker
    llm_breaker_reset_s: float = Field(default=30.0, gt=0)  # open this long, then one trial
    gemini_api_key: SecretStr | None = None
    gemini_model: str = "gemini-2.0-flash"
    gemini_base_url: str | None = None
    openai_base_url: str = "http://127.0.0.1:11434/v1"
    openai_api_key: SecretStr | None = None
    openai_model: str = "qwen2.5:1.5b-instruct"

    # Speech
    stt: str = "whisper"
    stt_model: str = "base"
    # "en" writes Hinglish in Roman script, as the language layer reads best (docs/benchmarks.md).
    stt_language: str = "en"
    # Shortest encoder window for one utterance, in seconds (30 = Whisper's usual full window).
    stt_window_s: float = Field(default=15.0, ge=1, le=30)
    google_stt_language: str = "en-IN"
    tts: str = "espeak"
    # Piper's voice model (.onnx, its .onnx.json beside it); unset: the packaged en_US voice
    piper_voice: Path | None = None
    max_audio_seconds: float = Field(default=30.0, gt=0)
    # The web app's voice mode, in-process: the browser streams the microphone to a WebSocket
    # in the web app's own process, on this port of the same address; 0 takes any free port
    # (the page tells the browser which)
    web_voice_port: int = Field(default=0, ge=0, le=65535)
    # Joined speech models and other derived files; never downloaded, only built from packages
    cache_dir: Path = Path.home() / ".cache" / "helpline"
    # Turn records and complaints the database could not take wait here until it is back;
    # unset: an outbox per database under cache_dir
    outbox_path: Path | None = None

    # HTTP API (helpline serve)
    # Signs customer and staff tokens; unset: a random secret kept in cache_dir/api-secret,
    # shared by every process on this machine (set it when processes run on several machines)
    api_secret: SecretStr | None = None
    api_staff_token_minutes: int = Field(default=15, ge=1, le=24 * 60)
    api_max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    api_max_audio_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    # Worker threads per process for typed turns (api/lanes.py): few keep a turn from waiting
    # for the GIL; raise it when the database or Redis is remote and a turn waits on the network
    api_turn_threads: int = Field(default=2, ge=1, le=64)
    # Requests per minute per customer session and per client address; "off" for load tests
    rate_limit: Literal["on", "off"] = "on"
    rate_limit_per_session: int = Field(default=30, ge=1)
    rate_limit_per_client: int = Field(default=300, ge=1)

    # Web app (helpline web): the HTTP API to serve over, e.g. http://127.0.0.1:8000;
    # unset: helpline in the web app's own process, on the database above
    api_url: HttpUrl | None = None

    # Logging
    log_level: str = "INFO"
    log_json: bool = False

    @model_validator(mode="after")
    def _database_wait_fits_the_turn(self) -> "Settings":
        # The other half of the budget is for the rest of the turn: the look-ups of a recharge
        # whose COMMIT went unanswered (about 1.3 s), the reply, the Redis session.
        if self.db_timeout_s * 2 > self.turn_budget_s:
            raise ValueError(
                f"HELPLINE_DB_TIMEOUT_S={self.db_timeout_s:g} is more than half of "
                f"HELPLINE_TURN_BUDGET_S={self.turn_budget_s:g}: lower the one or raise the other"
            )
        return self

    @field_validator("api_url", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        # `HELPLINE_API_URL=` in a .env file means "not set", as commenting it out does.
        return None if isinstance(value, str) and not value.strip() else value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once."""
    return Settings()
