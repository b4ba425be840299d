"""Spreadsheet exports shared by every app: one place neutralises formula injection and
builds the CSV/XLSX download responses (every export goes through csv_response/xlsx_response,
so none holds a whole file in memory).

A cell starting with = + - @ (or a tab / carriage return that spreadsheet programs skip
before reading one of those) is turned into text by a leading apostrophe, so a
participant-typed "=HYPERLINK(...)" is shown, never run, when an organiser opens the file.
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> object:
    """The value as it may go into a CSV/XLSX cell (numbers and dates stay as they are)."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable]) -> Iterator[str]:
    """Yield CSV lines (each cell through safe_cell) for a StreamingHttpResponse."""
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so that spreadsheet programs read UTF-8 (Hindi names) correctly
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])


def csv_response(rows: Iterable[Iterable], filename: str) -> StreamingHttpResponse:
    """`filename`.csv streamed row by row (UTF-8 with a BOM, every cell through safe_cell)."""
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(rows: Iterable[Iterable], filename: str, sheet_title: str) -> FileResponse:
    """A write-only workbook spooled to a temporary file (not held in memory)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    for row in rows:
        sheet.append([safe_cell(cell) for cell in row])
    spool = tempfile.TemporaryFile()  # noqa: SIM115 — closed by FileResponse
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
