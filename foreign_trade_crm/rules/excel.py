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

MAX_CELL_CHARS = 32_767  # Excel's own limit for the text of one cell
CELLS_PER_ROW = 10  # a sheet may have (rows + 50) × this many cells: what bounds the time a read takes
STALL_BYTES = 4 * 2**20  # XML without a single element in it (one endless tag, comment or text): refused
MAX_PART_BYTES = 256 * 2**20  # one part of a workbook, inflated (the gate's limit for all of them)
SMALL_PART_BYTES = 4 * 2**20  # the workbook's list of sheets and its relationships
SHARED_BYTES_PER_CELL = 48  # the shared strings may take this many bytes for each cell a sheet may have
MAX_STYLES = 100_000  # cell formats (Excel itself keeps to 64,000)
_CHUNK = 2**16
_SHEET_TYPE = "/worksheet"


class UnsafeWorkbook(ValueError):
	"""An upload that is not a plain .xlsx workbook we are willing to read (``problem`` to translate)."""

	def __init__(self, template: str, *args):
		self.problem = Problem("unsafe_workbook", template, args)
		super().__init__(self.problem.render())


def check_workbook(content: bytes, max_bytes: int = MAX_BYTES, filename: str = "") -> None:
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
		files.check_ooxml(
			filename or _("the workbook"), content, files.XLSX, files.Limits(max_bytes=max_bytes)
		)
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
	content: bytes,
	max_rows: int = MAX_ROWS,
	max_columns: int = MAX_COLUMNS,
	max_bytes: int = MAX_BYTES,
	filename: str = "",
	max_cells: int | None = None,
) -> list[tuple]:
	"""The first sheet's rows as values (formulas as their saved results, never evaluated), as openpyxl
	reads them (numbers, dates by their format, booleans, text).

	The file passes the upload gate first (``check_workbook``). The sheet is then read as a stream, its
	rows counted from its data, never from the ``<dimension>`` it declares, and every limit is enforced
	while reading, before anything grows: rows (with 50 for a title above the header), columns of each
	row, cells in all (``max_cells``, by default (rows + 50) × 10: what bounds the time), characters of a
	cell, bytes of each part. XML declaring a DTD or entities is refused wherever it does.
	"""
	check_workbook(content, max_bytes, filename)
	name = filename or _("the workbook")
	with zipfile.ZipFile(BytesIO(content)) as archive:
		reader = _SheetReader(
			archive,
			name,
			max_rows,
			max_columns,
			(max_rows + 50) * CELLS_PER_ROW if max_cells is None else max_cells,
		)
		return reader.first_sheet()


class _SheetReader:
	"""One workbook's first sheet, its shared strings and its date styles, each part streamed through
	expat (no DTD, no entities, no external references) from a size-capped stream of the zip."""

	def __init__(
		self, archive: zipfile.ZipFile, filename: str, max_rows: int, max_columns: int, max_cells: int
	):
		self.archive = archive
		self.names = set(archive.namelist())
		self.filename = filename
		self.max_rows, self.max_columns, self.max_cells = max_rows, max_columns, max(max_cells, 1)
		self.elements = 0  # start tags seen in the part being read

	# -- errors

	def damaged(self) -> UnsafeWorkbook:
		from foreign_trade_crm.rules.files import KIND_NAMES, XLSX

		return UnsafeWorkbook(_("The file {0} is not {1}: it is damaged"), self.filename, KIND_NAMES[XLSX])

	def too_many_cells(self) -> UnsafeWorkbook:
		return UnsafeWorkbook(_("The sheet has more than {0} cells"), self.max_cells)

	# -- streaming one part

	def parse(self, part: str, start, end=None, text=None, count=None, cap: int = MAX_PART_BYTES) -> None:
		"""Feed ``part`` to a fresh expat parser calling ``start(tag, attrs)``, ``end(tag)`` and
		``text(data)`` (tags with their namespace prefix, if any), chunk by chunk, at most ``cap`` bytes of
		it; ``count()`` says how many elements the handlers have seen (by default ``self.elements``, which
		they count)."""
		import xml.parsers.expat as expat
		import zlib

		parser = expat.ParserCreate()
		parser.buffer_text = True

		def refuse_dtd(*args):
			raise UnsafeWorkbook(
				_("The file {0} declares XML entities ({1}): refused, they can expand without end"),
				self.filename,
				part,
			)

		parser.StartDoctypeDeclHandler = refuse_dtd
		parser.EntityDeclHandler = refuse_dtd
		parser.ExternalEntityRefHandler = refuse_dtd
		parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
		parser.StartElementHandler = start
		if end:
			parser.EndElementHandler = end
		if text:
			parser.CharacterDataHandler = text
		# zipfile inflates a member no further than the size its central directory declares (and a member
		# inflating past it fails its CRC): a part declaring more than ``cap`` is refused before it is read
		if self.archive.getinfo(part).file_size > cap:
			raise UnsafeWorkbook(
				_("The part {0} of the file is larger than {1} MB"), part, max(cap // 2**20, 1)
			)
		budget = 6 * self.max_cells + 100_000  # every kind of element, cells and their values included
		self.elements = 0
		count = count or (lambda: self.elements)
		read = stalled = 0
		seen = -1
		try:
			with self.archive.open(part) as stream:
				while chunk := stream.read(_CHUNK):
					read += len(chunk)
					if read > cap:
						raise UnsafeWorkbook(
							_("The part {0} of the file is larger than {1} MB"), part, max(cap // 2**20, 1)
						)
					parser.Parse(chunk, False)
					elements = count()
					if elements > budget:
						raise self.too_many_cells()
					if elements == seen:
						stalled += len(chunk)
						if stalled > STALL_BYTES:
							raise self.damaged()
					else:
						seen, stalled = elements, 0
				parser.Parse(b"", True)
		except (
			expat.ExpatError,
			zipfile.BadZipFile,  # a CRC that does not match: the member inflates to more than it declares
			zlib.error,
			EOFError,
			OSError,
			RuntimeError,  # encrypted
			NotImplementedError,  # a compression method zipfile does not have
		):
			raise self.damaged()

	def count_tags(self, part: str, tags: tuple[bytes, ...], limit: int) -> None:
		"""Refuse ``part`` if its bytes hold more than ``limit`` of ``tags`` (``b"<c "``...): a count at the
		speed of inflating, before any parser reads it. A tag in a comment counts too: only a file made to
		be refused has them there."""
		import zlib

		found, tail = 0, b""
		try:
			with self.archive.open(part) as stream:
				while chunk := stream.read(_CHUNK * 16):
					window = tail + chunk
					found += sum(window.count(tag) for tag in tags)
					tail = window[-4:]
					found -= sum(tail.count(tag) for tag in tags)  # counted again with the next chunk
					if found > limit:
						raise self.too_many_cells()
		except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError):
			raise self.damaged()
		if found + sum(tail.count(tag) for tag in tags) > limit:
			raise self.too_many_cells()

	# -- the parts around the sheet

	def relations(self, part: str) -> dict[str, tuple[str, str]]:
		"""Id → (type, target part) of ``part``'s relationships, targets resolved within the zip."""
		import posixpath

		rels_part = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
		found = {}
		if rels_part not in self.names:
			return found

		def start(tag, attrs):
			self.elements += 1
			if tag.rpartition(":")[2] == "Relationship" and attrs.get("TargetMode") != "External":
				target = attrs.get("Target") or ""
				target = (
					target[1:] if target.startswith("/") else posixpath.join(posixpath.dirname(part), target)
				)
				found[attrs.get("Id")] = (attrs.get("Type") or "", posixpath.normpath(target))

		self.parse(rels_part, start, cap=SMALL_PART_BYTES)
		return found

	def workbook(self, part: str) -> tuple[list[str], bool]:
		"""The relationship ids of the workbook's sheets in order, and whether it counts from 1904."""
		sheets, date1904 = [], [False]

		def start(tag, attrs):
			self.elements += 1
			tag = tag.rpartition(":")[2]
			if tag == "sheet":
				sheets.append(next((v for k, v in attrs.items() if k.endswith(":id")), None))
			elif tag == "workbookPr":
				date1904[0] = str(attrs.get("date1904", "")).lower() in ("1", "true")

		self.parse(part, start, cap=SMALL_PART_BYTES)
		return sheets, date1904[0]

	def date_styles(self, part: str | None) -> tuple[set[int], set[int]]:
		"""The cell styles (indexes of ``cellXfs``) that show a number as a date, and those of them that
		show a duration, decided as openpyxl decides them."""
		from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

		custom, formats, where = {}, [], []

		def start(tag, attrs):
			self.elements += 1
			tag = tag.rpartition(":")[2]
			if tag == "numFmt":
				if len(custom) >= MAX_STYLES:
					raise self.damaged()
				try:
					custom[int(attrs.get("numFmtId"))] = attrs.get("formatCode")
				except (TypeError, ValueError):
					raise self.damaged()
			elif tag == "xf" and where and where[-1] == "cellXfs":
				if len(formats) >= MAX_STYLES:
					raise self.damaged()
				try:
					formats.append(int(attrs.get("numFmtId", 0)))
				except ValueError:
					raise self.damaged()
			where.append(tag)

		def end(tag):
			where.pop()

		if part:
			self.parse(part, start, end)
		dates, durations = set(), set()
		for index, number_format in enumerate(formats):
			code = custom[number_format] if number_format in custom else BUILTIN_FORMATS.get(number_format)
			if is_date_format(code):
				dates.add(index)
			if is_timedelta_format(code):
				durations.add(index)
		return dates, durations

	def shared_strings(self, part: str | None) -> list[str]:
		"""Each shared string as plain text (its runs joined, phonetic hints left out), as openpyxl gives it."""
		strings: list[str] = []
		if not part:
			return strings
		max_cells = self.max_cells
		elements = phonetic = 0
		capture: str | None = None  # the text of the <t> being read, else None
		text_of: str = ""  # the string's text so far

		def start(tag, attrs):
			nonlocal elements, capture, phonetic, text_of
			elements += 1
			if ":" in tag:
				tag = tag.rpartition(":")[2]
			if tag == "t":
				if not phonetic:
					capture = ""
			elif tag == "si":
				text_of = ""
			elif tag == "rPh":
				phonetic += 1

		def end(tag):
			nonlocal capture, phonetic, text_of
			if ":" in tag:
				tag = tag.rpartition(":")[2]
			if tag == "t":
				if capture is not None:
					text_of, capture = text_of + capture, None
					if len(text_of) > MAX_CELL_CHARS:
						raise UnsafeWorkbook(
							_("A cell of the sheet holds more than {0} characters"), MAX_CELL_CHARS
						)
			elif tag == "si":
				if len(strings) >= max_cells:
					raise self.too_many_cells()
				strings.append(text_of.replace("x005F_", "") if "x005F_" in text_of else text_of)
			elif tag == "rPh":
				phonetic -= 1

		def text(data):
			nonlocal capture
			if capture is not None:
				capture += data
				if len(capture) > MAX_CELL_CHARS:
					raise UnsafeWorkbook(
						_("A cell of the sheet holds more than {0} characters"), MAX_CELL_CHARS
					)

		# the text of every shared string is kept while the sheet is read: its bytes are bounded by the cells
		cap = self.max_cells * SHARED_BYTES_PER_CELL
		if self.archive.getinfo(part).file_size <= cap:
			self.count_tags(part, (b"<si>", b"<si "), self.max_cells)
		self.parse(part, start, end, text, count=lambda: elements, cap=cap)
		return strings

	# -- the sheet

	def first_sheet(self) -> list[tuple]:
		"""The rows of the workbook's first worksheet (chart sheets are not worksheets), as openpyxl's
		``worksheets[0]``; none when it has none."""
		book = "xl/workbook.xml"  # the gate has made sure it is there
		relations = self.relations(book)
		sheet_ids, date1904 = self.workbook(book)
		sheet = next(
			(
				relations[rid][1]
				for rid in sheet_ids
				if rid in relations
				and relations[rid][0].endswith(_SHEET_TYPE)
				and relations[rid][1] in self.names
			),
			None,
		)
		if sheet is None:
			return []
		by_type = {
			kind.rpartition("/")[2]: target for kind, target in relations.values() if target in self.names
		}
		shared = self.shared_strings(by_type.get("sharedStrings"))
		dates, durations = self.date_styles(by_type.get("styles"))
		return self.rows(sheet, shared, dates, durations, date1904)

	def rows(self, part, shared, dates, durations, date1904) -> list[tuple]:
		"""The sheet's rows: each cell's value at its column, from its ``r`` or after the cell before it;
		rows at their ``r`` or after the row before; gaps as empty rows, as openpyxl reads them."""
		from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

		epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
		date_styles = {str(index) for index in dates}  # compared with the ``s`` attribute as it is written
		last_row, max_columns, max_cells = self.max_rows + 50, self.max_columns, self.max_cells
		found: dict[int, list] = {}  # row → its values up to its last cell holding one
		widths: dict[int, int] = {}  # row → its last column holding more than ""
		letters_to_column: dict[str, int] = {}
		elements = cells = row = column = width = phonetic = 0
		kind = style = raw = None  # the open cell's type (None outside a cell), style, and <v> text
		inline: str | None = None  # the text of an inline string, once its <is> opens
		capture: str | None = None  # the text of the <v> or <t> being read, else None
		line: list | None = None  # the current row's in ``found``

		def column_of(letters: str) -> int:
			plain = letters.replace("$", "").upper()
			if not 1 <= len(plain) <= 3 or not plain.isascii() or not plain.isalpha():
				raise self.damaged()
			index = 0
			for letter in plain:
				index = index * 26 + ord(letter) - 64
			letters_to_column[letters] = index
			return index

		def start(tag, attrs):
			nonlocal elements, cells, row, column, width, style, kind, raw, inline, capture, phonetic, line
			elements += 1
			if tag == "c" or (":" in tag and tag.rpartition(":")[2] == "c"):
				cells += 1
				if cells > max_cells:
					raise self.too_many_cells()
				ref = attrs.get("r")
				if ref:
					letters = ref.rstrip("0123456789")
					column = letters_to_column.get(letters) or column_of(letters)
				else:
					column += 1
				kind, style, raw, inline = attrs.get("t", "n"), attrs.get("s"), None, None
				return
			if ":" in tag:
				tag = tag.rpartition(":")[2]
			if tag == "v":
				if kind is not None:
					capture = ""
			elif tag == "row":
				ref = attrs.get("r")
				try:
					row = int(ref) if ref else row + 1
				except ValueError:
					try:  # "3.0", as openpyxl takes it
						row = int(float(ref)) if float(ref).is_integer() else 0
					except (ValueError, OverflowError):
						row = 0
				if row < 1:
					raise self.damaged()
				column, kind, line, width = 0, None, found.get(row), widths.get(row, 0)
			elif tag == "is":
				if kind is not None:
					inline, phonetic = "", 0
			elif tag == "t":
				if inline is not None and not phonetic:
					capture = ""
			elif tag == "rPh":
				phonetic += 1

		def end(tag):
			nonlocal kind, raw, inline, capture, phonetic, line, width
			if ":" in tag:
				tag = tag.rpartition(":")[2]
			if tag == "v":
				if capture is not None:
					raw, capture = capture, None
			elif tag == "c":
				if kind is None:
					return
				# the value, as openpyxl gives it
				if kind == "inlineStr":
					value = inline
				elif not raw:
					value = None
				elif kind == "n":
					try:
						value = float(raw) if "." in raw or "E" in raw or "e" in raw else int(raw)
					except ValueError:
						raise self.damaged()
					if style in date_styles:
						try:
							value = from_excel(value, epoch, timedelta=int(style) in durations)
						except (OverflowError, ValueError):
							value = "#VALUE!"  # as openpyxl: a date out of range is an error value
				elif kind == "s":
					try:
						value = shared[int(raw)]
					except (ValueError, IndexError):
						raise self.damaged()
				elif kind == "b":
					try:
						value = bool(int(raw))
					except ValueError:
						raise self.damaged()
				elif kind == "d":
					try:
						value = from_ISO8601(raw)
					except (ValueError, TypeError, OverflowError):
						raise self.damaged()
				else:
					value = raw  # "str" (a formula's text), "e" (an error such as #N/A), as written
				kind = None
				if value is None:
					return
				if value != "":
					if column > max_columns:
						raise UnsafeWorkbook(_("The sheet has more than {0} columns"), max_columns)
					if row > last_row:
						raise UnsafeWorkbook(_("The sheet has more than {0} rows"), self.max_rows)
					if column > width:
						width = widths[row] = column
				if column <= max_columns and row <= last_row:
					if line is None:
						line = found[row] = []
					if column > len(line):
						line.extend([None] * (column - len(line)))
					line[column - 1] = value
			elif tag == "t":
				if capture is not None:
					inline, capture = inline + capture, None
					if len(inline) > MAX_CELL_CHARS:
						raise UnsafeWorkbook(
							_("A cell of the sheet holds more than {0} characters"), MAX_CELL_CHARS
						)
			elif tag == "rPh":
				phonetic -= 1

		def text(data):
			nonlocal capture
			if capture is not None:
				capture += data
				if len(capture) > MAX_CELL_CHARS:
					raise UnsafeWorkbook(
						_("A cell of the sheet holds more than {0} characters"), MAX_CELL_CHARS
					)

		self.count_tags(part, (b"<c ", b"<c>", b"<c/"), max_cells)
		self.parse(part, start, end, text, count=lambda: elements)
		if not widths:
			return []
		total = max(widths.values())
		out = []
		for number in range(1, max(widths) + 1):
			values = found.pop(number, None)
			if not values:
				out.append((None,) * total)
				continue
			del values[widths.get(number, 0) :]  # "" after the row's last value: nothing
			out.append(tuple(values) + (None,) * (total - len(values)))
		return out


def read_csv_rows(
	content: bytes,
	max_rows: int = MAX_ROWS,
	max_columns: int = MAX_COLUMNS,
	max_bytes: int = MAX_BYTES,
	filename: str = "",
) -> list[tuple]:
	"""A .csv as rows of text: UTF-8 (with or without BOM), else GB18030, as Excel saves it on a
	Chinese Windows; comma, semicolon or tab separated. Cells that look like formulas stay text."""
	import csv

	if not content:
		raise UnsafeWorkbook(_("The file is empty"))
	if len(content) > max_bytes:
		raise UnsafeWorkbook(_("The file is larger than {0} MB"), max_bytes // 2**20)
	if b"\x00" in content:
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
	try:
		for row in _csv_rows(text, delimiter):
			if len(rows) >= max_rows + 50:
				raise UnsafeWorkbook(_("The sheet has more than {0} rows"), max_rows)
			while row and row[-1] == "":
				row.pop()
			if len(row) > max_columns:
				raise UnsafeWorkbook(_("The sheet has more than {0} columns"), max_columns)
			rows.append(tuple(v if v != "" else None for v in row))
	except csv.Error:  # a cell longer than csv's own limit, a quote never closed
		raise UnsafeWorkbook(_("The file is not a CSV text file"))
	while rows and not any(v not in (None, "") for v in rows[-1]):
		rows.pop()
	return rows


def _csv_rows(text: str, delimiter: str):
	"""csv's rows of the text, read as from a file opened with ``newline=""`` (a quoted cell keeps its line
	breaks). A line that starts a row and has no quote loses the empty cells that end it before csv splits
	it: a line of ten million commas costs nothing."""
	import csv

	done = [0]  # the lines the rows read so far took

	def lines():
		for number, match in enumerate(re.finditer(r"[^\r\n]*(?:\r\n|[\r\n])|[^\r\n]+$", text), 1):
			line = match.group()
			if done[0] == number - 1 and '"' not in line:
				body = line.rstrip("\r\n")
				line = body.rstrip(delimiter) + line[len(body) :]
			yield line

	reader = csv.reader(lines(), delimiter=delimiter)
	for row in reader:
		done[0] = reader.line_num
		yield row


def read_table(
	content: bytes,
	filename: str = "",
	max_rows: int = MAX_ROWS,
	max_columns: int = MAX_COLUMNS,
	max_bytes: int = MAX_BYTES,
) -> list[tuple]:
	"""An upload's rows: a .csv by its name, else it must be a real .xlsx workbook."""
	if str(filename or "").lower().endswith(".csv"):
		return read_csv_rows(content, max_rows, max_columns, max_bytes, filename=filename)
	return read_rows(content, max_rows, max_columns, max_bytes, filename=filename)


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
