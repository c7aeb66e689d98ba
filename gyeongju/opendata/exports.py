"""Open data: the columns of every download, and writers for CSV (UTF-8 with BOM), XLSX and JSON.

Downloads stream: rows are read from the database in chunks and written as they come, so memory
stays flat whatever the number of programs.
"""

import csv
import json
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from gyeongju.core.spreadsheets import spreadsheet_cell

CHUNK = 200


def in_chunks(queryset, size=None):
    """Yield the queryset's rows in its order, fetching CHUNK rows (and their prefetches) at a time.

    Only the ordered primary keys are held for the whole download; row objects exist for one chunk
    at a time, on every database, whatever the driver does with cursors.
    """
    size = size or CHUNK
    pks = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(pks), size):
        part = pks[start : start + size]
        rows = {row.pk: row for row in queryset.filter(pk__in=part).order_by()}
        for pk in part:
            if pk in rows:
                yield rows[pk]
        # Prefetched rows point back at their parent (a reference cycle), which only the cyclic
        # garbage collector would free, chunks later. The rows are written out: let them go now.
        for row in rows.values():
            row.__dict__.clear()


@dataclass(frozen=True)
class Column:
    key: str  # JSON key
    header: str  # CSV/XLSX header (Korean)
    description: str
    get: Callable
    # What datapackage.json says of the column (Frictionless table schema): its type, and the unit
    # of a number ("원", "종", "도").
    type: str = "string"
    unit: str | None = None
    format: str | None = None


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[], Iterable]  # the public rows, as model instances

    def records(self, objects: Iterable):
        for obj in objects:
            yield [column.get(obj) for column in self.columns]


class Echo:
    def write(self, value):
        return value


CSV_TYPE = "text/csv; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_lines(dataset: Dataset, objects: Iterable):
    """UTF-8 with BOM so Excel opens Korean correctly, line by line."""
    writer = csv.writer(Echo())
    yield "\ufeff" + writer.writerow([c.header for c in dataset.columns])
    for record in dataset.records(objects):
        yield writer.writerow(["" if v is None else spreadsheet_cell(v) for v in record])


def csv_response(dataset: Dataset, objects: Iterable, filename: str):
    """Streamed row by row."""
    response = StreamingHttpResponse(csv_lines(dataset, objects), content_type=CSV_TYPE)
    response["Content-Disposition"] = content_disposition(filename + ".csv")
    return response


def json_chunks(dataset: Dataset, objects: Iterable, *, meta: dict):
    """{"meta": {...}, "columns": [...], "data": [{...}, ...]} item by item."""
    keys = [c.key for c in dataset.columns]
    head = {
        "meta": meta,
        "columns": [
            {"key": c.key, "header": c.header, "description": c.description}
            for c in dataset.columns
        ],
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "data": ['
    first = True
    for record in dataset.records(objects):
        item = json.dumps(dict(zip(keys, record, strict=True)), ensure_ascii=False, default=str)
        yield item if first else "," + item
        first = False
    yield "]}"


def json_response(dataset: Dataset, objects: Iterable, filename: str, *, meta: dict):
    """Streamed item by item."""
    response = StreamingHttpResponse(
        json_chunks(dataset, objects, meta=meta), content_type=JSON_TYPE
    )
    response["Content-Disposition"] = content_disposition(filename + ".json")
    return response


def write_xlsx(dataset: Dataset, objects: Iterable, handle, *, meta: dict) -> None:
    """A workbook in openpyxl's write-only mode, written to ``handle``."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(dataset.title[:31])
    bold = Font(bold=True)
    header = []
    for column in dataset.columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for record in dataset.records(objects):
        sheet.append([spreadsheet_cell(v) for v in record])
    about = workbook.create_sheet("정보")
    for key, value in meta.items():
        about.append([key, spreadsheet_cell(str(value))])
    for column in dataset.columns:
        about.append([column.header, column.description])
    workbook.save(handle)


def xlsx_response(dataset: Dataset, objects: Iterable, filename: str, *, meta: dict):
    """Written to a temporary file, then streamed."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    write_xlsx(dataset, objects, handle, meta=meta)
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=filename + ".xlsx", content_type=XLSX_TYPE
    )


def content_disposition(filename: str) -> str:
    ascii_name = filename.encode("ascii", "ignore").decode() or "download"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def export_meta(dataset: Dataset, *, url: str, query: str = "") -> dict:
    return {
        "title": f"{settings.SITE_NAME} — {dataset.title}",
        "url": url,
        "filters": query,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "licence": "공공누리 제1유형(출처표시)",
        "attribution": f"출처: {settings.SITE_NAME}({settings.SITE_URL})",
    }
