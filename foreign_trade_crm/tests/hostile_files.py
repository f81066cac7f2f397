"""Hostile files, made by code (never committed binaries), for the upload gate's tests and benchmark.

Pure: no Frappe, so the pure tests, the integration tests and ``benchmarks/hostile.py`` share them.
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
