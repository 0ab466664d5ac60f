"""Settings: HELPLINE_* environment variables and an optional .env file, read in one place."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DATA_DIR = Path("data")


class Settings(BaseSettings):
    """Every setting helpline reads; .env.example documents each one."""

    model_config = SettingsConfigDict(
        env_prefix="HELPLINE_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # Database
    database_url: SecretStr = SecretStr(f"sqlite:///{DATA_DIR / 'helpline.db'}")
    db_ssl_ca: Path | None = None
    db_ssl_verify_hostname: bool = True
    db_pool_size: int = Field(default=5, ge=1)
    db_echo: bool = False
    # Longest wait for the database to connect, answer or take a write (then a polite error).
    db_timeout_s: float = Field(default=5.0, gt=0)

    # Shared state between processes (sessions, locks, caches); in-memory when unset
    redis_url: SecretStr | None = None

    # Sessions and verification
    otp: Literal["on", "off"] = "off"
    otp_sender: str = "console"
    session_idle_minutes: int = Field(default=30, ge=1)

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
    # Joined speech models and other derived files; never downloaded, only built from packages
    cache_dir: Path = Path.home() / ".cache" / "helpline"

    # Logging
    log_level: str = "INFO"
    log_json: bool = False


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once."""
    return Settings()
