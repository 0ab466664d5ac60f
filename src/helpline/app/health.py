"""Is this process able to serve: the database answers and, when configured, Redis does; and the
engine's own event counters, for a metrics endpoint."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from helpline.app.desk_models import Readiness

if TYPE_CHECKING:
    from helpline.app.core import Context

log = logging.getLogger(__name__)
PING_TIMEOUT_S = 1.0


class Health:
    def __init__(self, context: Context) -> None:
        self._context = context

    def ready(self) -> Readiness:
        """Whether the database (with its schema) and Redis, when set, answer right now."""
        database = self._database()
        redis = self._redis()
        return Readiness(
            ready=database == "ok" and redis in (None, "ok"), database=database, redis=redis
        )

    def _database(self) -> str:
        from sqlalchemy import text
        from sqlalchemy.exc import SQLAlchemyError

        from helpline.errors import HelplineError

        try:
            database = self._context.ready_database()
            with database.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except (HelplineError, SQLAlchemyError) as exc:
            log.warning("readiness: database", extra={"problem": str(exc)[:200]})
            return f"unavailable: {type(exc).__name__}"
        return "ok"

    def _redis(self) -> str | None:
        url = self._context.settings.redis_url
        if url is None:
            return None
        from redis import Redis
        from redis.exceptions import RedisError

        client = Redis.from_url(
            url.get_secret_value(),
            socket_timeout=PING_TIMEOUT_S,
            socket_connect_timeout=PING_TIMEOUT_S,
        )
        try:
            client.ping()
        except RedisError as exc:
            log.warning("readiness: redis", extra={"problem": str(exc)[:200]})
            return f"unavailable: {type(exc).__name__}"
        finally:
            client.close()
        return "ok"

    def engine_counters(self) -> dict[str, int]:
        """The engine's event counts so far (llm_fallback, grounding_rejected, ...)."""
        return self._context.agent().counters.snapshot()
