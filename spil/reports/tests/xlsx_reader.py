"""Reading back the XLSX the monitoring writes, as a spreadsheet program would (openpyxl)."""

import io

import openpyxl


def read_xlsx(content: bytes) -> dict[str, list[list[object]]]:
    """Sheet name → rows of values, empty cells left out: a number as int/float, a text as str."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {
        sheet.title: [
            [value for value in row if value is not None]
            for row in sheet.iter_rows(values_only=True)
        ]
        for sheet in book.worksheets
    }
