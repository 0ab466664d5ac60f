"""The FastAPI application: create_app(settings) builds one Helpline per process in the lifespan,
adds the routes (one line each), the limits, request ids, metrics and error answers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI

from helpline import __version__
from helpline.api import errors
from helpline.api.deps import Services
from helpline.api.lanes import TurnLane
from helpline.api.limits import LimitsMiddleware
from helpline.api.metrics import Metrics
from helpline.api.observe import ObserveMiddleware, install_request_ids
from helpline.api.routes import (
    analytics,
    auth,
    complaints,
    customers,
    handoffs,
    health,
    sessions,
    staff,
    transcripts,
    verification,
    voice,
)
from helpline.api.security import TokenSigner, load_secret
from helpline.app import Helpline
from helpline.app.core import load_settings
from helpline.app.errors import HelplineError
from helpline.app.rate_limits import build_rate_limiter
from helpline.config import Settings

log = logging.getLogger("helpline.api")
# Sync routes run on anyio's worker threads, 40 by default; 8 let slow requests (a recording, a
# CSV export) run side by side without 40 threads taking turns at the process's one GIL. Typed
# turns have threads of their own (lanes.py).
WORKER_THREADS = 8


def _warm_up(app: Helpline) -> None:
    """Build the agent (models, catalogue) before the first customer waits for it."""
    try:
        app.context.agent()
    except HelplineError as exc:
        # /readyz says what is wrong; the process stays up so it can be fixed and probed.
        log.warning("not ready yet", extra={"problem": str(exc)[:300]})


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API over one Helpline built from settings (HELPLINE_* when None)."""
    settings = settings or load_settings()
    helpline = Helpline(settings)
    limiter = build_rate_limiter(settings)
    metrics = Metrics(helpline.health.engine_counters)
    turns = TurnLane(settings.api_turn_threads)

    @asynccontextmanager
    async def lifespan(api: FastAPI) -> AsyncIterator[None]:
        helpline.configure_logging()
        install_request_ids()
        _warm_up(helpline)
        anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
        yield
        helpline.close()

    api = FastAPI(
        title="helpline",
        version=__version__,
        description="Hinglish customer-support agent: customer conversations and staff desks.",
        lifespan=lifespan,
    )
    api.state.services = Services(
        helpline, TokenSigner(load_secret(settings)), limiter, metrics, turns
    )
    routes = (health, sessions, voice, verification, auth, staff, complaints, handoffs)
    for module in (*routes, transcripts, analytics, customers):
        api.include_router(module.router)
    errors.install(api)
    api.add_middleware(LimitsMiddleware, settings=settings, limiter=limiter)
    api.add_middleware(ObserveMiddleware, metrics=metrics)
    return api
