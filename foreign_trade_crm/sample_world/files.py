"""Hostile files, made by code (never committed binaries), for the upload gate's tests and benchmark.

Pure: no Frappe, so the pure tests, the integration tests and ``ftcrm_benchmarks/hostile.py`` share them.
"""

from __future__ import annotations

import io
import zipfile

# a 1×1 PNG and the start of a Linux program
PNG = bytes.fromhex(
	"89504e470d0a1a0a0000000d4948445200000001000000010806000000"
	"1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(120)


def rezip(source: bytes, change=None, add=None) -> bytes:
	"""``source`` (a zip) with members changed by ``change(name, data)`` and ``add`` {name: data} added."""
	out = io.BytesIO()
	with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
		for info in old.infolist():
			data = old.read(info)
			new.writestr(info.filename, change(info.filename, data) if change else data)
		for name, data in (add or {}).items():
			new.writestr(name, data)
	return out.getvalue()


def zip_bomb(workbook: bytes, gigabytes: float = 1.0) -> bytes:
	"""``workbook`` whose first sheet inflates about ``gigabytes`` GB from a few MB, written streaming so
	that making it stays small in memory."""
	out = io.BytesIO()
	with zipfile.ZipFile(io.BytesIO(workbook)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
		for info in old.infolist():
			if info.filename != "xl/worksheets/sheet1.xml":
				new.writestr(info.filename, old.read(info))
				continue
			with new.open(info.filename, "w", force_zip64=True) as sheet:
				sheet.write(
					b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
				)
				block = b"<row><c><v>1</v></c></row>" * 40_000
				for _i in range(int(gigabytes * 1000)):
					sheet.write(block)
				sheet.write(b"</sheetData></worksheet>")
	return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
SHEET_OPEN = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
SHEET_CLOSE = b"</sheetData></worksheet>"


def with_sheet(workbook: bytes, sheet: bytes) -> bytes:
	"""``workbook`` with its first sheet's XML replaced by ``sheet``."""
	return rezip(workbook, change=lambda name, data: sheet if name == SHEET else data)


def one_long_row(workbook: bytes, megabytes: float = 8.0, every: int = 8) -> bytes:
	"""A first sheet of one row of empty cells with a numbered cell every ``every`` cells: random enough
	to stay under the gate's ratio (about 9:1), so only the reader can stop it. openpyxl built the whole
	row before any column check: 60 MB of it took 112 s and 3.4 GB."""
	import random

	rnd = random.Random(18)
	out = io.BytesIO()
	with zipfile.ZipFile(io.BytesIO(workbook)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
		for info in old.infolist():
			if info.filename != SHEET:
				new.writestr(info.filename, old.read(info))
				continue
			with new.open(SHEET, "w", force_zip64=True) as sheet:
				sheet.write(SHEET_OPEN + b"<row>")
				written = 0
				while written < megabytes * 2**20:
					chunk = b"".join(
						b"<c/>" * every + b"<c><v>%d</v></c>" % rnd.randrange(10**9) for _i in range(1000)
					)
					sheet.write(chunk)
					written += len(chunk)
				sheet.write(b"</row>" + SHEET_CLOSE)
	return out.getvalue()


def far_cells(workbook: bytes, rows: int) -> bytes:
	"""A first sheet of ``rows`` rows, each with one empty cell in the last column (XFD): a few hundred
	KB that openpyxl widened to 16,384 values a row (5,000 rows took 7 s)."""
	body = b"".join(b'<row r="%d"><c r="XFD%d"/></row>' % (i, i) for i in range(1, rows + 1))
	return with_sheet(workbook, SHEET_OPEN + body + SHEET_CLOSE)


def lying_dimension(rows: list[tuple], declared: str = "A1:C2") -> bytes:
	"""A workbook of ``rows`` whose sheet declares the ``<dimension>`` ``declared``."""
	import re

	from foreign_trade_crm.rules.xlsx import plain_xlsx

	return rezip(
		plain_xlsx(rows),
		change=lambda name, data: (
			re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="%s"' % declared.encode(), data)
			if name == SHEET
			else data
		),
	)


def dtd_after_comment(workbook: bytes, part: str = SHEET, padding: int = 3000) -> bytes:
	"""``part`` with a DTD of nested entities behind a ``padding``-byte comment (a check of the first
	kilobyte misses it), the entity used in the part."""
	laughs = (
		b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
		b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
	)

	def change(name, data):
		if name != part:
			return data
		root = data.index(b"<", data.index(b"?>") + 2) if data.startswith(b"<?xml") else 0
		body = data[root:].replace(
			b"</sheetData>", b'<row r="9"><c t="str"><v>&lol3;</v></c></row></sheetData>'
		)
		return b'<?xml version="1.0"?><!--' + b"x" * padding + b"-->" + laughs + body

	return rezip(workbook, change=change)


def lie_about_size(archive: bytes, member: str, declared: int) -> bytes:
	"""``archive`` whose central directory (and local header) says ``member`` inflates to ``declared``
	bytes, whatever it really inflates to: the sizes a zip bomb lies with."""
	import struct

	data = bytearray(archive)
	name = member.encode()
	at = data.find(b"PK\x01\x02")
	while at != -1:
		length, extra, comment = struct.unpack("<HHH", data[at + 28 : at + 34])
		if data[at + 46 : at + 46 + length] == name:
			struct.pack_into("<I", data, at + 24, declared)
			local = struct.unpack("<I", data[at + 42 : at + 46])[0]
			struct.pack_into("<I", data, local + 22, declared)
		at = data.find(b"PK\x01\x02", at + 46 + length + extra + comment)
	return bytes(data)
