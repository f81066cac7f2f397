"""A corpus of hostile uploads, made by code (never committed binaries), and what the gate and the sheet
reader cost on each: ``python -m foreign_trade_crm.benchmarks.hostile`` in the bench's Python (no site needed), or the
``hostile_uploads`` case of ``benchmarks.run`` on a site."""

from __future__ import annotations

import io
import json
import os
import resource
import time
import tracemalloc
import zipfile

from foreign_trade_crm.rules import excel, files, xlsx
from foreign_trade_crm.tests.hostile_files import rezip, zip_bomb

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
	good = excel.plain_xlsx([("Your Item Code", "Qty"), ("A", 1)])
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
			zip_bomb(excel.plain_xlsx([("Your Item Code", "Qty"), ("A", 1)]), 1.0),
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
	}


def _judge_and_read(filename: str, content: bytes) -> tuple[float, float, str]:
	"""(gate seconds, reading seconds, outcome)."""
	started = time.perf_counter()
	try:
		kind = files.judge(
			filename, content, frozenset(files.EXTENSIONS.values()), files.Limits(max_bytes=LIMIT)
		)
	except files.RefusedFile as refusal:
		return time.perf_counter() - started, 0.0, "refused: " + refusal.problem.render()
	judged = time.perf_counter()
	try:
		rows = len(excel.read_table(content, filename, max_rows=100_000, max_bytes=LIMIT))
		outcome = f"accepted as {kind}, {rows} rows read"
	except excel.UnsafeWorkbook as refusal:
		outcome = "refused by the reader: " + refusal.problem.render()
	return judged - started, time.perf_counter() - judged, outcome


def run() -> dict:
	"""Per file: the gate's and the reader's seconds (untraced), then peak traced memory and resident
	growth in a second, traced run."""
	results = {}
	for label, (filename, content) in corpus().items():
		gate, read, outcome = _judge_and_read(filename, content)
		rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
		tracemalloc.start()
		_judge_and_read(filename, content)
		peak = tracemalloc.get_traced_memory()[1]
		tracemalloc.stop()
		results[label] = {
			"bytes": len(content),
			"gate_seconds": round(gate, 3),
			"read_seconds": round(read, 3),
			"peak_traced_mb": round(peak / 2**20, 1),
			"rss_growth_mb": round(
				(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024, 1
			),
			"outcome": outcome[:160],
		}
	return results


if __name__ == "__main__":
	print(json.dumps(run(), indent=1, ensure_ascii=False))
