"""Excel rules: every formatting option, defensive reading of hostile files, import parsing, dedup keys."""

import zipfile
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest

# openpyxl is a dependency of the app (pyproject): `pip install -e .[test]` brings it
Workbook = pytest.importorskip(
	"openpyxl", reason="openpyxl is not installed: pip install -e .[test]"
).Workbook

from foreign_trade_crm.rules import excel
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
	with pytest.raises(excel.UnsafeWorkbook, match="not an Excel workbook"):
		excel.read_rows(b"item,qty\nA,1\n")


def test_a_zip_that_is_not_a_workbook_and_a_macro_workbook_are_refused():
	other = BytesIO()
	with zipfile.ZipFile(other, "w") as z:
		z.writestr("hello.txt", "hi")
	with pytest.raises(excel.UnsafeWorkbook, match="not an Excel workbook"):
		excel.read_rows(other.getvalue())
	macro = BytesIO()
	with zipfile.ZipFile(BytesIO(workbook([("a",)]))) as source, zipfile.ZipFile(macro, "w") as z:
		for name in source.namelist():
			z.writestr(name, source.read(name))
		z.writestr("xl/vbaProject.bin", b"\x00")
	with pytest.raises(excel.UnsafeWorkbook, match="macros"):
		excel.read_rows(macro.getvalue())


def test_empty_and_oversized_files():
	with pytest.raises(excel.UnsafeWorkbook, match="empty"):
		excel.read_rows(b"")
	assert excel.read_rows(workbook([])) == []
	with pytest.raises(excel.UnsafeWorkbook, match="more than 3 rows"):
		excel.read_rows(workbook([(i,) for i in range(60)]), max_rows=3)
	with pytest.raises(excel.UnsafeWorkbook, match="more than 5 columns"):
		excel.read_rows(workbook([tuple(range(8))]), max_columns=5)
	with pytest.raises(excel.UnsafeWorkbook, match="larger than"):
		excel.check_workbook(b"PK\x03\x04" + b"0" * 2048, max_bytes=1024)


def test_formulas_are_never_evaluated():
	rows = excel.read_rows(workbook([("Item", "Qty"), ("A", "=1+1")]))
	assert rows[1] == ("A", None)  # no saved result: nothing, and nothing computed


# ---------------------------------------------------------------------- import parsing

HEADERS = {
	"Your Code": "customer_item_code",
	"客户货号": "customer_item_code",
	"Qty": "qty",
	"Remark": "note",
}


def test_header_found_below_a_title_in_any_order_case_and_spacing_and_under_merged_cells():
	rows = excel.read_rows(
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
	assert excel.normalise_company("ACME Trading Co., Ltd.") == excel.normalise_company("acme  trading")
	assert excel.normalise_company("上海华美贸易有限公司") == "上海华美贸易"
	assert (
		excel.normalise_phone("+49 (0)30 1234-56") == excel.normalise_phone("0049 30 123456") == "4930123456"
	)
	assert excel.normalise_phone("030 123456", default_country="49") == "4930123456"
	assert excel.normalise_email("  Buyer@Example.COM ") == "buyer@example.com"
	a = excel.duplicate_keys("ACME Trading GmbH", ["+49 30 123456"], ["buyer@acme.de"])
	b = excel.duplicate_keys("Acme Trading", [], ["BUYER@acme.de"])
	assert a & b == {"company:acmetrading", "email:buyer@acme.de"}
	assert excel.duplicate_keys(None, ["12"], ["not-an-email"]) == set()


def test_notice_lines_find_their_contract_line_by_item_buyer_code_or_line_number():
	from types import SimpleNamespace as Line

	contract_lines = [
		Line(contract="EC-1", name="a", idx=1, item_code="BOLT", customer_item_code="B-1"),
		Line(contract="EC-1", name="b", idx=2, item_code="NUT", customer_item_code="N-1"),
		Line(contract="EC-1", name="c", idx=3, item_code="NUT", customer_item_code="N-2"),
		Line(contract="EC-2", name="d", idx=1, item_code="BOLT", customer_item_code=None),
	]
	lines = [
		{"_row": 2, "export_contract": "EC-1", "customer_item_code": "B-1"},
		{"_row": 3, "export_contract": "EC-1", "item_code": "NUT", "contract_line": 3},
		{"_row": 4, "export_contract": "EC-2", "item_code": "BOLT"},
		{"_row": 5, "export_contract": "EC-1", "item_code": "NUT"},  # two NUT lines
		{"_row": 6, "export_contract": "EC-9", "item_code": "BOLT"},  # not the customer's
		{"_row": 7, "export_contract": "EC-2", "customer_item_code": "N-1"},  # not on EC-2
	]
	problems = excel.match_contract_lines(lines, contract_lines)
	assert [line.get("contract_item") for line in lines[:3]] == ["a", "c", "d"]
	assert lines[0]["item_code"] == "BOLT"
	assert [(p.row, p.column, p.reason.code) for p in problems] == [
		(5, "item_code", "several_contract_lines"),
		(6, "export_contract", "not_open_contract"),
		(7, "customer_item_code", "no_contract_line"),
	]
