"""xlsx via openpyxl, made reproducible: fixed document dates and fixed zip entry times.

openpyxl stamps the save time into ``docProps/core.xml`` and every zip entry; both are
rewritten to a fixed epoch so the same rows give the same bytes.

openpyxl turns any string that starts with ``=`` into a formula cell, so text is never handed to
it as a plain value: every text cell is typed as a string, and one a spreadsheet could read as a
formula (:func:`review.exporters.cells.formula_like`) also gets the quote-prefix flag, which
keeps it text even when someone edits the cell. The text itself is written as crawled.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from review.exporters import Exporter, Rows, register
from review.exporters.cells import formula_like
from review.exporters.columns import COLUMNS, NAMES

EPOCH = datetime(2000, 1, 1)
EPOCH_ISO = "2000-01-01T00:00:00Z"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_CORE_DATES = re.compile(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def render_xlsx(rows: Rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "claims"
    _write_row(sheet, 1, NAMES)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, 2):
        _write_row(sheet, number, [row[name] for name in NAMES])
    sheet.freeze_panes = "A2"
    about = workbook.create_sheet("columns")
    _write_row(about, 1, ["column", "type", "description"])
    for number, column in enumerate(COLUMNS, 2):
        _write_row(about, number, [column.name, column.type, column.description])
    workbook.properties.creator = "crosstally"
    workbook.properties.created = workbook.properties.modified = EPOCH
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _normalise_zip(buffer.getvalue())


def _write_row(sheet: Worksheet, number: int, values: Sequence[object]) -> None:
    """Row ``number``: text always as a string cell, numbers as numbers, None left empty."""
    for column, value in enumerate(values, 1):
        if value is None:
            continue
        cell = sheet.cell(number, column)
        if isinstance(value, str):
            # Control characters XML cannot carry would make openpyxl refuse the whole file.
            cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
            cell.data_type = "s"
            if formula_like(value):
                cell.quotePrefix = True
        else:
            cell.value = value


def _normalise_zip(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = content.decode("utf-8")
                content = _CORE_DATES.sub(rf"\g<1>{EPOCH_ISO}\g<3>", text).encode("utf-8")
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, content)
    return out.getvalue()


register(
    Exporter(
        "xlsx",
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        render_xlsx,
        binary=True,
    )
)
