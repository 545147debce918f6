"""URL canonicalisation: one page, one identity, whatever campaign link led to it.

Feeds and newsletters decorate links with tracking parameters (``utm_source=rss``,
``fbclid``...). Left in, the same article would be stored twice and counted as two
independent reports, so every URL we use as an identity goes through :func:`canonicalize`.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_plus, urljoin, urlsplit, urlunsplit

from crawler.registry import domain_allowed

# Exact parameter names (lower-case) that only say how a reader arrived.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "ref",
        "ref_src",
        "ref_url",
        "referrer",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_enc_id",
        "oly_anon_id",
        "vero_id",
        "wt_mc",
        "cmpid",
        "ncid",
        "sr_share",
        "s_cid",
        "spm",
    }
)
# Parameter name prefixes that only say how a reader arrived.
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "ga_")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_MULTIPLE_SLASHES = re.compile(r"/{2,}")


def is_tracking_param(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def canonicalize(url: str) -> str:
    """The identity of a page: lower-case scheme and host, no credentials, no default port,
    no fragment, no tracking parameters, an explicit "/" path. Other parameters keep their
    order and spelling, because some sites route on them (``?p=123``)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    netloc = host
    if parts.port is not None and parts.port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{host}:{parts.port}"
    path = _MULTIPLE_SLASHES.sub("/", parts.path) or "/"
    return urlunsplit((scheme, netloc, path, strip_tracking(parts.query), ""))


def strip_tracking(query: str) -> str:
    """Drop tracking parameters from a raw query string, leaving the others byte for byte
    (re-encoding them could turn a working URL into a different one)."""
    kept = []
    for segment in query.split("&"):
        if not segment:
            continue
        name = unquote_plus(segment.split("=", 1)[0])
        if not is_tracking_param(name):
            kept.append(segment)
    return "&".join(kept)


def resolve(base: str, href: str) -> str | None:
    """An absolute http(s) URL for a link found on ``base``, without its fragment;
    None for mailto:, javascript: and other links that are not pages."""
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    absolute = urljoin(base, href)
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return urlunsplit(parts._replace(fragment=""))


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def in_domains(url: str, allowed_domains: list[str]) -> bool:
    """True when the URL's host is one of the domains or a subdomain of one."""
    return domain_allowed(host_of(url), allowed_domains)
