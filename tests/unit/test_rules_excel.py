"""Excel rules: every formatting option, defensive reading of hostile files, import parsing, dedup keys."""

import zipfile
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

# openpyxl is a dependency of the app (pyproject): `pip install -e .[test]` brings it
Workbook = pytest.importorskip(
	"openpyxl", reason="openpyxl is not installed: pip install -e .[test]"
).Workbook

from foreign_trade_crm.rules import excel, leads, sheet_reader
from foreign_trade_crm.rules.excel import FIRST_LINE, KEPT, Column


def workbook(rows, merge=None, title="Lines") -> bytes:
	book = Workbook()
	sheet = book.active
	sheet.title = title
	for row in rows:
		sheet.append(list(row))
	if merge:
		sheet.merge_cells(merge)
	out = BytesIO()
	book.save(out)
	return out.getvalue()


# ---------------------------------------------------------------------- export formatting


def test_numbers_stay_numbers_with_decimals_separators_prefix_and_suffix_in_the_format():
	c = excel.cell(Decimal("1234.5"), Column("amount", "Amount", "Currency", prefix="USD ", suffix=" net"))
	assert c.value == 1234.5 and isinstance(c.value, float)
	assert c.number_format == '"USD "#,##0.00" net"'
	plain = excel.cell(1234, Column("qty", "Qty", "Int", thousands=False))
	assert (plain.value, plain.number_format) == (1234, "0")
	rounded = excel.cell("3.14159", Column("rate", "Rate", "Float", decimals=3))
	assert (rounded.value, rounded.number_format) == (3.142, "#,##0.000")
	assert excel.cell(12.5, Column("p", "P", "Percent", decimals=1)).number_format == '#,##0.0"%"'


def test_checks_dates_and_empty_values():
	col = Column("ok", "OK", "Check", true_text="是", false_text="否")
	assert excel.cell(1, col).value == "是"
	assert excel.cell(0, col).value == "否"
	d = excel.cell(date(2026, 11, 23), Column("d", "Date", "Date", date_format="dd/mm/yyyy"))
	assert (d.value, d.number_format) == (date(2026, 11, 23), "dd/mm/yyyy")
	assert excel.cell(None, Column("x", "X")).value is None
	assert excel.cell("2026-11-23", Column("d", "Date", "Date")).value == date(2026, 11, 23)


def test_long_text_and_html_rendered_as_asked_and_cut_to_max_chars():
	value = "<p>Cotton towel &amp; robe</p><p>second line</p>"
	assert excel.cell(value, Column("d", "D", "Text Editor")).value == "Cotton towel & robe\nsecond line"
	assert (
		excel.cell(value, Column("d", "D", "Text Editor", text_mode=FIRST_LINE)).value
		== "Cotton towel & robe"
	)
	assert excel.cell(value, Column("d", "D", "Text Editor", text_mode=KEPT)).value == value
	cut = excel.cell("ABCDEFGHIJ", Column("c", "C", prefix="#", max_chars=5))
	assert cut.value == "#ABCD"


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)", "\tcmd"])
def test_text_that_looks_like_a_formula_is_stored_as_text(text):
	assert excel.cell(text, Column("n", "Note", text_mode=KEPT)).as_text
	assert not excel.cell("plain", Column("n", "Note")).as_text


# ---------------------------------------------------------------------- reading hostile files


def test_a_renamed_text_file_is_not_a_workbook():
	with pytest.raises(sheet_reader.UnsafeWorkbook, match="not an Excel workbook"):
		sheet_reader.read_rows(b"item,qty\nA,1\n")


def test_a_zip_that_is_not_a_workbook_and_a_macro_workbook_are_refused():
	other = BytesIO()
	with zipfile.ZipFile(other, "w") as z:
		z.writestr("hello.txt", "hi")
	with pytest.raises(sheet_reader.UnsafeWorkbook, match="not an Excel workbook"):
		sheet_reader.read_rows(other.getvalue())
	macro = BytesIO()
	with zipfile.ZipFile(BytesIO(workbook([("a",)]))) as source, zipfile.ZipFile(macro, "w") as z:
		for name in source.namelist():
			z.writestr(name, source.read(name))
		z.writestr("xl/vbaProject.bin", b"\x00")
	with pytest.raises(sheet_reader.UnsafeWorkbook, match="macros"):
		sheet_reader.read_rows(macro.getvalue())


def test_empty_and_oversized_files():
	with pytest.raises(sheet_reader.UnsafeWorkbook, match="empty"):
		sheet_reader.read_rows(b"")
	assert sheet_reader.read_rows(workbook([])) == []
	with pytest.raises(sheet_reader.UnsafeWorkbook, match="more than 3 rows"):
		sheet_reader.read_rows(workbook([(i,) for i in range(60)]), max_rows=3)
	with pytest.raises(sheet_reader.UnsafeWorkbook, match="more than 5 columns"):
		sheet_reader.read_rows(workbook([tuple(range(8))]), max_columns=5)
	with pytest.raises(sheet_reader.UnsafeWorkbook, match="larger than"):
		sheet_reader.check_workbook(b"PK\x03\x04" + b"0" * 2048, max_bytes=1024)


def test_formulas_are_never_evaluated():
	rows = sheet_reader.read_rows(workbook([("Item", "Qty"), ("A", "=1+1")]))
	assert rows[1] == ("A", None)  # no saved result: nothing, and nothing computed


def openpyxl_rows(content: bytes) -> list[tuple]:
	"""What openpyxl's own read-only reader gives for the first sheet, trimmed as ``read_rows`` trims:
	the reference the streaming reader is held to."""
	from openpyxl import load_workbook

	book = load_workbook(BytesIO(content), read_only=True, data_only=True, keep_links=False)
	sheet = book.worksheets[0]
	sheet.reset_dimensions()
	rows = []
	for row in sheet.iter_rows(values_only=True):
		row = list(row)
		while row and row[-1] in (None, ""):
			row.pop()
		rows.append(row)
	book.close()
	while rows and not rows[-1]:
		rows.pop()
	width = max((len(row) for row in rows), default=0)
	return [tuple(row + [None] * (width - len(row))) for row in rows]


SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def with_shared_strings(content: bytes, sst: bytes | None = None) -> bytes:
	"""An openpyxl workbook (which writes its text inline) with its text moved into a shared strings part,
	as Excel writes it; or with ``sst`` as that part, the sheet left as it is."""
	import re

	texts: list[bytes] = []

	def share(match):
		texts.append(match.group(3))
		return b"<c " + match.group(1) + b't="s"><v>%d</v></c>' % (len(texts) - 1)

	def change(name, data):
		if name == "xl/worksheets/sheet1.xml" and sst is None:
			return re.sub(
				rb'<c ([^>]*?)t="inlineStr"><is><t( xml:space="preserve")?>(.*?)</t></is></c>', share, data
			)
		if name == "xl/_rels/workbook.xml.rels":
			return data.replace(
				b"</Relationships>",
				b'<Relationship Type="%s" Target="sharedStrings.xml" Id="rIdSst"/></Relationships>'
				% SST_REL.encode(),
			)
		if name == "[Content_Types].xml":
			return data.replace(
				b"</Types>",
				b'<Override PartName="/xl/sharedStrings.xml" ContentType="%s"/></Types>' % SST_TYPE.encode(),
			)
		return data

	out = BytesIO()
	with zipfile.ZipFile(BytesIO(content)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
		for info in old.infolist():
			new.writestr(info.filename, change(info.filename, old.read(info)))
		new.writestr(
			"xl/sharedStrings.xml",
			sst
			or b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
			+ b"".join(b'<si><t xml:space="preserve">%s</t></si>' % t for t in texts)
			+ b"</sst>",
		)
	return out.getvalue()


TEXT = st.text(
	st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"), max_size=12
)
VALUES = st.one_of(
	st.none(),
	TEXT,
	st.sampled_from(["", "  spaced  ", "=1+1", "中文 货号", "x005F_x", "#N/A"]),
	st.integers(-(2**62), 2**62),
	st.floats(allow_nan=False, allow_infinity=False),
	st.booleans(),
	st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
	st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)).map(
		lambda d: d.replace(microsecond=0)
	),
)


@settings(max_examples=60, deadline=None)
@given(
	rows=st.lists(st.lists(VALUES, max_size=6), max_size=8),
	skip=st.integers(0, 3),
	epoch_1904=st.booleans(),
)
def test_the_streaming_reader_reads_what_openpyxl_reads(rows, skip, epoch_1904):
	"""Numbers, text (inline and shared), booleans, dates by their format, formulas without a saved result, rows
	below a gap: the same values as openpyxl's read-only reader, in either calendar."""
	book = Workbook()
	if epoch_1904:
		book.epoch = datetime(1904, 1, 1)
	sheet = book.active
	for index, row in enumerate(rows):
		for column, value in enumerate(row):
			sheet.cell(row=index + 1 + skip, column=column + 1, value=value)
	out = BytesIO()
	book.save(out)
	for content in (out.getvalue(), with_shared_strings(out.getvalue())):
		assert sheet_reader.read_rows(content) == openpyxl_rows(content)


def test_the_streaming_reader_reads_the_apps_own_export_as_openpyxl_does():
	"""Inline strings, styled numbers and dates, as rules.xlsx writes them."""
	from foreign_trade_crm.rules import xlsx

	styles = xlsx.Styles()
	money, day = styles.of("#,##0.00"), styles.of("yyyy-mm-dd")
	data = xlsx.write(
		"Lines",
		["Code", "Qty", "Due"],
		[[(xlsx.TEXT, "ATL-1", 0), (xlsx.NUMBER, 12.5, money), (xlsx.DATE, date(2026, 3, 1), day)]],
		styles=styles,
	)
	assert (
		sheet_reader.read_rows(data)
		== openpyxl_rows(data)
		== [
			("Code", "Qty", "Due"),
			("ATL-1", 12.5, datetime(2026, 3, 1)),
		]
	)


def test_the_first_worksheet_is_read_after_a_chart_sheet_and_beside_other_sheets():
	book = Workbook()
	book.active.title = "Lines"
	book.active.append(["Item", "Qty"])
	book.active.append(["A", 1])
	book.create_chartsheet("Chart", 0)
	book.create_sheet("Notes").append(["not these"])
	out = BytesIO()
	book.save(out)
	# (openpyxl itself fails on this chart sheet, which has no drawing)
	assert sheet_reader.read_rows(out.getvalue()) == [("Item", "Qty"), ("A", 1)]


def rezip(content: bytes, parts: dict) -> bytes:
	out = BytesIO()
	with zipfile.ZipFile(BytesIO(content)) as old, zipfile.ZipFile(out, "w") as new:
		for info in old.infolist():
			new.writestr(info.filename, parts.get(info.filename) or old.read(info))
	return out.getvalue()


def test_rich_text_and_phonetic_hints_read_as_their_plain_text():
	rich = (
		'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2">'
		'<si><r><rPr><b/></rPr><t>Bold</t></r><r><t xml:space="preserve"> towel</t></r></si>'
		'<si><t>东京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si>'
		"</sst>"
	).encode()
	sheet = (
		b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
		b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
		b'<c r="C1" t="inlineStr"><is><r><t>in</t></r><r><t>line</t></r></is></c></row>'
		b"</sheetData></worksheet>"
	)
	content = with_shared_strings(
		rezip(workbook([("a", "b")]), {"xl/worksheets/sheet1.xml": sheet}), sst=rich
	)
	assert sheet_reader.read_rows(content) == openpyxl_rows(content) == [("Bold towel", "东京", "inline")]


def test_a_csv_keeps_line_breaks_in_quoted_cells_and_refuses_binary_anywhere():
	rows = sheet_reader.read_csv_rows(b'Item,Note\nA,"two\nlines"\nB,plain,,,\n')
	assert rows == [("Item", "Note"), ("A", "two\nlines"), ("B", "plain")]
	with pytest.raises(sheet_reader.UnsafeWorkbook, match="not a CSV text file"):
		sheet_reader.read_csv_rows(b"a,b\n" * 5000 + b"c,\x00")
	with pytest.raises(sheet_reader.UnsafeWorkbook, match="not a CSV text file"):
		sheet_reader.read_csv_rows(b'a,"' + b"x" * 200_000 + b'"\n')  # one cell past csv's own limit


def csv_reference(content: bytes) -> list[tuple]:
	"""What csv reads from the text as a file opened with newline="", trimmed as ``read_csv_rows`` trims."""
	import csv
	import io

	text = content.decode()
	delimiter = max((",", ";", "\t"), key=text.split("\n", 1)[0].count)
	rows = []
	for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
		while row and row[-1] == "":
			row.pop()
		rows.append(tuple(v if v != "" else None for v in row))
	while rows and not any(v not in (None, "") for v in rows[-1]):
		rows.pop()
	return rows


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from('ab,;\t"\r\n '), min_size=1, max_size=60))
def test_csv_lines_without_their_trailing_empty_cells_read_as_the_whole_file_does(text):
	try:
		expected = csv_reference(text.encode())
	except Exception:
		expected = "refused"
	try:
		got = sheet_reader.read_csv_rows(text.encode())
	except sheet_reader.UnsafeWorkbook:
		got = "refused"
	assert got == expected


# ---------------------------------------------------------------------- import parsing

HEADERS = {
	"Your Code": "customer_item_code",
	"客户货号": "customer_item_code",
	"Qty": "qty",
	"Remark": "note",
}


def test_header_found_below_a_title_in_any_order_case_and_spacing_and_under_merged_cells():
	rows = sheet_reader.read_rows(
		workbook(
			[
				("Order from ACME", None, None),
				(None, None, None),
				("remark", "QTY ", "your-code"),
				("x", 10, "A1"),
			],
			merge="A1:C1",
		)
	)
	mapping = excel.find_header(rows, HEADERS, {"customer_item_code", "qty"})
	assert mapping.header_row == 2
	assert mapping.columns == {0: "note", 1: "qty", 2: "customer_item_code"}
	assert excel.find_header(rows, HEADERS, {"customer_item_code", "qty", "rate"}) is None


def test_every_bad_row_is_named_and_good_rows_are_typed():
	rows = [
		("客户货号", "Qty"),
		("A1", "1,200.5"),
		("A2", "abc"),
		(None, 5),
		("ZZ", "3"),
		(None, None),
		("A3", "-1"),
	]
	mapping = excel.find_header(rows, HEADERS, {"customer_item_code", "qty"})
	lines, problems = excel.parse_lines(
		rows,
		mapping,
		{"customer_item_code", "qty"},
		{"qty"},
		known={"customer_item_code": {"A1", "A2", "A3"}},
	)
	assert lines[0]["qty"] == Decimal("1200.5") and lines[0]["_row"] == 2
	assert [(p.row, p.column, p.reason.code) for p in problems] == [
		(3, "qty", "not_number"),
		(4, "customer_item_code", "missing"),
		(5, "customer_item_code", "unknown"),
		(7, "qty", "not_positive"),
	]


@pytest.mark.parametrize(
	"text, number",
	[
		("1,234.50", "1234.50"),
		("1.234,50", "1234.50"),
		("12,5", "12.5"),
		("1 000", "1000"),
		(7, "7"),
		("", None),
		("x", None),
	],
)
def test_numbers_as_people_type_them(text, number):
	assert excel.parse_number(text) == (Decimal(number) if number else None)


# ---------------------------------------------------------------------- de-duplication


def test_company_names_phones_and_emails_normalised_for_dedup():
	assert leads.normalise_company("ACME Trading Co., Ltd.") == leads.normalise_company("acme  trading")
	assert leads.normalise_company("上海华美贸易有限公司") == "上海华美贸易"
	assert (
		leads.normalise_phone("+49 (0)30 1234-56") == leads.normalise_phone("0049 30 123456") == "4930123456"
	)
	assert leads.normalise_phone("030 123456", default_country="49") == "4930123456"
	assert leads.normalise_email("  Buyer@Example.COM ") == "buyer@example.com"
	a = leads.duplicate_keys("ACME Trading GmbH", ["+49 30 123456"], ["buyer@acme.de"])
	b = leads.duplicate_keys("Acme Trading", [], ["BUYER@acme.de"])
	assert a & b == {"company:acmetrading", "email:buyer@acme.de"}
	assert leads.duplicate_keys(None, ["12"], ["not-an-email"]) == set()
