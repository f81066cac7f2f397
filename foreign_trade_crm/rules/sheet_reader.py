"""Reading a sheet a user uploaded, beside ``rules.xlsx`` (the writer): a .xlsx streamed through the
upload gate (``rules.files``) with every limit enforced while reading, or a .csv.

Pure: no Frappe. What the rows mean is ``rules.excel``'s (header mapping, line parsing)."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

from foreign_trade_crm.rules.messages import Problem, _

MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_BYTES = 10 * 1024 * 1024

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
		self.count_tags(part, (b"<c ", b"<c>", b"<c/"), self.max_cells)
		sheet = _SheetRows(self, shared, dates, durations, date1904)
		self.parse(part, sheet.start, sheet.end, sheet.text, count=lambda: sheet.elements)
		return sheet.table()


class _SheetRows:
	"""What the reader keeps while a sheet streams through it: the rows found so far, the cell being read,
	and every count a limit is checked against as it grows (expat calls ``start``, ``end``, ``text``)."""

	__slots__ = (
		"capture",
		"cells",
		"column",
		"columns_of",
		"date_styles",
		"durations",
		"elements",
		"epoch",
		"found",
		"from_excel",
		"from_iso",
		"inline",
		"kind",
		"last_row",
		"line",
		"phonetic",
		"raw",
		"reader",
		"row",
		"shared",
		"style",
		"width",
		"widths",
	)

	def __init__(
		self, reader: _SheetReader, shared: list[str], dates: set[int], durations: set[int], date1904
	):
		from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

		self.from_excel, self.from_iso = from_excel, from_ISO8601
		self.reader, self.shared, self.durations = reader, shared, durations
		self.epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
		self.date_styles = {str(index) for index in dates}  # compared with the ``s`` attribute as written
		self.last_row = reader.max_rows + 50
		self.found: dict[int, list] = {}  # row → its values up to its last cell holding one
		self.widths: dict[int, int] = {}  # row → its last column holding more than ""
		self.columns_of: dict[str, int] = {}  # a cell reference's letters → its column
		self.elements = self.cells = self.row = self.column = self.width = self.phonetic = 0
		self.kind = self.style = self.raw = (
			None  # the open cell's type (None outside a cell), style, <v> text
		)
		self.inline: str | None = None  # the text of an inline string, once its <is> opens
		self.capture: str | None = None  # the text of the <v> or <t> being read, else None
		self.line: list | None = None  # the current row's in ``found``

	def column_of(self, letters: str) -> int:
		plain = letters.replace("$", "").upper()
		if not 1 <= len(plain) <= 3 or not plain.isascii() or not plain.isalpha():
			raise self.reader.damaged()
		index = 0
		for letter in plain:
			index = index * 26 + ord(letter) - 64
		self.columns_of[letters] = index
		return index

	def start(self, tag, attrs):
		self.elements += 1
		if tag == "c" or (":" in tag and tag.rpartition(":")[2] == "c"):
			self.cells += 1
			if self.cells > self.reader.max_cells:
				raise self.reader.too_many_cells()
			ref = attrs.get("r")
			if ref:
				letters = ref.rstrip("0123456789")
				self.column = self.columns_of.get(letters) or self.column_of(letters)
			else:
				self.column += 1
			self.kind, self.style, self.raw, self.inline = attrs.get("t", "n"), attrs.get("s"), None, None
			return
		if ":" in tag:
			tag = tag.rpartition(":")[2]
		if tag == "v":
			if self.kind is not None:
				self.capture = ""
		elif tag == "row":
			self.row = self.row_number(attrs.get("r"))
			self.column, self.kind = 0, None
			self.line, self.width = self.found.get(self.row), self.widths.get(self.row, 0)
		elif tag == "is":
			if self.kind is not None:
				self.inline, self.phonetic = "", 0
		elif tag == "t":
			if self.inline is not None and not self.phonetic:
				self.capture = ""
		elif tag == "rPh":
			self.phonetic += 1

	def row_number(self, ref) -> int:
		try:
			row = int(ref) if ref else self.row + 1
		except ValueError:
			try:  # "3.0", as openpyxl takes it
				row = int(float(ref)) if float(ref).is_integer() else 0
			except (ValueError, OverflowError):
				row = 0
		if row < 1:
			raise self.reader.damaged()
		return row

	def end(self, tag):
		if ":" in tag:
			tag = tag.rpartition(":")[2]
		if tag == "v":
			if self.capture is not None:
				self.raw, self.capture = self.capture, None
		elif tag == "c":
			kind = self.kind
			if kind is None:
				return
			self.kind = None
			raw = self.raw
			if kind == "n" and raw and self.style not in self.date_styles:  # most cells: a plain number
				try:
					value = float(raw) if "." in raw or "E" in raw or "e" in raw else int(raw)
				except ValueError:
					raise self.reader.damaged()
			else:
				value = self.value(kind, raw)
				if value is None:
					return
			self.keep(value)
		elif tag == "t":
			if self.capture is not None:
				self.inline, self.capture = self.inline + self.capture, None
				if len(self.inline) > MAX_CELL_CHARS:
					raise UnsafeWorkbook(
						_("A cell of the sheet holds more than {0} characters"), MAX_CELL_CHARS
					)
		elif tag == "rPh":
			self.phonetic -= 1

	def value(self, kind: str, raw: str | None):
		"""The closing cell's value, as openpyxl gives it."""
		if kind == "inlineStr":
			return self.inline
		if not raw:
			return None
		if kind == "n":
			try:
				value = float(raw) if "." in raw or "E" in raw or "e" in raw else int(raw)
			except ValueError:
				raise self.reader.damaged()
			if self.style in self.date_styles:
				try:
					return self.from_excel(value, self.epoch, timedelta=int(self.style) in self.durations)
				except (OverflowError, ValueError):
					return "#VALUE!"  # as openpyxl: a date out of range is an error value
			return value
		try:
			if kind == "s":
				return self.shared[int(raw)]
			if kind == "b":
				return bool(int(raw))
			if kind == "d":
				return self.from_iso(raw)
		except (ValueError, IndexError, TypeError, OverflowError):
			raise self.reader.damaged()
		return raw  # "str" (a formula's text), "e" (an error such as #N/A), as written

	def keep(self, value) -> None:
		"""The value at the current row and column, within the sheet's limits."""
		row, column, max_columns = self.row, self.column, self.reader.max_columns
		if value != "":
			if column > max_columns:
				raise UnsafeWorkbook(_("The sheet has more than {0} columns"), max_columns)
			if row > self.last_row:
				raise UnsafeWorkbook(_("The sheet has more than {0} rows"), self.reader.max_rows)
			if column > self.width:
				self.width = self.widths[row] = column
		if column <= max_columns and row <= self.last_row:
			line = self.line
			if line is None:
				line = self.line = self.found[row] = []
			if column > len(line):
				line.extend([None] * (column - len(line)))
			line[column - 1] = value

	def text(self, data):
		if self.capture is not None:
			self.capture += data
			if len(self.capture) > MAX_CELL_CHARS:
				raise UnsafeWorkbook(_("A cell of the sheet holds more than {0} characters"), MAX_CELL_CHARS)

	def table(self) -> list[tuple]:
		"""The rows found, each as wide as the widest, empty rows where the sheet has none."""
		widths, found = self.widths, self.found
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
