"""Reading spreadsheets of hours (app.domain.importing): pure, no database.

Separators, encodings, header variants, date/hours/activity values, xlsx cells, and files that are
not spreadsheets at all — each refused with a message that names the problem.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest

from app.domain.importing import (
    MAX_FILE_BYTES,
    FormulaWithoutValue,
    NameIndex,
    clean_text,
    header_key,
    list_sheets,
    parse_activity,
    parse_date,
    parse_hours,
    read_table,
)
from app.errors import KnownError


def write(tmp_path: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def workbook(tmp_path: Path, rows: list[list[object]], name: str = "horas.xlsx") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Horas"
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


# --------------------------------------------------------------------------- CSV
@pytest.mark.parametrize("sep", [";", ",", "\t"])
def test_separator_is_sniffed(tmp_path: Path, sep: str) -> None:
    text = sep.join(["Fecha", "Técnico", "Horas", "Descripción"]) + "\n"
    text += sep.join(["15/03/2026", "Ane", '"1,5"' if sep == "," else "1,5", "Junta"]) + "\n"
    table = read_table(write(tmp_path, "h.csv", text))
    assert table.delimiter == sep
    assert table.columns == {
        "date": "Fecha",
        "officer": "Técnico",
        "hours": "Horas",
        "description": "Descripción",
    }
    assert table.rows == [
        (2, {"date": "15/03/2026", "officer": "Ane", "hours": "1,5", "description": "Junta"})
    ]


def test_windows_1252_spanish_file(tmp_path: Path) -> None:
    text = "Técnico;Fecha;Horas;Descripción\r\nIñaki;05/03/2026;1,5;Reunión de junta – plan\r\n"
    path = write(tmp_path, "h.csv", text, encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    table = read_table(path)
    assert table.encoding == "cp1252"
    (number, cells) = table.rows[0]
    assert number == 2
    assert cells["officer"] == "Iñaki"
    assert cells["description"] == "Reunión de junta – plan"
    assert parse_hours(cells["hours"]) == 90
    assert parse_date(cells["date"]) == dt.date(2026, 3, 5)


def test_utf8_with_bom_and_utf16_with_bom(tmp_path: Path) -> None:
    text = "Fecha;Horas\n2026-03-05;2\n"
    bom = write(tmp_path, "bom.csv", codecs.BOM_UTF8 + text.encode())
    table = read_table(bom)
    assert table.encoding == "utf-8-sig"
    assert table.headers == ["Fecha", "Horas"]
    utf16 = write(tmp_path, "unicode.txt", "Fecha\tHoras\n2026-03-05\t2\n".encode("utf-16"))
    assert read_table(utf16).rows == [(2, {"date": "2026-03-05", "hours": "2"})]


def test_header_variants_ignore_case_accents_spaces_and_units(tmp_path: Path) -> None:
    header = " FECHA ;responsable; Clúster ;ACTIVIDAD;Horas (h);CONCEPTO"
    table = read_table(write(tmp_path, "h.csv", header + "\n01/02/2026;Ane;GAIA;otros;1;x\n"))
    assert set(table.columns) == {"date", "officer", "cluster", "activity", "hours", "description"}
    assert table.columns["hours"] == "Horas (h)"
    assert header_key("Descripción") == header_key("descripcion ") == "descripcion"


def test_english_headers(tmp_path: Path) -> None:
    text = "Date,Officer,Cluster,Activity,Hours,Description\n2026-02-01,Ane,GAIA,Travel,1.5,x\n"
    table = read_table(write(tmp_path, "h.csv", text))
    assert set(table.columns) == {"date", "officer", "cluster", "activity", "hours", "description"}


def test_title_rows_and_blank_lines_keep_spreadsheet_row_numbers(tmp_path: Path) -> None:
    text = "Horas de enlace 2026\n\nFecha;Horas\n01/02/2026;1\n\n;\n02/02/2026;2\n"
    table = read_table(write(tmp_path, "h.csv", text))
    assert table.header_row == 3
    assert [n for n, _cells in table.rows] == [4, 7]


def test_quoted_cells_with_separators_and_line_breaks(tmp_path: Path) -> None:
    text = (
        'Fecha;Horas;Descripción\n01/02/2026;1;"Junta; orden del día\ncontinúa"\n02/02/2026;2;x\n'
    )
    table = read_table(write(tmp_path, "h.csv", text))
    assert table.rows[0][1]["description"] == "Junta; orden del día\ncontinúa"
    assert [n for n, _c in table.rows] == [2, 3]  # one record per spreadsheet row


def test_ragged_rows_are_noted_missing_cells_are_empty(tmp_path: Path) -> None:
    text = "Fecha;Horas;Descripción\n01/02/2026;1;a;b\n02/02/2026\n03/02/2026;1;ok;;\n"
    table = read_table(write(tmp_path, "h.csv", text))
    assert table.rows[1] == (3, {"date": "02/02/2026", "hours": None, "description": None})
    assert "4 cells but the header has 3 columns" in table.notes[2][0]
    assert "“;”" in table.notes[2][0]
    assert 4 not in table.notes  # extra empty cells are harmless


def test_unclosed_quote_that_swallows_the_file_is_refused(tmp_path: Path) -> None:
    text = 'Fecha;Horas;Descripción\n01/02/2026;1;"never closed\n' + ("x" * 200_000) + "\n"
    with pytest.raises(KnownError, match=r"Row 2 .*closing quote"):
        read_table(write(tmp_path, "h.csv", text))


# --------------------------------------------------------------------------- XLSX
def test_xlsx_real_dates_serial_numbers_and_times(tmp_path: Path) -> None:
    path = workbook(
        tmp_path,
        [
            ["Fecha", "Técnico", "Horas", "Descripción"],
            [dt.datetime(2026, 3, 15), "Ane", 1.5, "Junta"],
            [46096, "Ane", dt.time(1, 30), 12345],
            ["15/03/2026", "Ane", "1,5", None],
            [dt.date(2026, 3, 15), "Ane", dt.timedelta(hours=2), 3.25],
        ],
    )
    table = read_table(path)
    assert table.kind == "xlsx" and table.sheet == "Horas"
    dates = [parse_date(c["date"], table.epoch) for _n, c in table.rows]
    assert dates == [dt.date(2026, 3, 15)] * 4
    assert [parse_hours(c["hours"]) for _n, c in table.rows] == [90, 90, 90, 120]
    assert [clean_text(c["description"]) for _n, c in table.rows] == ["Junta", "12345", "", "3.25"]


def test_xlsx_header_below_title_and_gaps_keep_row_numbers(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["B1"] = "Horas 2026"
    ws["B3"], ws["C3"] = "Fecha", "Horas"
    ws["B4"], ws["C4"] = "01/02/2026", 1
    ws["B7"], ws["C7"] = "02/02/2026", 2
    path = tmp_path / "h.xlsx"
    wb.save(path)
    table = read_table(path)
    assert table.header_row == 3
    assert [n for n, _c in table.rows] == [4, 7]


def _with_cached_value(path: Path, value: str) -> None:
    """Give the formula cells of ``path`` a saved result, as Excel would."""
    with zipfile.ZipFile(path) as z:
        items = {name: z.read(name) for name in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    items[sheet] = items[sheet].replace(b"<v />", f"<v>{value}</v>".encode())
    with zipfile.ZipFile(path, "w") as z:
        for name, data in items.items():
            z.writestr(name, data)


def test_xlsx_formulas_read_as_saved_values_or_marked(tmp_path: Path) -> None:
    rows: list[list[object]] = [["Fecha", "Horas"], ["01/02/2026", "=1+1"]]
    uncached = workbook(tmp_path, rows, "uncached.xlsx")
    cell = read_table(uncached).rows[0][1]["hours"]
    assert cell == FormulaWithoutValue("=1+1")
    with pytest.raises(ValueError, match="formula .*never saved"):
        parse_hours(cell)
    cached = workbook(tmp_path, rows, "cached.xlsx")
    _with_cached_value(cached, "2")
    assert parse_hours(read_table(cached).rows[0][1]["hours"]) == 120


def test_xlsx_sheet_by_name(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Resumen"
    wb.active["A1"] = "Total"
    ws = wb.create_sheet("2025")
    ws.append(["Fecha", "Horas"])
    ws.append(["01/02/2025", 3])
    path = tmp_path / "libro.xlsx"
    wb.save(path)
    assert list_sheets(path) == ["Resumen", "2025"]
    assert read_table(path, sheet="2025").rows == [(2, {"date": "01/02/2025", "hours": 3})]
    with pytest.raises(KnownError, match="no header row"):
        read_table(path)  # the first sheet has no table
    with pytest.raises(KnownError, match=r"no sheet called “2024”.*“Resumen”, “2025”"):
        read_table(path, sheet="2024")
    assert list_sheets(write(tmp_path, "h.csv", "Fecha;Horas\n")) == []


# --------------------------------------------------------------------------- refused files
def test_png_renamed_csv_is_refused(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n" + os.urandom(300)
    with pytest.raises(KnownError, match="PNG image, not a spreadsheet"):
        read_table(write(tmp_path, "hours.csv", png))


def test_binary_garbage_is_refused(tmp_path: Path) -> None:
    garbage = bytes(range(256)) * 40
    with pytest.raises(KnownError, match="not a text .*file"):
        read_table(write(tmp_path, "hours.csv", garbage))


def test_empty_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="is empty"):
        read_table(write(tmp_path, "empty.csv", b""))
    with pytest.raises(KnownError, match="is empty"):
        read_table(write(tmp_path, "blank.csv", "\n\n  \n"))


def test_missing_columns_are_named_and_headers_found_listed(tmp_path: Path) -> None:
    path = write(tmp_path, "h.csv", "Fecha;Técnico;Tiempo dedicado\n01/02/2026;Ane;1\n")
    with pytest.raises(KnownError) as info:
        read_table(path)
    message = str(info.value)
    assert "no Hours/Horas column" in message
    assert "“Fecha”, “Técnico”, “Tiempo dedicado”" in message


def test_file_without_any_known_header(tmp_path: Path) -> None:
    path = write(tmp_path, "h.csv", "a;b;c\n1;2;3\n")
    with pytest.raises(KnownError, match=r"no header row .*“a”, “b”, “c”"):
        read_table(path)


def test_two_columns_for_the_same_thing(tmp_path: Path) -> None:
    path = write(tmp_path, "h.csv", "Fecha;Horas;Técnico;Responsable\n")
    with pytest.raises(KnownError, match="several columns for Officer.*“Técnico”, “Responsable”"):
        read_table(path)


def test_files_over_50_mb_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with open(path, "wb") as f:
        f.write(b"Fecha;Horas\n")
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: instant
    with pytest.raises(KnownError, match="files over 50 MB cannot be imported"):
        read_table(path)


def test_xlsx_that_is_not_a_zip_or_not_a_workbook(tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="not a valid Excel workbook"):
        read_table(write(tmp_path, "h.xlsx", "Fecha;Horas\n01/01/2026;1\n"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(KnownError, match="not a valid Excel workbook"):
        read_table(write(tmp_path, "h2.xlsx", buf.getvalue()))
    truncated = workbook(tmp_path, [["Fecha", "Horas"]], "t.xlsx").read_bytes()[:200]
    with pytest.raises(KnownError, match="not a valid Excel workbook"):
        read_table(write(tmp_path, "t2.xlsx", truncated))


def test_old_xls_and_ods_are_refused_with_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(KnownError, match=r"Excel 97–2003 .*save it as .xlsx or CSV"):
        read_table(write(tmp_path, "h.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<x/>")
    with pytest.raises(KnownError, match="OpenDocument"):
        read_table(write(tmp_path, "h.ods", buf.getvalue()))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="does not exist"):
        read_table(tmp_path / "nope.csv")


# --------------------------------------------------------------------------- values
@pytest.mark.parametrize(
    "value",
    [
        "2026-03-05",
        "05/03/2026",
        "5/3/2026",
        "05-03-2026",
        "05.03.2026",
        "05/03/26",
        "2026-03-05 00:00:00",
        "05/03/2026 0:00",
        " 05/03/2026 ",
        "46086",
        46086,
        46086.5,
        dt.date(2026, 3, 5),
        dt.datetime(2026, 3, 5, 10, 30),
    ],
)
def test_dates(value: object) -> None:
    assert parse_date(value) == dt.date(2026, 3, 5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/2026", "February 2026 has no day 31"),
        ("03/25/2026", "no month 25"),
        ("mañana", "“mañana” is not a date"),
        ("", "The date is missing"),
        (None, "The date is missing"),
        ("Total", "remove totals rows"),
        ("01/01/1899", "check the year"),
        ("#VALUE!", "Excel error #VALUE!"),
        (True, "TRUE/FALSE"),
        (dt.time(10, 0), "time of day"),
    ],
)
def test_bad_dates_say_what_is_wrong(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_date(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "minutes"),
    [
        ("1,5", 90),
        ("1.5", 90),
        ("1:30", 90),
        ("0:15", 15),
        ("2", 120),
        (" 2,25 ", 135),
        (1.5, 90),
        (2, 120),
        (dt.time(1, 30), 90),
        (dt.timedelta(hours=2, minutes=45), 165),
    ],
)
def test_hours(value: object, minutes: int) -> None:
    assert parse_hours(value) == minutes  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("30", "more than 24 hours"),
        ("0:10", "quarter-hour steps"),
        ("1,33", "quarter-hour steps"),
        ("abc", "not a number of hours"),
        ("", "The hours are missing"),
        (None, "The hours are missing"),
        ("0", "more than zero"),
        ("#DIV/0!", "Excel error #DIV/0!"),
        ("x" * 500, "not a number of hours"),
        (dt.date(2026, 1, 1), "holds a date"),
    ],
)
def test_bad_hours_say_what_is_wrong(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_hours(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("Reunión de junta", "board_meeting"),
        ("REUNION DE CONSEJO", "board_meeting"),
        ("board_meeting", "board_meeting"),
        ("Board meeting", "board_meeting"),
        ("Preparación", "preparation"),
        ("grupo de trabajo", "working_group"),
        ("Working group", "working_group"),
        ("Evaluación", "assessment"),
        ("Evento", "event"),
        ("jornada", "event"),
        ("Event / Cluster Day", "event"),
        ("Coordinación", "coordination"),
        ("viaje", "travel"),
        ("Desplazamiento", "travel"),
        ("otros", "other"),
        ("Otro", "other"),
        ("", "other"),
        (None, "other"),
    ],
)
def test_activities_in_english_or_spanish(value: object, key: str) -> None:
    assert parse_activity(value) == key  # type: ignore[arg-type]


def test_unknown_activity_lists_the_choices() -> None:
    with pytest.raises(ValueError, match=r"“Comida” is not an activity; use one of: Board meeting"):
        parse_activity("Comida")


def test_control_characters_are_stripped_from_text() -> None:
    assert (
        clean_text("Junta\x00 de\x07\tmarzo\r\n  \x1b[31m ‏مرحبا 👍")
        == "Junta de marzo [31m ‏مرحبا 👍"
    )
    assert clean_text(None) == ""
    assert clean_text(3.0) == "3"


def test_names_match_ignoring_case_accents_and_spaces() -> None:
    index = NameIndex("officer", "use the e-mail address")
    index.add(1, "Iñaki Larrañaga", "inaki@spri.eus")
    index.add(2, "Ane Etxeberria", "ane@spri.eus")
    index.add(3, "Ane  Etxeberría", "ane2@spri.eus")
    assert index.find("  INAKI   larranaga ") == 1
    assert index.find("Inaki@SPRI.eus") == 1
    assert index.find("ane2@spri.eus") == 3
    with pytest.raises(
        ValueError,
        match=r"“ane etxeberria” could be several officers \(Ane  Etxeberría, Ane Etxeberria\); use the e-mail",
    ):
        index.find("ane etxeberria")
    with pytest.raises(ValueError, match="no officer is called “Mikel”"):
        index.find("Mikel")
