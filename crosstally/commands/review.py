"""`crosstally review`: the analysts' web app, on 127.0.0.1 by default."""

from __future__ import annotations

import click

from crosstally.config import Settings


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.pass_obj
def review(settings: Settings, host: str, port: int) -> None:
    """Serve the review app: queue, claims with evidence, measures, decisions.

    Create an account first with `crosstally users add NAME --role reviewer`.

    Example: crosstally review --port 8000
    """
    import uvicorn

    from crosstally.db import make_sessionmaker, session_scope
    from review.database import require_schema
    from review.web.app import create_app

    with session_scope(make_sessionmaker(settings)) as session:
        require_schema(session)

    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}; the app speaks plain HTTP.", err=True)
    click.echo(f"Review app on http://{host}:{port}/ (Ctrl-C to stop)")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
