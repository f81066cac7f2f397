"""Dates as people type them, in a date format of Frappe's System Settings (dd-mm-yyyy, mm/dd/yyyy, …).

The buyers' portal shows every date in the site's format and takes dates typed the same way; forms and
links may also send yyyy-mm-dd, which is read whatever the format.
"""

from __future__ import annotations

import re
from datetime import date

ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse(text: str | None, date_format: str) -> date | None:
	"""The date ``text`` names in ``date_format`` (or as yyyy-mm-dd); None when blank. A text that is no
	date in that format raises ValueError."""
	text = (text or "").strip()
	if not text:
		return None
	found = ISO.match(text)
	if found:
		year, month, day = (int(part) for part in found.groups())
		return date(year, month, day)
	order = [token[0] for token in re.split(r"[-/.]", date_format.lower())]
	values = [value for value in re.split(r"[-/. ]+", text) if value]
	if sorted(order) != ["d", "m", "y"] or len(values) != 3 or not all(v.isdigit() for v in values):
		raise ValueError(f"{text!r} is not a date in the format {date_format}")
	parts = dict(zip(order, values, strict=True))
	year = int(parts["y"])
	if len(parts["y"]) == 2:
		year += 2000
	elif len(parts["y"]) != 4:
		raise ValueError(f"{text!r} is not a date in the format {date_format}")
	return date(year, int(parts["m"]), int(parts["d"]))
