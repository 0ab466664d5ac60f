"""summarize(): the complaint summary of a scope, cached, in template or LLM prose."""

import json
import logging
from datetime import datetime

from pydantic import ValidationError

from helpline.complaints.cache import TTL_S, TextCache, cache_key, fingerprint
from helpline.complaints.filters import ComplaintFilter
from helpline.complaints.prose import executive, recommendations
from helpline.complaints.summary import Summary, gather
from helpline.complaints.writer import llm_prose, payload
from helpline.config import Settings
from helpline.errors import HelplineError, ProviderUnavailable
from helpline.providers.llm import LLM_PROVIDERS, LLMProvider
from helpline.store.clock import utcnow
from helpline.store.db import Database

log = logging.getLogger(__name__)

LLM_WRITERS = ("gemini", "openai")


def summarize(
    database: Database,
    scope: ComplaintFilter | None = None,
    *,
    settings: Settings,
    cache: TextCache | None = None,
    llm: LLMProvider | None = None,
    now: datetime | None = None,
) -> Summary:
    """The summary of the complaints in scope; from the cache while none of them changed.

    With HELPLINE_LLM=gemini or openai the LLM writes the prose from the same figures; text whose
    numbers are not all among the figures is discarded for the templates.
    """
    scope = scope or ComplaintFilter()
    writer = settings.llm.strip().lower()
    writer = writer if writer in LLM_WRITERS else "template"
    key = cache_key(scope, writer)
    mark = fingerprint(database, scope) if cache is not None else ""
    if cache is not None:
        cached = _from_cache(cache, key, mark)
        if cached is not None:
            return cached
    summary = build(database, scope, settings=settings, writer=writer, llm=llm, now=now)
    if cache is not None:
        entry = json.dumps({"mark": mark, "summary": summary.model_dump(mode="json")})
        try:
            cache.set(key, entry, TTL_S)
        except Exception:  # the summary is still good without the cache
            log.warning("summary cache unwritable", exc_info=True)
    return summary


def build(
    database: Database,
    scope: ComplaintFilter,
    *,
    settings: Settings,
    writer: str = "template",
    llm: LLMProvider | None = None,
    now: datetime | None = None,
) -> Summary:
    now = now or utcnow()
    figures, issues, timeline, emerging = gather(database, scope, now=now)
    prose = executive(figures, issues, emerging)
    actions = recommendations(figures, issues, emerging)
    used = "template"
    provider = llm or _provider(writer, settings) if writer in LLM_WRITERS else None
    if provider is not None and figures.total:
        written = llm_prose(
            provider,
            payload(figures, issues, timeline, emerging),
            timeout_s=settings.llm_timeout_s,
        )
        if written is not None:
            prose, actions = written
            used = writer
    return Summary(
        scope=figures.scope,
        generated_at=now,
        figures=figures,
        executive=prose,
        top_issues=issues,
        recommendations=actions,
        timeline=timeline,
        emerging=emerging,
        writer=used,
    )


def _provider(writer: str, settings: Settings) -> LLMProvider | None:
    try:
        return LLM_PROVIDERS.create(writer, settings=settings)
    except ProviderUnavailable as exc:  # e.g. the cloud extra is not installed
        log.warning("summary LLM %s unavailable, using templates: %s", writer, exc)
        return None


def _from_cache(cache: TextCache, key: str, mark: str) -> Summary | None:
    try:
        raw = cache.get(key)
    except Exception:  # a cache outage must not stop the summary; it is rebuilt instead
        log.warning("summary cache unreadable", exc_info=True)
        return None
    if raw is None:
        return None
    try:
        entry = json.loads(raw)
        if entry.get("mark") != mark:
            return None
        return Summary.model_validate(entry["summary"])
    except (ValueError, KeyError, ValidationError, HelplineError):
        log.warning("summary cache entry unusable, rebuilding", exc_info=True)
        return None
