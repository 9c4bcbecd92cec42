"""Tables written out for a spreadsheet: CSV (one file, a section per table) and XLSX (a
sheet per table, openpyxl). Numbers stay numbers (seconds, percentages); an hour is written
as local date and time. No Qt here."""

from __future__ import annotations

import csv
import datetime as dt
import zoneinfo
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

Cell = str | int | float | None


@dataclass(frozen=True)
class Table:
    title: str
    headers: tuple[str, ...]
    kinds: tuple[str, ...]  # per column: text | count | percent | seconds | rating | hour | day
    rows: tuple[tuple[Cell, ...], ...]
    zone: str = ""  # the time zone of its hours (the team's, as the report names it)


def hour_text(start: float, zone: str, fmt: str) -> str:
    """An hour of a report in the team's time zone (a +5:30 team's hour starts at :30 UTC
    and is "14:00" to them), or in this computer's when the zone is unknown here."""
    try:
        tz: dt.tzinfo | None = zoneinfo.ZoneInfo(zone) if zone else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = None
    return dt.datetime.fromtimestamp(start, tz).strftime(fmt)


def plain(value: Cell, kind: str, zone: str = "") -> str | int | float:
    """What a spreadsheet cell holds: "" for nothing, numbers rounded, hours as text."""
    if value is None:
        return ""
    if kind == "hour" and isinstance(value, int | float):
        return hour_text(value, zone, "%Y-%m-%d %H:%M")
    if kind == "day" and isinstance(value, int | float):
        return hour_text(value, zone, "%Y-%m-%d")
    if isinstance(value, float):
        return round(value, 1 if kind in ("seconds", "percent") else 2)
    return value


def write_csv(path: Path, tables: tuple[Table, ...]) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as out:  # (BOM: Excel's UTF-8)
        writer = csv.writer(out)
        for n, table in enumerate(tables):
            if n:
                writer.writerow([])
            writer.writerow([table.title])
            writer.writerow(table.headers)
            for row in table.rows:
                writer.writerow([plain(v, k, table.zone)
                                 for v, k in zip(row, table.kinds, strict=True)])


def write_xlsx(path: Path, tables: tuple[Table, ...]) -> None:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for table in tables:
        sheet = book.create_sheet(table.title[:31])  # (Excel's limit on a sheet's name)
        sheet.append(list(table.headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([plain(v, k, table.zone)
                          for v, k in zip(row, table.kinds, strict=True)])
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(60, width + 2)
    book.save(path)
