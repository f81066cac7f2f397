"""The streaming .xlsx writer: what a user opens in Excel is what the export meant, and each column's
compiled converter says exactly what ``rules.excel.cell`` says."""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foreign_trade_crm.rules import excel, xlsx

openpyxl = pytest.importorskip("openpyxl")


def book(header, rows, **kw):
	styles = xlsx.Styles()
	data = xlsx.write("Receivables", header, rows(styles), styles=styles, **kw)
	return openpyxl.load_workbook(BytesIO(data)).active, data


def test_numbers_dates_and_text_come_back_as_written():
	def rows(styles):
		money, day = styles.of("#,##0.00"), styles.of("yyyy-mm-dd")
		yield [
			(xlsx.TEXT, "ACC-SINV-0001", 0),
			(xlsx.DATE, date(2026, 3, 1), day),
			(xlsx.NUMBER, 12345.67, money),
			(xlsx.NUMBER, 7, 0),
			None,
			(xlsx.TEXT, '=HYPERLINK("http://x")', 0),
		]

	sheet, _data = book(["Invoice", "Due", "Unpaid", "Days", "Blank", "Note"], rows)
	assert [c.value for c in sheet[1]] == ["Invoice", "Due", "Unpaid", "Days", "Blank", "Note"]
	values = [c.value for c in sheet[2]]
	assert values == ["ACC-SINV-0001", datetime(2026, 3, 1), 12345.67, 7, None, '=HYPERLINK("http://x")']
	assert sheet["B2"].number_format == "yyyy-mm-dd" and sheet["C2"].number_format == "#,##0.00"
	assert sheet["F2"].data_type == "s"  # text that looks like a formula stays text
	assert sheet.freeze_panes == "A2" and sheet["A1"].font.b


def test_xml_special_and_forbidden_characters_cannot_break_the_file():
	nasty = 'A & B <C> "D" \x00\x01\x1f end\u2028'

	def rows(styles):
		yield [(xlsx.TEXT, nasty, 0)]

	sheet, _data = book(['Name "quoted" <&>'], rows)
	assert sheet["A1"].value == 'Name "quoted" <&>'
	assert sheet["A2"].value == 'A & B <C> "D"  end\u2028'


def test_a_sheet_title_follows_excels_rules():
	assert xlsx._sheet_title("Receivables: Q1/2026 [USD]") == "Receivables  Q1 2026  USD "[:31]
	assert len(xlsx._sheet_title("x" * 40)) == 31


def test_column_letters_and_date_serials():
	assert [xlsx.column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
	assert xlsx.excel_serial(date(1900, 3, 1)) == 61
	assert xlsx.excel_serial(datetime(2026, 1, 1, 12)) == xlsx.excel_serial(date(2026, 1, 1)) + 0.5


COLUMNS = [
	excel.Column("a", "Amount", "Currency"),
	excel.Column("b", "Qty", "Int"),
	excel.Column("c", "Rate", "Float", decimals=3),
	excel.Column("d", "Share", "Percent"),
	excel.Column("e", "Date", "Date"),
	excel.Column("f", "Text", "Data", prefix="PO ", max_chars=12),
	excel.Column("g", "Note", "Small Text"),
	excel.Column("h", "Kept", "Data", text_mode=excel.KEPT),
	excel.Column("i", "Done", "Check"),
]
VALUES = st.one_of(
	st.none(),
	st.just(""),
	st.integers(-(10**12), 10**12),
	st.floats(allow_nan=False, allow_infinity=False, width=64),
	st.decimals(allow_nan=False, allow_infinity=False, places=4),
	st.dates().map(str),
	st.dates(),
	st.text(max_size=40),
	st.sampled_from(["<b>bold</b> &amp; more", " padded ", "two\nlines", "=1+1", "2026-02-30", "0", "1"]),
)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(COLUMNS), VALUES)
def test_the_compiled_column_says_what_rules_excel_cell_says(column, value):
	styles = xlsx.Styles()
	expected = xlsx._as_cell(excel.cell(value, column), styles)
	got = xlsx.converter(column, styles)(value)
	if expected is None or got is None:
		assert got == expected
		return
	assert got[0] == expected[0] and got[2] == expected[2]
	if got[0] == xlsx.NUMBER:
		assert Decimal(str(got[1])) == Decimal(str(expected[1])) and type(got[1]) is type(expected[1])
	elif got[0] == xlsx.DATE:
		assert got[1] == (
			expected[1].date()
			if isinstance(expected[1], datetime) and not isinstance(got[1], datetime)
			else expected[1]
		)
	else:
		assert got[1] == expected[1]
