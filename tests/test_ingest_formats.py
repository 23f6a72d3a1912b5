"""Reading exports: encodings, Dutch dates, and the CSV / XLSX / JSON / JSON Lines readers (rows, bad rows,
streaming). Fixtures are written per test under tmp_path."""

from __future__ import annotations

import codecs
import json
import tracemalloc
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from pipelines.ingest import readers
from pipelines.ingest.dates import parse_datetime
from pipelines.ingest.decode import ReadError, decode_bytes, repair, sniff_encoding
from pipelines.ingest.readers import BadRow, Row, iter_rows


def rows_of(path: Path) -> tuple[list[Row], list[BadRow]]:
    items = list(iter_rows(path))
    return [r for r in items if isinstance(r, Row)], [b for b in items if isinstance(b, BadRow)]


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


# ---- encodings ------------------------------------------------------------------------------------------------

TEXT = "id;tekst\n1;Café geopend, € 5 retour: ‘prima’\n2;Één dag te laat, reünie\n"
ENCODINGS: dict[str, Callable[[str], bytes]] = {
    "utf-8": lambda s: s.encode("utf-8"),
    "utf-8-bom": lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
    "utf-16-le-bom": lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le"),
    "utf-16-be-bom": lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be"),
    "utf-16-le": lambda s: s.encode("utf-16-le"),
    "utf-16-be": lambda s: s.encode("utf-16-be"),
    "cp1252": lambda s: s.encode("cp1252"),
}


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_every_export_encoding_reads_to_the_same_text(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path, "export.csv", ENCODINGS[encoding](TEXT))
    good, bad = rows_of(path)
    assert bad == []
    assert [r.fields for r in good] == [
        {"id": "1", "tekst": "Café geopend, € 5 retour: ‘prima’"},
        {"id": "2", "tekst": "Één dag te laat, reünie"},
    ]
    assert list(good[0].fields) == ["id", "tekst"]  # no BOM glued to the first column name


def test_cp1252_bytes_after_a_long_ascii_head_are_not_broken(tmp_path: Path) -> None:
    # the encoding is sniffed on the first 64 KiB; a Windows export is often plain ASCII that far
    lines = ["id,tekst"] + [f"{i},gewoon ascii bericht nummer {i}" for i in range(1, 3000)]
    lines.append("3000,Café in België was dicht")
    path = write(tmp_path, "big.csv", ("\n".join(lines) + "\n").encode("cp1252"))
    good, bad = rows_of(path)
    assert bad == []
    assert len(good) == 3000
    assert good[-1].fields["tekst"] == "Café in België was dicht"


def test_invalid_bytes_in_a_utf8_file_quarantine_that_row_only(tmp_path: Path) -> None:
    # the head proves UTF-8 (valid non-ASCII); invalid bytes further on are a broken row, not a new encoding
    head = "".join(f"{i},Café nummer {i}\n" for i in range(1, 4001)).encode()
    data = b"id,tekst\n" + head + b"4001,kapot \xff\xfe teken\n" + b"4002,goed\n"
    path = write(tmp_path, "mixed.csv", data)
    good, bad = rows_of(path)
    assert len(good) == 4001 and good[-1].fields == {"id": "4002", "tekst": "goed"}
    assert len(bad) == 1
    assert bad[0].row == 4002
    assert "broken encoding" in bad[0].reason and "'tekst'" in bad[0].reason and "utf-8" in bad[0].reason


def test_mixed_utf8_and_cp1252_in_the_head_reads_both_right(tmp_path: Path) -> None:
    data = "id,tekst\n1,Café open\n".encode() + "2,Café dicht\n".encode("cp1252")
    good, bad = rows_of(write(tmp_path, "mixed.csv", data))
    assert bad == []
    assert [r.fields["tekst"] for r in good] == ["Café open", "Café dicht"]


@pytest.mark.parametrize(("broken", "fixed"), [
    ("CafÃ©", "Café"),
    ("Iâ€™m boos", "I’m boos"),
    ("Ã‰Ã©n pakket", "Één pakket"),
    ("Ik heb â‚¬ 20 betaald", "Ik heb € 20 betaald"),
    ("naÃ¯ef", "naïef"),
])
def test_mojibake_is_repaired(broken: str, fixed: str) -> None:
    assert repair(broken) == fixed


@pytest.mark.parametrize("clean", ["Café ‘quotes’ — €5", "plain ascii", "Ça va? Één, twee, drieën", ""])
def test_clean_text_is_left_alone(clean: str) -> None:
    assert repair(clean) == clean


def test_mojibake_in_a_file_is_repaired_on_read(tmp_path: Path) -> None:
    path = write(tmp_path, "moji.csv", "id,tekst\n1,CafÃ© was dicht en dat vond ik niet okÃ©\n")
    good, _ = rows_of(path)
    assert good[0].fields["tekst"] == "Café was dicht en dat vond ik niet oké"


def test_sniffing_reports_how_it_decided() -> None:
    assert sniff_encoding(codecs.BOM_UTF8 + b"a").encoding == "utf-8-sig"
    assert sniff_encoding("é".encode("cp1252") + b" ok").encoding == "cp1252"
    assert sniff_encoding("tekst met é".encode()).encoding == "utf-8"
    text, dec = decode_bytes("Café".encode("utf-16-le"))
    assert (text, dec.encoding) == ("Café", "utf-16-le")


def test_utf8_sample_cut_inside_a_character_is_still_utf8() -> None:
    head = ("é" * 10).encode()[:-1]  # the sample boundary splits the last character
    assert sniff_encoding(head).encoding == "utf-8"


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty"),
    (b"PK\x03\x04\x14\x00\x00\x00binary zip", ".xlsx"),
    (b"\x00\x01\x02\x03\xff\x00garbage\x00", "binary"),
    (b"\n\n   \n", "no header row"),
])
def test_unreadable_csv_files_raise_a_clear_error(tmp_path: Path, data: bytes, message: str) -> None:
    path = write(tmp_path, "bad.csv", data)
    with pytest.raises(ReadError, match=message) as exc:
        list(iter_rows(path))
    assert str(path) in str(exc.value)


def test_unsupported_extension_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="unsupported file type"):
        list(iter_rows(write(tmp_path, "export.pdf", b"%PDF")))


# ---- dates ----------------------------------------------------------------------------------------------------

def utc(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, s, tzinfo=UTC)


@pytest.mark.parametrize(("value", "expected"), [
    ("12-03-2026 14:05", utc(2026, 3, 12, 13, 5)),  # CET: UTC+1
    ("12-07-2026 14:05", utc(2026, 7, 12, 12, 5)),  # CEST: UTC+2
    ("12/03/2026", utc(2026, 3, 11, 23, 0)),
    ("12.03.26", utc(2026, 3, 11, 23, 0)),
    ("1-3-2026 9:05", utc(2026, 3, 1, 8, 5)),
    ("12 maart 2026", utc(2026, 3, 11, 23, 0)),
    ("12 mrt. 2026 om 14:05", utc(2026, 3, 12, 13, 5)),
    ("12 mrt 2026, 14:05", utc(2026, 3, 12, 13, 5)),
    ("maandag 12 maart 2026", utc(2026, 3, 11, 23, 0)),
    ("di 12 mrt. 2026 14.05 uur", utc(2026, 3, 12, 13, 5)),
    ("1 oktober 2026 14u05", utc(2026, 10, 1, 12, 5)),
    ("March 12, 2026", utc(2026, 3, 11, 23, 0)),
    ("12-03-2026 2:05 PM", utc(2026, 3, 12, 13, 5)),
    ("12-03-2026 12:30 AM", utc(2026, 3, 11, 23, 30)),
    ("2026-03-12T14:05:00", utc(2026, 3, 12, 13, 5)),
    ("2026-03-12T14:05:00Z", utc(2026, 3, 12, 14, 5)),
    ("2026-03-12 14:05:00+01:00", utc(2026, 3, 12, 13, 5)),
    ("Thu, 12 Mar 2026 14:05:00 +0100", utc(2026, 3, 12, 13, 5)),
    ("20260312", utc(2026, 3, 11, 23, 0)),
    ("46093", utc(2026, 3, 11, 23, 0)),  # Excel serial day
    (46093.5, utc(2026, 3, 12, 11, 0)),  # Excel serial with time of day
    (1773324300, utc(2026, 3, 12, 14, 5)),  # Unix seconds
    ("1773324300000", utc(2026, 3, 12, 14, 5)),  # Unix milliseconds
    (datetime(2026, 3, 12, 14, 5), utc(2026, 3, 12, 13, 5)),  # naive: Amsterdam time
    (datetime(2026, 3, 12, 14, 5, tzinfo=timezone(timedelta(hours=-5))), utc(2026, 3, 12, 19, 5)),
    (date(2026, 3, 12), utc(2026, 3, 11, 23, 0)),
])
def test_dutch_dates_parse_to_utc(value: object, expected: datetime) -> None:
    got = parse_datetime(value)
    assert got == expected
    assert got is not None and got.tzinfo is not None


@pytest.mark.parametrize("value", [None, "", "   ", "abc", "31-02-2026", "12 maart", "14:05", "13:00 PM 12-03",
                                   "12 foo 2026", True, 12.5])
def test_non_dates_are_none(value: object) -> None:
    assert parse_datetime(value) is None


# ---- CSV ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("delim", [",", ";", "\t", "|"])
def test_csv_any_delimiter_with_quoted_multiline_fields(tmp_path: Path, delim: str) -> None:
    d = delim
    text = (f"id{d}tekst{d}datum\n"
            f'1{d}"Regel een{d} met scheidingsteken\nregel twee met ""aanhalingstekens"""{d}12-03-2026\n'
            f"2{d}kort{d}13-03-2026\n")
    good, bad = rows_of(write(tmp_path, "x.csv", text))
    assert bad == []
    assert [r.row for r in good] == [2, 4]  # the line each record starts on
    assert good[0].fields["tekst"] == f'Regel een{d} met scheidingsteken\nregel twee met "aanhalingstekens"'
    assert good[1].fields == {"id": "2", "tekst": "kort", "datum": "13-03-2026"}


def test_csv_delimiter_is_taken_from_the_header_not_the_text(tmp_path: Path) -> None:
    text = ('"Naam, voornaam";Tekst\n'
            'Jansen, Jan;Dit, dat, en nog iets, met veel komma\'s, echt\n')
    good, bad = rows_of(write(tmp_path, "x.csv", text))
    assert bad == []
    assert good[0].fields == {"Naam, voornaam": "Jansen, Jan", "Tekst": "Dit, dat, en nog iets, met veel komma's, echt"}


def test_csv_dutch_apostrophes_are_not_quotes(tmp_path: Path) -> None:
    # csv.Sniffer took "'" for the quote character here and mangled "'s avonds" and "auto's"
    text = "id,tekst,datum\n1,'s avonds was de auto's kapot,12-03-2026\n2,'t is 'n ramp',13-03-2026\n"
    good, bad = rows_of(write(tmp_path, "x.csv", text))
    assert bad == []
    assert [r.fields["tekst"] for r in good] == ["'s avonds was de auto's kapot", "'t is 'n ramp'"]


def test_csv_with_one_column_keeps_commas_in_the_text(tmp_path: Path) -> None:
    text = 'tekst\nHallo, ik wil retour; kan dat?\n"Twee regels,\nmet komma"\n'
    good, bad = rows_of(write(tmp_path, "x.csv", text))
    assert bad == []
    assert [r.fields["tekst"] for r in good] == ["Hallo, ik wil retour; kan dat?", "Twee regels,\nmet komma"]


def test_csv_excel_sep_hint_crlf_and_blank_lines(tmp_path: Path) -> None:
    text = "sep=|\r\nid|tekst\r\n\r\n1|een; twee, drie\r\n\r\n2|vier\r\n"
    good, bad = rows_of(write(tmp_path, "x.csv", text))
    assert bad == []
    assert [(r.row, r.fields["tekst"]) for r in good] == [(4, "een; twee, drie"), (6, "vier")]


def test_csv_trailing_delimiter_and_repeated_columns(tmp_path: Path) -> None:
    text = "id;Tag;Tag;\n1;a;b;\n2;c;d;\n"
    good, bad = rows_of(write(tmp_path, "x.csv", text))
    assert bad == []
    assert good[0].fields == {"id": "1", "Tag": "a", "Tag_2": "b", "column_4": ""}


def test_csv_unclosed_quote_costs_one_row_not_the_rest_of_the_file(tmp_path: Path) -> None:
    text = ('id,tekst,datum\n'
            '1,goed,12-03-2026\n'
            '2,"hier sluit het aanhalingsteken nooit,12-03-2026\n'
            '3,nog goed,12-03-2026\n'
            '4,"netjes ""gequote"" tekst",12-03-2026\n'
            '5,laatste,12-03-2026\n')
    good, bad = rows_of(write(tmp_path, "x.csv", text))
    assert [r.fields["id"] for r in good] == ["1", "3", "4", "5"]
    assert good[2].fields["tekst"] == 'netjes "gequote" tekst'
    assert [(b.row, b.reason.split(":")[0]) for b in bad] == [(3, "broken quoting")]
    assert bad[0].raw.startswith('2,"hier sluit')


def test_csv_unclosed_quote_at_the_end_of_the_file(tmp_path: Path) -> None:
    text = 'id,tekst\n1,goed\n2,"open tot het einde\n3,ook goed\n'
    good, bad = rows_of(write(tmp_path, "x.csv", text))
    assert [r.fields["id"] for r in good] == ["1", "3"]
    assert len(bad) == 1 and bad[0].row == 3 and "broken quoting" in bad[0].reason


def test_csv_record_cut_off_at_the_end_of_the_file_is_one_bad_row(tmp_path: Path) -> None:
    # the download stopped inside the last ticket's quoted, multi-line description (Freshdesk: ";", cp1252, CRLF)
    text = ('Ticket ID;Subject;Description;Status\r\n'
            '10785;Factuur;"Goeiedag,\r\n\r\nMag ik een factuur?";Closed\r\n'
            '10786;Pakje nog altijd niet toegekomen;"Goeiedag,\r\n'
            '\r\n'
            'Mijn pakje is nog altijd niet toegekomen. Kunnen jullie eens nakijken; waar het')
    good, bad = rows_of(write(tmp_path, "x.csv", text.encode("cp1252")))
    assert [r.fields["Ticket ID"] for r in good] == ["10785"]
    assert [(b.row, b.reason.split(" (")[0]) for b in bad] == [(5, "broken quoting: unexpected end of data")]
    assert "lines 5-7" in bad[0].reason
    assert bad[0].raw.startswith('10786;Pakje') and bad[0].raw.endswith("nakijken; waar het")


def test_csv_stray_quote_and_wrong_field_count_are_quarantined(tmp_path: Path) -> None:
    text = ('id,tekst,kanaal\n'
            '1,"Hij zei "hallo" en ging",mail\n'
            '2,te veel,velden,hier\n'
            '3,te weinig\n'
            '4,goed,chat\n')
    good, bad = rows_of(write(tmp_path, "x.csv", text))
    assert [r.fields["id"] for r in good] == ["4"]
    assert [b.row for b in bad] == [2, 3, 4]
    assert "broken quoting" in bad[0].reason
    assert "expected 3, got 4" in bad[1].reason and bad[1].raw == "2,te veel,velden,hier\n"
    assert "expected 3, got 2" in bad[2].reason


def test_csv_every_record_ends_as_exactly_one_row_or_bad_row(tmp_path: Path) -> None:
    records = []
    for i in range(1, 201):
        if i % 17 == 0:
            records.append(f'{i},"kapot {i},x')  # unclosed quote
        elif i % 13 == 0:
            records.append(f"{i},te,veel,velden")
        elif i % 11 == 0:
            records.append(f'{i},"meerdere\nregels\n{i}",y')
        else:
            records.append(f"{i},gewoon {i},z")
    good, bad = rows_of(write(tmp_path, "x.csv", "id,tekst,k\n" + "\n".join(records) + "\n"))
    assert len(good) + len(bad) == 200
    assert sorted(int(r.fields["id"]) for r in good) == [i for i in range(1, 201) if i % 17 and i % 13]


def test_csv_huge_single_line_field_is_quarantined(tmp_path: Path) -> None:
    huge = "x" * (readers.MAX_FIELD + 10)
    good, bad = rows_of(write(tmp_path, "x.csv", f"id,tekst\n1,voor\n2,{huge}\n3,na\n"))
    assert [r.fields["id"] for r in good] == ["1", "3"]
    assert len(bad) == 1 and bad[0].row == 3 and "field too large" in bad[0].reason and "'tekst'" in bad[0].reason
    assert len(bad[0].raw) <= readers.RAW_KEEP


def test_csv_record_over_the_memory_cap_is_skipped_to_its_end(tmp_path: Path) -> None:
    # a multi-line quoted field longer than MAX_RECORD: quarantined whole, the rows after it read normally
    block = "\n".join(["regel, met komma en " + "y" * 80] * (readers.MAX_RECORD // 90 + 100))
    text = f'id,tekst\n1,voor\n2,"{block}"\n3,na\n4,"ook ""na"""\n'
    good, bad = rows_of(write(tmp_path, "x.csv", text))
    assert [r.fields["id"] for r in good] == ["1", "3", "4"]
    assert len(bad) == 1 and bad[0].row == 3 and "field too large" in bad[0].reason
    assert "lines 3-" in bad[0].reason


def test_csv_huge_line_without_newline_is_read_in_bounded_chunks(tmp_path: Path) -> None:
    text = "id,tekst\n1," + "z" * (readers.MAX_RECORD + 5) + "\n2,daarna\n"
    good, bad = rows_of(write(tmp_path, "x.csv", text))
    assert [r.fields["id"] for r in good] == ["2"]
    assert [b.row for b in bad] == [2]


def _peak_while(fn: Callable[[], int]) -> tuple[int, int]:
    tracemalloc.start()
    try:
        n = fn()
        return n, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_csv_reading_streams_in_bounded_memory(tmp_path: Path) -> None:
    line = "{i};Mijn pakket met ordernummer {i} is nog steeds niet bezorgd, al drie weken wachten;12-03-2026\n"
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("id;tekst;datum\n")
        for i in range(30_000):
            fh.write(line.format(i=i))
    size = path.stat().st_size
    n, peak = _peak_while(lambda: sum(1 for _ in iter_rows(path)))
    assert n == 30_000
    assert size > 2_500_000
    assert peak < size / 5, f"peak {peak} bytes for a {size} byte file"


# ---- XLSX -----------------------------------------------------------------------------------------------------

def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r, values in enumerate(rows, 1):
            for c, v in enumerate(values, 1):
                if v is not None:
                    ws.cell(row=r, column=c, value=v)
    wb.save(path)
    return path


def test_xlsx_rows_types_and_sheets(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "export.xlsx", {
        "Tickets": [
            ["Ticketnummer", "Omschrijving", "Datum", None],
            [1001.0, "Pakket kwijt", datetime(2026, 3, 12, 14, 5), None],
            [None, None, None, None],
            [1002, "CafÃ© dicht", "12-03-2026", "extra"],
        ],
        "Leeg": [],
        "Reviews": [["id", "tekst"], ["r1", "Top"]],
    })
    good, bad = rows_of(path)
    assert bad == []
    assert [(Path(r.file).name, r.row) for r in good] == [
        ("export.xlsx#Tickets", 2), ("export.xlsx#Tickets", 4), ("export.xlsx#Reviews", 2)]
    first, second = good[0].fields, good[1].fields
    assert first["Ticketnummer"] == 1001 and isinstance(first["Ticketnummer"], int)
    assert first["Datum"] == datetime(2026, 3, 12, 14, 5)
    assert parse_datetime(first["Datum"]) == utc(2026, 3, 12, 13, 5)
    assert second["Omschrijving"] == "Café dicht"
    assert second["column_4"] == "extra"


def test_xlsx_that_is_not_a_workbook(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="not a readable XLSX"):
        list(iter_rows(write(tmp_path, "fake.xlsx", "id,tekst\n1,a\n")))


# ---- JSON -----------------------------------------------------------------------------------------------------

def test_json_array_and_nested_objects_are_flattened(tmp_path: Path) -> None:
    doc = [{"id": 1, "requester": {"email": "a@b.nl", "org": {"name": "X"}}, "tags": ["a", "b"], "text": "Hoi"},
           {"id": 2, "requester": {"email": "c@d.nl"}, "text": "CafÃ©"}]
    good, bad = rows_of(write(tmp_path, "x.json", json.dumps(doc)))
    assert bad == []
    assert good[0].fields == {"id": 1, "requester.email": "a@b.nl", "requester.org.name": "X", "tags": ["a", "b"],
                              "text": "Hoi"}
    assert good[1].fields["text"] == "Café"
    assert [r.row for r in good] == [1, 2]


def test_json_object_holding_one_list(tmp_path: Path) -> None:
    doc = {"count": 2, "next_page": None, "tickets": [{"id": 1, "text": "a"}, {"id": 2, "text": "b"}]}
    good, bad = rows_of(write(tmp_path, "x.json", json.dumps(doc)))
    assert bad == [] and [r.fields["id"] for r in good] == [1, 2]


def test_json_single_object_is_one_record_and_scalars_are_refused(tmp_path: Path) -> None:
    good, _ = rows_of(write(tmp_path, "one.json", '{"id": 7, "text": "los"}'))
    assert [r.fields for r in good] == [{"id": 7, "text": "los"}]
    with pytest.raises(ReadError, match="expected a JSON array"):
        list(iter_rows(write(tmp_path, "n.json", "42")))


def test_json_non_object_elements_are_bad_rows(tmp_path: Path) -> None:
    good, bad = rows_of(write(tmp_path, "x.json", '[{"text": "a"}, "los", 3, {"text": "b"}]'))
    assert [r.fields["text"] for r in good] == ["a", "b"]
    assert [(b.row, b.reason) for b in bad] == [(2, "not a JSON object: a str"), (3, "not a JSON object: a int")]


def test_truncated_json_keeps_the_complete_records(tmp_path: Path) -> None:
    doc = json.dumps([{"id": i, "text": f"bericht {i}"} for i in range(1, 4)], indent=2)
    cut = doc[: doc.rindex('"bericht 3"')]
    good, bad = rows_of(write(tmp_path, "x.json", cut))
    assert [r.fields["id"] for r in good] == [1, 2]
    assert len(bad) == 1
    assert bad[0].row == doc[: doc.index('{\n    "id": 3')].count("\n") + 1
    assert bad[0].reason.startswith(f"malformed JSON: record 3 (line {bad[0].row}): Expecting value at line ")


def test_json_broken_record_in_the_middle_is_skipped(tmp_path: Path) -> None:
    recs = [json.dumps({"id": i, "text": f"t{i}", "nested": {"a": [1, {"b": 2}]}}, indent=2) for i in range(1, 5)]
    recs[1] = recs[1].replace('"t2"', '"t2" "oeps"')
    text = "[\n" + ",\n".join("  " + r.replace("\n", "\n  ") for r in recs) + "\n]\n"
    good, bad = rows_of(write(tmp_path, "x.json", text))
    assert [r.fields["id"] for r in good] == [1, 3, 4]
    assert len(bad) == 1 and "malformed JSON: record 2" in bad[0].reason and "Expecting ',' delimiter" in bad[0].reason
    assert bad[0].row == text[: text.index('"id": 2')].count("\n")


def test_json_that_is_not_an_array_reports_line_and_column(tmp_path: Path) -> None:
    good, bad = rows_of(write(tmp_path, "x.json", '{"id": 1,\n "text": "a",\n "x": }'))
    assert good == []
    assert [(b.row, b.reason) for b in bad] == [(3, "malformed JSON: Expecting value at line 3, column 7")]


def test_json_file_that_is_really_json_lines(tmp_path: Path) -> None:
    good, bad = rows_of(write(tmp_path, "x.json", '{"id": 1, "text": "a"}\n{"id": 2, "text": "b"}\n{kapot\n'))
    assert [r.fields["id"] for r in good] == [1, 2]
    assert [b.row for b in bad] == [3]


def test_empty_json_document(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="empty"):
        list(iter_rows(write(tmp_path, "x.json", "  \n")))


@pytest.fixture()
def streamed_json(monkeypatch):
    """Big JSON documents are streamed with ijson: the threshold is lowered so small files take that path."""
    monkeypatch.setattr(readers, "STREAM_JSON_BYTES", 0)


def test_streamed_json_reads_what_the_whole_document_parse_reads(tmp_path: Path, streamed_json) -> None:
    doc = [{"id": 1, "requester": {"email": "a@b.nl"}, "text": "Hoi", "score": 4.5},
           {"id": 2, "text": "CafÃ©"}, "los"]
    good, bad = rows_of(write(tmp_path, "x.json", json.dumps(doc)))
    assert [r.fields for r in good] == [{"id": 1, "requester.email": "a@b.nl", "text": "Hoi", "score": 4.5},
                                        {"id": 2, "text": "Café"}]
    assert [(b.row, b.reason) for b in bad] == [(3, "not a JSON object: a str")]


def test_streamed_json_finds_the_list_inside_an_object_and_reads_utf16(tmp_path: Path, streamed_json) -> None:
    doc = {"count": 2, "next_page": None, "tickets": [{"id": 1, "text": "één"}, {"id": 2, "text": "b"}]}
    path = tmp_path / "x.json"
    path.write_bytes(codecs.BOM_UTF16_LE + json.dumps(doc, ensure_ascii=False).encode("utf-16-le"))
    good, bad = rows_of(path)
    assert bad == [] and [r.fields["text"] for r in good] == ["één", "b"]


def test_streamed_json_cut_off_keeps_the_records_before(tmp_path: Path, streamed_json) -> None:
    doc = json.dumps([{"id": i, "text": f"bericht {i}"} for i in range(1, 4)], indent=2)
    good, bad = rows_of(write(tmp_path, "x.json", doc[: doc.rindex('"bericht 3"')]))
    assert [r.fields["id"] for r in good] == [1, 2]
    assert len(bad) == 1 and bad[0].row == 3 and bad[0].reason.startswith("malformed JSON after record 2")
    with pytest.raises(ReadError, match="array of objects"):
        list(iter_rows(write(tmp_path, "n.json", '{"id": 7, "text": "los"}')))


def test_streamed_json_reads_in_bounded_memory(tmp_path: Path, streamed_json) -> None:
    path = tmp_path / "big.json"
    rec = {"id": 0, "text": "De app crasht elke keer bij het afrekenen, heel vervelend " * 2, "klant": {"nr": 1}}
    with path.open("w", encoding="utf-8") as fh:
        fh.write('{"tickets": [\n')
        for i in range(80_000):  # ~13 MB: the reader's own buffers (~1 MB) are small next to it
            rec["id"] = i
            fh.write(("," if i else "") + json.dumps(rec) + "\n")
        fh.write("]}\n")
    size = path.stat().st_size
    n, peak = _peak_while(lambda: sum(1 for _ in iter_rows(path)))
    assert n == 80_000 and size > 10_000_000
    assert peak < size / 5, f"peak {peak} bytes for a {size} byte file"


# ---- JSON Lines -----------------------------------------------------------------------------------------------

def test_jsonl_malformed_lines_are_quarantined_with_line_and_reason(tmp_path: Path) -> None:
    text = ('\ufeff{"id": 1, "text": "een", "klant": {"email": "a@b.nl"}}\r\n'
            '\r\n'
            '{"id": 2, "text": "twee"\r\n'
            '[1, 2]\r\n'
            '{"id": 3, "text": "CafÃ©"}\r\n')
    good, bad = rows_of(write(tmp_path, "x.jsonl", text))
    assert [(r.row, r.fields) for r in good] == [
        (1, {"id": 1, "text": "een", "klant.email": "a@b.nl"}), (5, {"id": 3, "text": "Café"})]
    assert [(b.row, b.reason) for b in bad] == [
        (3, "malformed JSON: Expecting ',' delimiter at line 3, column 25"),
        (4, "not a JSON object: a list")]


def test_jsonl_overlong_line_is_quarantined_and_reading_goes_on(tmp_path: Path) -> None:
    text = '{"id": 1}\n{"id": 2, "text": "' + "x" * (readers.MAX_RECORD + 1) + '"}\n{"id": 3}\n'
    good, bad = rows_of(write(tmp_path, "x.jsonl", text))
    assert [r.fields["id"] for r in good] == [1, 3]
    assert [(b.row, b.reason.split(":")[0]) for b in bad] == [(2, "field too large")]


def test_jsonl_reading_streams_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    rec = {"id": 0, "text": "De app crasht elke keer bij het afrekenen, heel vervelend " * 2, "klant": {"nr": 1}}
    with path.open("w", encoding="utf-8") as fh:
        for i in range(20_000):
            rec["id"] = i
            fh.write(json.dumps(rec) + "\n")
    size = path.stat().st_size
    n, peak = _peak_while(lambda: sum(1 for _ in iter_rows(path)))
    assert n == 20_000 and size > 2_500_000
    assert peak < size / 5, f"peak {peak} bytes for a {size} byte file"


def test_xlsx_with_a_damaged_sheet_keeps_the_rows_before_the_damage(tmp_path: Path) -> None:
    import zipfile

    rows: list[list[object]] = [["id", "tekst"], *([i, f"regel {i}"] for i in range(1, 50))]
    good_path = _workbook(tmp_path / "ok.xlsx", {"Blad1": rows})
    damaged = tmp_path / "kapot.xlsx"
    with zipfile.ZipFile(good_path) as src, zipfile.ZipFile(damaged, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: data.index(b'<row r="30"')] + b'<row r="30"><c r="A30" t="n"><v>3'  # cut off mid-row
            dst.writestr(item, data)
    read: list[Row | BadRow] = []
    with pytest.raises(ReadError, match="sheet 'Blad1' is damaged"):
        for row in iter_rows(damaged):
            read.append(row)
    assert [r.fields["id"] for r in read if isinstance(r, Row)] == list(range(1, 29))
