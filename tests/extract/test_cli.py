"""`crosstally extract` through the real CLI group (click's runner on crosstally.cli:cli)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crosstally.cli import cli

PERSON_KEYS = {"name", "mentions"}
DATE_KEYS = {"text", "date", "precision", "start", "end"}
COUNT_KEYS = {
    "value",
    "qualifier",
    "subject",
    "place",
    "as_of",
    "attributed_to",
    "part_of",
    "quote",
    "start",
    "end",
    # what reconciliation reads besides the scorer's fields
    "originator",
    "originator_acronym",
    "region",
    "as_of_source",
    "period",
    "relation",
    "parse",
    "table",
}
ARREST_KEYS = {"person", "date", "place", "agent", "status", "quote", "start", "end"}

TEXT_EN = (
    "At least 34 people were detained on Sunday, the Civic Monitor said. "
    "Among those detained was the student Olga Brandt, 34."
)
HTML_ES = (
    "<html><body><article><h1>Detenciones</h1><p>Al menos 16 personas fueron detenidas "
    "ayer en la capital, según la ONG Voces Libres.</p><p>Entre ellas está la periodista "
    "Ana Lucía Serrano.</p></article></body></html>"
)


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["extract", *args], input=input)


def write_jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_jsonl_contract(tmp_path: Path) -> None:
    source = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {"id": "a", "text": TEXT_EN, "lang": "en", "published": "2024-06-12"},
            {"id": 7, "html": HTML_ES, "published": "2024-06-12", "url": "https://x.test/7"},
        ],
    )
    result = invoke("--jsonl", str(source))
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert set(first) == {"id", "language", "persons", "dates", "counts", "arrests"}
    assert set(second) == set(first) | {"text"}  # html input returns its main text
    assert (first["id"], first["language"], second["id"], second["language"]) == (
        "a",
        "en",
        "7",
        "es",
    )
    for doc in (first, second):
        text = doc.get("text") or TEXT_EN
        assert all(set(p) == PERSON_KEYS for p in doc["persons"])
        assert all(set(d) == DATE_KEYS for d in doc["dates"])
        assert all(set(c) == COUNT_KEYS for c in doc["counts"])
        assert all(set(a) == ARREST_KEYS for a in doc["arrests"])
        for item in doc["counts"] + doc["arrests"]:
            assert text[item["start"] : item["end"]] == item["quote"]
        for person in doc["persons"]:
            assert all(isinstance(s, int) and isinstance(e, int) for s, e in person["mentions"])
    count = first["counts"][0]
    assert (count["value"], count["qualifier"], count["attributed_to"]) == (
        34,
        "at_least",
        "Civic Monitor",
    )
    assert isinstance(count["subject"], str) and count["part_of"] is None
    assert first["arrests"][0]["person"] == "Olga Brandt"
    assert first["arrests"][0]["date"] == "2024-06-09"
    # html input is read as the crawl stores a page: one paragraph a line
    assert second["text"] == (
        "Detenciones\nAl menos 16 personas fueron detenidas ayer en la capital, según la ONG "
        "Voces Libres.\nEntre ellas está la periodista Ana Lucía Serrano."
    )
    assert [p["name"] for p in second["persons"]] == ["Ana Lucía Serrano"]
    assert [a["person"] for a in second["arrests"]] == ["Ana Lucía Serrano"]


def test_jsonl_from_stdin() -> None:
    record = {"id": "s", "text": TEXT_EN, "published": "2024-06-12"}
    result = invoke("--jsonl", "-", input=json.dumps(record) + "\n\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["language"] == "en"


def test_jsonl_keeps_a_month_only_publication_date() -> None:
    """A page dated only by month ("2024-08") still dates "el 17 de julio" (its year comes
    from the month, marked approximate) but never "ayer"."""
    record = {
        "id": "m",
        "lang": "es",
        "published": "2024-08",
        "text": "El 17 de julio la policía detuvo en Caracas a 14 personas. Ayer, 3 más.",
    }
    result = invoke("--jsonl", "-", input=json.dumps(record) + "\n")
    assert result.exit_code == 0, result.output
    dates = json.loads(result.stdout)["dates"]
    july = [d for d in dates if d["text"] == "17 de julio"]
    assert july and july[0]["date"] == "2024-07-17" and july[0]["approximate"] is True
    assert all(d["date"] is None for d in dates if d["text"].lower() == "ayer")


def test_file_table_and_json(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(TEXT_EN, encoding="utf-8")
    table = invoke(str(article), "--published", "2024-06-12", "--lang", "en")
    assert table.exit_code == 0, table.output
    for heading in ("Persons", "Dates", "Counts", "Arrests", "Olga Brandt", "at_least"):
        assert heading in table.stdout
    as_json = invoke(str(article), "--published", "2024-06-12", "--json")
    data = json.loads(as_json.stdout)
    assert data["id"] == "article.txt" and data["counts"][0]["value"] == 34
    page = tmp_path / "page.html"
    page.write_text(HTML_ES, encoding="utf-8")
    assert "Ana Lucía Serrano" in json.loads(invoke(str(page), "--json").stdout)["text"]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (['{"id": "a", "text": "x"}', "{not json"], "in.jsonl:2: not JSON:"),
        (['{"text": "no id"}'], 'in.jsonl:1: record has no "id"'),
        (['{"id": "a", "lang": "en"}'], 'in.jsonl:1: record \'a\' has no "text" or "html"'),
        (['{"id": "a", "text": "x", "lang": "fr"}'], "in.jsonl:1: unknown language 'fr'"),
        (['{"id": "a", "text": "x", "published": "17/07/2024"}'], "is not a date"),
        (['{"id": "a", "text": "x", "published": "2024-13"}'], "expected YYYY-MM-DD, YYYY-MM"),
        (['["a list"]'], "in.jsonl:1: expected a JSON object"),
    ],
)
def test_bad_jsonl_is_a_clean_error(tmp_path: Path, lines: list[str], message: str) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke("--jsonl", str(source))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--jsonl", "missing.jsonl"], "missing.jsonl: no such file"),
        (["missing.txt"], "missing.txt: no such file"),
        (["FILE", "--published", "2024-13-01"], "--published: '2024-13-01' is not a date"),
        ([], "give either FILE or --jsonl"),
    ],
)
def test_bad_arguments_are_clean_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(TEXT_EN, encoding="utf-8")
    args = [str(article) if a == "FILE" else a for a in args]
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["extract", *args])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_unknown_lang_option_is_refused(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(TEXT_EN, encoding="utf-8")
    result = invoke(str(article), "--lang", "fr")
    assert result.exit_code == 2 and "'fr' is not one of" in result.output
