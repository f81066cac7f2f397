"""Excel in each customer's own format (seed 000 §6.9; 001): cell formatting, safe reading, import parsing.

Pure: no Frappe. The services resolve field values and write the workbook with openpyxl;
these rules decide what goes in each cell and how it is formatted, read an uploaded
workbook defensively, find its header row, map its columns, check every row before
anything is imported, and normalise names, phones and e-mails for de-duplication.
"""

from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from io import BytesIO

from foreign_trade_crm.rules.messages import Problem, _

NUMERIC = {"Int", "Float", "Currency", "Percent"}
DATES = {"Date", "Datetime"}
PLAIN, FIRST_LINE, KEPT = "Plain Text", "First Line", "Kept"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_BYTES = 10 * 1024 * 1024


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


# ---------------------------------------------------------------------- reading uploads


class UnsafeWorkbook(ValueError):
	"""An upload that is not a plain .xlsx workbook we are willing to read (``problem`` to translate)."""

	def __init__(self, template: str, *args):
		self.problem = Problem("unsafe_workbook", template, args)
		super().__init__(self.problem.render())


def check_workbook(content: bytes, max_bytes: int = MAX_BYTES) -> None:
	"""Refuse what is not a real, safe .xlsx, by its bytes (``rules.files``): not a zip, a zip bomb by
	its declared sizes or ratios, XML with a DTD, macros, external links or embedded objects, too large."""
	from foreign_trade_crm.rules import files

	if not content:
		raise UnsafeWorkbook(_("The file is empty"))
	if len(content) > max_bytes:
		raise UnsafeWorkbook(_("The file is larger than {0} MB"), max_bytes // 2**20)
	if not content.startswith(b"PK\x03\x04"):
		raise UnsafeWorkbook(_("The file is not an Excel workbook (.xlsx)"))
	try:
		files.check_ooxml(_("the workbook"), content, files.XLSX, files.Limits(max_bytes=max_bytes))
	except files.RefusedFile as error:
		raise UnsafeWorkbook(error.problem.template, *error.problem.args) from error


def plain_xlsx(rows) -> bytes:
	"""A one-sheet workbook of ``rows`` as they are, as a user's own sheet would be (the demo's
	and the tests' files)."""
	from openpyxl import Workbook

	book = Workbook()
	for row in rows:
		book.active.append(list(row))
	out = BytesIO()
	book.save(out)
	return out.getvalue()


def read_rows(
	content: bytes, max_rows: int = MAX_ROWS, max_columns: int = MAX_COLUMNS, max_bytes: int = MAX_BYTES
) -> list[tuple]:
	"""The first sheet's rows as values (formulas as their saved results, never evaluated).

	Refuses a sheet larger than the limits before reading it, whatever its dimensions claim.
	"""
	from openpyxl import load_workbook

	check_workbook(content, max_bytes)
	try:
		book = load_workbook(BytesIO(content), read_only=True, data_only=True, keep_links=False)
	except Exception as error:
		raise UnsafeWorkbook(_("The workbook could not be read")) from error
	try:
		sheet = book.worksheets[0] if book.worksheets else None
		if sheet is None:
			return []
		# the rows are counted from the data, never from the <dimension> the file declares: a sheet
		# declaring A1:C2 over three data rows would otherwise lose its last row, and report success
		sheet.reset_dimensions()
		rows, width = [], 0
		for row in sheet.iter_rows(values_only=True):
			if len(rows) >= max_rows + 50:  # the header rows above the data are allowed for
				raise UnsafeWorkbook(_("The sheet has more than {0} rows"), max_rows)
			row = list(row)
			while row and row[-1] in (None, ""):
				row.pop()
			if len(row) > max_columns:
				raise UnsafeWorkbook(_("The sheet has more than {0} columns"), max_columns)
			width = max(width, len(row))
			rows.append(row)
		while rows and not rows[-1]:
			rows.pop()
		return [tuple(row + [None] * (width - len(row))) for row in rows]
	finally:
		book.close()


def read_csv_rows(
	content: bytes, max_rows: int = MAX_ROWS, max_columns: int = MAX_COLUMNS, max_bytes: int = MAX_BYTES
) -> list[tuple]:
	"""A .csv as rows of text: UTF-8 (with or without BOM), else GB18030, as Excel saves it on a
	Chinese Windows; comma, semicolon or tab separated. Cells that look like formulas stay text."""
	import csv

	if not content:
		raise UnsafeWorkbook(_("The file is empty"))
	if len(content) > max_bytes:
		raise UnsafeWorkbook(_("The file is larger than {0} MB"), max_bytes // 2**20)
	if b"\x00" in content[:4096]:
		raise UnsafeWorkbook(_("The file is not a CSV text file"))
	for encoding in ("utf-8-sig", "gb18030"):
		try:
			text = content.decode(encoding)
			break
		except UnicodeDecodeError:
			continue
	else:
		raise UnsafeWorkbook(_("The file is not a CSV text file"))
	first = text.split("\n", 1)[0]
	delimiter = max((",", ";", "\t"), key=first.count)
	rows = []
	for row in csv.reader(text.splitlines(), delimiter=delimiter):
		if len(row) > max_columns:
			raise UnsafeWorkbook(_("The sheet has more than {0} columns"), max_columns)
		if len(rows) >= max_rows + 50:
			raise UnsafeWorkbook(_("The sheet has more than {0} rows"), max_rows)
		rows.append(tuple(v if v != "" else None for v in row))
	while rows and not any(v not in (None, "") for v in rows[-1]):
		rows.pop()
	return rows


def read_table(
	content: bytes,
	filename: str = "",
	max_rows: int = MAX_ROWS,
	max_columns: int = MAX_COLUMNS,
	max_bytes: int = MAX_BYTES,
) -> list[tuple]:
	"""An upload's rows: a .csv by its name, else it must be a real .xlsx workbook."""
	if str(filename or "").lower().endswith(".csv"):
		return read_csv_rows(content, max_rows, max_columns, max_bytes)
	return read_rows(content, max_rows, max_columns, max_bytes)


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


@dataclass(frozen=True)
class RowProblem:
	row: int  # as the user sees it in Excel (1-based)
	column: str
	value: object
	reason: Problem


def parse_lines(
	rows: list[tuple],
	mapping: Mapping,
	required: set[str],
	numbers: set[str],
	known: dict[str, set] | None = None,
) -> tuple[list[dict], list[RowProblem]]:
	"""Every data row under the header as {field: value}, and every problem of every row (nothing is
	dropped silently): a required value missing, a number that is not one or not above zero, a value
	not among the ``known`` ones (e.g. item codes)."""
	known = known or {}
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
			if value not in (None, "") and str(value).strip() not in allowed:
				problems.append(RowProblem(excel_row, fieldname, value, Problem("unknown", _("not known"))))
		for fieldname, value in values.items():
			if isinstance(value, str):
				values[fieldname] = value.strip()
		values["_row"] = excel_row
		lines.append(values)
	return lines, problems


# ---------------------------------------------------------------------- de-duplication

COMPANY_SUFFIXES = (
	"co",
	"co ltd",
	"company",
	"company limited",
	"corp",
	"corporation",
	"gmbh",
	"inc",
	"limited",
	"llc",
	"ltd",
	"plc",
	"sa",
	"sarl",
	"srl",
	"spa",
	"bv",
	"ag",
	"有限公司",
	"股份有限公司",
	"公司",
)


def normalise_company(name) -> str:
	"""'ACME Trading Co., Ltd.' and 'acme trading' → 'acmetrading': case, punctuation, spaces and the
	legal form do not make another company."""
	text = re.sub(r"[^\w\u4e00-\u9fff]+", " ", str(name or "").lower()).strip()
	changed = True
	while changed and text:
		changed = False
		for suffix in sorted(COMPANY_SUFFIXES, key=len, reverse=True):
			if text.endswith(" " + suffix) or (text.endswith(suffix) and not suffix.isascii()):
				text = text[: -len(suffix)].strip()
				changed = True
				break
	return text.replace(" ", "")


def normalise_phone(phone, default_country: str = "") -> str:
	"""Digits only with the country code: '+49 (0)30 1234-56', '0049 30 123456' and, with default
	country '49', '030 123456' are one number."""
	text = str(phone or "").strip()
	if not text:
		return ""
	text = text.replace("(0)", "")
	international = text.startswith("+") or text.startswith("00")
	digits = re.sub(r"\D", "", text)
	if text.startswith("00"):
		digits = digits[2:]
	if not international and default_country:
		digits = default_country + digits.lstrip("0")
	return digits


def normalise_email(email) -> str:
	return str(email or "").strip().lower()


def duplicate_keys(company=None, phones=(), emails=(), default_country: str = "") -> set[str]:
	"""Everything that identifies a lead: its normalised company, phones (and faxes) and e-mails."""
	keys = set()
	if normalise_company(company):
		keys.add("company:" + normalise_company(company))
	keys |= {"phone:" + p for p in (normalise_phone(x, default_country) for x in phones) if len(p) >= 6}
	keys |= {"email:" + e for e in (normalise_email(x) for x in emails) if "@" in e}
	return keys


# ---------------------------------------------------------------------- shipment notice lines


def match_contract_lines(lines: list[dict], contract_lines: list) -> list[RowProblem]:
	"""Each imported notice line's contract line (``contract_item``), found by its contract and our
	item code or the buyer's code, or the contract's line number when the item is on several lines.

	``contract_lines`` are the open contracts' lines (with ``contract``, ``name``, ``idx``,
	``item_code``, ``customer_item_code``); a contract not among them is not one of the customer's
	open contracts. Returns a problem for every line that matches none or more than one."""
	by_contract: dict[str, list] = {}
	for line in contract_lines:
		by_contract.setdefault(line.contract, []).append(line)
	problems = []
	for line in lines:
		contract = str(line.get("export_contract") or "").strip()
		candidates = by_contract.get(contract)
		if candidates is None:
			problems.append(
				RowProblem(
					line["_row"],
					"export_contract",
					contract,
					Problem("not_open_contract", _("not an open contract of this customer")),
				)
			)
			continue
		if line.get("contract_line"):
			number = parse_number(line["contract_line"])
			candidates = [c for c in candidates if number is not None and c.idx == number]
		if line.get("item_code"):
			candidates = [c for c in candidates if c.item_code == str(line["item_code"]).strip()]
		if line.get("customer_item_code"):
			# the buyer's code on the line; else (an older line without it) the item it stands for
			code = str(line["customer_item_code"]).strip()
			with_code = [c for c in candidates if (c.customer_item_code or "").strip() == code]
			if with_code or not line.get("item_code"):
				candidates = with_code
		if len(candidates) == 1:
			line["contract_item"] = candidates[0].name
			line["item_code"] = candidates[0].item_code
			line.setdefault("customer_item_code", candidates[0].customer_item_code)
			continue
		column = "customer_item_code" if line.get("customer_item_code") else "item_code"
		problems.append(
			RowProblem(
				line["_row"],
				column,
				line.get(column),
				Problem("no_contract_line", _("not on this contract"))
				if not candidates
				else Problem(
					"several_contract_lines",
					_("on several lines of this contract: add the contract line number"),
				),
			)
		)
	return problems
