"""A corpus of hostile uploads, made by code (never committed binaries), up to the 10 MB limit, and what the
upload gate (``rules.files.judge``) and the sheet reader (``rules.sheet_reader.read_table``) cost on each: seconds,
peak traced memory and resident-memory growth per file; the target is under 2 s and 100 MB for each.

Without a site (pure, no Frappe): ``python ftcrm_benchmarks/hostile.py`` in any Python with the
app's dependencies (the ``benchmarks`` package itself imports Frappe, so not ``-m``). On a site: the
``hostile_uploads`` case of ``benchmarks.run``."""

from __future__ import annotations

import io
import json
import os
import resource
import time
import tracemalloc
import zipfile

from foreign_trade_crm.rules import files, sheet_reader, xlsx
from foreign_trade_crm.sample_world import files as hostile
from foreign_trade_crm.sample_world.files import rezip, zip_bomb

LIMIT = 10 * 2**20  # the settings' default largest upload


def _big_sheet(rows: int, declared: str | None = None) -> bytes:
	"""A real workbook of ``rows`` rows (written by the app's own streaming writer)."""
	styles = xlsx.Styles()
	data = xlsx.write(
		"Order",
		["Your Item Code", "Qty", "Rate"],
		(
			[(xlsx.TEXT, f"ATL-{i % 97:04d}", 0), (xlsx.NUMBER, i % 500 + 1, 0), (xlsx.NUMBER, 3.25, 0)]
			for i in range(rows)
		),
		styles=styles,
	)
	if declared:
		data = rezip(
			data,
			change=lambda n, d: (
				d.replace(b"<sheetViews>", f'<dimension ref="{declared}"/><sheetViews>'.encode())
				if n == "xl/worksheets/sheet1.xml"
				else d
			),
		)
	return data


def corpus() -> dict[str, tuple[str, bytes]]:
	good = xlsx.plain_xlsx([("Your Item Code", "Qty"), ("A", 1)])
	laughs = (
		b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
		+ b"".join(
			f'<!ENTITY lol{i} "{"&lol" + str(i - 1) + ";" if i > 1 else "&lol;"}'.encode() + b'">'
			for i in range(1, 2)
		)
		+ b"]><workbook>&lol1;</workbook>"
	)
	return {
		"png named .xlsx": (
			"evil.xlsx",
			bytes.fromhex("89504e470d0a1a0a0000000d49484452") + os.urandom(LIMIT - 16),
		),
		"ELF named .xlsx": ("evil.xlsx", b"\x7fELF\x02\x01\x01\x00" + os.urandom(LIMIT - 8)),
		"zip bomb, 1 GB inflated": (
			"bomb.xlsx",
			zip_bomb(xlsx.plain_xlsx([("Your Item Code", "Qty"), ("A", 1)]), 1.0),
		),
		"billion laughs workbook": (
			"laughs.xlsx",
			rezip(good, change=lambda n, d: laughs if n == "xl/workbook.xml" else d),
		),
		"macro workbook": ("macro.xlsx", rezip(good, add={"xl/vbaProject.bin": os.urandom(1000)})),
		"random bytes named .csv": ("list.csv", os.urandom(LIMIT)),
		"random bytes named .xlsx": ("list.xlsx", b"PK\x03\x04" + os.urandom(LIMIT - 4)),
		"100,000-row sheet declaring A1:C2": ("order.xlsx", _big_sheet(100_000, "A1:C2")),
		"good 100,000-row CSV": (
			"order.csv",
			"".join(f"ATL-{i % 97:04d},{i % 500 + 1},3.25\n" for i in range(100_000)).encode(),
		),
		# what passes the gate (the ratios of a real sheet) and only the reader can stop
		"one endless row, 9:1 (openpyxl: 112 s, 3.4 GB at 60 MB)": (
			"row.xlsx",
			hostile.one_long_row(good, megabytes=75),
		),
		"100,000 rows of one empty cell at XFD (openpyxl: 7 s per 5,000)": (
			"far.xlsx",
			hostile.far_cells(good, 100_000),
		),
		"rows of 100 empty cells, past the cells a sheet may have": (
			"empty.xlsx",
			_empty_cells(200_000, 100),
		),
		"1.2 million shared strings, past what 100,050 rows may hold": (
			"codes.xlsx",
			_shared_strings(1_200_000),
		),
		"DTD behind a 3 KB comment in the sheet": ("laughs.xlsx", hostile.dtd_after_comment(good)),
		"a sheet inflating past its declared size": (
			"short.xlsx",
			hostile.lie_about_size(_big_sheet(20_000), hostile.SHEET, 1000),
		),
		"2,000 XML parts": (
			"parts.xlsx",
			rezip(good, add={f"xl/media/{i}.xml": b"<a/>" for i in range(1990)}),
		),
		"100,050 rows x 20 numbers, past the cells a sheet may have": ("wide.xlsx", _numbers(100_050, 20)),
		"largest sheet accepted: 100,050 rows x 10 numbers": ("lines.xlsx", _numbers(100_050, 10)),
		"lead list starting 'BMW' (a bitmap by its magic number)": (
			"leads.csv",
			b"BMW Group,Munich,+49 89 1\n" + b"MZ Trading,Wuhan,+86 27 1\n" * 300_000,
		),
		"CSV of one line of 10 MB of commas": ("wide.csv", b"a" + b"," * (LIMIT - 2) + b"\n"),
		"10 MB PDF, escaped /JavaScript at its end": (
			"survey.pdf",
			b"%PDF-1.7\n" + os.urandom(LIMIT - 64) + b"<< /S /J#61vaScript /JS (x) >>",
		),
	}


def _empty_cells(rows: int, empty: int) -> bytes:
	"""Rows of ``empty`` empty cells and one number each: under the gate's ratio, over the reader's cells."""
	import random

	rnd = random.Random(18)
	good = xlsx.plain_xlsx([("Your Item Code", "Qty"), ("A", 1)])
	body = b"".join(
		b"<row>" + b"<c/>" * empty + b"<c><v>%d</v></c></row>" % rnd.randrange(10**9) for _ in range(rows)
	)
	return hostile.with_sheet(good, hostile.SHEET_OPEN + body + hostile.SHEET_CLOSE)


def _shared_strings(count: int) -> bytes:
	"""A workbook whose shared strings part holds ``count`` distinct strings of 50 characters."""
	rel = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
	good = xlsx.plain_xlsx([("Your Item Code", "Qty"), ("A", 1)])
	out = io.BytesIO()
	with zipfile.ZipFile(io.BytesIO(good)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
		for info in old.infolist():
			data = old.read(info)
			if info.filename == "xl/_rels/workbook.xml.rels":
				data = data.replace(
					b"</Relationships>",
					b'<Relationship Id="rS" Type="%s" Target="sharedStrings.xml"/></Relationships>' % rel,
				)
			new.writestr(info.filename, data)
		with new.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
			part.write(b"<sst>")
			for start in range(0, count, 10_000):
				part.write(
					b"".join(
						b"<si><t>ATL-%07d bath towel, cotton, 70x140 cm</t></si>" % i
						for i in range(start, min(start + 10_000, count))
					)
				)
			part.write(b"</sst>")
	return out.getvalue()


def _numbers(rows: int, columns: int) -> bytes:
	"""A real workbook of ``rows`` × ``columns`` numbers (the app's own streaming writer)."""
	return xlsx.write(
		"Lines",
		[f"C{c}" for c in range(columns)],
		([(xlsx.NUMBER, (i * 7 + c) % 1000, 0) for c in range(columns)] for i in range(rows - 1)),
		styles=xlsx.Styles(),
	)


def _judge_and_read(filename: str, content: bytes) -> tuple[float, float, str]:
	"""(gate seconds, reading seconds, outcome): the gate, then the reader for what an import reads."""
	started = time.perf_counter()
	try:
		kind = files.judge(
			filename, content, frozenset(files.EXTENSIONS.values()), files.Limits(max_bytes=LIMIT)
		)
	except files.RefusedFile as refusal:
		return time.perf_counter() - started, 0.0, "refused: " + refusal.problem.render()
	judged = time.perf_counter()
	if kind not in (files.XLSX, files.CSV):
		return judged - started, 0.0, f"accepted as {kind}"
	try:
		rows = len(sheet_reader.read_table(content, filename, max_rows=100_000, max_bytes=LIMIT))
		outcome = f"accepted as {kind}, {rows} rows read"
	except sheet_reader.UnsafeWorkbook as refusal:
		outcome = "refused by the reader: " + refusal.problem.render()
	return judged - started, time.perf_counter() - judged, outcome


def _status(key: str) -> int:
	"""A figure of /proc/self/status, in KB."""
	with open("/proc/self/status") as status:
		for line in status:
			if line.startswith(key + ":"):
				return int(line.split()[1])
	raise OSError(key)


def _reset_peak_rss() -> int:
	"""The resident set now, in KB, its high-water mark reset to it (Linux); else the peak so far."""
	try:
		with open("/proc/self/clear_refs", "w") as clear:
			clear.write("5")
		return _status("VmRSS")
	except OSError:
		return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _peak_rss() -> int:
	"""The resident set's high-water mark, in KB."""
	try:
		return _status("VmHWM")
	except OSError:
		return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure(filename: str, content: bytes) -> dict:
	"""One file: the gate's and the reader's seconds and how far the resident set's peak grew, in an untraced
	run, then the peak of traced Python memory in a second run."""
	rss_before = _reset_peak_rss()
	gate, read, outcome = _judge_and_read(filename, content)
	rss_growth = (_peak_rss() - rss_before) / 1024
	tracemalloc.start()
	_judge_and_read(filename, content)
	peak = tracemalloc.get_traced_memory()[1] / 2**20
	tracemalloc.stop()
	return {
		"bytes": len(content),
		"gate_seconds": round(gate, 3),
		"read_seconds": round(read, 3),
		"peak_traced_mb": round(peak, 1),
		"rss_growth_mb": round(rss_growth, 1),
		"within_target": gate + read < 2 and peak < 100 and rss_growth < 100,
		"outcome": outcome[:160],
	}


def _in_child(filename: str, content: bytes) -> dict:
	"""``measure`` in a fresh Python, so that the resident set's peak is this file's alone."""
	import subprocess
	import sys
	import tempfile

	with tempfile.NamedTemporaryFile(suffix="-" + filename) as upload:
		upload.write(content)
		upload.flush()
		done = subprocess.run(
			[sys.executable, os.path.abspath(__file__), upload.name, filename],
			capture_output=True,
			check=True,
			text=True,
		)
	return json.loads(done.stdout)


def run(isolated: bool = True) -> dict:
	"""Every file of the corpus, each in a Python of its own (``isolated``) or all in this one."""
	return {
		label: _in_child(filename, content) if isolated else measure(filename, content)
		for label, (filename, content) in corpus().items()
	}


if __name__ == "__main__":
	import sys

	if len(sys.argv) == 3:  # one file, for ``_in_child``
		with open(sys.argv[1], "rb") as upload:
			print(json.dumps(measure(sys.argv[2], upload.read())))
	else:
		print(json.dumps(run(), indent=1, ensure_ascii=False))
