"""Excel in each customer's own format (seed 000 §6.9; 001): what goes in each cell of an export and how it
is formatted, and, for an import, the header row found, its columns mapped and every row checked before
anything is imported.

Pure: no Frappe. Reading the upload itself is ``rules.sheet_reader``'s, writing the workbook
``rules.xlsx``'s; de-duplicating leads ``rules.leads``'s, matching notice lines ``rules.shipment``'s.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from foreign_trade_crm.rules.messages import Problem, RowProblem, _
from foreign_trade_crm.rules.shipment import code_key

NUMERIC = {"Int", "Float", "Currency", "Percent"}
DATES = {"Date", "Datetime"}
PLAIN, FIRST_LINE, KEPT = "Plain Text", "First Line", "Kept"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# ---------------------------------------------------------------------- export


@dataclass(frozen=True)
class Column:
	"""One column of a customer's template: where the value comes from and how it looks."""

	source: str
	header: str
	fieldtype: str = "Data"
	prefix: str = ""
	suffix: str = ""
	max_chars: int = 0
	decimals: int | None = None
	thousands: bool = True
	width: int = 0
	true_text: str = "Yes"
	false_text: str = "No"
	date_format: str = "yyyy-mm-dd"
	text_mode: str = PLAIN


@dataclass(frozen=True)
class Cell:
	"""What to write: the value (numbers stay numbers, dates dates), its Excel number format, and
	whether the value must be stored as text whatever it looks like (never a formula)."""

	value: object
	number_format: str | None = None
	as_text: bool = False


def _quote(text: str) -> str:
	"""Literal text inside an Excel number format."""
	return '"' + text.replace('"', '""') + '"' if text else ""


def number_format(column: Column) -> str:
	"""'#,##0.00' with the column's decimals and separators, prefix and suffix kept as literal text."""
	decimals = (
		2 if column.decimals is None and column.fieldtype in ("Currency", "Float") else column.decimals or 0
	)
	core = ("#,##0" if column.thousands else "0") + ("." + "0" * decimals if decimals > 0 else "")
	if column.fieldtype == "Percent":
		core += '"%"'
	return f"{_quote(column.prefix)}{core}{_quote(column.suffix)}"


def to_text(value, mode: str) -> str:
	"""HTML and long text as the column asks: plain text, its first line, or kept as it is."""
	text = "" if value is None else str(value)
	if mode == KEPT:
		return text
	text = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</li>", "\n", text)
	text = html.unescape(re.sub(r"<[^>]+>", "", text))
	text = "\n".join(line.strip() for line in text.splitlines()).strip()
	if mode == FIRST_LINE:
		return text.split("\n", 1)[0]
	return text


def cell(value, column: Column) -> Cell:
	"""The cell for ``value`` under ``column``."""
	if value is None or value == "":
		return Cell(None)
	if column.fieldtype == "Check":
		return Cell(
			column.true_text if value and str(value) not in ("0", "False") else column.false_text,
			as_text=True,
		)
	if column.fieldtype in NUMERIC:
		try:
			number = Decimal(str(value))
		except InvalidOperation:
			return Cell(str(value), as_text=True)
		if column.decimals is not None:
			try:
				number = round(number, column.decimals)
			except InvalidOperation:  # more digits than Decimal's precision: written as it is
				pass
		return Cell(
			float(number)
			if number != number.to_integral_value() or column.fieldtype != "Int"
			else int(number),
			number_format(column),
		)
	if column.fieldtype in DATES:
		if isinstance(value, str):
			try:
				value = date.fromisoformat(value[:10])  # ISO text, as the ledger queries return dates
			except ValueError:
				pass
		if isinstance(value, date | datetime):
			return Cell(value, column.date_format)
	text = f"{column.prefix}{to_text(value, column.text_mode)}{column.suffix}"
	if column.max_chars and len(text) > column.max_chars:
		text = text[: column.max_chars]
	return Cell(text, as_text=text.startswith(FORMULA_STARTS))


# ---------------------------------------------------------------------- import


def normalise_header(text) -> str:
	return re.sub(r"[\s_\-./:()（）]+", "", str(text or "")).lower()


@dataclass
class Mapping:
	"""Which column of the file holds which field, and where the data starts."""

	header_row: int  # 0-based
	columns: dict[int, str] = field(default_factory=dict)


def find_header(
	rows: list[tuple], headers: dict[str, str], required: set[str], scan: int = 20
) -> Mapping | None:
	"""The first of the top ``scan`` rows naming every required field (in any order, any case or
	spacing); ``headers`` maps each accepted header text to its field. Merged header cells leave
	blanks in the other columns of the merge: those are simply not mapped."""
	wanted = {normalise_header(k): v for k, v in headers.items()}
	for index, row in enumerate(rows[:scan]):
		columns = {}
		for col, value in enumerate(row):
			fieldname = wanted.get(normalise_header(value))
			if fieldname and fieldname not in columns.values():
				columns[col] = fieldname
		if required <= set(columns.values()):
			return Mapping(index, columns)
	return None


def parse_number(value) -> Decimal | None:
	"""1,234.50 / 1 234,50 / '12' / 12 → Decimal; None when it is not a number."""
	if isinstance(value, bool):
		return None
	if isinstance(value, int | float | Decimal):
		return Decimal(str(value))
	text = str(value or "").strip().replace("\u00a0", " ").replace(" ", "")
	if not text:
		return None
	if "," in text and "." in text:
		text = (
			text.replace(",", "")
			if text.rfind(".") > text.rfind(",")
			else text.replace(".", "").replace(",", ".")
		)
	elif "," in text:
		text = text.replace(",", ".") if re.fullmatch(r"-?\d+,\d{1,2}", text) else text.replace(",", "")
	try:
		return Decimal(text)
	except InvalidOperation:
		return None


def parse_lines(
	rows: list[tuple],
	mapping: Mapping,
	required: set[str],
	numbers: set[str],
	known: dict[str, set] | None = None,
) -> tuple[list[dict], list[RowProblem]]:
	"""Every data row under the header as {field: value}, and every problem of every row (nothing is
	dropped silently): a required value missing, a number that is not one or not above zero, a value
	not among the ``known`` ones (e.g. item codes, as ``rules.shipment.code_key`` compares them)."""
	known = {field: {code_key(value) for value in allowed} for field, allowed in (known or {}).items()}
	lines, problems = [], []
	for index in range(mapping.header_row + 1, len(rows)):
		row = rows[index]
		values = {
			fieldname: row[col] if col < len(row) else None for col, fieldname in mapping.columns.items()
		}
		if not any(v not in (None, "") for v in values.values()):
			continue  # a blank line
		excel_row = index + 1
		for fieldname in sorted(required):
			if values.get(fieldname) in (None, ""):
				problems.append(
					RowProblem(excel_row, fieldname, None, Problem("missing", _("a value is required")))
				)
		for fieldname in sorted(numbers):
			value = values.get(fieldname)
			if value in (None, ""):
				continue
			number = parse_number(value)
			if number is None:
				problems.append(
					RowProblem(excel_row, fieldname, value, Problem("not_number", _("not a number")))
				)
			elif number <= 0:
				problems.append(
					RowProblem(
						excel_row, fieldname, value, Problem("not_positive", _("must be more than zero"))
					)
				)
			else:
				values[fieldname] = number
		for fieldname, allowed in known.items():
			value = values.get(fieldname)
			if value not in (None, "") and code_key(value) not in allowed:
				problems.append(RowProblem(excel_row, fieldname, value, Problem("unknown", _("not known"))))
		for fieldname, value in values.items():
			if isinstance(value, str):
				values[fieldname] = value.strip()
		values["_row"] = excel_row
		lines.append(values)
	return lines, problems
