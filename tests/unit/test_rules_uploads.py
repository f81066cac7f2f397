"""Hostile uploads, made here by code, through both doors a file takes: the upload gate
(``rules.files.judge``, every portal attachment) and the sheet reader (``rules.sheet_reader.read_table``, the line
imports and the Lead Import). Each is refused with the reason a user reads, in bounded time; a sheet's rows
come from its data, not from the dimension it declares; any bytes at all are read or refused, never
anything else."""

import io
import re
import time
import warnings
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("filetype")
pytest.importorskip("defusedxml")
pytest.importorskip("openpyxl")

from foreign_trade_crm.rules import files as gate
from foreign_trade_crm.rules import sheet_reader, xlsx
from foreign_trade_crm.sample_world import files as hostile
from foreign_trade_crm.sample_world.files import ELF, PNG, rezip

ALL = frozenset(gate.EXTENSIONS.values())
GOOD = xlsx.plain_xlsx([("Your Item Code", "Qty", "Rate"), ("ATL-TOWEL-RED", 100, 3.25)])
SHEET = hostile.SHEET


def gate_says(filename, content, **limits):
	with pytest.raises(gate.RefusedFile) as caught:
		gate.judge(filename, content, ALL, gate.Limits(**limits))
	return caught.value.problem.render()


def reader_says(filename, content, **limits):
	started = time.perf_counter()
	with pytest.raises(sheet_reader.UnsafeWorkbook) as caught:
		sheet_reader.read_table(content, filename, **limits)
	assert time.perf_counter() - started < 2
	return caught.value.problem.render()


def sheet_of(xml: bytes) -> bytes:
	return hostile.with_sheet(GOOD, hostile.SHEET_OPEN + xml + hostile.SHEET_CLOSE)


def inflating_sheet() -> bytes:
	"""A 4 MB sheet that deflates to a few KB."""
	return hostile.with_sheet(
		GOOD, hostile.SHEET_OPEN + b"<row>" + b"<c/>" * 2**20 + b"</row>" + hostile.SHEET_CLOSE
	)


def twice(workbook: bytes, name: str) -> bytes:
	"""``workbook`` with a second member named ``name``."""
	with warnings.catch_warnings():
		warnings.simplefilter("ignore")  # zipfile warns of the duplicate it is asked to write
		return rezip(workbook, add={name: b"<workbook/>"})


LAUGHS = (
	b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
	b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
	b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&lol2;</workbook>'
)

# (what it is, its name, its bytes, the reason both the gate and the reader give)
HOSTILE = [
	("PNG bytes named .xlsx", "evil.xlsx", lambda: PNG, "not an Excel workbook"),
	("a Linux program named .xlsx", "evil.xlsx", lambda: ELF, "not an Excel workbook"),
	("an empty file", "empty.xlsx", lambda: b"", "empty"),
	("a truncated zip", "cut.xlsx", lambda: GOOD[: len(GOOD) // 2], "it is damaged"),
	(
		"a zip bomb",
		"bomb.xlsx",
		inflating_sheet,
		r"inflates \d+ times \(4 MB from \d+ KB\): refused as a zip bomb",
	),
	(
		"a member declaring far more than it holds",
		"ratio.xlsx",
		lambda: hostile.lie_about_size(sheet_of(b"<row><c><v>1</v></c></row>" * 20_000), SHEET, 10**9),
		"refused as a zip bomb",
	),
	(
		"a member inflating past what it declares",
		"short.xlsx",
		lambda: hostile.lie_about_size(sheet_of(b"<row><c><v>1</v></c></row>" * 20_000), SHEET, 1000),
		"it is damaged",
	),
	(
		"too many members",
		"parts.xlsx",
		lambda: rezip(GOOD, add={f"xl/media/{i}.bin": b"" for i in range(gate.MAX_MEMBERS)}),
		f"has more than {gate.MAX_MEMBERS} parts",
	),
	(
		"two members of one name",
		"twice.xlsx",
		lambda: twice(GOOD, "xl/workbook.xml"),
		"it is damaged",
	),
	(
		"billion laughs in workbook.xml",
		"laughs.xlsx",
		lambda: rezip(GOOD, change=lambda n, d: LAUGHS if n == "xl/workbook.xml" else d),
		re.escape("declares XML entities (xl/workbook.xml)"),
	),
	(
		"billion laughs in a sheet, behind a 3 KB comment",
		"laughs.xlsx",
		lambda: hostile.dtd_after_comment(GOOD),
		re.escape("declares XML entities (xl/worksheets/sheet1.xml)"),
	),
	(
		"an external DTD in the styles, in UTF-16",
		"dtd.xlsx",
		lambda: rezip(
			GOOD,
			change=lambda n, d: (
				(
					'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x SYSTEM "file:///etc/passwd">'
					+ d.decode()
				).encode("utf-16")
				if n == "xl/styles.xml"
				else d
			),
		),
		re.escape("declares XML entities (xl/styles.xml)"),
	),
	(
		"a DTD behind a comment longer than any prolog",
		"long.xlsx",
		lambda: hostile.dtd_after_comment(GOOD, "xl/workbook.xml", padding=gate.PROLOG),
		"it is damaged",
	),
	(
		"a macro workbook",
		"macro.xlsx",
		lambda: rezip(GOOD, add={"xl/vbaProject.bin": b"VBA"}),
		"contains macros",
	),
	(
		"a macro workbook by its content type only",
		"xlsm.xlsx",
		lambda: rezip(
			GOOD,
			change=lambda n, d: (
				d.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml")
				if n == "[Content_Types].xml"
				else d
			),
		),
		"contains macros",
	),
	(
		"an external link",
		"linked.xlsx",
		lambda: rezip(GOOD, add={"xl/externalLinks/externalLink1.xml": b"<externalLink/>"}),
		"links to other files",
	),
	(
		"a Word document named .xlsx",
		"letter.xlsx",
		lambda: rezip(GOOD, change=None).replace(b"xl/workbook.xml", b"xl/workbooX.xml"),
		re.escape("it has no xl/workbook.xml"),
	),
]


@pytest.mark.parametrize("filename, build, reason", [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_the_gate_and_the_reader_refuse_each_hostile_file_with_its_reason(filename, build, reason):
	content = build()
	started = time.perf_counter()
	assert re.search(reason, gate_says(filename, content)), gate_says(filename, content)
	assert time.perf_counter() - started < 2
	assert re.search(reason, reader_says(filename, content))


def test_the_reason_names_the_file_and_what_its_bytes_are():
	assert (
		gate_says("evil.xlsx", PNG)
		== "The file evil.xlsx is not an Excel workbook (.xlsx): its content is a PNG image"
	)
	assert (
		gate_says("evil.xlsx", ELF)
		== "The file evil.xlsx is not an Excel workbook (.xlsx): its content is a Linux program"
	)
	# the reader names the file it was given, and the workbook when it has no name
	assert reader_says("order.xlsx", GOOD[:100]).startswith("The file order.xlsx is not")
	with pytest.raises(sheet_reader.UnsafeWorkbook, match="The file the workbook"):
		sheet_reader.read_rows(hostile.dtd_after_comment(GOOD))


def test_a_sheet_declaring_fewer_rows_than_it_has_gives_all_of_them():
	rows = [("Your Item Code", "Qty", "Rate"), ("A", 1, 2), ("B", 3, 4), ("C", 5, 6)]
	lying = hostile.lying_dimension(rows, "A1:C2")
	assert b'<dimension ref="A1:C2"' in zipfile.ZipFile(io.BytesIO(lying)).read(SHEET)
	assert gate.judge("order.xlsx", lying, ALL) == gate.XLSX
	assert sheet_reader.read_table(lying, "order.xlsx") == rows
	# nor from one declaring more: a sheet of 2 rows declaring a million has 2
	assert (
		sheet_reader.read_table(hostile.lying_dimension(rows[:2], "A1:XFD1048576"), "order.xlsx") == rows[:2]
	)


# ---------------------------------------------------------------------- what only the reader can stop
# each passes the gate (its ratios are those of a real sheet): the reader's limits stop it as it reads


def test_one_endless_row_is_refused_at_its_first_column_past_the_limit():
	row = hostile.one_long_row(GOOD, megabytes=2)
	assert gate.judge("row.xlsx", row, ALL) == gate.XLSX
	assert reader_says("row.xlsx", row) == "The sheet has more than 200 columns"


def test_empty_cells_count_towards_the_cells_a_sheet_may_have():
	empty = sheet_of(b"<row>" + b"<c/>" * 50_000 + b"</row>")
	cells = (100 + 50) * sheet_reader.CELLS_PER_ROW  # the cells 100 rows may have, with a title above them
	assert reader_says("empty.xlsx", empty, max_rows=100) == f"The sheet has more than {cells} cells"
	# a row's empty cells far to the right cost nothing: no value, no column (openpyxl made 16,384 of each)
	started = time.perf_counter()
	assert sheet_reader.read_table(hostile.far_cells(GOOD, 5000), "far.xlsx") == []
	assert time.perf_counter() - started < 1


def test_rows_far_below_the_data_and_long_cells_are_refused():
	far = sheet_of(b'<row r="1"><c><v>1</v></c></row><row r="1000000"><c><v>2</v></c></row>')
	assert reader_says("far.xlsx", far, max_rows=1000) == "The sheet has more than 1000 rows"
	long_text = sheet_of(b'<row><c t="inlineStr"><is><t>' + b"x" * 40_000 + b"</t></is></c></row>")
	assert reader_says("long.xlsx", long_text) == "A cell of the sheet holds more than 32767 characters"
	runs = sheet_of(b'<row><c t="inlineStr"><is>' + b"<r><t>xxxxxxxxxx</t></r>" * 4000 + b"</is></c></row>")
	assert reader_says("runs.xlsx", runs) == "A cell of the sheet holds more than 32767 characters"


def test_shared_strings_past_what_the_cells_may_hold_are_refused_by_their_bytes():
	rel = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
	text = b"<si><t>ATL-TOWEL-RED-%06d, cotton, 70x140 cm</t></si>"  # 52 bytes a string
	strings = b"<sst>" + b"".join(text % i for i in range(40_000)) + b"</sst>"
	book = rezip(
		GOOD,
		change=lambda n, d: (
			d.replace(
				b"</Relationships>",
				b'<Relationship Id="rS" Type="%s" Target="sharedStrings.xml"/></Relationships>' % rel,
			)
			if n == "xl/_rels/workbook.xml.rels"
			else d
		),
		add={"xl/sharedStrings.xml": strings},
	)
	assert gate.judge("codes.xlsx", book, ALL) == gate.XLSX
	# 1,000 rows may have 10,500 cells, and 504,000 bytes of shared strings: 9,700 of these
	message = reader_says("codes.xlsx", book, max_rows=1000)
	assert message == "The part xl/sharedStrings.xml of the file is larger than 1 MB"
	assert sheet_reader.read_table(book, "codes.xlsx")[1] == ("ATL-TOWEL-RED", 100, 3.25)


def test_xml_with_nothing_in_it_for_megabytes_is_refused(monkeypatch):
	monkeypatch.setattr(sheet_reader, "STALL_BYTES", 200_000)
	comment = sheet_of(b"<row><c><v>1</v></c></row><!--" + b"0123456789abcdef" * 40_000 + b"-->")
	assert reader_says("stall.xlsx", comment).endswith("it is damaged")


def test_text_that_starts_like_another_format_is_still_text():
	"""Magic numbers are a few bytes: a lead list starting 'BMW' is no bitmap, 'MZ' no Windows program."""
	assert gate.judge("leads.csv", b"BMW Group,Munich\nMZ Trading,Wuhan\n", ALL) == gate.CSV
	assert gate.judge("notes.txt", b"MZ Trading asked for samples", ALL) == gate.TEXT
	assert gate_says("notes.txt", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(64)).endswith(
		"its content is a Windows program"
	)


def test_a_pdf_hiding_its_script_behind_escaped_names_is_refused():
	assert "(/JavaScript)" in gate_says(
		"survey.pdf", b"%PDF-1.4\n<< /S /J#61vaScript /J#53 (app.alert(1)) >>"
	)
	assert "(/Launch)" in gate_says("survey.pdf", b"%PDF-1.4\n<< /S /#4c#61unch /F (cmd.exe) >>")
	assert gate.judge("survey.pdf", b"%PDF-1.4\n<< /Font#20Name 1 >>", ALL) == gate.PDF


# ---------------------------------------------------------------------- any bytes at all


PREFIXES = st.sampled_from([b"", b"PK\x03\x04", PNG[:16], b"%PDF-1.4\n", b"\x7fELF"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
	name=st.sampled_from(
		["upload.xlsx", "upload.csv", "upload.png", "upload.pdf", "upload.txt", "upload.docx"]
	),
	prefix=PREFIXES,
	content=st.binary(max_size=2048),
)
def test_any_bytes_are_read_or_refused_never_anything_else(name, prefix, content):
	data = prefix + content
	try:
		gate.judge(name, data, ALL)
	except gate.RefusedFile as refusal:
		assert refusal.problem.render()
	if name.endswith((".xlsx", ".csv")):
		try:
			sheet_reader.read_table(data, name)
		except sheet_reader.UnsafeWorkbook as refusal:
			assert refusal.problem.render()


XML_NOISE = st.one_of(
	st.binary(max_size=40),
	st.sampled_from(
		[
			b"<",
			b"&lol;",
			b"<!DOCTYPE x>",
			b'<c r="ZZZZ1"><v>1</v></c>',
			b'<c t="s"><v>99</v></c>',
			b'<c t="b"><v>x</v></c>',
			b'<c t="d"><v>not a date</v></c>',
			b'<c s="1"><v>1e308</v></c>',
			b'<row r="-1">',
			b"<is><t>",
			b'<?xml version="1.0" encoding="GBK"?>',
			b"\xff\xfe",
		]
	),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
	part=st.sampled_from([SHEET, "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"]),
	data=st.data(),
)
def test_a_workbook_with_any_damage_to_its_xml_is_read_or_refused_never_anything_else(part, data):
	original = zipfile.ZipFile(io.BytesIO(GOOD)).read(part)
	at = data.draw(st.integers(0, len(original)))
	cut = data.draw(st.integers(0, 20))
	damaged = original[:at] + data.draw(XML_NOISE) + original[at + cut :]
	content = rezip(GOOD, change=lambda n, d: damaged if n == part else d)
	try:
		rows = sheet_reader.read_rows(content)
	except sheet_reader.UnsafeWorkbook as refusal:
		assert refusal.problem.render()
	else:
		assert all(isinstance(row, tuple) for row in rows)
