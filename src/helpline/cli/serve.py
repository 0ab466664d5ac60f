"""`helpline serve`: the HTTP API with uvicorn (FastAPI is imported only when it runs)."""

from typing import Annotated

import typer

from helpline.app.errors import InvalidInput


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=1)] = 8000,
    workers: Annotated[int, typer.Option("--workers", help="Worker processes.", min=1)] = 1,
) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs)."""
    from helpline.app.core import load_settings

    settings = load_settings()
    if workers > 1 and settings.redis_url is None:
        # Without Redis a conversation lives in one process's memory; the kernel spreads
        # requests over workers, so the next turn would land where its session is not.
        raise InvalidInput("--workers above 1 needs HELPLINE_REDIS_URL (sessions are shared there)")
    import uvicorn

    uvicorn.run(
        "helpline.api.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,  # helpline.api logs each request as JSON with its request id
        log_level="warning",
        proxy_headers=True,
    )


def register(app: typer.Typer) -> None:
    """Add `helpline serve` to the app."""
    app.command("serve")(serve)
