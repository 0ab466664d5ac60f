"""The composition root: settings in, a ready Agent (or VoiceAgent) out. Nothing else builds
engine parts; the application layer (helpline.app) calls these for every front end."""

import functools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from redis import Redis

from helpline.config import Settings, get_settings
from helpline.engine.agent import Agent, Understander
from helpline.engine.catalogue import Catalogue
from helpline.engine.grounding import GroundingCheck
from helpline.engine.metrics import Counters
from helpline.engine.policy import Policy
from helpline.engine.replies import ReplyWriter, TemplateWriter
from helpline.engine.replies.llm import LlmReplyWriter
from helpline.engine.session_store import MemorySessionStore, RedisSessionStore, SessionStore
from helpline.engine.verify import Verifier
from helpline.errors import DatabaseUnavailable
from helpline.providers.llm import LLM_PROVIDERS
from helpline.providers.llm.breaker import CircuitBreaker
from helpline.providers.llm.resilient import ResilientLLM
from helpline.providers.otp import OTP_SENDERS, OtpSender
from helpline.store import migrate
from helpline.store.db import Database, open_database

if TYPE_CHECKING:
    from helpline.engine.voice import VoiceAgent

log = logging.getLogger(__name__)


def ensure_schema(database: Database) -> None:
    """Raise a clear error when the database has no helpline tables yet."""
    if migrate.current_revision(database.engine) is None:
        raise DatabaseUnavailable(
            "the database has no helpline schema yet: run `helpline db upgrade` (or `make run`)"
        )


def session_store(settings: Settings) -> SessionStore:
    """Redis when HELPLINE_REDIS_URL is set (several processes), else this process's memory."""
    ttl = settings.session_idle_minutes * 60
    if settings.redis_url is None:
        return MemorySessionStore(ttl_seconds=ttl)
    client = Redis.from_url(
        settings.redis_url.get_secret_value(), socket_timeout=2, socket_connect_timeout=2
    )
    return RedisSessionStore(client, ttl_seconds=ttl)


def reply_writer(settings: Settings, catalogue: Catalogue, counters: Counters) -> ReplyWriter:
    """Templates by default; an LLM (HELPLINE_LLM=gemini/openai) with templates as fallback."""
    templates = TemplateWriter()
    if settings.llm.strip().lower() == "template":
        return templates
    provider = LLM_PROVIDERS.create(settings.llm, settings=settings)
    llm = ResilientLLM(
        provider,
        timeout_s=settings.llm_timeout_s,
        attempts=settings.llm_attempts,
        backoff_s=settings.llm_backoff_s,
        breaker=CircuitBreaker(
            failures=settings.llm_breaker_failures, reset_after_s=settings.llm_breaker_reset_s
        ),
    )
    log.info("llm reply writer", extra={"provider": provider.name})
    return LlmReplyWriter(
        llm=llm, templates=templates, grounding=GroundingCheck(catalogue.names), counters=counters
    )


def build_agent(
    settings: Settings | None = None,
    *,
    database: Database | None = None,
    understander: Understander | None = None,
    sessions: SessionStore | None = None,
    otp_sender: OtpSender | None = None,
    counters: Counters | None = None,
) -> Agent:
    """An Agent on the configured database, session store, OTP sender and reply writer.

    The keyword arguments replace one part (a test's OTP outbox, a shared session store).
    """
    settings = settings or get_settings()
    database = database or open_database(settings)
    ensure_schema(database)
    spoken: Callable[[], Understander] | None = None
    if understander is None:
        # Imported here: the language layer trains or loads its models on first use.
        from helpline.language import get_understander

        understander = get_understander()
        spoken = functools.partial(get_understander, spoken=True)
    store = sessions or session_store(settings)
    sender = None
    if settings.otp == "on":
        sender = otp_sender or OTP_SENDERS.create(settings.otp_sender)
    catalogue = Catalogue(database.sessions)
    verifier = Verifier(sessions=database.sessions, store=store, otp_sender=sender)
    counters = counters or Counters()
    writer = reply_writer(settings, catalogue, counters)
    return Agent(
        db=database.sessions,
        understander=understander,
        spoken_understander=spoken,
        sessions=store,
        writer=writer,
        verifier=verifier,
        catalogue=catalogue,
        policy=Policy(),
        counters=counters,
    )


def build_voice_agent(agent: Agent, settings: Settings | None = None) -> "VoiceAgent":
    """The agent with the configured speech recogniser and voice around it."""
    # Imported here: speech providers load audio libraries a text-only process never needs.
    from helpline.engine.voice import VoiceAgent
    from helpline.providers.stt import build_stt
    from helpline.providers.tts import build_tts

    settings = settings or get_settings()
    return VoiceAgent(
        agent,
        build_stt(settings),
        build_tts(settings),
        max_audio_seconds=settings.max_audio_seconds,
    )
