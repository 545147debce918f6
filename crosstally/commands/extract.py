"""`crosstally extract`: persons, dates, counts and arrests from texts, as JSON Lines or a table.

Two ways in:

* ``crosstally extract --jsonl IN.jsonl`` (``-`` for stdin): one JSON object per line,
  ``{"id", "text" or "html", "lang"?, "published"?, "url"?}``; one result object per line out,
  in the same order (the contract other tools depend on: see ``extract.result``).
* ``crosstally extract FILE`` (plain text or HTML, detected): a readable table, or the single
  JSON object with ``--json``.

Bad input is an :class:`crosstally.errors.InputError` (an
:class:`~crosstally.errors.ExtractionError` is one), which the CLI's edge turns into one line
and exit status 2. Models are imported only once the input has been read, so mistakes are
reported fast.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

from crosstally.config import Settings
from crosstally.errors import CrosstallyError, InputError, WorkerCrashed
from extract.lexicon import available_languages
from extract.partialdate import parse_partial
from extract.result import DocResult, InputDoc

if TYPE_CHECKING:
    from extract.pending import PendingStats


@click.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--jsonl",
    "jsonl_path",
    metavar="IN.jsonl",
    help='JSON Lines input ("-" for stdin): {"id", "text" or "html", "lang"?, "published"?}.',
)
@click.option("--published", metavar="DATE", help="Publication date of FILE (YYYY-MM-DD).")
@click.option(
    "--lang",
    type=click.Choice(available_languages()),
    help="Language of FILE (default: identified from the text).",
)
@click.option("--json", "as_json", is_flag=True, help="Print FILE's result as one JSON object.")
@click.option(
    "--pending",
    is_flag=True,
    help="Extract stored documents not yet processed by this extractor version; store claims.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1, max=64),
    default=1,
    show_default=True,
    help="With --pending: worker processes (SKIP LOCKED on PostgreSQL, id split on SQLite).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1, max=10_000),
    default=None,
    help="With --pending: documents per transaction (default 128); a killed run loses at "
    "most one batch per worker.",
)
@click.option(
    "--retry-failed",
    is_flag=True,
    help="With --pending: also try again the documents this extractor version marked failed.",
)
@click.pass_obj
def extract(
    settings: Settings,
    file: str | None,
    jsonl_path: str | None,
    published: str | None,
    lang: str | None,
    as_json: bool,
    pending: bool,
    workers: int,
    batch_size: int | None,
    retry_failed: bool,
) -> None:
    """Extract persons, dates, counts of people and arrests from texts.

    \b
    Examples:
      crosstally extract --jsonl docs.jsonl > extracted.jsonl
      crosstally extract article.html --published 2024-07-17 --lang en
      crosstally extract --pending --workers 2
    """
    if pending:
        if file or jsonl_path or published or lang or as_json:
            raise InputError("--pending works on stored documents: give no FILE or --jsonl")
        _run_pending(settings, workers, batch_size, retry_failed)
        return
    if workers != 1 or batch_size is not None or retry_failed:
        raise InputError("--workers, --batch-size and --retry-failed apply to --pending only")
    if (file is None) == (jsonl_path is None):
        raise InputError("give either FILE or --jsonl IN.jsonl (see crosstally extract -h)")
    if jsonl_path is not None:
        if published or lang or as_json:
            raise InputError("--published, --lang and --json apply to FILE, not --jsonl")
        _run_jsonl(jsonl_path)
    else:
        _run_file(str(file), published, lang, as_json)


class SomeDocumentsFailed(CrosstallyError):
    """Extraction went through, but some documents could not be extracted (exit status 1)."""


def _run_pending(
    settings: Settings, workers: int, batch_size: int | None, retry_failed: bool
) -> None:
    from crosstally.db import require_database
    from crosstally.locking import run_lock
    from extract.pending import BATCH_SIZE
    from extract.runtime import extractor_version

    batch_size = batch_size or BATCH_SIZE
    require_database(settings)
    version = extractor_version()
    click.echo(f"Extracting pending documents with {version}", err=True)
    with run_lock(settings, "extract") if workers == 1 else _nullcontext():
        try:
            stats = _process(settings, workers, batch_size, retry_failed, version)
        except CrosstallyError:
            raise
        except Exception as error:  # the extractor failed on every document it tried
            notes = "; ".join(getattr(error, "__notes__", []))
            raise SomeDocumentsFailed(
                f"{type(error).__name__}: {error}" + (f" ({notes})" if notes else "")
            ) from error
    _report(stats)


def _process(
    settings: Settings, workers: int, batch_size: int, retry_failed: bool, version: str
) -> PendingStats:
    from crosstally.db import make_sessionmaker
    from extract.pending import process_pending, run_workers
    from extract.runtime import extractor_function

    if workers > 1:
        return run_workers(settings, workers, batch_size, retry_failed=retry_failed)
    return process_pending(
        make_sessionmaker(settings),
        extractor_function(),
        version,
        batch_size=batch_size,
        retry_failed=retry_failed,
        progress=lambda s: click.echo(f"  {s.documents} document(s) done", err=True),
    )


def _report(stats: PendingStats) -> None:
    click.echo(
        f"{stats.documents} document(s) extracted: {stats.claims} claim(s), "
        f"{stats.evidence} evidence span(s), {stats.persons} person(s)"
    )
    for problem in stats.errors:
        click.secho(f"warning: {problem}", fg="yellow", err=True)
    crashed = len(stats.errors) - stats.failed
    if crashed:
        raise WorkerCrashed(
            f"{crashed} worker process(es) ended without reporting (above); the documents "
            "they had taken are still pending and the next run extracts them"
        )
    if stats.failed:
        raise SomeDocumentsFailed(
            f"{stats.failed} document(s) could not be extracted and are marked failed "
            "(reasons above); `crosstally extract --pending --retry-failed` tries them again"
        )


def _nullcontext():
    from contextlib import nullcontext

    return nullcontext()


def _run_jsonl(path: str) -> None:
    from extract.pipeline import Extractor

    extractor = Extractor()
    for result in extractor.extract_many(read_jsonl(path, extractor.languages)):
        click.echo(json.dumps(result.to_json(), ensure_ascii=False))


def _run_file(path: str, published: str | None, lang: str | None, as_json: bool) -> None:
    content = _read_text(path)
    day = parse_published(published, "--published") if published else None
    from extract.html import looks_like_html
    from extract.pipeline import Extractor

    is_html = looks_like_html(content)
    doc = InputDoc(
        id=Path(path).name if path != "-" else "-",
        text=None if is_html else content,
        html=content if is_html else None,
        lang=lang,
        published=day,
    )
    result = Extractor().extract(doc)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        print_tables(result, relative_dates=day is not None)


# -- input --


def read_jsonl(path: str, languages: Iterable[str]) -> Iterator[InputDoc]:
    """The documents of a JSON Lines file, validated line by line (``InputError`` names the
    file and line of the first bad record)."""
    known = tuple(languages)
    name = path  # "-" for stdin, as given
    with _open(path) as stream:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            where = f"{name}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise InputError(
                    f"{where}: not JSON: {error.msg} (column {error.colno})"
                ) from error
            yield input_doc(record, where, known)


def input_doc(record: object, where: str, languages: tuple[str, ...]) -> InputDoc:
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(record).__name__}")
    doc_id = record.get("id")
    if doc_id is None or isinstance(doc_id, bool) or not isinstance(doc_id, str | int):
        raise InputError(f'{where}: record has no "id" (a string or number)')
    text, html = record.get("text"), record.get("html")
    for key, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            raise InputError(f'{where}: "{key}" must be a string')
    if not (text or html):
        raise InputError(f'{where}: record {doc_id!r} has no "text" or "html"')
    lang = record.get("lang")
    if lang is not None and lang not in languages:
        raise InputError(f"{where}: unknown language {lang!r} (configured: {', '.join(languages)})")
    published = record.get("published")
    day = parse_published(published, f'{where}: "published"') if published else None
    url = record.get("url")
    return InputDoc(
        id=str(doc_id),
        text=text if text else None,
        html=None if text else html,
        lang=lang,
        published=day,
        url=url if isinstance(url, str) else None,
    )


def parse_published(value: object, what: str) -> date | str:
    """A publication date as pages give it: a day, or only a month or a year ("2025-05",
    "2025"), kept at that precision (a month resolves "17 de julio", never "yesterday")."""
    if isinstance(value, str):
        partial = parse_partial(value.strip())
        if partial is not None and len(partial) < 10:
            return partial
    try:
        return parse_date(value, what)
    except InputError:
        raise InputError(
            f"{what}: {value!r} is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY)"
        ) from None


def parse_date(value: object, what: str) -> date:
    """ "2024-07-17" (the date part of a timestamp "2024-07-17T10:00:00Z" is accepted too)."""
    if isinstance(value, str) and len(value) >= 10 and value[10:11] in ("", "T", " "):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            pass
    raise InputError(f"{what}: {value!r} is not a date (expected YYYY-MM-DD)")


def _open(path: str) -> IO[str]:
    if path == "-":
        return contextlib.nullcontext(sys.stdin)  # type: ignore[return-value]
    try:
        return open(path, encoding="utf-8")
    except FileNotFoundError as error:
        raise InputError(f"{path}: no such file") from error
    except IsADirectoryError as error:
        raise InputError(f"{path}: is a directory, not a file") from error
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from error


def _read_text(path: str) -> str:
    try:
        with _open(path) as stream:
            content = stream.read()
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text") from error
    if not content.strip():
        raise InputError(f"{path}: empty file")
    return content


# -- the table --


def print_tables(result: DocResult, relative_dates: bool = True) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(f"[bold]{result.id}[/bold]  language: {result.language}")
    if not relative_dates:
        console.print("(no --published date: relative dates such as 'yesterday' are unresolved)")
    tables: list[tuple[str, list[str], list[list[str]]]] = [
        ("Persons", ["name", "mentions"], [[p.name, str(len(p.mentions))] for p in result.persons]),
        (
            "Dates",
            ["text", "date", "precision"],
            [[d.text, d.date or "?", d.precision or ""] for d in result.dates],
        ),
        (
            "Counts",
            ["value", "qualifier", "subject", "place", "source", "part of", "quote"],
            [
                [
                    f"{c.value:,}",
                    c.qualifier,
                    c.subject,
                    c.place or "",
                    c.attributed_to or "",
                    "" if c.part_of is None else f"#{c.part_of}",
                    c.quote,
                ]
                for c in result.counts
            ],
        ),
        (
            "Arrests",
            ["person", "date", "place", "agent", "status"],
            [
                [a.person, a.date or "", a.place or "", a.agent or "", a.status or ""]
                for a in result.arrests
            ],
        ),
    ]
    for title, columns, rows in tables:
        table = Table(title=f"{title} ({len(rows)})", title_justify="left", show_lines=False)
        table.add_column("#", justify="right")
        for column in columns:
            table.add_column(column, overflow="fold")
        for index, row in enumerate(rows):
            table.add_row(str(index), *row)
        console.print(table)
