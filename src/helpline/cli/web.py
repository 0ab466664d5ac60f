"""`helpline web`: serve the web app (customer chat and manager dashboard) with Streamlit."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from helpline.app.held import hold
from helpline.cli.application import open_app
from helpline.cli.render import stdout

APP = Path(__file__).resolve().parents[1] / "web" / "app.py"


def streamlit_args(host: str, port: int) -> list[str]:
    """`streamlit run` on the packaged app, headless: no browser opened, no usage statistics."""
    return [
        "run",
        str(APP),
        "--server.headless=true",
        f"--server.address={host}",
        f"--server.port={port}",
        "--browser.gatherUsageStats=false",
        # Nothing to reload in a served app; watching the package costs CPU on small machines.
        "--server.fileWatcherType=none",
        "--client.toolbarMode=minimal",
        "--theme.base=light",
    ]


def web_command(
    port: Annotated[int, typer.Option("--port", "-p", min=1, max=65535, help="Port.")] = 8501,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (0.0.0.0 for every interface).")
    ] = "127.0.0.1",
) -> None:
    """Serve the web app: the customer chat with voice and the manager dashboard."""
    # A missing schema or a bad setting is reported here as one line, not inside the browser.
    helpline = open_app()
    api_url = helpline.settings.api_url
    if api_url is None:
        # Only whether the schema is there: the migration scripts (Alembic) are not read, which
        # keeps them off the path to the first page.
        helpline.context.ready_database()
        hold(helpline)  # the first visitor's application: checked once, built once
    else:
        helpline.close()
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
    over = f"  over the API at {str(api_url).rstrip('/')}" if api_url else ""
    stdout().print(f"helpline web: http://{shown}:{port}{over}  (Ctrl-C to stop)")
    sys.stdout.flush()
    # Streamlit runs in this process rather than a new one: a second interpreter would import
    # settings, SQLAlchemy and the application again before the first page (half a second on
    # two cores). A supervisor's (or a test's) signal still reaches the server itself.
    from streamlit.web.cli import main as streamlit

    streamlit(args=streamlit_args(host, port), prog_name="streamlit")


def register(app: typer.Typer) -> None:
    """Add `helpline web` to the app."""
    app.command("web")(web_command)
