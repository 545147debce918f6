"""Exports: every format, filters, citations, determinism, the Frictionless datapackage."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from crosstally.cli import cli
from review.decisions import record
from review.exporters import get_exporter, names
from review.exporters.columns import NAMES
from review.exporters.rows import ExportFilter, export_rows
from review.reconcile import reconcile

HOSTILE = "Nota <script>alert(1)</script> | [x](javascript:alert(1)) 301 presos políticos"


@pytest.fixture
def data(build, session, settings):
    fp = build.source("foro-penal", "Foro Penal")
    pitazo = build.source("el-pitazo", "El Pitazo", role="secondary", kind="news")
    a = build.claim(build.document(fp, HOSTILE, published_at="2024-07-17"), 301)
    b = build.claim(
        build.document(pitazo, "Según Provea hay 290 presos políticos.", published_at="2024-08-02"),
        290,
        attributed_to="Provea",
    )
    c = build.claim(build.document(fp, "Hay 250 presos.", published_at="2023-01-05"), 250)
    build.claim(build.document(fp, "Hay 199 presos.", published_at="2024-09-01"), 199)  # pending
    reconcile(session)
    record(session, a, "accept", "ana")
    record(session, b, "correct", "ben", {"value": 300, "qualifier": "more_than"})
    record(session, c, "reject", "ana")
    session.commit()
    return {"accepted": a, "corrected": b, "rejected": c}


def test_default_is_accepted_with_effective_values_and_citations(session, data):
    rows = export_rows(session)
    assert [r["claim_id"] for r in rows] == [data["accepted"].id, data["corrected"].id]
    accepted, corrected = rows
    assert accepted["measure"] == "political_prisoners/Venezuela"
    assert accepted["quote"] == "301" and len(accepted["capture_sha256"]) == 64
    assert accepted["url"].startswith("https://foro-penal.example/")
    assert accepted["published_at"] == "2024-07-17"
    assert accepted["fetched_at"] == "2024-07-20T12:00:00Z"
    assert (accepted["review_status"], accepted["reviewer"]) == ("accepted", "ana")
    assert accepted["machine_value"] is None
    assert (corrected["value"], corrected["qualifier"]) == (300, "more_than")
    assert (corrected["machine_value"], corrected["machine_qualifier"]) == (290, "exact")
    assert corrected["corrected_fields"] == "qualifier,value"
    assert corrected["originator"] == "Provea" and corrected["publisher"] == "El Pitazo"


def test_filters(session, data):
    every = export_rows(session, ExportFilter(statuses=None))
    assert len(every) == 4
    assert {r["review_status"] for r in every} == {"accepted", "corrected", "rejected", "pending"}
    pitazo = export_rows(session, ExportFilter(sources=frozenset({"el-pitazo"})))
    assert [r["claim_id"] for r in pitazo] == [data["corrected"].id]
    since = export_rows(session, ExportFilter(statuses=None, since="2024-08"))
    assert {r["as_of"] for r in since} == {"2024-08-02", "2024-09-01"}
    until = export_rows(session, ExportFilter(statuses=None, until="2024-07"))
    assert {r["as_of"] for r in until} == {"2023-01-05", "2024-07-17"}
    assert export_rows(session, ExportFilter(measure="arbitrary_arrests")) == []
    assert len(export_rows(session, ExportFilter(measure="political_prisoners"))) == 2


def test_registry_declares_extension_and_media_type():
    assert names() == ["csv", "html", "json", "md", "xlsx"]
    assert get_exporter("xlsx").extension == "xlsx" and get_exporter("xlsx").binary
    assert get_exporter("csv").media_type.startswith("text/csv")


@pytest.mark.parametrize("name", ["csv", "json", "md", "html", "xlsx"])
def test_every_format_is_deterministic(session, data, name):
    exporter = get_exporter(name)
    first = exporter.render(export_rows(session))
    second = exporter.render(export_rows(session))
    assert first == second and first


def test_csv_and_json_content(session, data):
    rows = export_rows(session)
    parsed = list(csv.DictReader(io.StringIO(get_exporter("csv").render(rows).decode())))
    assert list(parsed[0]) == list(NAMES)
    assert parsed[1]["value"] == "300" and parsed[1]["machine_value"] == "290"
    objects = json.loads(get_exporter("json").render(rows))
    assert list(objects[0]) == list(NAMES) and objects[1]["machine_value"] == 290


def test_markdown_and_html_footnotes_and_escaping(session, data):
    rows = export_rows(session)
    md = get_exporter("md").render(rows).decode()
    assert "| [^1] |" in md and "[^2]:" in md
    assert "quote: 301" in md and "capture sha256:" in md
    assert "more than 300 \\(machine: 290\\)" in md
    html = get_exporter("html").render(rows).decode()
    assert '<a href="#note-1">[1]</a>' in html and '<li id="note-2">' in html
    assert "<script>" not in html  # the hostile text is in no cell, but citations escape anyway
    hostile_rows = [dict(rows[0], subject=HOSTILE, title=HOSTILE)]
    assert "<script>" not in get_exporter("html").render(hostile_rows).decode()
    escaped = get_exporter("md").render(hostile_rows).decode()
    assert "[x](javascript" not in escaped and "\\<script\\>" in escaped


def test_xlsx_has_rows_and_fixed_metadata(session, data, tmp_path):
    body = get_exporter("xlsx").render(export_rows(session))
    path = tmp_path / "claims.xlsx"
    path.write_bytes(body)
    sheet = load_workbook(path)["claims"]
    assert [c.value for c in sheet[1]] == list(NAMES)
    assert sheet.cell(row=3, column=NAMES.index("value") + 1).value == 300
    with zipfile.ZipFile(path) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert "2000-01-01T00:00:00Z" in archive.read("docProps/core.xml").decode()


def _run(settings, *args, input=None):
    return CliRunner().invoke(
        cli,
        ["--database-url", settings.database_url, "--data-dir", str(settings.data_dir), *args],
        input=input,
        catch_exceptions=False,
    )


def test_cli_csv_to_file_writes_datapackage_and_is_byte_identical(settings, data, tmp_path):
    out = tmp_path / "out" / "claims.csv"
    first = _run(settings, "export", "--format", "csv", "--output", str(out))
    assert first.exit_code == 0, first.output
    before = out.read_bytes(), (out.parent / "datapackage.json").read_bytes()
    assert _run(settings, "export", "--format", "csv", "--output", str(out)).exit_code == 0
    assert (out.read_bytes(), (out.parent / "datapackage.json").read_bytes()) == before
    package = json.loads(before[1])
    (resource,) = package["resources"]
    assert resource["path"] == "claims.csv" and resource["profile"] == "tabular-data-resource"
    fields = resource["schema"]["fields"]
    header = next(csv.reader(io.StringIO(before[0].decode())))
    assert [f["name"] for f in fields] == header
    assert all(f["type"] and f["description"] for f in fields)


def test_cli_xlsx_requires_output_and_stdout_formats_work(settings, data):
    refused = CliRunner().invoke(
        cli, ["--database-url", settings.database_url, "export", "--format", "xlsx"]
    )
    assert refused.exit_code != 0 and "--output" in refused.stderr
    result = _run(settings, "export", "--format", "json", "--all", "--source", "foro-penal")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 3
    for name in ("md", "html", "csv"):
        assert _run(settings, "export", "--format", name).exit_code == 0


def test_arrest_claims_cite_the_merged_person(build, session):
    fp = build.source("foro-penal", "Foro Penal")
    doc = build.document(fp, "Detenido Juan Pérez el 3 de agosto.", published_at="2024-08-04")
    old, kept = build.person("Juan Pérez"), build.person("Juan Pérez Gómez")
    arrest = build.claim(
        doc,
        None,
        None,
        quote="Juan Pérez",
        kind="arrest",
        person=old,
        as_of="2024-08-03",
        place=None,
    )
    from review.decisions import merge_persons

    merge_persons(session, old.id, kept.id, "ana")
    record(session, arrest, "accept", "ana")
    (row,) = export_rows(session)
    assert (row["kind"], row["person"], row["as_of"]) == (
        "arrest",
        "Juan Pérez Gómez",
        "2024-08-03",
    )
    assert row["value"] is None and row["measure"] is None
