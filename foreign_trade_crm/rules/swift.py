"""Reading SWIFT Category 7 documentary-credit messages pasted as text: MT700 (issue of a documentary
credit) with its MT701 continuations, and MT707 (amendment, 2018+ standards release) with its MT708
continuations. The result is ``rules.letter_of_credit`` data.

Public API
	``parse_message(text) -> tuple[Message | None, list[Problem]]``  the fields, in order, repeats kept
	``split_messages(text) -> list[str]``  several FIN messages pasted together, one text each
	``credit_from_mt700(text, continuations=()) -> tuple[CreditTerms | None, list[Problem]]``
	``amendment_from_mt707(text, continuations=()) -> tuple[Amendment | None, list[Problem]]``
	``read_date(value) -> date | None``, ``read_amount(value) -> tuple[str, Decimal] | None``,
	``read_tolerance(value) -> tuple[Decimal, Decimal] | None``

Input: a bare sequence of tag lines (":20:ABC123") or a FIN message ``{1:...}{2:I700...}{3:...}{4:`` ...
``-}{5:...}``, CRLF or LF, with anything before the first tag ignored (bank print-out headers). The
message type comes from block 2 (``I700``/``O700``); a bare text has none, and one that carries fields
only another type has (26E, 22A in an "MT700") is refused. A field runs from its tag line ``:NNa:`` to the
next tag line or the block end ``-}`` (SWIFT forbids a content line that starts with ":" or "-").
Block 1 and 2 give the Sender (the issuing bank of an MT700) and the Receiver (the advising bank).

Reading
- Dates are YYMMDD; YY 00–79 is 2000–2079 and 80–99 is 1980–1999.
- Amounts are an ISO 4217 currency code and a number with a mandatory decimal comma and no thousands
  separators (``USD125000,``, ``EUR1234,56``), at most 15 characters and no more decimals than the
  currency has; spaces between code and number are tolerated.
- 39A is nn/nn; 31D a date and a place ("IN"/"AT" before the place dropped); 48 is days[/narrative], or
  older free text from which "nn DAYS" is taken (no number: 21 days, art. 14(c), with a note).
- 43P/43T read ALLOWED / NOT ALLOWED / CONDITIONAL and the older PERMITTED / PROHIBITED wordings.
- 41a: option A a BIC, option D name and address, then the BY ... line.
- 45B/46B/47B/49M/49N: each change begins with /ADD/, /DELETE/ or /REPALL/ at the start of a line.

Every field that cannot be read, every mandatory field missing (MT700: 27 40A 20 31C 40E 31D 50 59 32B
41a 49; MT707: 27 20 21 23 31C 26E 30 22A) and every field given twice is one ``Problem``; all are
collected and the result is None when any of them blocks. A field problem's ``args`` begin with the tag
and SWIFT's English name of the field (not translated), then the value as written. Texts longer than
``MAX_CHARS`` and more than ``MAX_CONTINUATIONS`` continuations (SWIFT allows seven MT701s or MT708s)
are refused before any reading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from foreign_trade_crm.rules import letter_of_credit as lc
from foreign_trade_crm.rules.letter_of_credit import Amendment, CreditTerms, Party, TextChange
from foreign_trade_crm.rules.messages import Problem, _

MAX_CHARS = 100_000
MAX_CONTINUATIONS = 7
CENTURY_PIVOT = 80

MT700_MANDATORY = (
	("27",),
	("40A",),
	("20",),
	("31C",),
	("40E",),
	("31D",),
	("50",),
	("59",),
	("32B",),
	("41A", "41D"),
	("49",),
)
MT707_MANDATORY = (("27",), ("20",), ("21",), ("23",), ("31C",), ("26E",), ("30",), ("22A",))

PURPOSES = ("ISSU", "ACNF", "ADVI")
CHARGES_BY = ("APPL", "BENE", "OTHR")

BIC_RE = re.compile(r"[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?")
_TAG_RE = re.compile(r"^:(\d{2}[A-Z]?):")
_BLOCK1_RE = re.compile(r"\{1:[A-Z]\d{2}(?P<lt>[A-Z0-9]{12})")
_BLOCK2_RE = re.compile(r"\{2:(?P<dir>[IO])(?P<mt>\d{3})(?P<rest>[^}]*)\}")
_BLOCK_END_RE = re.compile(r"(?m)^-\}?\s*(?:\{|$)")

# SWIFT's own English field names (Category 7 reference guide; MT707 names differ for some tags), shown as
# printed on the message and passed as arguments, not translated
_NAMES = {
	"20": "Documentary Credit Number",
	"21": "Receiver's Reference",
	"22A": "Purpose of Message",
	"23": "Reference to Pre-Advice",
	"23S": "Cancellation Request",
	"26E": "Number of Amendment",
	"27": "Sequence of Total",
	"30": "Date of Amendment",
	"31C": "Date of Issue",
	"31D": "Date and Place of Expiry",
	"31E": "New Date of Expiry",
	"32B": "Currency Code, Amount",
	"33B": "Decrease of Documentary Credit Amount",
	"34B": "New Documentary Credit Amount After Amendment",
	"39A": "Percentage Credit Amount Tolerance",
	"39B": "Maximum Credit Amount",
	"39C": "Additional Amounts Covered",
	"40A": "Form of Documentary Credit",
	"40E": "Applicable Rules",
	"41A": "Available With ... By ...",
	"41D": "Available With ... By ...",
	"42A": "Drawee",
	"42D": "Drawee",
	"42C": "Drafts at ...",
	"42M": "Mixed Payment Details",
	"42P": "Negotiation/Deferred Payment Details",
	"43P": "Partial Shipments",
	"43T": "Transhipment",
	"44A": "Place of Taking in Charge/Dispatch from .../Place of Receipt",
	"44B": "Place of Final Destination/For Transportation to .../Place of Delivery",
	"44C": "Latest Date of Shipment",
	"44D": "Shipment Period",
	"44E": "Port of Loading/Airport of Departure",
	"44F": "Port of Discharge/Airport of Destination",
	"45A": "Description of Goods and/or Services",
	"45B": "Description of Goods and/or Services",
	"46A": "Documents Required",
	"46B": "Documents Required",
	"47A": "Additional Conditions",
	"47B": "Additional Conditions",
	"48": "Period for Presentation in Days",
	"49": "Confirmation Instructions",
	"49G": "Special Payment Conditions for Beneficiary",
	"49H": "Special Payment Conditions for Bank Only",
	"49M": "Special Payment Conditions for Beneficiary",
	"49N": "Special Payment Conditions for Receiving Bank",
	"50": "Applicant",
	"51A": "Applicant Bank",
	"51D": "Applicant Bank",
	"52A": "Issuing Bank",
	"52D": "Issuing Bank",
	"53A": "Reimbursing Bank",
	"53D": "Reimbursing Bank",
	"57A": "'Advise Through' Bank",
	"57B": "'Advise Through' Bank",
	"57D": "'Advise Through' Bank",
	"58A": "Requested Confirmation Party",
	"58D": "Requested Confirmation Party",
	"59": "Beneficiary",
	"71D": "Charges",
	"71N": "Amendment Charge Payable By",
	"72": "Sender to Receiver Information",
	"72Z": "Sender to Receiver Information",
	"78": "Instructions to the Paying/Accepting/Negotiating Bank",
	"79": "Narrative",
}
_NAMES_707 = {
	"20": "Sender's Reference",
	"23": "Issuing Bank's Reference",
	"32B": "Increase of Documentary Credit Amount",
	"50": "Changed Applicant Details",
}

T_TOO_LONG = _("The text has {0} characters; at most {1} are read")
T_NO_FIELDS = _("No SWIFT field (a line such as :20:ABC123) was found in the text")
T_WRONG_TYPE = _("This is an MT{0}, not an MT{1}")
T_LOOKS_LIKE = _("This looks like an MT{0} (it has field {2}), not an MT{1}")
T_MISSING = _("Field {0} ({1}) is missing; an MT{2} must have it")
T_REPEATED = _("Field {0} ({1}) appears {2} times; it may appear once")
T_EMPTY = _("Field {0} ({1}) is empty")
T_DATE = _("Field {0} ({1}): {2} is not a date in the form YYMMDD")
T_DATE_PLACE = _("Field {0} ({1}): {2} is not a date in the form YYMMDD followed by a place")
T_AMOUNT = _("Field {0} ({1}): {2} is not a currency code and amount such as USD125000, or EUR1234,56")
T_COMMA = _(
	"Field {0} ({1}): {2} has no decimal comma; SWIFT writes amounts with a comma and no thousands "
	"separators, such as USD125000, or EUR1234,56"
)
T_CURRENCY = _("Field {0} ({1}): {2} is not an ISO 4217 currency code")
T_DECIMALS = _("Field {0} ({1}): {2} has more decimals than {3} has ({4})")
T_AMOUNT_LONG = _("Field {0} ({1}): the amount {2} is longer than 15 characters")
T_TOLERANCE = _("Field {0} ({1}): {2} is not a tolerance in the form nn/nn")
T_SEQUENCE = _("Field {0} ({1}): {2} is not in the form n/n (this message / number of messages)")
T_BIC = _("Field {0} ({1}): {2} is not a BIC (8 or 11 letters and digits)")
T_CODE = _("Field {0} ({1}): {2} is not one of {3}")
T_NUMBER = _("Field {0} ({1}): {2} is not a number")
T_NO_BY = _("Field {0} ({1}): the last line must say how the credit is available, one of {2}")
T_PERMISSION = _("Field {0} ({1}): {2} is not ALLOWED, NOT ALLOWED or CONDITIONAL")
T_CHANGE_FIRST = _(
	"Field {0} ({1}): every change must begin with /ADD/, /DELETE/ or /REPALL/ at the start of a line: {2}"
)
T_REPALL_ALONE = _("Field {0} ({1}): /REPALL/ may not be used together with other codes")
T_PRESENTATION_ASSUMED = _(
	"Field 48 ({0}) gives no number of days ({1}); {2} days after shipment are assumed (UCP 600 art. 14(c))"
)
T_EXPIRY_BEFORE_ISSUE = _("The expiry date {0} (31D) is before the date of issue {1} (31C)")
T_TOO_MANY = _("At most {0} continuation messages are read; {1} were given")
T_FIRST_OF = _("Field 27 (Sequence of Total) of the MT{0} is {1}; it must be the first of the messages")
T_COUNT = _("Field 27 (Sequence of Total) says there are {0} messages; {1} were given")
T_CONTINUATION_SEQ = _("Continuation {0}: field 27 (Sequence of Total) is {1}, expected {2}/{3}")
T_CONTINUATION_REF = _("Continuation {0} is for credit {1}, not {2}")
T_CONTINUATION_NUMBER = _("Continuation {0} is for amendment {1}, not {2}")
T_AMOUNT_CURRENCIES = _("The amendment's amounts are in different currencies: {0}")


# --------------------------------------------------------------------------
# Messages and fields
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
	"""One field: its tag with the option letter ("32B", "41D") and its content lines."""

	tag: str
	lines: tuple[str, ...]

	@property
	def value(self) -> str:
		return "\n".join(self.lines)


@dataclass(frozen=True)
class Message:
	"""A parsed message: type from block 2 (None for bare tags), fields in order, repeats kept."""

	mt: str | None
	fields: tuple[Field, ...]
	direction: str | None = None  # "I" as sent, "O" as received
	sender: str | None = None  # BIC
	receiver: str | None = None

	def all(self, *tags: str) -> tuple[Field, ...]:
		return tuple(f for f in self.fields if f.tag in tags)

	def first(self, *tags: str) -> Field | None:
		return next((f for f in self.fields if f.tag in tags), None)

	def value(self, *tags: str) -> str | None:
		f = self.first(*tags)
		return f.value if f is not None else None

	def has(self, *tags: str) -> bool:
		return self.first(*tags) is not None


def _bic_from_lt(lt: str | None) -> str | None:
	"""The BIC of a 12-character logical terminal address (BIC8 + terminal letter + branch)."""
	if not lt or len(lt) < 12:
		return None
	bic = lt[:8] + ("" if lt[9:12] == "XXX" else lt[9:12])
	return bic if BIC_RE.fullmatch(bic) else None


def split_messages(text: str | None) -> list[str]:
	"""Several FIN messages pasted together, one text each (a text without ``{1:`` is one message)."""
	text = text or ""
	starts = [m.start() for m in re.finditer(r"\{1:", text)]
	if len(starts) < 2:
		return [text]
	return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def parse_message(text: str | None) -> tuple[Message | None, list[Problem]]:
	"""The fields of one message, in order; None with a problem when the text is too long or has none."""
	text = text or ""
	if len(text) > MAX_CHARS:
		return None, [Problem("too_long", T_TOO_LONG, (len(text), MAX_CHARS))]
	text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
	mt = direction = sender = receiver = None
	body = text
	block4 = text.find("{4:")
	if block4 >= 0:
		header = text[:block4]
		block2 = _BLOCK2_RE.search(header)
		block1 = _BLOCK1_RE.search(header)
		lt1 = block1["lt"] if block1 else None
		if block2:
			direction, mt = block2["dir"], block2["mt"]
			if direction == "I":
				sender, receiver = _bic_from_lt(lt1), _bic_from_lt(block2["rest"][:12])
			else:
				sender, receiver = _bic_from_lt(block2["rest"][10:22]), _bic_from_lt(lt1)
		body = text[block4 + 3 :]
	end = _BLOCK_END_RE.search(body)
	if end:
		body = body[: end.start()]
	fields: list[tuple[str, list[str]]] = []
	for line in body.split("\n"):
		line = line.rstrip()
		m = _TAG_RE.match(line)
		if m:
			fields.append((m[1], []))
			line = line[m.end() :]
		if fields and line.strip():
			fields[-1][1].append(line)
	if not fields:
		return None, [Problem("no_fields", T_NO_FIELDS)]
	message = Message(
		mt=mt,
		fields=tuple(Field(tag, tuple(lines)) for tag, lines in fields),
		direction=direction,
		sender=sender,
		receiver=receiver,
	)
	return message, []


# --------------------------------------------------------------------------
# Field values
# --------------------------------------------------------------------------


def read_date(value: str | None) -> date | None:
	"""A YYMMDD date (YY below 80 is 20YY, else 19YY), or None when it is not one."""
	s = (value or "").strip()
	if not re.fullmatch(r"\d{6}", s):
		return None
	yy, mm, dd = int(s[:2]), int(s[2:4]), int(s[4:])
	try:
		return date(2000 + yy if yy < CENTURY_PIVOT else 1900 + yy, mm, dd)
	except ValueError:
		return None


def _amount_error(value: str) -> tuple[str, tuple]:
	"""("ok", (currency, amount)) or (template, extra args) of what is wrong."""
	s = re.sub(r"\s+", "", value or "")
	m = re.fullmatch(r"([A-Z]{3})(.*)", s)
	if not m:
		return T_AMOUNT, ()
	currency, number = m[1], m[2]
	if currency not in lc.CURRENCIES:
		return T_CURRENCY, ()
	if "," not in number and re.fullmatch(r"[\d.]+", number or "x"):
		return T_COMMA, ()
	if not re.fullmatch(r"\d+,\d*", number):
		return T_AMOUNT, ()
	if len(number) > 15:
		return T_AMOUNT_LONG, ()
	decimals = len(number.split(",")[1])
	if decimals > lc.currency_decimals(currency):
		return T_DECIMALS, (currency, lc.currency_decimals(currency))
	return "ok", (currency, Decimal(number.replace(",", ".")))


def read_amount(value: str | None) -> tuple[str, Decimal] | None:
	"""(currency, amount) of a SWIFT amount such as ``USD125000,`` or ``EUR1234,56``; None when invalid."""
	kind, result = _amount_error(value or "")
	return result if kind == "ok" else None


def read_tolerance(value: str | None) -> tuple[Decimal, Decimal] | None:
	"""(plus, minus) per cent of a 39A ``nn/nn``; None when it is not one."""
	m = re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{1,2})\s*", value or "")
	return (Decimal(m[1]), Decimal(m[2])) if m else None


def _sequence(value: str | None) -> tuple[int, int] | None:
	m = re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{1,2})\s*", value or "")
	if not m or not 1 <= int(m[1]) <= int(m[2]):
		return None
	return int(m[1]), int(m[2])


def _usance_days(*texts: str | None) -> int | None:
	for text in texts:
		upper = (text or "").upper()
		m = re.search(r"(\d{1,3})\s*(?:CALENDAR\s+)?DAYS?\b", upper)
		if m:
			return int(m[1])
		if re.search(r"\bSIGHT\b", upper):
			return 0
	return None


_BY_LINE_RE = re.compile(
	r"\bBY\s+(?P<by>NEGOTIATION|SIGHT\s+PAYMENT|PAYMENT|ACCEPTANCE|DEF(?:ERRED)?\.?\s+PA?YM(?:EN)?T|"
	r"MIXED\s+PA?YM(?:EN)?T)\s*\.?\s*$"
)


def _by_code(word: str) -> str:
	word = " ".join(word.split())
	if word.startswith("DEF"):
		return lc.BY_DEF_PAYMENT
	if word.startswith("MIXED"):
		return lc.BY_MIXED_PYMT
	if word.endswith("PAYMENT"):
		return lc.BY_PAYMENT
	return {"NEGOTIATION": lc.BY_NEGOTIATION, "ACCEPTANCE": lc.BY_ACCEPTANCE}[word]


class _Reader:
	"""Reads the fields of one message, adding a problem for each that cannot be read."""

	def __init__(self, message: Message, mt: str, problems: list[Problem]):
		self.m = message
		self.mt = mt
		self.problems = problems

	def name(self, tag: str) -> str:
		if self.mt in ("707", "708") and tag in _NAMES_707:
			return _NAMES_707[tag]
		return _NAMES.get(tag, tag)

	def problem(self, code: str, template: str, tag: str, *args, blocking: bool = True) -> None:
		self.problems.append(Problem(code, template, (tag, self.name(tag), *args), blocking=blocking))

	def check_type(self, expected: str, foreign: dict[str, str]) -> None:
		if self.m.mt is not None:
			if self.m.mt != expected:
				self.problems.append(Problem("wrong_type", T_WRONG_TYPE, (self.m.mt, expected)))
			return
		for tag, other in foreign.items():
			if self.m.has(tag):
				self.problems.append(Problem("wrong_type", T_LOOKS_LIKE, (other, expected, tag)))
				return

	def required(self, groups: Iterable[tuple[str, ...]]) -> None:
		for tags in groups:
			f = self.m.first(*tags)
			if f is None:
				tag = tags[0] if len(tags) == 1 else tags[0][:2] + "a"
				self.problems.append(Problem("missing_field", T_MISSING, (tag, self.name(tags[0]), self.mt)))
			elif not f.value.strip():
				self.problem("empty_field", T_EMPTY, f.tag)

	def no_repeats(self) -> None:
		counts: dict[str, int] = {}
		for f in self.m.fields:
			counts[f.tag] = counts.get(f.tag, 0) + 1
		for tag, count in counts.items():
			if count > 1:
				self.problem("repeated_field", T_REPEATED, tag, count)

	def text(self, *tags: str) -> str | None:
		return self.m.value(*tags)

	def line(self, tag: str) -> str | None:
		value = self.m.value(tag)
		return " ".join(value.split()) if value is not None else None

	def date(self, tag: str) -> date | None:
		value = self.line(tag)
		if value is None:
			return None
		day = read_date(value)
		if day is None:
			self.problem("bad_date", T_DATE, tag, value)
		return day

	def amount(self, tag: str) -> tuple[str, Decimal] | None:
		value = self.line(tag)
		if value is None:
			return None
		kind, result = _amount_error(value)
		if kind == "ok":
			return result
		code = {
			T_CURRENCY: "bad_currency",
			T_COMMA: "amount_without_comma",
			T_DECIMALS: "too_many_decimals",
			T_AMOUNT_LONG: "amount_too_long",
		}
		self.problem(code.get(kind, "bad_amount"), kind, tag, value, *result)
		return None

	def sequence(self) -> tuple[int, int] | None:
		value = self.line("27")
		if value is None:
			return None
		seq = _sequence(value)
		if seq is None:
			self.problem("bad_sequence", T_SEQUENCE, "27", value)
		return seq

	def tolerance(self) -> tuple[Decimal, Decimal] | None:
		value = self.line("39A")
		if value is None:
			return None
		tolerance = read_tolerance(value)
		if tolerance is None:
			self.problem("bad_tolerance", T_TOLERANCE, "39A", value)
		return tolerance

	def maximum_only(self) -> bool | None:
		value = self.line("39B")
		if value is None:
			return None
		if "NOT EXCEEDING" in value.upper():
			return True
		self.problem("bad_code", T_CODE, "39B", value, "NOT EXCEEDING")
		return None

	def code(self, tag: str, codes: Sequence[str]) -> str | None:
		value = self.line(tag)
		if value is None:
			return None
		upper = value.upper()
		if upper in codes:
			return upper
		self.problem("bad_code", T_CODE, tag, value, ", ".join(codes))
		return None

	def number(self, tag: str) -> int | None:
		value = self.line(tag)
		if value is None:
			return None
		if not re.fullmatch(r"\d{1,3}", value):
			self.problem("bad_number", T_NUMBER, tag, value)
			return None
		return int(value)

	def permission(self, tag: str) -> str | None:
		value = self.line(tag)
		if value is None:
			return None
		permission = lc.shipment_permission(value)
		if permission is None:
			self.problem("bad_code", T_PERMISSION, tag, value)
		return permission

	def expiry(self) -> tuple[date | None, str | None]:
		value = self.line("31D")
		if value is None:
			return None, None
		m = re.fullmatch(r"(\d{6})\s*(.*)", value)
		day = read_date(m[1]) if m else None
		if day is None:
			self.problem("bad_date", T_DATE_PLACE, "31D", value)
			return None, None
		place = re.sub(r"^(?:IN|AT)\s+", "", m[2].strip(), flags=re.IGNORECASE)
		return day, place

	def party(self, base: str) -> Party | None:
		f = self.m.first(base + "A", base + "B", base + "D")
		if f is None:
			return None
		lines = [line.strip() for line in f.lines]
		identifier = lines.pop(0) if lines and lines[0].startswith("/") else None
		if f.tag.endswith("A"):
			bic = lines[0] if lines else ""
			if not BIC_RE.fullmatch(bic):
				self.problem("bad_bic", T_BIC, f.tag, bic or "-")
				return None
			return Party(bic=bic, name="\n".join(lines[1:]), identifier=identifier)
		return Party(name="\n".join(lines), identifier=identifier)

	def available(self) -> tuple[Party | None, str | None]:
		f = self.m.first("41A", "41D")
		if f is None:
			return None, None
		lines = [line.strip() for line in f.lines]
		by = None
		if lines:
			m = _BY_LINE_RE.search(lines[-1].upper())
			if m:
				by = _by_code(m["by"])
				rest = lines[-1][: m.start()].strip()
				lines = lines[:-1] + ([rest] if rest else [])
		if by is None:
			self.problem("no_available_by", T_NO_BY, f.tag, ", ".join(lc.AVAILABLE_BY))
		if f.tag == "41A":
			bic = lines[0] if lines else ""
			if not BIC_RE.fullmatch(bic):
				self.problem("bad_bic", T_BIC, f.tag, bic or "-")
				return None, by
			return Party(bic=bic), by
		if not lines:
			self.problem("empty_field", T_EMPTY, f.tag)
			return None, by
		return Party(name="\n".join(lines)), by

	def beneficiary(self) -> tuple[str | None, str | None]:
		f = self.m.first("59")
		if f is None:
			return None, None
		lines = [line.strip() for line in f.lines]
		account = lines.pop(0)[1:] if lines and lines[0].startswith("/") else None
		if not lines:
			self.problem("empty_field", T_EMPTY, "59")
		return "\n".join(lines), account

	def presentation(self) -> tuple[int | None, str | None]:
		value = self.text("48")
		if value is None:
			return None, None
		flat = " ".join(value.split())
		m = re.fullmatch(r"(\d{1,3})\s*(?:/\s*(.*))?", flat)
		if m:
			return int(m[1]), m[2] or ""
		m = re.search(r"(\d{1,3})\s*(?:\(\s*[A-Z ]+\)\s*)?(?:CALENDAR\s+|BANKING\s+)?DAYS?\b", flat.upper())
		if m:
			return int(m[1]), flat
		self.problems.append(
			Problem(
				"presentation_days_assumed",
				T_PRESENTATION_ASSUMED,
				(self.name("48"), flat, lc.DEFAULT_PRESENTATION_DAYS),
				blocking=False,
			)
		)
		return lc.DEFAULT_PRESENTATION_DAYS, flat

	def changes(self, tag: str, lines: Sequence[str] | None = None) -> tuple[TextChange, ...]:
		if lines is None:
			f = self.m.first(tag)
			if f is None:
				return ()
			lines = f.lines
		changes: list[tuple[str, list[str]]] = []
		for line in lines:
			m = re.match(r"^\s*/([A-Za-z]+)/\s?(.*)$", line)
			if m:
				code = m[1].upper()
				if code not in (lc.ADD, lc.DELETE, lc.REPALL):
					self.problem("bad_code", T_CODE, tag, f"/{m[1]}/", "/ADD/, /DELETE/, /REPALL/")
					changes.append(("", []))
					continue
				changes.append((code, [m[2]] if m[2].strip() else []))
			elif not changes:
				self.problem("change_without_code", T_CHANGE_FIRST, tag, line.strip())
				changes.append(("", []))
			else:
				changes[-1][1].append(line)
		codes = [code for code, _lines in changes]
		if lc.REPALL in codes and len(codes) > 1:
			self.problem("repall_not_alone", T_REPALL_ALONE, tag)
		return tuple(TextChange(code, "\n".join(body)) for code, body in changes if code)


def _parse_all(
	text: str, continuations: Sequence[str]
) -> tuple[Message | None, list[Message | None], list[Problem]]:
	problems: list[Problem] = []
	if len(continuations) > MAX_CONTINUATIONS:
		return (
			None,
			[],
			[Problem("too_many_continuations", T_TOO_MANY, (MAX_CONTINUATIONS, len(continuations)))],
		)
	message, found = parse_message(text)
	problems.extend(found)
	parts: list[Message | None] = []
	for extra in continuations:
		part, found = parse_message(extra)
		problems.extend(found)
		parts.append(part)
	return message, parts, problems


def _continue(
	main: _Reader,
	parts: list[Message | None],
	mt: str,
	reference: str | None,
	number: int | None,
	tags: tuple[str, ...],
	problems: list[Problem],
) -> dict[str, list[str]]:
	"""Checks the continuation messages (MT701/708) against the first one and returns the lines of
	``tags`` of every message, in sequence order."""
	seq = main.sequence()
	total = seq[1] if seq else None
	if seq and seq[0] != 1:
		problems.append(Problem("not_first", T_FIRST_OF, (main.mt, f"{seq[0]}/{seq[1]}")))
	combined: dict[str, list[str]] = {tag: list(f.lines) for tag in tags if (f := main.m.first(tag))}
	readers = []
	for position, part in enumerate(parts, start=2):
		if part is None:
			continue
		reader = _Reader(part, mt, problems)
		reader.check_type(mt, {"32B": "700", "40A": "700", "22A": "707"} if mt == "701" else {"22A": "707"})
		reader.required((("27",), ("20",)))
		reader.no_repeats()
		part_seq = reader.sequence()
		readers.append((part_seq[0] if part_seq else position, position, reader, part_seq))
	readers.sort(key=lambda r: r[0])
	for expected, (_index, position, reader, part_seq) in enumerate(readers, start=2):
		if part_seq and total and (part_seq[0] != expected or part_seq[1] != total):
			problems.append(
				Problem(
					"continuation_sequence",
					T_CONTINUATION_SEQ,
					(position - 1, f"{part_seq[0]}/{part_seq[1]}", expected, total),
				)
			)
		ref = reader.line("20")
		if ref and reference and ref.upper() != reference.upper():
			problems.append(
				Problem("continuation_reference", T_CONTINUATION_REF, (position - 1, ref, reference))
			)
		if mt == "708":
			part_number = reader.number("26E")
			if part_number is not None and number is not None and part_number != number:
				problems.append(
					Problem("continuation_number", T_CONTINUATION_NUMBER, (position - 1, part_number, number))
				)
		for tag in tags:
			f = reader.m.first(tag)
			if f is not None:
				combined.setdefault(tag, []).extend(f.lines)
	if total is not None and total != len(parts) + 1:
		problems.append(Problem("continuation_count", T_COUNT, (total, len(parts) + 1)))
	return combined


def _blocking(problems: list[Problem]) -> bool:
	return any(p.blocking for p in problems)


# --------------------------------------------------------------------------
# MT700 + MT701 → CreditTerms
# --------------------------------------------------------------------------

_MT701_TAGS = ("45A", "46A", "47A", "49G", "49H")


def credit_from_mt700(
	text: str, continuations: Sequence[str] = ()
) -> tuple[CreditTerms | None, list[Problem]]:
	"""The terms of a credit from its MT700 and MT701 continuations (45A, 46A, 47A, 49G and 49H of each
	MT701 appended, in the order of their field 27). None with every problem when any problem blocks;
	non-blocking problems come back with the terms."""
	continuations = tuple(continuations)
	message, parts, problems = _parse_all(text, continuations)
	if message is None:
		return None, problems
	r = _Reader(message, "700", problems)
	r.check_type("700", {"26E": "707", "22A": "707", "30": "707"})
	r.required(MT700_MANDATORY)
	r.no_repeats()
	number = r.line("20") or ""
	combined = _continue(r, parts, "701", number, None, _MT701_TAGS, problems)

	issue_date = r.date("31C")
	expiry_date, expiry_place = r.expiry()
	amount = r.amount("32B")
	tolerance = r.tolerance()
	maximum_only = r.maximum_only()
	available_with, available_by = r.available()
	beneficiary, account = r.beneficiary()
	partial = r.permission("43P")
	transhipment = r.permission("43T")
	latest = r.date("44C")
	presentation_days, presentation_narrative = r.presentation()
	confirmation = r.code("49", lc.CONFIRMATION_CODES)
	issuing_bank = r.party("52") or (Party(bic=message.sender) if message.sender else None)
	applicant_bank = r.party("51")
	advise_through = r.party("57")
	confirming = r.party("58")
	reimbursing = r.party("53")
	drawee = r.party("42")
	rules_value = r.line("40E") or ""
	rules, _slash, rules_narrative = rules_value.partition("/")
	if issue_date and expiry_date and expiry_date < issue_date:
		problems.append(Problem("expiry_before_issue", T_EXPIRY_BEFORE_ISSUE, (expiry_date, issue_date)))
	if _blocking(problems) or amount is None:
		return None, problems

	joined = {tag: "\n".join(lines) for tag, lines in combined.items()}
	goods_text = joined.get("45A", "")
	conditions = joined.get("47A", "")
	goods = lc.parse_goods(goods_text, conditions)
	currency, value = amount
	drafts_at = r.text("42C") or ""
	terms = CreditTerms(
		number=number,
		currency=currency,
		amount=value,
		form=r.line("40A") or "",
		rules=rules.strip(),
		rules_narrative=rules_narrative.strip(),
		pre_advice_reference=r.line("23") or "",
		issue_date=issue_date,
		expiry_date=expiry_date,
		expiry_place=expiry_place or "",
		applicant=r.text("50") or "",
		beneficiary=beneficiary or "",
		beneficiary_account=account,
		issuing_bank=issuing_bank,
		advising_bank=Party(bic=message.receiver) if message.receiver else None,
		advise_through_bank=advise_through,
		confirming_bank=confirming,
		applicant_bank=applicant_bank,
		reimbursing_bank=reimbursing,
		drawee=drawee,
		tolerance_plus=tolerance[0] if tolerance else None,
		tolerance_minus=tolerance[1] if tolerance else None,
		about_amount=lc.about_amount(currency, value, goods_text, conditions),
		maximum_only=bool(maximum_only),
		additional_amounts=r.text("39C") or "",
		available_with=available_with,
		available_by=available_by or "",
		drafts_at=drafts_at,
		usance_days=_usance_days(drafts_at, r.text("42P"), r.text("42M")),
		mixed_payment_details=r.text("42M") or "",
		deferred_payment_details=r.text("42P") or "",
		partial_shipments=partial,
		transhipment=transhipment,
		place_of_receipt=r.text("44A") or "",
		port_of_loading=r.text("44E") or "",
		port_of_discharge=r.text("44F") or "",
		final_destination=r.text("44B") or "",
		latest_shipment_date=latest,
		shipment_period=r.text("44D") or "",
		goods=goods_text,
		goods_lines=goods.lines,
		incoterm=goods.incoterm,
		named_place=goods.named_place,
		incoterms_version=goods.incoterms_version,
		quantity_tolerance=goods.quantity_tolerance,
		documents_text=joined.get("46A", ""),
		documents=lc.parse_documents(joined.get("46A", "")),
		additional_conditions=conditions,
		special_conditions_beneficiary=joined.get("49G", ""),
		special_conditions_bank=joined.get("49H", ""),
		charges=r.text("71D") or "",
		presentation_days=presentation_days
		if presentation_days is not None
		else lc.DEFAULT_PRESENTATION_DAYS,
		presentation_narrative=presentation_narrative or "",
		confirmation=confirmation or "",
		instructions=r.text("78") or "",
		sender_to_receiver=r.text("72Z") or "",
	)
	return terms, problems


# --------------------------------------------------------------------------
# MT707 + MT708 → Amendment
# --------------------------------------------------------------------------

_MT708_TAGS = ("45B", "46B", "47B", "49M", "49N")


def amendment_from_mt707(
	text: str, continuations: Sequence[str] = ()
) -> tuple[Amendment | None, list[Problem]]:
	"""An amendment from its MT707 and MT708 continuations (45B, 46B, 47B, 49M and 49N of each MT708
	appended). The older 31E (new expiry date), 34B (new amount), 39B, 72 and 79 are read too.
	None with every problem when any problem blocks."""
	continuations = tuple(continuations)
	message, parts, problems = _parse_all(text, continuations)
	if message is None:
		return None, problems
	r = _Reader(message, "707", problems)
	r.check_type("707", {"40A": "700", "32B": "700"} if not message.has("26E", "22A", "30") else {})
	r.required(MT707_MANDATORY)
	r.no_repeats()
	number = r.number("26E")
	reference = r.line("20") or ""
	combined = _continue(r, parts, "708", reference, number, _MT708_TAGS, problems)

	amendment_date = r.date("30")
	issue_date = r.date("31C")
	purpose = r.code("22A", PURPOSES)
	cancellation = r.code("23S", ("CANCEL",))
	expiry_date, expiry_place = r.expiry()
	if expiry_date is None and message.has("31E"):
		expiry_date = r.date("31E")
	amounts = {tag: r.amount(tag) for tag in ("32B", "33B", "34B")}
	currencies = sorted({a[0] for a in amounts.values() if a})
	if len(currencies) > 1:
		problems.append(Problem("amendment_currencies", T_AMOUNT_CURRENCIES, (", ".join(currencies),)))
	tolerance = r.tolerance()
	maximum_only = r.maximum_only()
	available_with, available_by = r.available() if message.has("41A", "41D") else (None, None)
	beneficiary, account = r.beneficiary()
	partial = r.permission("43P")
	transhipment = r.permission("43T")
	latest = r.date("44C")
	presentation_days, presentation_narrative = r.presentation()
	confirmation = r.code("49", lc.CONFIRMATION_CODES)
	charges_by = charges_narrative = None
	if message.has("71N"):
		lines = (r.text("71N") or "").split("\n")
		charges_by = lines[0].strip().upper()
		charges_narrative = "\n".join(lines[1:])
		if charges_by not in CHARGES_BY:
			r.problem("bad_code", T_CODE, "71N", charges_by, ", ".join(CHARGES_BY))
	changes = {tag: r.changes(tag, lines) for tag, lines in combined.items()}
	parties = {base: r.party(base) for base in ("42", "53", "57", "58")}
	rules_value = r.line("40E")
	if _blocking(problems):
		return None, problems

	drafts_at = r.text("42C")
	rules = rules_narrative = None
	if rules_value is not None:
		rules, _slash, rules_narrative = (part.strip() for part in rules_value.partition("/"))
	amendment = Amendment(
		number=number or 0,
		amendment_date=amendment_date,
		purpose=purpose or "",
		sender_reference=reference,
		receiver_reference=r.line("21") or "",
		issuing_bank_reference=r.line("23") or "",
		issue_date=issue_date,
		cancellation=cancellation == "CANCEL",
		form=r.line("40A"),
		rules=rules,
		rules_narrative=rules_narrative,
		expiry_date=expiry_date,
		expiry_place=expiry_place,
		applicant=r.text("50"),
		beneficiary=beneficiary,
		beneficiary_account=account,
		currency=currencies[0] if currencies else None,
		increase=amounts["32B"][1] if amounts["32B"] else None,
		decrease=amounts["33B"][1] if amounts["33B"] else None,
		new_amount=amounts["34B"][1] if amounts["34B"] else None,
		tolerance=tolerance,
		maximum_only=maximum_only,
		additional_amounts=r.text("39C"),
		available_with=available_with,
		available_by=available_by,
		drafts_at=drafts_at,
		usance_days=_usance_days(drafts_at, r.text("42P"), r.text("42M"))
		if message.has("42C", "42P", "42M")
		else None,
		drawee=parties["42"],
		mixed_payment_details=r.text("42M"),
		deferred_payment_details=r.text("42P"),
		partial_shipments=partial,
		transhipment=transhipment,
		place_of_receipt=r.text("44A"),
		port_of_loading=r.text("44E"),
		port_of_discharge=r.text("44F"),
		final_destination=r.text("44B"),
		latest_shipment_date=latest,
		shipment_period=r.text("44D"),
		goods_changes=changes.get("45B", ()),
		documents_changes=changes.get("46B", ()),
		conditions_changes=changes.get("47B", ()),
		special_beneficiary_changes=changes.get("49M", ()),
		special_bank_changes=changes.get("49N", ()),
		charges=r.text("71D"),
		amendment_charges_by=charges_by,
		amendment_charges_narrative=charges_narrative or "",
		presentation_days=presentation_days,
		presentation_narrative=presentation_narrative,
		confirmation=confirmation,
		confirming_bank=parties["58"],
		reimbursing_bank=parties["53"],
		advise_through_bank=parties["57"],
		instructions=r.text("78"),
		sender_to_receiver=r.text("72Z", "72") or "",
		narrative=r.text("79") or "",
	)
	return amendment, problems
