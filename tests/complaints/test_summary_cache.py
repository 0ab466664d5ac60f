"""Summaries come from the cache until a complaint in their scope changes."""

from datetime import timedelta

import pytest
from complaints_kit import NOW, REDIS_URL, insert_fixed, unavailable

from helpline.complaints.brief import summarize
from helpline.complaints.cache import MemoryCache, RedisCache
from helpline.complaints.filters import ComplaintFilter
from helpline.config import Settings
from helpline.store.complaints import change_status, file_complaint

SETTINGS = Settings(llm="template")


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def cache(request):
    if request.param == "memory":
        return MemoryCache()
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as exc:
        unavailable(f"redis at {REDIS_URL}", str(exc))
    for key in client.scan_iter("helpline:summary:*"):
        client.delete(key)
    return RedisCache(url=REDIS_URL)


@pytest.fixture
def fixed(sqlite_database):
    insert_fixed(sqlite_database)
    return sqlite_database


def test_second_summary_of_a_scope_is_the_cached_one(fixed, cache):
    first = summarize(fixed, settings=SETTINGS, cache=cache, now=NOW)
    again = summarize(fixed, settings=SETTINGS, cache=cache, now=NOW + timedelta(minutes=5))
    assert again.generated_at == first.generated_at  # built once
    assert again == first


def test_status_change_in_scope_rebuilds_the_summary(fixed, cache):
    scope = ComplaintFilter.parse(department="Network")
    first = summarize(fixed, scope, settings=SETTINGS, cache=cache, now=NOW)
    change_status(fixed.sessions, 4, "resolved", changed_by="ops.test")
    later = NOW + timedelta(minutes=5)
    rebuilt = summarize(fixed, scope, settings=SETTINGS, cache=cache, now=later)
    assert rebuilt.generated_at == later
    assert rebuilt.figures.open == first.figures.open - 1


def test_new_complaint_elsewhere_keeps_the_cached_department_summary(fixed, cache):
    scope = ComplaintFilter.parse(department="Network")
    first = summarize(fixed, scope, settings=SETTINGS, cache=cache, now=NOW)
    file_complaint(
        fixed.sessions,
        user_id=None,
        phone="9000000009",
        complaint_type="wrong_charge",
        department="Billing",
        priority="LOW",
        description="Extra paise kat gaye",
    )
    again = summarize(fixed, scope, settings=SETTINGS, cache=cache, now=NOW + timedelta(minutes=5))
    assert again.generated_at == first.generated_at
    everything = summarize(fixed, settings=SETTINGS, cache=cache, now=NOW)
    assert everything.figures.total == 9


def test_each_filter_has_its_own_entry(fixed, cache):
    network = summarize(
        fixed, ComplaintFilter.parse(department="Network"), settings=SETTINGS, cache=cache, now=NOW
    )
    billing = summarize(
        fixed, ComplaintFilter.parse(department="Billing"), settings=SETTINGS, cache=cache, now=NOW
    )
    assert (network.figures.total, billing.figures.total) == (4, 2)


def test_memory_cache_entries_expire():
    cache = MemoryCache()
    cache.set("k", "v", ttl_s=0)
    assert cache.get("k") is None
    cache.set("k", "v", ttl_s=60)
    assert cache.get("k") == "v"
