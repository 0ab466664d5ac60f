"""The composition root: settings in, a ready Agent (or VoiceAgent) out. Nothing else builds
engine parts; the application layer (helpline.app) calls these for every front end."""

import functools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from pydantic import SecretStr
from redis import Redis

from helpline.breaker import CircuitBreaker
from helpline.config import Settings, get_settings
from helpline.engine.account_cache import AccountCache
from helpline.engine.agent import Agent, Understander
from helpline.engine.catalogue import Catalogue
from helpline.engine.grounding import GroundingCheck
from helpline.engine.metrics import Counters
from helpline.engine.otp_guard import DbOtpGuard, OtpGuard, OtpLimits, RedisOtpGuard
from helpline.engine.replies import ReplyWriter, TemplateWriter
from helpline.engine.replies.llm import LlmReplyWriter
from helpline.engine.session_resilience import ResilientSessionStore
from helpline.engine.session_store import MemorySessionStore, RedisSessionStore, SessionStore
from helpline.engine.verify import Verifier
from helpline.errors import DatabaseUnavailable
from helpline.providers.llm import LLM_PROVIDERS
from helpline.providers.llm.resilient import ResilientLLM
from helpline.providers.otp import OTP_SENDERS, OtpSender
from helpline.store import migrate
from helpline.store.db import Database, open_database
from helpline.store.outbox import Outbox, outbox_path

if TYPE_CHECKING:
    from helpline.engine.voice import VoiceAgent

log = logging.getLogger(__name__)
REDIS_TIMEOUT_S = 0.5  # the most one turn waits for a stalled Redis before using memory


def ensure_schema(database: Database) -> None:
    """Raise a clear error when the database has no helpline tables yet."""
    if migrate.current_revision(database.engine) is None:
        raise DatabaseUnavailable(
            "the database has no helpline schema yet: run `helpline db upgrade` (or `make run`)"
        )


def _redis(url: SecretStr) -> Redis:
    return Redis.from_url(
        url.get_secret_value(),
        socket_timeout=REDIS_TIMEOUT_S,
        socket_connect_timeout=REDIS_TIMEOUT_S,
    )


def session_store(settings: Settings) -> SessionStore:
    """Redis when HELPLINE_REDIS_URL is set (several processes), else this process's memory.

    Redis is wrapped so that a blip degrades to this process's memory instead of ending the
    conversation; its timeouts are short because a healthy Redis answers in about a millisecond.
    """
    ttl = settings.session_idle_minutes * 60
    if settings.redis_url is None:
        return MemorySessionStore(ttl_seconds=ttl)
    return ResilientSessionStore(
        RedisSessionStore(_redis(settings.redis_url), ttl_seconds=ttl, prefix=settings.redis_prefix)
    )


def otp_guard_for(settings: Settings, database: Database) -> OtpGuard:
    """Code limits in Redis when HELPLINE_REDIS_URL is set, else in the database: either way
    shared by every process (never in one process's memory, where a restart resets them)."""
    limits = OtpLimits(
        max_wrong_codes=settings.otp_max_wrong_codes,
        lock_minutes=settings.otp_lock_minutes,
        sends_per_number=settings.otp_sends_per_number_per_hour,
        sends_per_client=settings.otp_sends_per_client_per_hour,
        min_seconds_between_sends=settings.otp_min_seconds_between_sends,
    )
    if settings.redis_url is None:
        return DbOtpGuard(database.sessions, limits=limits)
    return RedisOtpGuard(_redis(settings.redis_url), limits=limits, prefix=settings.redis_prefix)


def outbox(settings: Settings, database: Database) -> Outbox:
    """The durable outbox for this database (HELPLINE_OUTBOX_PATH, or one under cache_dir)."""
    url = database.engine.url.render_as_string(hide_password=True)
    path = settings.outbox_path or outbox_path(settings.cache_dir.expanduser(), url)
    return Outbox(path.expanduser())


def reply_writer(settings: Settings, catalogue: Catalogue, counters: Counters) -> ReplyWriter:
    """Templates by default; an LLM (HELPLINE_LLM=gemini/openai) with templates as fallback."""
    templates = TemplateWriter()
    if settings.llm.strip().lower() == "template":
        return templates
    provider = LLM_PROVIDERS.create(settings.llm, settings=settings)
    llm = ResilientLLM(
        provider,
        # Measured from the turn's start, and never past the turn's budget.
        timeout_s=min(settings.llm_timeout_s, settings.turn_budget_s),
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
    otp_guard: OtpGuard | None = None,
    account_cache: AccountCache | None = None,
) -> Agent:
    """An Agent on the configured database, session store, OTP sender and reply writer.

    The keyword arguments replace one part (a test's OTP outbox, a shared session store, the
    OTP limits' counters, an account cache on a test's clock).
    """
    settings = settings or get_settings()
    database = database or open_database(settings)
    ensure_schema(database)
    spoken: Callable[[], Understander] | None = None
    if understander is None:
        # Imported here: the language layer trains or loads its models on first use.
        from helpline.language import get_understander

        # The fitted intent models are kept in the cache folder: later processes load them
        # in milliseconds instead of fitting for a second or more.
        understander = get_understander(cache_dir=settings.cache_dir)
        spoken = functools.partial(get_understander, spoken=True, cache_dir=settings.cache_dir)
    store = sessions or session_store(settings)
    sender = None
    if settings.otp == "on":
        sender = otp_sender or OTP_SENDERS.create(settings.otp_sender)
    catalogue = Catalogue(database.sessions)
    guard = otp_guard or otp_guard_for(settings, database)
    verifier = Verifier(sessions=database.sessions, otp_sender=sender, guard=guard)
    counters = counters or Counters()
    writer = reply_writer(settings, catalogue, counters)
    agent = Agent(
        db=database.sessions,
        understander=understander,
        spoken_understander=spoken,
        sessions=store,
        writer=writer,
        verifier=verifier,
        catalogue=catalogue,
        counters=counters,
        account_cache=account_cache,
        outbox=outbox(settings, database),
    )
    agent.drain_outbox()  # what an earlier process could not write goes in first
    return agent


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
