"""Canonical URLs: one identity per page, whatever campaign link led to it."""

from __future__ import annotations

import pytest

from crawler.urls import canonicalize, in_domains, is_tracking_param, resolve


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://example.org/a?utm_source=rss&utm_medium=feed", "https://example.org/a"),
        ("https://example.org/a?id=5&fbclid=x&gclid=y", "https://example.org/a?id=5"),
        ("https://example.org/a?mc_cid=1&mc_eid=2&ref=tw&p=3", "https://example.org/a?p=3"),
        ("https://example.org/a#comments", "https://example.org/a"),
        ("HTTPS://Example.ORG:443/A", "https://example.org/A"),
        ("http://example.org:80", "http://example.org/"),
        ("http://127.0.0.1:8765/x/", "http://127.0.0.1:8765/x/"),
        ("https://user:secret@example.org/a", "https://example.org/a"),
        ("https://example.org//a//b", "https://example.org/a/b"),
        # Other parameters keep their order and their spelling.
        (
            "https://example.org/s?q=a%20b&page=2&utm_campaign=x",
            "https://example.org/s?q=a%20b&page=2",
        ),
        ("https://example.org/s?b=2&a=1", "https://example.org/s?b=2&a=1"),
    ],
)
def test_canonicalize(url: str, canonical: str) -> None:
    assert canonicalize(url) == canonical


def test_canonicalize_is_idempotent() -> None:
    url = "https://Example.org/a?utm_source=x&id=1#top"
    assert canonicalize(canonicalize(url)) == canonicalize(url)


@pytest.mark.parametrize("name", ["utm_source", "UTM_Medium", "fbclid", "gclid", "_ga", "pk_kwd"])
def test_tracking_parameters(name: str) -> None:
    assert is_tracking_param(name)


@pytest.mark.parametrize("name", ["id", "p", "page", "q", "reference", "amp"])
def test_meaningful_parameters(name: str) -> None:
    assert not is_tracking_param(name)


def test_resolve_keeps_pages_only() -> None:
    base = "https://example.org/news/"
    assert resolve(base, "a.html#x") == "https://example.org/news/a.html"
    assert resolve(base, "/b") == "https://example.org/b"
    for href in ("mailto:x@example.org", "javascript:void(0)", "#top", "", "ftp://example.org/f"):
        assert resolve(base, href) is None


def test_in_domains_accepts_subdomains_only() -> None:
    assert in_domains("https://www.example.org/a", ["example.org"])
    assert in_domains("https://example.org/a", ["example.org"])
    assert not in_domains("https://example.org.evil.net/a", ["example.org"])
    assert not in_domains("https://notexample.org/a", ["example.org"])
