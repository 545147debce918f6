"""`crosstally review`: the analysts' web app, on 127.0.0.1 by default."""

from __future__ import annotations

import click

from crosstally.config import Settings

ENV_ALLOWED_HOSTS = "CROSSTALLY_ALLOWED_HOSTS"
ENV_SECURE_COOKIES = "CROSSTALLY_SECURE_COOKIES"
LOOPBACK_ADDRESSES = ("127.0.0.1", "localhost", "::1")
WILDCARD_ADDRESSES = ("0.0.0.0", "::", "")


def _host_names(_ctx, _param, values: tuple[str, ...]) -> tuple[str, ...]:
    """Repeated options and the environment's comma- or space-separated list, one name each."""
    from review.web.gate import split_host

    names = tuple(name for value in values for name in value.replace(",", " ").split())
    for name in names:
        if split_host(name) is None:
            raise click.BadParameter(f"not a host name: {name!r}")
    return names


def allowed_hosts(host: str, port: int, extra: tuple[str, ...]) -> tuple[str, ...]:
    """The Host header values the app answers: loopback and the listening address, on ``port``,
    and every extra name (any port unless the name gives one)."""
    names = ["127.0.0.1", "localhost", "[::1]"]
    if host not in LOOPBACK_ADDRESSES + WILDCARD_ADDRESSES:
        names.append(f"[{host}]" if ":" in host else host)
    return tuple(f"{name}:{port}" for name in names) + extra


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but loopback exposes the app to the network: put an "
    "HTTPS reverse proxy in front (docs/review-app.md).",
)
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--allowed-host",
    "extra_hosts",
    multiple=True,
    metavar="NAME[:PORT]",
    envvar=ENV_ALLOWED_HOSTS,
    callback=_host_names,
    help="Also answer requests for this Host name (repeatable; env "
    f"{ENV_ALLOWED_HOSTS}, comma-separated). Loopback names on --port are always answered; "
    "any other Host gets 400.",
)
@click.option(
    "--secure-cookies",
    is_flag=True,
    envvar=ENV_SECURE_COOKIES,
    help="Mark the session cookie Secure (env "
    f"{ENV_SECURE_COOKIES}=1): browsers then send it over HTTPS only, as behind a TLS proxy.",
)
@click.option(
    "--proxy-headers",
    is_flag=True,
    help="Trust X-Forwarded-For and X-Forwarded-Proto from --forwarded-allow-ips (the reverse "
    "proxy), so login throttling sees each client's own address.",
)
@click.option(
    "--forwarded-allow-ips",
    default="127.0.0.1",
    show_default=True,
    metavar="IPS",
    help="Comma-separated addresses of the trusted reverse proxies (with --proxy-headers).",
)
@click.pass_obj
def review(
    settings: Settings,
    host: str,
    port: int,
    extra_hosts: tuple[str, ...],
    secure_cookies: bool,
    proxy_headers: bool,
    forwarded_allow_ips: str,
) -> None:
    """Serve the review app: queue, claims with evidence, measures, decisions.

    Create an account first with `crosstally users add NAME --role reviewer`.

    Example: crosstally review --port 8000

    Behind an HTTPS reverse proxy on the same machine:
    crosstally review --allowed-host review.example.org --secure-cookies --proxy-headers
    """
    import uvicorn

    from crosstally.db import make_sessionmaker, session_scope
    from review.database import require_schema
    from review.web.app import AppOptions, create_app

    with session_scope(make_sessionmaker(settings)) as session:
        require_schema(session)

    options = AppOptions(
        allowed_hosts=allowed_hosts(host, port, extra_hosts), secure_cookies=secure_cookies
    )
    if host not in LOOPBACK_ADDRESSES:
        click.echo(
            f"warning: listening on {host}; the app speaks plain HTTP, so serve it to others "
            "only through an HTTPS reverse proxy (docs/review-app.md).",
            err=True,
        )
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Review app on http://{shown}:{port}/ (Ctrl-C to stop)")
    uvicorn.run(
        create_app(settings, options),
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=proxy_headers,
        forwarded_allow_ips=forwarded_allow_ips if proxy_headers else None,
    )
