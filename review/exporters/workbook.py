"""xlsx via openpyxl, made reproducible: fixed document dates and fixed zip entry times.

openpyxl stamps the save time into ``docProps/core.xml`` and every zip entry; both are
rewritten to a fixed epoch so the same rows give the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Font

from review.exporters import Exporter, Rows, register
from review.exporters.columns import COLUMNS, NAMES

EPOCH = datetime(2000, 1, 1)
EPOCH_ISO = "2000-01-01T00:00:00Z"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_CORE_DATES = re.compile(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def render_xlsx(rows: Rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "claims"
    sheet.append(list(NAMES))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row[name] for name in NAMES])
    sheet.freeze_panes = "A2"
    about = workbook.create_sheet("columns")
    about.append(["column", "type", "description"])
    for column in COLUMNS:
        about.append([column.name, column.type, column.description])
    workbook.properties.creator = "crosstally"
    workbook.properties.created = workbook.properties.modified = EPOCH
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _normalise_zip(buffer.getvalue())


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
