"""`crosstally capture DOC_ID`: show the archived HTTP response a document was read from."""

from __future__ import annotations

import sys

import click

from crosstally.config import Settings
from crosstally.errors import CrosstallyError, NotFoundError


@click.command()
@click.argument("doc_id", type=int, metavar="DOC_ID")
@click.option(
    "--raw",
    is_flag=True,
    help="Write the body bytes exactly as received (still compressed, if they were) to "
    "stdout; the verification line goes to stderr.",
)
@click.pass_obj
def capture(settings: Settings, doc_id: int, raw: bool) -> int:
    """Print the archived status line, headers and body of a document's capture, then
    check the payload digest against the WARC. Exits 1 if the check fails.

    \b
    Examples:
      crosstally capture 42 | less
      crosstally capture 42 --raw > page.html.gz
    """
    from crawler.archive import check_capture, read_capture
    from crosstally.db import open_database, session_scope
    from models import Document

    with session_scope(open_database(settings)) as session:
        document = session.get(Document, doc_id)
        if document is None:
            raise NotFoundError(f"no document {doc_id}")
        stored = document.capture
    try:
        archived = read_capture(settings.data_dir, stored)
    except (OSError, ValueError) as error:
        raise CrosstallyError(f"capture {stored.id} of document {doc_id}: {error}") from None
    verification = check_capture(settings.data_dir, stored)
    where = f"{stored.warc_path} at offset {stored.warc_offset}, record {stored.record_id}"
    verdict = "verified" if verification.ok else "NOT VERIFIED"
    footer = f"-- archived in {where}, fetched {stored.fetched_at:%Y-%m-%d %H:%M:%S}\n"
    footer += f"-- {verdict}: {verification.detail}"
    if raw:
        sys.stdout.buffer.write(archived.body)
        sys.stdout.flush()
        click.echo(footer, err=True)
        return 0 if verification.ok else 1
    http_headers = archived.http_headers
    click.echo(f"{http_headers.protocol} {http_headers.statusline}")
    for name, value in http_headers.headers:
        click.echo(f"{name}: {value}")
    click.echo()
    click.echo(display_text(archived))
    click.echo(footer)
    return 0 if verification.ok else 1


def display_text(archived) -> str:
    """The body as a reader would see it: content coding undone, bytes decoded per the
    declared or sniffed charset."""
    from w3lib.encoding import html_to_unicode

    try:
        content = archived.content()
    except ValueError as error:
        return f"[body not shown: {error}; use --raw for the bytes]"
    _encoding, text = html_to_unicode(archived.http_headers.get_header("Content-Type"), content)
    return text
