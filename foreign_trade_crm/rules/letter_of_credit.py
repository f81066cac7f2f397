"""Letters of credit (documentary credits subject to UCP 600): the credit's terms, its amendments,
what is drawn and still available, and the check of one shipment (a drawing) against the credit.

Plain data in, plain data out; ``rules.swift`` reads the terms and amendments from SWIFT MT700/701
and MT707/708 texts.

Data
	``CreditTerms``   the terms of one credit (frozen; sequences are tuples)
	``Amendment``     one amendment; every field left ``None`` (or empty) is unchanged
	``Drawing``       one shipment notice drawn under the credit, with its ``DrawingLine`` rows
	``Finding``       a ``Problem`` of the check that names its UCP 600 article
	``CreditFigures`` amount, maximum, minimum, drawn, available, overdrawn and status

Functions
	``apply_amendment(terms, amendment) -> CreditTerms``
	``amendment_problems(terms, amendment, drawn=0) -> list[Problem]``
	``amend(terms, amendment, drawn=0) -> tuple[CreditTerms, list[Problem]]``
	``maximum_amount(terms)``, ``minimum_amount(terms)``, ``credit_figures(...)``, ``credit_status(...)``
	``check(terms, drawing, earlier=(), today=None, closed_days=None) -> list[Finding]``
	``next_banking_day(day, closed_days=None)``, ``last_presentation_day(terms, shipment_date, ...)``
	text readers shared with ``rules.swift``: ``parse_goods``, ``parse_documents``, ``shipment_window``,
	``apply_text_changes``, ``about_amount``, ``shipment_permission``, ``narrative_number``

Choices where UCP 600 leaves room
- Maximum drawable: amount × (1 + 39A plus %); without 39A, "about"/"approximately" before the credit
  amount in 45A/47A gives ±10 % (art. 30(a)); 39B NOT EXCEEDING gives no plus tolerance. The maximum is
  rounded down and the minimum up to the currency's decimals, so rounding never widens a limit.
- Fully drawn: drawn ≥ minimum, where the minimum is amount × (1 − less %) and less % is the 39A minus
  figure, else 10 for "about", else 5 when partial shipments are not allowed (art. 30(c): the one drawing
  the credit permits may be 5 % short), else 0 (with partial drawings allowed and no tolerance stated, a
  remainder can still be drawn, so the credit is in use until the whole amount is).
- Quantity of a goods line: "about" → ±10 % (30(a), article "30(a)"); else a "n PCT MORE OR LESS"
  clause of 45A/47A that speaks of quantity; else ±5 % for goods not counted in packing units or items
  (30(b)), the 5 % more only while the drawings stay within the credit amount; else none (article "30(b)").
- Partial shipment when prohibited (art. 31): any earlier drawing, a goods line shipped below its lower
  band, or (when no quantity is short) an amount below the least one drawing may be. Art. 30(c)'s 5 % less
  applies only without 39A/"about", when every stated quantity is within its band and no unit price is
  below the credit's. When partial shipments are conditional, a partial drawing is one non-blocking note.
- Periods (44D) follow art. 3; a month or date without a year takes the first such one on or after the
  issue date. Day-month-year digits are read as DD/MM/YYYY.
- Banking days (art. 29(a)): ``closed_days`` is a callable (day → closed?) or a collection of holidays
  closed in addition to Saturdays and Sundays; by default Saturdays and Sundays are closed. The expiry date
  and the last day for presentation move to the next banking day; the latest shipment date never does
  (29(c)).
- Places and ports compare case-, punctuation- and "PORT"-insensitively, with a trailing country
  (", CHINA") ignored unless both sides name different countries. "ANY [CHINESE] PORT" / "ANY PORT IN
  CHINA" matches a port of that country; a port whose country this module cannot tell (it knows the
  countries of the main ports only) matches, with a non-blocking note. "A OR B" / "A/B" lists alternatives.
- Goods on the notice match a credit goods line by the line the notice names, else by the buyer's code,
  else by words (case, punctuation and plural -s ignored): the most specific goods line whose words all
  appear in the notice's description (extra data on the invoice is allowed), else the only goods line
  that has every word of the notice's description; failing that, the description must appear word for
  word in 45A. A notice line matched to no line but found in 45A is not flagged, nor is a description
  less specific than the credit's; only goods absent from 45A are (art. 18(c)).
- Shipment after the latest shipment date (44C) is article 14(a), or 29(c) when 44C fell on a closed day
  and the shipment was on the next banking day; a planned date (ETD) is reported the same way.
- Ports: loading is art. 20(a)(ii), discharge 20(a)(iii). Transhipment when prohibited is 20(c); goods
  shipped in a container make it a non-blocking 20(c)(ii) note.
- "In duplicate/triplicate", "in n copies", "n fold" (46A) mean at least one original and the rest in
  copies (art. 17(e)).

Finding arguments are plain values (``date``, ``Decimal``, ``int``, ``str``) for the services to format.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation

from foreign_trade_crm.rules.messages import Problem, _
from foreign_trade_crm.rules.numbers import ZERO, dec

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

# 43P partial shipments / 43T transhipment (None: the credit is silent, which allows them, art. 31(a))
ALLOWED = "Allowed"
NOT_ALLOWED = "Not Allowed"
CONDITIONAL = "Conditional"

# 41a available by (SWIFT codes)
BY_NEGOTIATION = "BY NEGOTIATION"
BY_PAYMENT = "BY PAYMENT"
BY_ACCEPTANCE = "BY ACCEPTANCE"
BY_DEF_PAYMENT = "BY DEF PAYMENT"
BY_MIXED_PYMT = "BY MIXED PYMT"
AVAILABLE_BY = (BY_NEGOTIATION, BY_PAYMENT, BY_ACCEPTANCE, BY_DEF_PAYMENT, BY_MIXED_PYMT)

# 49 confirmation instructions
CONFIRM = "CONFIRM"
MAY_ADD = "MAY ADD"
WITHOUT = "WITHOUT"
CONFIRMATION_CODES = (CONFIRM, MAY_ADD, WITHOUT)

# status of a Letter of Credit
DRAFT = "Draft"
ADVISED = "Advised"
IN_USE = "In Use"
FULLY_DRAWN = "Fully Drawn"
EXPIRED = "Expired"
CANCELLED = "Cancelled"

# codes of 45B/46B/47B/49M/49N
ADD = "ADD"
DELETE = "DELETE"
REPALL = "REPALL"

INCOTERMS_2020 = ("EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF")

# kinds of documents required (46A)
DOC_INVOICE = "Commercial Invoice"
DOC_PACKING_LIST = "Packing List"
DOC_BILL_OF_LADING = "Bill of Lading"
DOC_AIR_WAYBILL = "Air Waybill"
DOC_ORIGIN = "Certificate of Origin"
DOC_INSURANCE = "Insurance Document"
DOC_INSPECTION = "Inspection Certificate"
DOC_BENEFICIARY_CERTIFICATE = "Beneficiary's Certificate"
DOC_WEIGHT_LIST = "Weight List"
DOC_DRAFT = "Draft"
DOC_OTHER = "Other"
DOCUMENT_KINDS = (
	DOC_INVOICE,
	DOC_PACKING_LIST,
	DOC_BILL_OF_LADING,
	DOC_AIR_WAYBILL,
	DOC_ORIGIN,
	DOC_INSURANCE,
	DOC_INSPECTION,
	DOC_BENEFICIARY_CERTIFICATE,
	DOC_WEIGHT_LIST,
	DOC_DRAFT,
	DOC_OTHER,
)

DEFAULT_PRESENTATION_DAYS = 21  # art. 14(c)
ON_OR_ABOUT_DAYS = 5  # art. 3
ABOUT_PERCENT = Decimal(10)  # art. 30(a)
BULK_PERCENT = Decimal(5)  # art. 30(b)
SHORT_AMOUNT_PERCENT = Decimal(5)  # art. 30(c)
HUNDRED = Decimal(100)

#: ISO 4217 currency codes (active, plus funds and precious-metal codes SWIFT accepts)
CURRENCIES = frozenset(
	"""AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN
	BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP
	GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW
	KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD
	NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE
	SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED
	VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XUA YER ZAR ZMW ZWG ZWL""".split()
)
_ZERO_DECIMALS = frozenset(
	"BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF XAG XAU XPD XPT".split()
)
_THREE_DECIMALS = frozenset("BHD IQD JOD KWD LYD OMR TND".split())
_FOUR_DECIMALS = frozenset(("CLF", "UYW"))


def currency_decimals(currency: str | None) -> int:
	"""Digits after the decimal point of a currency (ISO 4217 minor unit; 2 when not listed here)."""
	code = (currency or "").upper()
	if code in _ZERO_DECIMALS:
		return 0
	if code in _THREE_DECIMALS:
		return 3
	if code in _FOUR_DECIMALS:
		return 4
	return 2


# --------------------------------------------------------------------------
# Plain data
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Party:
	"""A bank or party of a SWIFT option A (BIC), B (location) or D (name and address) field."""

	bic: str | None = None
	name: str = ""  # name and address lines (D), or location (B), joined with "\n"
	identifier: str | None = None  # party identifier line, e.g. "/D/123456" or an account


@dataclass(frozen=True)
class GoodsLine:
	"""One line of the description of goods (45A) that names a quantity."""

	idx: int  # 1-based among the goods lines
	text: str  # the line as written
	description: str
	quantity: Decimal
	unit: str  # normalised: PCS, SETS, CTNS, KGS, MT, M ...
	counted: bool  # quantity in packing units or individual items (art. 30(b) does not apply)
	unit_price: Decimal | None = None
	currency: str | None = None
	buyer_code: str | None = None
	about_quantity: bool = False  # "ABOUT 500 MT": ±10 % (art. 30(a))
	about_price: bool = False


@dataclass(frozen=True)
class Goods:
	"""What ``parse_goods`` reads from a description of goods."""

	lines: tuple[GoodsLine, ...] = ()
	incoterm: str | None = None
	named_place: str = ""
	incoterms_version: str = ""
	quantity_tolerance: Decimal | None = None  # "5 PCT MORE OR LESS IN QUANTITY"


@dataclass(frozen=True)
class DocumentRow:
	"""One document required (46A).

	``originals``/``copies`` are None when the wording does not say. "IN TRIPLICATE" and "IN 3 COPIES"
	give 1 original and 2 copies (art. 17(e)); "FULL SET (3/3)" gives 3 originals, ``set_of`` 3;
	"2/3 SET" 2 originals of a set of 3.
	"""

	idx: int
	kind: str
	text: str
	originals: int | None = None
	copies: int | None = None
	full_set: bool = False
	set_of: int | None = None


@dataclass(frozen=True)
class TextChange:
	"""One /ADD/, /DELETE/ or /REPALL/ of an amendment's 45B, 46B, 47B, 49M or 49N."""

	code: str
	text: str


@dataclass(frozen=True)
class CreditTerms:
	"""The terms of one documentary credit (SWIFT MT700 and its MT701s, after amendments)."""

	number: str  # 20
	currency: str  # 32B
	amount: Decimal  # 32B
	form: str = ""  # 40A
	rules: str = ""  # 40E
	rules_narrative: str = ""  # 40E after "/"
	pre_advice_reference: str = ""  # 23
	issue_date: date | None = None  # 31C
	expiry_date: date | None = None  # 31D
	expiry_place: str = ""  # 31D
	applicant: str = ""  # 50
	beneficiary: str = ""  # 59
	beneficiary_account: str | None = None  # 59, first line "/..."
	issuing_bank: Party | None = None  # 52a, else the Sender of the MT700
	advising_bank: Party | None = None  # the Receiver of the MT700
	advise_through_bank: Party | None = None  # 57a
	confirming_bank: Party | None = None  # 58a requested confirmation party
	applicant_bank: Party | None = None  # 51a
	reimbursing_bank: Party | None = None  # 53a
	drawee: Party | None = None  # 42a
	tolerance_plus: Decimal | None = None  # 39A, None when the credit has no 39A
	tolerance_minus: Decimal | None = None
	about_amount: bool = False  # "ABOUT" qualifies the credit amount (art. 30(a))
	maximum_only: bool = False  # 39B NOT EXCEEDING (standards before 2018)
	additional_amounts: str = ""  # 39C
	available_with: Party | None = None  # 41a
	available_by: str = ""  # 41a, one of AVAILABLE_BY
	drafts_at: str = ""  # 42C
	usance_days: int | None = None  # from 42C/42P/42M: 0 at sight
	mixed_payment_details: str = ""  # 42M
	deferred_payment_details: str = ""  # 42P
	partial_shipments: str | None = None  # 43P: ALLOWED / NOT_ALLOWED / CONDITIONAL
	transhipment: str | None = None  # 43T
	place_of_receipt: str = ""  # 44A
	port_of_loading: str = ""  # 44E
	port_of_discharge: str = ""  # 44F
	final_destination: str = ""  # 44B
	latest_shipment_date: date | None = None  # 44C
	shipment_period: str = ""  # 44D
	goods: str = ""  # 45A
	goods_lines: tuple[GoodsLine, ...] = ()
	incoterm: str | None = None
	named_place: str = ""
	incoterms_version: str = ""
	quantity_tolerance: Decimal | None = None
	documents_text: str = ""  # 46A
	documents: tuple[DocumentRow, ...] = ()
	additional_conditions: str = ""  # 47A
	special_conditions_beneficiary: str = ""  # 49G
	special_conditions_bank: str = ""  # 49H
	charges: str = ""  # 71D
	presentation_days: int = DEFAULT_PRESENTATION_DAYS  # 48 (art. 14(c) when absent)
	presentation_narrative: str = ""  # 48 after "/", or its older free text
	confirmation: str = ""  # 49
	instructions: str = ""  # 78
	sender_to_receiver: str = ""  # 72Z
	cancelled: bool = False  # by an accepted amendment with 23S CANCEL


@dataclass(frozen=True)
class Amendment:
	"""One amendment (SWIFT MT707 and its MT708s). ``None`` or empty means unchanged."""

	number: int = 0  # 26E
	amendment_date: date | None = None  # 30
	purpose: str = ""  # 22A: ISSU, ACNF, ADVI
	sender_reference: str = ""  # 20
	receiver_reference: str = ""  # 21
	issuing_bank_reference: str = ""  # 23: the credit's number at the issuing bank
	issue_date: date | None = None  # 31C of the credit
	cancellation: bool = False  # 23S CANCEL
	form: str | None = None
	rules: str | None = None
	rules_narrative: str | None = None
	expiry_date: date | None = None  # 31D (31E in the older standard)
	expiry_place: str | None = None
	applicant: str | None = None
	beneficiary: str | None = None
	beneficiary_account: str | None = None
	currency: str | None = None  # of 32B/33B/34B
	increase: Decimal | None = None  # 32B
	decrease: Decimal | None = None  # 33B
	new_amount: Decimal | None = None  # 34B (standards before 2018)
	tolerance: tuple[Decimal, Decimal] | None = None  # 39A (plus, minus)
	maximum_only: bool | None = None  # 39B
	additional_amounts: str | None = None
	available_with: Party | None = None
	available_by: str | None = None
	drafts_at: str | None = None
	usance_days: int | None = None
	drawee: Party | None = None
	mixed_payment_details: str | None = None
	deferred_payment_details: str | None = None
	partial_shipments: str | None = None
	transhipment: str | None = None
	place_of_receipt: str | None = None
	port_of_loading: str | None = None
	port_of_discharge: str | None = None
	final_destination: str | None = None
	latest_shipment_date: date | None = None
	shipment_period: str | None = None
	goods_changes: tuple[TextChange, ...] = ()  # 45B
	documents_changes: tuple[TextChange, ...] = ()  # 46B
	conditions_changes: tuple[TextChange, ...] = ()  # 47B
	special_beneficiary_changes: tuple[TextChange, ...] = ()  # 49M
	special_bank_changes: tuple[TextChange, ...] = ()  # 49N
	charges: str | None = None  # 71D
	amendment_charges_by: str | None = None  # 71N: APPL, BENE, OTHR
	amendment_charges_narrative: str = ""
	presentation_days: int | None = None  # 48
	presentation_narrative: str | None = None
	confirmation: str | None = None  # 49
	confirming_bank: Party | None = None  # 58a
	reimbursing_bank: Party | None = None  # 53a
	advise_through_bank: Party | None = None  # 57a
	instructions: str | None = None  # 78
	sender_to_receiver: str = ""  # 72Z (72 in the older standard): about this message, not a term
	narrative: str = ""  # 79 (older standard): changes to apply by hand


@dataclass(frozen=True)
class DrawingLine:
	"""One line of a shipment notice drawn under the credit."""

	idx: int  # 1-based
	qty: Decimal | float | int | str
	unit_price: Decimal | float | int | str | None = None
	description: str = ""
	unit: str = ""
	buyer_code: str | None = None
	credit_line: int | None = None  # idx of the credit goods line it ships, when the notice names it
	counted: bool | None = None  # None: from the unit (``is_counted_unit``)


@dataclass(frozen=True)
class Drawing:
	"""One shipment notice (one presentation) under the credit."""

	currency: str
	amount: Decimal | float | int | str  # invoice amount
	shipment_date: date | None = None  # on-board (B/L) date, or the planned ETD
	planned: bool = False  # shipment_date is the planned ETD: no B/L yet
	presentation_date: date | None = None  # planned or actual; None before it is planned
	lines: tuple[DrawingLine, ...] = ()
	port_of_loading: str = ""
	port_of_discharge: str = ""
	incoterm: str = ""
	named_place: str = ""
	transhipped: bool = False
	containerised: bool | None = None  # shipped in a container, trailer or LASH barge


@dataclass(frozen=True)
class Finding(Problem):
	"""One finding of ``check``: a ``Problem`` that names the UCP 600 (sub-)article it applies."""

	article: str = ""


@dataclass(frozen=True)
class CreditFigures:
	amount: Decimal
	maximum: Decimal
	minimum: Decimal
	drawn: Decimal
	available: Decimal  # maximum − drawn, never below zero
	overdrawn: Decimal  # drawn − maximum when above the maximum, else zero
	status: str


# --------------------------------------------------------------------------
# Numbers and words in narrative text
# --------------------------------------------------------------------------

# a number starts where no digit, comma or dot precedes it and has at most 22 characters, so that matching
# stays linear on long runs of digits
_NUMBER = r"(?<![\d,.])\d(?:[\d,.]{0,20}\d)?(?!\d)"
_THOUSANDS_COMMA = re.compile(r"\d{1,3}(?:,\d{3})+")


def narrative_number(text: str | None) -> Decimal | None:
	"""A number as people write it in a credit's narrative: "1,000", "3.25", "1.234,56", "125000,".

	A lone comma followed by other than three digits is a decimal comma; "1,000" is a thousand.
	"""
	s = (text or "").strip().rstrip(".")
	if not s or not s[0].isdigit():
		return None
	if "," in s and "." in s:
		s = s.replace(".", "").replace(",", ".") if s.rfind(",") > s.rfind(".") else s.replace(",", "")
	elif "," in s:
		if _THOUSANDS_COMMA.fullmatch(s):
			s = s.replace(",", "")
		elif s.count(",") == 1:
			s = s.replace(",", ".")
		else:
			return None
	elif s.count(".") > 1:
		if not re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s):
			return None
		s = s.replace(".", "")
	try:
		return Decimal(s)
	except InvalidOperation:
		return None


_STOP_WORDS = frozenset(("OF", "THE", "AND", "A", "AN", "IN", "WITH", "FOR", "TO", "AS", "ON", "AT"))


def _singular(word: str) -> str:
	if len(word) > 4 and word.endswith("IES"):
		return word[:-3] + "Y"
	if len(word) > 4 and word.endswith(("XES", "SHES", "CHES", "SSES")):
		return word[:-2]
	if len(word) > 3 and word.endswith("S") and not word.endswith("SS"):
		return word[:-1]
	return word


def _tokens(text: str | None) -> list[str]:
	"""Upper-case words and numbers, punctuation dropped, plural -s removed."""
	return [_singular(w) for w in re.split(r"[^A-Z0-9]+", (text or "").upper()) if w]


def _phrase(text: str | None) -> str:
	return " ".join(_tokens(text))


def _code(text: str | None) -> str:
	"""A buyer's code compared without case, spaces or punctuation."""
	return re.sub(r"[^A-Z0-9]", "", (text or "").upper())


# --------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------

_COUNTED_UNITS = {
	"PCS": ("PCS", "PC", "PCE", "PCES", "PIECE", "PIECES", "NOS", "NO", "EA", "EACH"),
	"SETS": ("SETS", "SET"),
	"CTNS": ("CTNS", "CTN", "CARTON", "CARTONS"),
	"UNITS": ("UNITS", "UNIT"),
	"PAIRS": ("PAIRS", "PAIR", "PRS"),
	"DOZ": ("DOZ", "DOZEN", "DOZENS", "DZ"),
	"BOXES": ("BOXES", "BOX"),
	"BAGS": ("BAGS", "BAG"),
	"ROLLS": ("ROLLS", "ROLL"),
	"BALES": ("BALES", "BALE"),
	"DRUMS": ("DRUMS", "DRUM"),
	"PALLETS": ("PALLETS", "PALLET", "PLTS"),
	"BOTTLES": ("BOTTLES", "BOTTLE"),
	"CASES": ("CASES", "CASE"),
	"SHEETS": ("SHEETS", "SHEET"),
	"PKGS": ("PKGS", "PKG", "PACKAGES", "PACKAGE"),
	"CONTAINERS": ("CONTAINERS", "CONTAINER"),
}
_BULK_UNITS = {
	"KGS": ("KGS", "KG", "KILOS", "KILOGRAMS", "KILOGRAM"),
	"MT": ("MT", "MTS", "TONS", "TON", "TONNES", "TONNE", "METRIC TONS", "METRIC TONNES"),
	"LBS": ("LBS", "LB", "POUNDS"),
	"M": ("M", "MTR", "MTRS", "METER", "METERS", "METRE", "METRES"),
	"YDS": ("YDS", "YD", "YARD", "YARDS"),
	"L": ("L", "LTR", "LTRS", "LITRE", "LITRES", "LITER", "LITERS"),
	"CBM": ("CBM", "M3"),
	"SQM": ("SQM", "M2"),
	"GAL": ("GAL", "GALLON", "GALLONS"),
	"BBL": ("BBL", "BARRELS", "BARREL"),
}
_UNIT_ALIASES = {
	alias: unit for table in (_COUNTED_UNITS, _BULK_UNITS) for unit, names in table.items() for alias in names
}
_UNIT_RE = "|".join(sorted((re.escape(a) for a in _UNIT_ALIASES), key=len, reverse=True))


def normalise_unit(unit: str | None) -> str:
	"""The unit's name in this module's vocabulary ("PIECES" → "PCS"), or the text upper-cased."""
	text = re.sub(r"\s+", " ", (unit or "").strip().upper().rstrip("."))
	return _UNIT_ALIASES.get(text, text)


def is_counted_unit(unit: str | None) -> bool:
	"""Whether a quantity in this unit counts packing units or items (art. 30(b) does not apply).

	Units this module does not know count as counted: no 5 % tolerance is assumed for them.
	"""
	return normalise_unit(unit) not in _BULK_UNITS


# --------------------------------------------------------------------------
# Description of goods (45A)
# --------------------------------------------------------------------------

_ABOUT = r"(?:ABOUT|APPROXIMATELY|APPROX\.?)"
_BULLET = re.compile(r"^\s*(?:\+\s*\d{1,3}\s*[.)](?!\d)|\+|-(?!\d)|\*|\d{1,3}\s*[.)](?!\d)|\(\d{1,3}\))\s*")
_QTY_RE = re.compile(
	rf"^(?:(?:QUANTITY|QTY)\s*:?\s*)?(?P<about>{_ABOUT}\s*)?(?P<qty>{_NUMBER})\s*(?P<unit>{_UNIT_RE})\b\.?"
	rf"\s*(?:\(?{_ABOUT}\)?\s*)?(?:OF\s+)?(?P<rest>.*)$"
)
_PRICE_RE = re.compile(
	rf"(?P<about>{_ABOUT}\s*)?(?:\b(?P<ccy>[A-Z]{{3}})\s?(?P<price>{_NUMBER})|(?P<price2>{_NUMBER})\s?(?P<ccy2>[A-Z]{{3}})\b)"
	rf"\s*(?:/\s*|PER\s+|EACH\b|A\s+)(?P<unit>{_UNIT_RE})?\b"
)
_BUYER_CODE_RE = re.compile(
	r"\(?\s*(?:BUYER'?S?\s+(?:ITEM\s+)?(?:CODE|REF(?:ERENCE)?|ART(?:ICLE)?\.?\s*NO)|ITEM\s+(?:NO|CODE)|"
	r"ART(?:ICLE)?\.?\s*NO|STYLE\s+NO|MODEL\s+NO|CODE)\.?\s*[:#]?\s*(?P<code>[A-Z0-9](?:[A-Z0-9/_.\-]*[A-Z0-9])?)"
	r"\s*\)?"
)
_LABEL_RE = {
	"desc": re.compile(r"(?:COMMODITY|DESCRIPTION|GOODS|PRODUCT|ARTICLE)\s*:\s*(?P<v>[^\n]+)"),
	"qty": re.compile(
		rf"(?:QUANTITY|QTY)\s*:?\s*(?P<about>{_ABOUT}\s*)?(?P<qty>{_NUMBER})\s*(?P<unit>{_UNIT_RE})\b"
	),
	"price": re.compile(
		rf"UNIT\s+PRICE\s*:?\s*(?P<about>{_ABOUT}\s*)?(?P<ccy>[A-Z]{{3}})\s*(?P<price>{_NUMBER})"
	),
}
_INCOTERM_RE = re.compile(
	r"\b(?P<rule>EXW|FCA|CPT|CIP|DAP|DPU|DDP|FAS|FOB|CFR|CIF|C\s?&\s?F|CNF)\b[ \t]*(?P<rest>[^\n]*)"
)
_INCOTERM_VERSION_RE = re.compile(r"INCOTERMS?\s*®?\s*(?P<year>\d{4})")
_PLACE_STOP_RE = re.compile(
	r"\(|;|\bINCOTERMS?\b|\bAS\s+PER\b|\bACCORDING\b|\bTOTAL\b|\bAMOUNT\b|\bPRICE\b|\bVALUE\b"
	r"|\b[A-Z]{3}\s?\d|\s-\s|\bOR\b|\bAND\b"
)
_PLACE_NOT = frozenset(
	("VALUE", "PRICE", "PRICES", "TERM", "TERMS", "BASIS", "AMOUNT", "INCOTERMS", "INCOTERM")
)
_TOLERANCE_CLAUSE_RE = re.compile(
	r"(?:(?P<n>\d{1,2}(?:[.,]\d{1,2})?)\s*(?:%|PCT|PERCENT|PER\s+CENT)\s*(?:MORE\s+OR\s+LESS|\+/-|PLUS\s*/\s*MINUS|PLUS\s+OR\s+MINUS)"
	r"|(?:MORE\s+OR\s+LESS|\+/-|PLUS\s*/\s*MINUS|PLUS\s+OR\s+MINUS)\s*(?P<n2>\d{1,2}(?:[.,]\d{1,2})?)\s*(?:%|PCT|PERCENT|PER\s+CENT))"
)


def _items(text: str) -> list[str]:
	"""The items of a narrative: a line beginning with "+", "-", "1." or "2)" starts one and the lines
	after it continue it; without any such marker every line is an item."""
	lines = [line.rstrip() for line in (text or "").splitlines() if line.strip()]
	if not any(_BULLET.match(line) for line in lines):
		return [line.strip() for line in lines]
	items: list[list[str]] = []
	for line in lines:
		m = _BULLET.match(line)
		if m or not items:
			items.append([line[m.end() :] if m else line.strip()])
		else:
			items[-1].append(line.strip())
	return [" ".join(part for part in item if part).strip() for item in items if any(item)]


def _goods_items(text: str) -> list[str]:
	"""Items of a description of goods: by markers as ``_items``; without markers a line that begins with
	a quantity starts an item and the other lines continue it."""
	lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
	if any(_BULLET.match(line) for line in lines):
		return _items(text)
	items: list[str] = []
	for line in lines:
		if not items or _QTY_RE.match(re.sub(r"\s+", " ", line.upper())):
			items.append(line)
		else:
			items[-1] += " " + line
	return items


def _clean(text: str) -> str:
	return re.sub(r"\s+", " ", text).strip(" ,;:-@").strip()


def _goods_line(idx: int, item: str) -> GoodsLine | None:
	text = re.sub(r"\s+", " ", item.upper()).strip()
	m = _QTY_RE.match(text)
	if not m:
		return None
	quantity = narrative_number(m["qty"])
	if quantity is None:
		return None
	rest = m["rest"]
	unit_price = currency = None
	about_price = False
	for price in _PRICE_RE.finditer(rest):
		ccy = price["ccy"] or price["ccy2"]
		value = narrative_number(price["price"] or price["price2"])
		if ccy in CURRENCIES and value is not None:
			unit_price, currency, about_price = value, ccy, bool(price["about"])
			rest = re.sub(r"(?:\bAT|@|\bUNIT PRICE:?)\s*$", "", rest[: price.start()].strip())
			break
	code = None
	found = _BUYER_CODE_RE.search(rest)
	if found:
		code = found["code"]
		rest = rest[: found.start()] + " " + rest[found.end() :]
	unit = normalise_unit(m["unit"])
	return GoodsLine(
		idx=idx,
		text=item.strip(),
		description=_clean(rest),
		quantity=quantity,
		unit=unit,
		counted=is_counted_unit(unit),
		unit_price=unit_price,
		currency=currency,
		buyer_code=code,
		about_quantity=bool(m["about"]),
		about_price=about_price,
	)


def _labelled_goods_line(text: str) -> GoodsLine | None:
	"""One goods line from the "COMMODITY: ... QUANTITY: ... UNIT PRICE: ..." layout."""
	upper = text.upper()
	qtys = list(_LABEL_RE["qty"].finditer(upper))
	if len(qtys) != 1:
		return None
	q = qtys[0]
	quantity = narrative_number(q["qty"])
	if quantity is None:
		return None
	prices = list(_LABEL_RE["price"].finditer(upper))
	price = prices[0] if len(prices) == 1 and prices[0]["ccy"] in CURRENCIES else None
	desc = _LABEL_RE["desc"].search(upper)
	description = desc["v"] if desc else ""
	code = None
	found = _BUYER_CODE_RE.search(description)
	if found:
		code = found["code"]
		description = description[: found.start()] + " " + description[found.end() :]
	unit = normalise_unit(q["unit"])
	return GoodsLine(
		idx=1,
		text=text.strip(),
		description=_clean(description),
		quantity=quantity,
		unit=unit,
		counted=is_counted_unit(unit),
		unit_price=narrative_number(price["price"]) if price else None,
		currency=price["ccy"] if price else None,
		buyer_code=code,
		about_quantity=bool(q["about"]),
		about_price=bool(price and price["about"]),
	)


def _incoterm(text: str) -> tuple[str | None, str]:
	found: dict[str, str] = {}
	for m in _INCOTERM_RE.finditer(text):
		rule = m["rule"].replace(" ", "")
		rule = "CFR" if rule in ("C&F", "CNF") else rule
		rest = m["rest"]
		stop = _PLACE_STOP_RE.search(rest)
		place = _clean(rest[: stop.start()] if stop else rest).rstrip(".")
		if place.split(" ")[0] in _PLACE_NOT:
			place = ""
		if rule not in found or (not found[rule] and place):
			found[rule] = place
	if len(found) != 1:
		return None, ""
	rule, place = next(iter(found.items()))
	return rule, place


def quantity_tolerance(*texts: str) -> Decimal | None:
	"""The "n PCT MORE OR LESS" allowance of a credit's 45A/47A when it speaks of quantity (a line that
	names quantity, or that does not name the amount)."""
	for text in texts:
		for line in (text or "").upper().splitlines():
			m = _TOLERANCE_CLAUSE_RE.search(line)
			if not m:
				continue
			if re.search(r"\bQUANTITY|\bQTY\b", line) or not re.search(r"\bAMOUNT|\bVALUE\b", line):
				return narrative_number(m["n"] or m["n2"])
	return None


def parse_goods(text: str | None, conditions: str = "") -> Goods:
	"""Reads a description of goods (45A): the goods lines that state a quantity, the Incoterm with its
	named place (when the text names exactly one rule), and a quantity "more or less" clause (from 45A or
	the additional conditions). Lines that cannot be read stay text only."""
	text = text or ""
	lines: list[GoodsLine] = []
	for item in _goods_items(text):
		line = _goods_line(len(lines) + 1, item)
		if line is not None:
			lines.append(line)
	if not lines:
		labelled = _labelled_goods_line(text)
		if labelled is not None:
			lines.append(labelled)
	upper = text.upper()
	rule, place = _incoterm(upper)
	version = _INCOTERM_VERSION_RE.search(upper)
	return Goods(
		lines=tuple(lines),
		incoterm=rule,
		named_place=place,
		incoterms_version=version["year"] if version and rule else "",
		quantity_tolerance=quantity_tolerance(text, conditions),
	)


def about_amount(currency: str, amount, *texts: str) -> bool:
	"""Whether "about"/"approximately" qualifies the credit amount in these texts: before a figure equal
	to the amount ("ABOUT USD 125,000.00"), or after the word amount/value ("AMOUNT ABOUT")."""
	amount = dec(amount)
	pattern = re.compile(rf"{_ABOUT}\s*(?:(?P<ccy>[A-Z]{{3}})\s*)?(?P<n>{_NUMBER})")
	for text in texts:
		upper = (text or "").upper()
		if re.search(rf"\b(?:CREDIT\s+AMOUNT|AMOUNT|VALUE)\s*:?\s*{_ABOUT}(?!\s*\d)", upper):
			return True
		for m in pattern.finditer(upper):
			if m["ccy"] not in (None, currency):
				continue
			if narrative_number(m["n"]) == amount:
				return True
	return False


# --------------------------------------------------------------------------
# Documents required (46A)
# --------------------------------------------------------------------------

_DOC_PATTERNS = (
	(DOC_INVOICE, r"COMMERCIAL\s+INVOICES?|\bINVOICES?\b"),
	(DOC_PACKING_LIST, r"PACKING\s+(?:AND\s+WEIGHT\s+)?(?:LISTS?|SLIPS?)"),
	(DOC_WEIGHT_LIST, r"WEIGHT\s+(?:LISTS?|MEMOS?|NOTES?|CERTIFICATES?)"),
	(DOC_BILL_OF_LADING, r"BILLS?\s+OF\s+LADING|\bB/L\b|\bBS/L\b|\bBL\b"),
	(DOC_AIR_WAYBILL, r"AIR\s*WAY\s*BILLS?|\bAWB\b|AIR\s+CONSIGNMENT\s+NOTES?"),
	(DOC_ORIGIN, r"CERTIFICATES?\s+OF\s+ORIGIN|ORIGIN\s+CERTIFICATES?|\bGSP\s+FORM\b|\bFORM\s+A\b"),
	(DOC_INSURANCE, r"INSURANCE"),
	(
		DOC_INSPECTION,
		r"INSPECTION\s+CERTIFICATES?|CERTIFICATES?\s+OF\s+(?:INSPECTION|QUALITY|QUANTITY|ANALYSIS)|\bINSPECTION\b",
	),
	(DOC_BENEFICIARY_CERTIFICATE, r"BENEFICIAR(?:Y|Y'S|IES)\s+(?:CERTIFICATE|STATEMENT|DECLARATION)"),
	(DOC_DRAFT, r"\bDRAFTS?\b|BILLS?\s+OF\s+EXCHANGE"),
)
_DOC_RES = tuple((kind, re.compile(pattern)) for kind, pattern in _DOC_PATTERNS)
_DOC_START = re.compile(
	r"^(?:SIGNED\s+|MANUALLY\s+SIGNED\s+|ORIGINAL\s+|FULL\s+SET|\d+/\d+|COPY|COPIES)|"
	+ "|".join(f"^(?:{p})" for _, p in _DOC_PATTERNS)
)
_WORD_NUMBERS = {"SINGLE": 1} | {
	w: n for n, w in enumerate("ONE TWO THREE FOUR FIVE SIX SEVEN EIGHT NINE TEN".split(), 1)
}
_MULTIPLES = {"DUPLICATE": 2, "TRIPLICATE": 3, "QUADRUPLICATE": 4, "QUINTUPLICATE": 5}
_COUNT = r"(\d{1,2}|ONE|SINGLE|TWO|THREE|FOUR|FIVE|SIX|SEVEN|EIGHT|NINE|TEN)"


def _count(word: str) -> int:
	return int(word) if word.isdigit() else _WORD_NUMBERS[word]


def _document_kind(text: str) -> str:
	best, first = DOC_OTHER, len(text) + 1
	for kind, pattern in _DOC_RES:
		m = pattern.search(text)
		if m and m.start() < first:
			best, first = kind, m.start()
	return best


def _document_row(idx: int, text: str) -> DocumentRow:
	upper = re.sub(r"\s+", " ", text.upper())
	originals = copies = set_of = None
	full_set = "FULL SET" in upper
	fraction = re.search(r"FULL\s+SETS?\s*(?:OF\s*)?\(\s*(\d{1,2})\s*/\s*(\d{1,2})\s*\)", upper) or re.search(
		r"\(?\b(\d{1,2})\s*/\s*(\d{1,2})\s*\)?\s*(?:SETS?|ORIGINALS?)\b", upper
	)
	if fraction:
		originals, set_of = int(fraction[1]), int(fraction[2])
		full_set = full_set or originals == set_of
	if m := re.search(rf"\b{_COUNT}\s+ORIGINALS?\b", upper):
		originals = _count(m[1])
	elif re.search(r"\bORIGINAL\s+AND\b", upper) or re.search(r"\bIN\s+ORIGINAL\b", upper):
		originals = 1
	if m := re.search(rf"\b{_COUNT}\s+(?:PHOTO)?COP(?:Y|IES)\b", upper):
		copies = _count(m[1])
		# "IN 3 COPIES" with no originals named: three documents, at least one original (art. 17(e))
		if originals is None and copies > 1 and re.search(rf"\bIN\s+{_COUNT}\s+COPIES\b", upper):
			originals, copies = 1, copies - 1
	elif re.search(r"\b(?:PHOTO)?COPY\b", upper) and originals is None:
		copies = 1
		originals = 0 if re.match(r"^\s*(?:ONE\s+)?(?:PHOTO)?COPY\b", upper) else None
	multiple = re.search(r"\bIN\s+(DUPLICATE|TRIPLICATE|QUADRUPLICATE|QUINTUPLICATE)\b", upper)
	fold = re.search(rf"\bIN\s+{_COUNT}\s*-?\s*FOLDS?\b", upper)
	if multiple or fold:
		total = _MULTIPLES[multiple[1]] if multiple else _count(fold[1])
		originals, copies = 1, total - 1
	return DocumentRow(
		idx=idx,
		kind=_document_kind(upper),
		text=text.strip(),
		originals=originals,
		copies=copies,
		full_set=full_set,
		set_of=set_of,
	)


def parse_documents(text: str | None) -> tuple[DocumentRow, ...]:
	"""The documents required (46A), one row per document.

	A line beginning with "+", "1.", "2)", "(3)" or "-" starts a document; without such markers a line
	that begins like a document ("SIGNED COMMERCIAL INVOICE", "FULL SET", "PACKING LIST" ...) starts one
	and the other lines continue it.
	"""
	lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
	if any(_BULLET.match(line) for line in lines):
		items = _items(text or "")
	else:
		grouped: list[list[str]] = []
		for line in lines:
			if not grouped or _DOC_START.search(line.upper()):
				grouped.append([line])
			else:
				grouped[-1].append(line)
		items = [" ".join(group) for group in grouped]
	return tuple(_document_row(i, item) for i, item in enumerate((x for x in items if x.strip()), start=1))


# --------------------------------------------------------------------------
# Partial shipments / transhipment wording (43P/43T)
# --------------------------------------------------------------------------


def shipment_permission(text: str | None) -> str | None:
	"""ALLOWED, NOT_ALLOWED or CONDITIONAL from the wording of 43P/43T (older wordings such as
	PROHIBITED, PERMITTED, NOT PERMITTED included); None when it is none of them."""
	words = re.sub(r"[^A-Z ]", " ", (text or "").upper())
	words = " ".join(words.split())
	if not words:
		return None
	if "CONDITIONAL" in words:
		return CONDITIONAL
	if re.search(r"\b(?:NOT|PROHIBITED|FORBIDDEN|DISALLOWED)\b", words):
		return NOT_ALLOWED
	if re.search(r"\b(?:ALLOWED|PERMITTED|ACCEPTABLE|ACCEPTED)\b", words):
		return ALLOWED
	return None


# --------------------------------------------------------------------------
# Dates: banking days and shipment periods (art. 3, 29)
# --------------------------------------------------------------------------

ClosedDays = Callable[[date], bool] | Collection[date] | None


def _weekend(day: date) -> bool:
	return day.weekday() >= 5


def closed_predicate(closed_days: ClosedDays = None) -> Callable[[date], bool]:
	"""Day → closed? from a callable (used as given), a collection of holidays (closed besides Saturdays
	and Sundays) or None (Saturdays and Sundays)."""
	if closed_days is None:
		return _weekend
	if callable(closed_days):
		return closed_days
	holidays = frozenset(closed_days)
	return lambda day: day.weekday() >= 5 or day in holidays


def next_banking_day(day: date, closed_days: ClosedDays = None) -> date:
	"""``day`` itself when the bank is open, else the first following day it is (art. 29(a))."""
	closed = closed_predicate(closed_days)
	for offset in range(367):
		candidate = day + timedelta(days=offset)
		if not closed(candidate):
			return candidate
	raise ValueError(f"no banking day within a year after {day}")


def last_presentation_day(
	terms: CreditTerms, shipment_date: date | None, closed_days: ClosedDays = None
) -> date | None:
	"""The last day documents may be presented: ``presentation_days`` after shipment but not after the
	expiry date (art. 14(c), 6(e)), each moved to the next banking day when the bank is closed (29(a))."""
	limits = []
	if shipment_date is not None:
		limits.append(next_banking_day(shipment_date + timedelta(days=terms.presentation_days), closed_days))
	if terms.expiry_date is not None:
		limits.append(next_banking_day(terms.expiry_date, closed_days))
	return min(limits) if limits else None


_MONTHS = {
	name: number for number, name in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)
}
_MON = r"(?:JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?|SEPT?(?:EMBER)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?)"
_ORD = r"(?:ST|ND|RD|TH)?"
_PERIOD_TOKEN_RE = re.compile(
	rf"""(?P<half>\b(?:FIRST|1ST|SECOND|2ND)\s+HALF\b)
	|(?P<part>\b(?:BEGINNING|MIDDLE|END)\b)
	|\b(?P<iy>\d{{4}})-(?P<im>\d{{1,2}})-(?P<id>\d{{1,2}})\b
	|\b(?P<nd>\d{{1,2}})[./](?P<nm>\d{{1,2}})[./](?P<ny>\d{{4}}|\d{{2}})\b
	|\b(?P<d1>\d{{1,2}}){_ORD}[\s\-./]*(?P<m1>{_MON})\b[\s\-./,']*(?P<y1>\d{{4}}|\d{{2}}(?!\d))?
	|\b(?P<m2>{_MON})\b\.?\s*(?P<d2>\d{{1,2}}){_ORD}\b(?:\s*,?\s*(?P<y2>\d{{4}}))?
	|\b(?P<m3>{_MON})\b(?!\s+(?:BE|NOT)\b)[\s\-./,']*(?P<y3>\d{{4}}|\d{{2}}(?!\d))?
	|\b(?P<six>\d{{6}})\b
	|(?P<kw>\bON\s+OR\s+ABOUT\b|\bON\s+OR\s+BEFORE\b|\bON\s+OR\s+AFTER\b|\bNOT?\s+LATER\s+THAN\b
		|\bNOT?\s+EARLIER\s+THAN\b|\bNOT\s+BEFORE\b|\bNOT\s+AFTER\b|\bLATEST(?:\s+BY)?\b|\bBETWEEN\b
		|\bFROM\b|\bUNTIL\b|\bTILL\b|\bTHROUGH\b|\bTHRU\b|\bTO\b|\bBEFORE\b|\bAFTER\b|\bBY\b|\bAND\b
		|\bDURING\b|\bIN\b|(?<=\s)-(?=\s)|(?<=\d)-(?=\d))
	|\b(?P<day>\d{{1,2}}){_ORD}\b""",
	re.VERBOSE,
)
_LOWER = {"FROM", "ON OR AFTER", "NOT EARLIER THAN", "NO EARLIER THAN", "NOT BEFORE"}
_UPPER = {"TO", "UNTIL", "TILL", "THROUGH", "THRU", "BY", "LATEST", "LATEST BY", "NOT AFTER", "ON OR BEFORE"}
_UPPER |= {"NOT LATER THAN", "NO LATER THAN"}
_RANGE = {"TO", "UNTIL", "TILL", "THROUGH", "THRU", "-", "AND"}


def _year(text: str | None) -> int | None:
	if not text:
		return None
	text = text.strip("'")
	year = int(text)
	return year if len(text) == 4 else (2000 + year if year < 80 else 1900 + year)


def _period_tokens(text: str) -> list[tuple[str, object]]:
	tokens: list[tuple[str, object]] = []
	for m in _PERIOD_TOKEN_RE.finditer(text):
		if m["half"]:
			tokens.append(("half", 1 if m["half"][0] in "F1" else 2))
		elif m["part"]:
			tokens.append(("part", {"BEGINNING": 1, "MIDDLE": 2, "END": 3}[m["part"]]))
		elif m["iy"]:
			tokens.append(("date", [int(m["iy"]), int(m["im"]), int(m["id"])]))
		elif m["nd"]:
			tokens.append(("date", [_year(m["ny"]), int(m["nm"]), int(m["nd"])]))
		elif m["m1"]:
			tokens.append(("date", [_year(m["y1"]), _MONTHS[m["m1"][:3]], int(m["d1"])]))
		elif m["m2"]:
			tokens.append(("date", [_year(m["y2"]), _MONTHS[m["m2"][:3]], int(m["d2"])]))
		elif m["m3"]:
			tokens.append(("month", [_year(m["y3"]), _MONTHS[m["m3"][:3]]]))
		elif m["six"]:
			s = m["six"]
			tokens.append(("date", [_year(s[:2]), int(s[2:4]), int(s[4:])]))
		elif m["kw"]:
			tokens.append(("kw", " ".join(m["kw"].split())))
		elif m["day"]:
			tokens.append(("day", int(m["day"])))
	return tokens


def _fill_years(tokens: list[tuple[str, object]], reference: date | None) -> bool:
	"""Gives a year to dates and months written without one: the year of a later token that has one,
	else the first such month on or after the reference date. False when that cannot be done."""
	later_year = None
	for kind, value in reversed(tokens):
		if kind not in ("date", "month"):
			continue
		if value[0] is not None:
			later_year = value[0]
		elif later_year is not None:
			value[0] = later_year
		elif reference is not None:
			value[0] = reference.year if value[1] >= reference.month else reference.year + 1
		else:
			return False
	return True


def _bounds(kind: str, value) -> tuple[date, date]:
	if kind == "date":
		day = date(value[0], value[1], value[2])
		return day, day
	last = calendar.monthrange(value[0], value[1])[1]
	return date(value[0], value[1], 1), date(value[0], value[1], last)


def shipment_window(
	text: str | None, reference: date | None = None
) -> tuple[date | None, date | None] | None:
	"""The first and last day (both inclusive, either None when open) of a shipment period (44D), read
	with the words of UCP 600 art. 3; None when the text names no date it can read.

	"on or about" ±5 days; "to/until/till/from/between" include the dates; "before/after" exclude them;
	"first half" 1st–15th, "second half" 16th–end; "beginning/middle/end" 1st–10th, 11th–20th,
	21st–end; a month alone is the whole month. ``reference`` (the issue date) gives years left out.
	"""
	tokens = _period_tokens(re.sub(r"\s+", " ", (text or "").upper()))
	if not any(kind in ("date", "month") for kind, _ in tokens) or not _fill_years(tokens, reference):
		return None
	lo: date | None = None
	hi: date | None = None

	def tighten(low: date | None, high: date | None) -> None:
		nonlocal lo, hi
		if low is not None:
			lo = low if lo is None else max(lo, low)
		if high is not None:
			hi = high if hi is None else min(hi, high)

	def datelike(i: int) -> bool:
		return i < len(tokens) and tokens[i][0] in ("date", "month")

	try:
		i = 0
		while i < len(tokens):
			kind, value = tokens[i]
			if kind == "kw":
				if value == "ON OR ABOUT" and i + 1 < len(tokens) and tokens[i + 1][0] == "date":
					day = _bounds(*tokens[i + 1])[0]
					tighten(day - timedelta(days=ON_OR_ABOUT_DAYS), day + timedelta(days=ON_OR_ABOUT_DAYS))
					i += 2
					continue
				if value == "BETWEEN" and datelike(i + 1) and i + 3 < len(tokens) and datelike(i + 3):
					tighten(_bounds(*tokens[i + 1])[0], _bounds(*tokens[i + 3])[1])
					i += 4
					continue
				if datelike(i + 1):
					first, last = _bounds(*tokens[i + 1])
					if value in _LOWER:
						tighten(first, None)
					elif value in _UPPER:
						tighten(None, last)
					elif value == "BEFORE":
						tighten(None, first - timedelta(days=1))
					elif value == "AFTER":
						tighten(last + timedelta(days=1), None)
					else:  # DURING, IN, AND, "-"
						tighten(first, last)
					i += 2
					continue
				i += 1
			elif kind in ("half", "part") and datelike(i + 1) and tokens[i + 1][0] == "month":
				first, last = _bounds(*tokens[i + 1])
				if kind == "half":
					span = (first, first.replace(day=15)) if value == 1 else (first.replace(day=16), last)
				else:
					span = {
						1: (first, first.replace(day=10)),
						2: (first.replace(day=11), first.replace(day=20)),
						3: (first.replace(day=21), last),
					}[value]
				tighten(*span)
				i += 2
			elif kind in ("date", "month"):
				first, last = _bounds(kind, value)
				nxt = tokens[i + 1] if i + 1 < len(tokens) else None
				if nxt and nxt[0] == "kw" and nxt[1] in _RANGE and datelike(i + 2):
					tighten(first, _bounds(*tokens[i + 2])[1])
					i += 3
				else:
					tighten(first, last)
					i += 1
			elif kind == "day":
				nxt = tokens[i + 1] if i + 1 < len(tokens) else None
				if nxt and nxt[0] == "kw" and nxt[1] in _RANGE and datelike(i + 2):
					first, last = _bounds(*tokens[i + 2])
					tighten(last.replace(day=value), last)
					i += 3
				else:
					i += 1
			else:
				i += 1
	except ValueError:  # 31 FEB and the like
		return None
	if lo is None and hi is None:
		return None
	if lo is not None and hi is not None and lo > hi:
		return None
	return lo, hi


# --------------------------------------------------------------------------
# Places and ports
# --------------------------------------------------------------------------

_PLACE_NOISE = frozenset(("PORT", "PORTS", "OF", "SEAPORT", "HARBOUR", "HARBOR", "THE", "MAIN", "IN", "CITY"))
#: country names and adjectives as credits write them (punctuation dropped, "OF" left out) → ISO 3166 code
_COUNTRIES = {
	name.strip(): code
	for code, names in (
		line.split(":")
		for line in """
CN: CHINA, CHINESE, PRC, PR CHINA, P R CHINA, PEOPLES REPUBLIC CHINA, PEOPLE S REPUBLIC CHINA
HK: HONG KONG
DE: GERMANY, GERMAN
NL: NETHERLANDS, HOLLAND, DUTCH
BE: BELGIUM, BELGIAN
FR: FRANCE, FRENCH
IT: ITALY, ITALIAN
ES: SPAIN, SPANISH
PT: PORTUGAL
GR: GREECE, GREEK
PL: POLAND, POLISH
GB: UK, UNITED KINGDOM, BRITISH, ENGLAND
US: USA, US, U S A, UNITED STATES, AMERICAN
CA: CANADA, CANADIAN
MX: MEXICO, MEXICAN
BR: BRAZIL, BRAZILIAN
JP: JAPAN, JAPANESE
KR: KOREA, SOUTH KOREA, KOREAN
TW: TAIWAN
IN: INDIA, INDIAN
PK: PAKISTAN
BD: BANGLADESH
LK: SRI LANKA
VN: VIETNAM, VIET NAM, VIETNAMESE
TH: THAILAND, THAI
MY: MALAYSIA, MALAYSIAN
ID: INDONESIA, INDONESIAN
PH: PHILIPPINES
SG: SINGAPORE
TR: TURKEY, TURKIYE, TURKISH
AE: UAE, U A E, UNITED ARAB EMIRATES
SA: SAUDI ARABIA, SAUDI
ZA: SOUTH AFRICA
KE: KENYA
NG: NIGERIA
GH: GHANA
AU: AUSTRALIA, AUSTRALIAN
NZ: NEW ZEALAND
""".strip().splitlines()
	)
	for name in names.split(",")
}
_REGIONS = {
	"EUROPE": frozenset(
		"DE NL BE FR IT ES PT GR PL GB IE DK SE FI NO AT CZ RO BG HR SI SK HU LT LV EE".split()
	),
	"EUROPEAN": frozenset(
		"DE NL BE FR IT ES PT GR PL GB IE DK SE FI NO AT CZ RO BG HR SI SK HU LT LV EE".split()
	),
}
_PORT_COUNTRY_NAMES = {
	"CN": "SHANGHAI NINGBO QINGDAO SHENZHEN YANTIAN SHEKOU TIANJIN XINGANG XIAMEN GUANGZHOU NANSHA DALIAN "
	"LIANYUNGANG FUZHOU ZHUHAI",
	"HK": "HONG KONG",
	"DE": "HAMBURG BREMERHAVEN BREMEN",
	"NL": "ROTTERDAM AMSTERDAM",
	"BE": "ANTWERP ANTWERPEN ZEEBRUGGE",
	"GB": "FELIXSTOWE SOUTHAMPTON LONDON GATEWAY LIVERPOOL",
	"FR": "LE HAVRE MARSEILLE FOS",
	"IT": "GENOA GENOVA LA SPEZIA",
	"ES": "VALENCIA BARCELONA ALGECIRAS",
	"GR": "PIRAEUS",
	"PL": "GDANSK GDYNIA",
	"US": "NEW YORK LOS ANGELES LONG BEACH SAVANNAH HOUSTON SEATTLE OAKLAND NORFOLK",
	"CA": "VANCOUVER MONTREAL",
	"BR": "SANTOS",
	"AE": "DUBAI JEBEL ALI",
	"SA": "JEDDAH DAMMAM",
	"SG": "SINGAPORE",
	"MY": "PORT KLANG TANJUNG PELEPAS",
	"KR": "BUSAN INCHEON",
	"JP": "TOKYO YOKOHAMA KOBE OSAKA NAGOYA",
	"TW": "KAOHSIUNG KEELUNG",
	"VN": "HO CHI MINH HAIPHONG",
	"TH": "LAEM CHABANG BANGKOK",
	"ID": "JAKARTA SURABAYA",
	"PH": "MANILA",
	"IN": "NHAVA SHEVA MUNDRA CHENNAI MUMBAI",
	"PK": "KARACHI",
	"BD": "CHITTAGONG",
	"LK": "COLOMBO",
	"ZA": "DURBAN",
	"KE": "MOMBASA",
	"NG": "LAGOS APAPA",
	"GH": "TEMA",
	"TR": "ISTANBUL MERSIN",
	"AU": "SYDNEY MELBOURNE",
	"NZ": "AUCKLAND",
}
_MULTIWORD_PORTS = (
	"HONG KONG",
	"LONDON GATEWAY",
	"LE HAVRE",
	"LA SPEZIA",
	"NEW YORK",
	"LOS ANGELES",
	"LONG BEACH",
	"JEBEL ALI",
	"PORT KLANG",
	"TANJUNG PELEPAS",
	"HO CHI MINH",
	"LAEM CHABANG",
	"NHAVA SHEVA",
)


def _place_words(text: str) -> str:
	return " ".join(w for w in re.split(r"[^A-Z0-9]+", text.upper()) if w and w not in _PLACE_NOISE)


def _port_countries() -> dict[str, str]:
	ports: dict[str, str] = {}
	for country, names in _PORT_COUNTRY_NAMES.items():
		rest = names
		for multi in _MULTIWORD_PORTS:
			if multi in rest:
				ports[_place_words(multi)] = country
				rest = rest.replace(multi, " ")
		for name in rest.split():
			ports[_place_words(name)] = country
	return ports


_PORTS = _port_countries()


@dataclass(frozen=True)
class _Place:
	name: str  # normalised, without noise words and country
	country: str | None  # ISO 3166 alpha-2 when known
	any_of: frozenset[str] | None = None  # "ANY ... PORT": the countries it allows (empty: any country)


def _country_tail(words: list[str]) -> tuple[list[str], str | None]:
	for size in (3, 2, 1):
		if len(words) >= size:
			tail = " ".join(words[-size:])
			if tail in _COUNTRIES:
				return words[:-size], _COUNTRIES[tail]
	return words, None


def _places(text: str | None) -> list[_Place]:
	"""The alternatives a place field names, each with its country when it can be told."""
	upper = (text or "").upper()
	if not upper.strip():
		return []
	pieces = [p for p in re.split(r"/|,|;|\bOR\b|\n", upper) if p.strip()]
	places: list[_Place] = []
	for piece in pieces:
		words = _place_words(piece).split()
		if not words:
			continue
		if re.search(r"\bANY\b", piece):
			countries: set[str] = set()
			for size in (3, 2, 1):
				for start in range(len(words) - size + 1):
					key = " ".join(words[start : start + size])
					if key in _COUNTRIES:
						countries.add(_COUNTRIES[key])
					elif key in _REGIONS:
						countries |= _REGIONS[key]
			places.append(_Place("", None, frozenset(countries)))
			continue
		name_words, country = _country_tail(words)
		if not name_words:
			if country and places:
				# ", CHINA" after the ports it qualifies
				places = [
					p if p.country or p.any_of is not None else replace(p, country=country) for p in places
				]
				continue
			name_words = words
		places.append(_Place(" ".join(name_words), country))
	# a country the text does not name comes from the ports this module knows
	return [
		p if p.country or p.any_of is not None else replace(p, country=_PORTS.get(p.name)) for p in places
	]


def place_matches(credit_place: str | None, actual: str | None) -> tuple[bool, bool]:
	"""(matches, country_unknown): whether ``actual`` is one of the places ``credit_place`` names.
	``country_unknown`` is True when it matched an "ANY ... PORT" without its country being known."""
	allowed = _places(credit_place)
	found = _places(actual)
	if not allowed or not found:
		return True, False
	place = found[0]
	unknown = False
	for option in allowed:
		if option.any_of is not None:
			if not option.any_of:
				return True, False
			if place.country is None:
				unknown = True
			elif place.country in option.any_of:
				return True, False
			continue
		if option.name == place.name and (
			option.country is None or place.country is None or option.country == place.country
		):
			return True, False
	return unknown, unknown


# --------------------------------------------------------------------------
# Amounts, status
# --------------------------------------------------------------------------


def _round(value: Decimal, currency: str, rounding: str) -> Decimal:
	return value.quantize(Decimal(1).scaleb(-currency_decimals(currency)), rounding=rounding)


def plus_percent(terms: CreditTerms) -> Decimal:
	"""How much more than the amount the credit allows to be drawn, in per cent."""
	if terms.tolerance_plus is not None:
		return dec(terms.tolerance_plus)
	if terms.maximum_only:
		return ZERO
	return ABOUT_PERCENT if terms.about_amount else ZERO


def less_percent(terms: CreditTerms) -> Decimal:
	"""How much less than the amount counts as the credit drawn in full, in per cent (see module doc)."""
	if terms.tolerance_minus is not None:
		return dec(terms.tolerance_minus)
	if terms.about_amount:
		return ABOUT_PERCENT
	return SHORT_AMOUNT_PERCENT if terms.partial_shipments == NOT_ALLOWED else ZERO


def maximum_amount(terms: CreditTerms) -> Decimal:
	"""The most that may be drawn: amount × (1 + plus %), rounded down to the currency's decimals."""
	amount = dec(terms.amount)
	return _round(amount * (HUNDRED + plus_percent(terms)) / HUNDRED, terms.currency, ROUND_FLOOR)


def minimum_amount(terms: CreditTerms) -> Decimal:
	"""Drawings from which the credit counts as drawn in full: amount × (1 − less %), rounded up."""
	amount = dec(terms.amount)
	less = min(less_percent(terms), HUNDRED)
	return _round(amount * (HUNDRED - less) / HUNDRED, terms.currency, ROUND_CEILING)


def credit_status(
	terms: CreditTerms,
	drawn=0,
	docstatus: int = 1,
	today: date | None = None,
	closed_days: ClosedDays = None,
) -> str:
	"""Draft (docstatus 0), Cancelled (docstatus 2 or cancelled by amendment), Fully Drawn (drawn reaches
	the minimum), Expired (today after the expiry date, moved to a banking day), In Use (something drawn)
	or Advised."""
	if docstatus == 0:
		return DRAFT
	if docstatus == 2 or terms.cancelled:
		return CANCELLED
	drawn = dec(drawn)
	if drawn > 0 and drawn >= minimum_amount(terms):
		return FULLY_DRAWN
	if today is not None and terms.expiry_date is not None:
		if today > next_banking_day(terms.expiry_date, closed_days):
			return EXPIRED
	return IN_USE if drawn > 0 else ADVISED


def credit_figures(
	terms: CreditTerms,
	drawn=0,
	docstatus: int = 1,
	today: date | None = None,
	closed_days: ClosedDays = None,
) -> CreditFigures:
	"""The credit's figures from the total of its submitted drawings."""
	drawn = dec(drawn)
	maximum = maximum_amount(terms)
	return CreditFigures(
		amount=dec(terms.amount),
		maximum=maximum,
		minimum=minimum_amount(terms),
		drawn=drawn,
		available=max(maximum - drawn, ZERO),
		overdrawn=max(drawn - maximum, ZERO),
		status=credit_status(terms, drawn, docstatus, today, closed_days),
	)


# --------------------------------------------------------------------------
# Amendments
# --------------------------------------------------------------------------

_CARRIED = (
	"form",
	"rules",
	"rules_narrative",
	"expiry_date",
	"expiry_place",
	"applicant",
	"beneficiary",
	"beneficiary_account",
	"additional_amounts",
	"available_with",
	"available_by",
	"drafts_at",
	"usance_days",
	"drawee",
	"mixed_payment_details",
	"deferred_payment_details",
	"partial_shipments",
	"transhipment",
	"place_of_receipt",
	"port_of_loading",
	"port_of_discharge",
	"final_destination",
	"charges",
	"presentation_days",
	"presentation_narrative",
	"confirmation",
	"confirming_bank",
	"reimbursing_bank",
	"advise_through_bank",
	"instructions",
)


def _find_words(text: str, words: str) -> tuple[int, int] | None:
	"""Start and end in ``text`` of the first run of whole words equal to ``words``, compared without case
	and with any white space between words; a "+" counts as a word of its own, so a deletion matches with
	or without the item's "+" (linear: one ``str.find`` on the joined words)."""
	needle = re.findall(r"\+|[^\s+]+", words)
	if not needle:
		return None
	tokens = list(re.finditer(r"\+|[^\s+]+", text))
	haystack = " " + " ".join(t[0].upper() for t in tokens) + " "
	at = haystack.find(" " + " ".join(needle).upper() + " ")
	if at < 0:
		return None
	first = haystack.count(" ", 0, at + 1) - 1
	return tokens[first].start(), tokens[first + len(needle) - 1].end()


def apply_text_changes(
	text: str, changes: Iterable[TextChange], tag: str = "", bullets: bool = False
) -> tuple[str, list[Problem]]:
	"""A narrative (45A, 46A, 47A, 49G, 49H) after an amendment's /ADD/, /DELETE/ and /REPALL/.

	/ADD/ appends its text as new lines (with ``bullets``, a "+" is put before an added item that has no
	marker, so it stays a row of its own); /DELETE/ removes the first occurrence of its text, compared
	without case and line breaks, and drops the lines it leaves empty; /REPALL/ replaces everything.
	A deletion whose text is not there is a problem.
	"""
	problems: list[Problem] = []
	for change in changes:
		body = change.text.strip("\n")
		if change.code == REPALL:
			text = body
		elif change.code == ADD:
			if bullets and body and not _BULLET.match(body):
				body = "+" + body
			text = f"{text}\n{body}" if text.strip() else body
		elif change.code == DELETE:
			span = _find_words(text, body)
			if span is None:
				problems.append(
					Problem(
						"delete_text_not_found",
						_("Field {0}: the text the amendment deletes is not in the credit: {1}"),
						(tag, " ".join(body.split())),
					)
				)
				continue
			text = text[: span[0]] + text[span[1] :]
			text = "\n".join(
				line.rstrip() for line in text.splitlines() if line.strip() and line.strip() not in ("+", "-")
			)
	return text, problems


def _amended_amount(terms: CreditTerms, amendment: Amendment) -> Decimal:
	if amendment.new_amount is not None:
		return dec(amendment.new_amount)
	return dec(terms.amount) + dec(amendment.increase) - dec(amendment.decrease)


def _text_changes(terms: CreditTerms, amendment: Amendment) -> tuple[dict, list[Problem]]:
	changes: dict = {}
	problems: list[Problem] = []
	for attr, change_attr, tag, bullets in (
		("goods", "goods_changes", "45B", False),
		("documents_text", "documents_changes", "46B", True),
		("additional_conditions", "conditions_changes", "47B", False),
		("special_conditions_beneficiary", "special_beneficiary_changes", "49M", False),
		("special_conditions_bank", "special_bank_changes", "49N", False),
	):
		text_changes = getattr(amendment, change_attr)
		if text_changes:
			new, found = apply_text_changes(getattr(terms, attr), text_changes, tag, bullets)
			changes[attr] = new
			problems.extend(found)
	return changes, problems


def apply_amendment(terms: CreditTerms, amendment: Amendment) -> CreditTerms:
	"""The credit's terms after an accepted amendment: a new object, unchanged fields carried over.

	The amount is 34B when given, else amount + 32B − 33B (exact). 44C and 44D exclude each other, so a
	new one clears the other. Goods lines, Incoterm, documents, the quantity clause and whether "about"
	qualifies the amount are read again from amended 45A/46A/47A (an amount change alone keeps "about").
	See ``amendment_problems`` for what the caller must see first.
	"""
	changes, _problems = _text_changes(terms, amendment)
	for attr in _CARRIED:
		value = getattr(amendment, attr)
		if value is not None:
			changes[attr] = value
	if amendment.new_amount is not None or amendment.increase is not None or amendment.decrease is not None:
		changes["amount"] = _amended_amount(terms, amendment)
	if amendment.tolerance is not None:
		changes["tolerance_plus"], changes["tolerance_minus"] = amendment.tolerance
		changes["maximum_only"] = False
	if amendment.maximum_only is not None:
		changes["maximum_only"] = amendment.maximum_only
		if amendment.maximum_only:
			changes["tolerance_plus"] = changes["tolerance_minus"] = None
	if amendment.latest_shipment_date is not None:
		changes["latest_shipment_date"] = amendment.latest_shipment_date
		changes["shipment_period"] = ""
	elif amendment.shipment_period is not None:
		changes["shipment_period"] = amendment.shipment_period
		changes["latest_shipment_date"] = None
	if amendment.cancellation:
		changes["cancelled"] = True
	if "goods" in changes or "additional_conditions" in changes:
		goods = parse_goods(
			changes.get("goods", terms.goods),
			changes.get("additional_conditions", terms.additional_conditions),
		)
		changes.update(
			goods_lines=goods.lines,
			incoterm=goods.incoterm,
			named_place=goods.named_place,
			incoterms_version=goods.incoterms_version,
			quantity_tolerance=goods.quantity_tolerance,
		)
	if "documents_text" in changes:
		changes["documents"] = parse_documents(changes["documents_text"])
	if {"goods", "additional_conditions"} & changes.keys():
		changes["about_amount"] = about_amount(
			terms.currency,
			changes.get("amount", terms.amount),
			changes.get("goods", terms.goods),
			changes.get("additional_conditions", terms.additional_conditions),
		)
	changes = {k: v for k, v in changes.items() if getattr(terms, k) != v}
	return replace(terms, **changes) if changes else terms


def _same_reference(a: str | None, b: str | None) -> bool:
	return bool(a) and bool(b) and a.strip().upper() == b.strip().upper()


def amendment_problems(terms: CreditTerms, amendment: Amendment, drawn=0) -> list[Problem]:
	"""What stands in the way of applying an amendment: another credit's amendment, another currency,
	34B that disagrees with 32B/33B, an amount below zero or below what is already drawn, a text to delete
	that is not there, a cancelled credit, a message of brief details only (72Z DETAILS TO FOLLOW: not the
	operative amendment); and, not blocking, older-standard narrative (79) to apply by hand.
	"""
	problems: list[Problem] = []
	references = (amendment.issuing_bank_reference, amendment.sender_reference, amendment.receiver_reference)
	if any(references) and not any(_same_reference(r, terms.number) for r in references):
		problems.append(
			Problem(
				"amendment_other_credit",
				_("Amendment {0} is for credit {1}, not {2}"),
				(
					amendment.number,
					amendment.issuing_bank_reference or amendment.sender_reference,
					terms.number,
				),
			)
		)
	if terms.cancelled:
		problems.append(Problem("credit_cancelled", _("Credit {0} is cancelled"), (terms.number,)))
	if amendment.currency and amendment.currency != terms.currency:
		problems.append(
			Problem(
				"amendment_currency",
				_("Amendment {0} changes the amount in {1}; the credit is in {2}"),
				(amendment.number, amendment.currency, terms.currency),
			)
		)
	if amendment.new_amount is not None and (
		amendment.increase is not None or amendment.decrease is not None
	):
		expected = dec(terms.amount) + dec(amendment.increase) - dec(amendment.decrease)
		if expected != dec(amendment.new_amount):
			problems.append(
				Problem(
					"amendment_amounts_disagree",
					_("Amendment {0}: the new amount {1} is not {2} + {3} − {4} = {5}"),
					(
						amendment.number,
						dec(amendment.new_amount),
						dec(terms.amount),
						dec(amendment.increase),
						dec(amendment.decrease),
						expected,
					),
				)
			)
	new_amount = _amended_amount(terms, amendment)
	if new_amount < 0:
		problems.append(
			Problem(
				"amount_below_zero",
				_("Amendment {0} decreases the credit by {1}, more than its amount {2}"),
				(amendment.number, dec(amendment.decrease), dec(terms.amount)),
			)
		)
	else:
		amended = apply_amendment(terms, amendment)
		maximum = maximum_amount(amended)
		if dec(drawn) > maximum:
			problems.append(
				Problem(
					"amount_below_drawn",
					_(
						"Amendment {0} brings the most that may be drawn to {1} {2}, below the {1} {3} already drawn"
					),
					(amendment.number, terms.currency, maximum, dec(drawn)),
				)
			)
	problems.extend(_text_changes(terms, amendment)[1])
	if "DETAILS TO FOLLOW" in " ".join(
		f"{amendment.sender_to_receiver} {amendment.narrative}".upper().split()
	):
		problems.append(
			Problem(
				"details_to_follow",
				_(
					"Amendment {0} gives brief details only (DETAILS TO FOLLOW); apply the amendment that follows"
				),
				(amendment.number,),
			)
		)
	if amendment.narrative.strip():
		problems.append(
			Problem(
				"narrative_to_apply",
				_("Amendment {0} has changes in narrative form (field 79) to apply by hand: {1}"),
				(amendment.number, " ".join(amendment.narrative.split())),
				blocking=False,
			)
		)
	return problems


def amend(terms: CreditTerms, amendment: Amendment, drawn=0) -> tuple[CreditTerms, list[Problem]]:
	"""``apply_amendment`` and ``amendment_problems`` together."""
	return apply_amendment(terms, amendment), amendment_problems(terms, amendment, drawn)


# --------------------------------------------------------------------------
# The check of one drawing
# --------------------------------------------------------------------------


def _finding(
	article: str, code: str, template: str, args: tuple, idx: int = 0, blocking: bool = True
) -> Finding:
	return Finding(code=code, template=template, args=args, idx=idx, blocking=blocking, article=article)


class _GoodsIndex:
	"""The credit's goods indexed once, so that matching a notice line never scans the goods lines.

	Each goods line is filed under its rarest description word (``by_key``) and under every word
	(``postings``); a notice line looks up only the words it has.
	"""

	def __init__(self, terms: CreditTerms):
		self.by_idx = {g.idx: g for g in terms.goods_lines}
		self.by_code: dict[str, GoodsLine | None] = {}
		self.words: dict[int, frozenset[str]] = {}
		self.postings: dict[str, set[int]] = {}
		for g in terms.goods_lines:
			if g.buyer_code:
				key = _code(g.buyer_code)
				self.by_code[key] = None if key in self.by_code else g
			words = frozenset(_tokens(g.description)) - _STOP_WORDS
			self.words[g.idx] = words
			for word in words:
				self.postings.setdefault(word, set()).add(g.idx)
		self.by_key: dict[str, list[int]] = {}
		for idx, words in self.words.items():
			if words:
				key = min(words, key=lambda w: (len(self.postings[w]), w))
				self.by_key.setdefault(key, []).append(idx)
		self.text = f" {_phrase(terms.goods)} "

	def _containing(self, words: set[str]) -> GoodsLine | bool | None:
		"""The goods line whose description words are all among ``words`` (the most specific one);
		False when none is, None when several equally specific ones are."""
		best: list[int] = []
		for word in words:
			for idx in self.by_key.get(word, ()):
				if self.words[idx] <= words:
					if not best or len(self.words[idx]) > len(self.words[best[0]]):
						best = [idx]
					elif len(self.words[idx]) == len(self.words[best[0]]):
						best.append(idx)
		if not best:
			return False
		return self.by_idx[best[0]] if len(best) == 1 else None

	def _within(self, words: set[str]) -> set[int]:
		"""The goods lines whose descriptions have every one of ``words``."""
		postings = sorted((self.postings.get(w, set()) for w in words), key=len)
		candidates = set(postings[0])
		for posting in postings[1:]:
			if not candidates:
				break
			candidates &= posting
		return candidates

	def match(self, line: DrawingLine) -> tuple[GoodsLine | None, bool]:
		"""(the goods line it ships, whether the goods are in the credit's description at all)."""
		if line.credit_line is not None and line.credit_line in self.by_idx:
			return self.by_idx[line.credit_line], True
		code = _code(line.buyer_code)
		if code and self.by_code.get(code) is not None:
			return self.by_code[code], True
		words = set(_tokens(line.description)) - _STOP_WORDS
		if words:
			found = self._containing(words)
			if found is not False:
				return found, True
			candidates = self._within(words)
			if candidates:
				return (self.by_idx[next(iter(candidates))] if len(candidates) == 1 else None), True
		phrase = _phrase(line.description)
		if phrase and f" {phrase} " in self.text:
			return None, True
		if code and f" {_phrase(line.buyer_code)} " in self.text:
			return None, True
		return None, False


def _quantity_band(terms: CreditTerms, g: GoodsLine, within_amount: bool) -> tuple[Decimal, Decimal, str]:
	"""(less %, more %, article) the quantity of one goods line may vary by."""
	if g.about_quantity:
		return ABOUT_PERCENT, ABOUT_PERCENT, "30(a)"
	if terms.quantity_tolerance is not None:
		q = dec(terms.quantity_tolerance)
		return q, q, "30(b)"
	if not g.counted:
		return BULK_PERCENT, (BULK_PERCENT if within_amount else ZERO), "30(b)"
	return ZERO, ZERO, "30(b)"


def _shipment_findings(terms: CreditTerms, drawing: Drawing, closed) -> list[Finding]:
	out: list[Finding] = []
	shipped = drawing.shipment_date
	if shipped is None:
		return [
			_finding(
				"14(c)",
				"no_shipment_date",
				_(
					"The notice has no shipment date (B/L date or ETD): the shipment date and the period for "
					"presentation are not checked"
				),
				(),
				blocking=False,
			)
		]
	latest = terms.latest_shipment_date
	if latest is not None and shipped > latest:
		if closed(latest) and shipped <= next_banking_day(latest, closed):
			out.append(
				_finding(
					"29(c)",
					"shipped_after_latest_holiday",
					_(
						"Shipment date {0} is after the latest shipment date {1}; a latest shipment date on a day "
						"the bank is closed is not extended"
					),
					(shipped, latest),
				)
			)
		elif drawing.planned:
			out.append(
				_finding(
					"14(a)",
					"planned_after_latest",
					_("The planned shipment date (ETD) {0} is after the latest shipment date {1}"),
					(shipped, latest),
				)
			)
		else:
			out.append(
				_finding(
					"14(a)",
					"shipped_after_latest",
					_("Shipment date {0} is after the latest shipment date {1}"),
					(shipped, latest),
				)
			)
	if terms.shipment_period.strip():
		window = shipment_window(terms.shipment_period, terms.issue_date)
		if window is None:
			out.append(
				_finding(
					"3",
					"shipment_period_unread",
					_(
						"The shipment period (44D) cannot be read as dates; check the shipment date {0} against it: {1}"
					),
					(shipped, " ".join(terms.shipment_period.split())),
					blocking=False,
				)
			)
		else:
			first, last = window
			if (first is not None and shipped < first) or (last is not None and shipped > last):
				out.append(
					_finding(
						"3",
						"outside_shipment_period",
						_("Shipment date {0} is outside the shipment period {1} to {2} (44D: {3})"),
						(shipped, first or "-", last or "-", " ".join(terms.shipment_period.split())),
					)
				)
	if terms.expiry_date is not None and shipped > next_banking_day(terms.expiry_date, closed):
		out.append(
			_finding(
				"6(e)",
				"shipped_after_expiry",
				_("Shipment date {0} is after the credit's expiry {1}: no presentation can be made in time"),
				(shipped, terms.expiry_date),
			)
		)
	return out


def _presentation_findings(terms: CreditTerms, drawing: Drawing, today: date | None, closed) -> list[Finding]:
	out: list[Finding] = []
	shipped = drawing.shipment_date
	expiry = next_banking_day(terms.expiry_date, closed) if terms.expiry_date else None
	by_days = (
		next_banking_day(shipped + timedelta(days=terms.presentation_days), closed)
		if shipped is not None
		else None
	)
	presented = drawing.presentation_date
	if presented is not None:
		if expiry is not None and presented > expiry:
			out.append(
				_finding(
					"6(e)",
					"presented_after_expiry",
					_("Presentation on {0} is after the expiry date {1} (banking day: {2})"),
					(presented, terms.expiry_date, expiry),
				)
			)
		if by_days is not None and presented > by_days:
			out.append(
				_finding(
					"14(c)",
					"presented_late",
					_("Presentation on {0} is later than {1} days after shipment on {2} (last day {3})"),
					(presented, terms.presentation_days, shipped, by_days),
				)
			)
		if shipped is not None and presented < shipped and not drawing.planned:
			out.append(
				_finding(
					"14(i)",
					"presented_before_shipment",
					_("Presentation on {0} is before the shipment date {1}"),
					(presented, shipped),
				)
			)
		return out
	if by_days is not None and expiry is not None and by_days > expiry and shipped <= expiry:
		out.append(
			_finding(
				"6(e)",
				"presentation_cut_by_expiry",
				_(
					"{0} days after shipment on {1} runs to {2}, past the expiry {3}: the documents must be "
					"presented by {3}"
				),
				(terms.presentation_days, shipped, by_days, expiry),
				blocking=False,
			)
		)
	last = min(d for d in (by_days, expiry) if d is not None) if (by_days or expiry) else None
	if today is not None and last is not None and last < today:
		out.append(
			_finding(
				"6(e)" if last == expiry else "14(c)",
				"presentation_day_passed",
				_("The last day for presentation, {0}, has passed (today is {1})"),
				(last, today),
			)
		)
	return out


def _place_findings(terms: CreditTerms, drawing: Drawing) -> list[Finding]:
	out: list[Finding] = []
	for article, code, credit_place, actual, template in (
		(
			"20(a)(ii)",
			"port_of_loading",
			terms.port_of_loading,
			drawing.port_of_loading,
			_("Port of loading {0} is not the credit's {1} (44E)"),
		),
		(
			"20(a)(iii)",
			"port_of_discharge",
			terms.port_of_discharge,
			drawing.port_of_discharge,
			_("Port of discharge {0} is not the credit's {1} (44F)"),
		),
		(
			"14(d)",
			"named_place",
			terms.named_place,
			drawing.named_place,
			_("Named place {0} is not the credit's {1}"),
		),
	):
		if not (credit_place or "").strip() or not (actual or "").strip():
			continue
		ok, unknown = place_matches(credit_place, actual)
		if not ok:
			out.append(_finding(article, code + "_differs", template, (actual, credit_place)))
		elif unknown:
			out.append(
				_finding(
					article,
					code + "_country_unknown",
					_("Cannot tell whether {0} is in the area the credit names ({1}); check it"),
					(actual, credit_place),
					blocking=False,
				)
			)
	credit_rule = _incoterm_code(terms.incoterm)
	rule = _incoterm_code(drawing.incoterm)
	if credit_rule and rule and credit_rule != rule:
		out.append(
			_finding(
				"14(d)",
				"incoterm_differs",
				_("Incoterm {0} conflicts with the credit's {1}"),
				(rule, credit_rule),
			)
		)
	if drawing.transhipped and terms.transhipment in (NOT_ALLOWED, CONDITIONAL):
		if terms.transhipment == CONDITIONAL:
			out.append(
				_finding(
					"20(c)",
					"transhipment_conditional",
					_(
						"The goods are transhipped; the credit allows transhipment only on conditions (see 47A)"
					),
					(),
					blocking=False,
				)
			)
		elif drawing.containerised:
			out.append(
				_finding(
					"20(c)(ii)",
					"transhipment_container",
					_(
						"The goods are transhipped though the credit prohibits it; acceptable because they are "
						"shipped in a container, trailer or LASH barge shown on the B/L"
					),
					(),
					blocking=False,
				)
			)
		else:
			out.append(
				_finding(
					"20(c)",
					"transhipment_prohibited",
					_(
						"The goods are transhipped and the credit prohibits transhipment (acceptable only when the "
						"B/L shows them shipped in a container, trailer or LASH barge)"
					),
					(),
				)
			)
	return out


def _incoterm_code(text: str | None) -> str:
	code = re.sub(r"\s+", "", (text or "").upper())
	return "CFR" if code in ("C&F", "CNF") else code


def _matched(index: _GoodsIndex, drawing: Drawing) -> list[tuple[DrawingLine, GoodsLine | None, bool]]:
	return [(line, *index.match(line)) for line in drawing.lines]


def _same_unit(line: DrawingLine, g: GoodsLine) -> bool:
	unit = normalise_unit(line.unit)
	return not unit or unit == g.unit


def check(
	terms: CreditTerms,
	drawing: Drawing,
	earlier: Iterable[Drawing] = (),
	today: date | None = None,
	closed_days: ClosedDays = None,
) -> list[Finding]:
	"""Checks one drawing (shipment notice) against the credit, with the submitted ``earlier`` drawings
	under the same credit, and returns every finding. Linear in the number of notice and goods lines.

	Without a presentation date the last day for presentation is checked against ``today`` instead.
	"""
	closed = closed_predicate(closed_days)
	earlier = tuple(earlier)
	out: list[Finding] = []
	if terms.cancelled:
		out.append(_finding("10(a)", "credit_cancelled", _("Credit {0} is cancelled"), (terms.number,)))
	currency = (drawing.currency or "").strip().upper()
	if currency != terms.currency:
		out.append(
			_finding(
				"18(a)(iii)",
				"currency_differs",
				_("The notice is in {0}; the credit is in {1}"),
				(currency or "-", terms.currency),
			)
		)
	out.extend(_shipment_findings(terms, drawing, closed))
	out.extend(_presentation_findings(terms, drawing, today, closed))

	# amounts
	amount = dec(drawing.amount)
	earlier_amount = sum((dec(d.amount) for d in earlier), ZERO)
	total = earlier_amount + amount
	maximum = maximum_amount(terms)
	within_amount = total <= dec(terms.amount)
	if total > maximum:
		about = terms.tolerance_plus is None and terms.about_amount
		out.append(
			_finding(
				"30(a)" if about else "18(b)",
				"amount_over_maximum",
				_(
					"This drawing of {0} {1} with {0} {2} drawn before comes to {0} {3}, above the most the credit "
					"allows, {0} {4} (amount {5} + {6}%)"
				),
				(
					terms.currency,
					amount,
					earlier_amount,
					total,
					maximum,
					dec(terms.amount),
					plus_percent(terms),
				),
			)
		)

	# goods
	index = _GoodsIndex(terms)
	here: dict[int, Decimal] = {}
	first_row: dict[int, int] = {}
	price_reduced = False
	for line, g, described in _matched(index, drawing):
		if not described:
			out.append(
				_finding(
					"18(c)",
					"goods_not_in_credit",
					_("Row {0}: {1} (buyer's code {2}) is not in the credit's description of goods"),
					(line.idx, line.description or "-", line.buyer_code or "-"),
					idx=line.idx,
				)
			)
			continue
		if g is None:
			continue
		if not _same_unit(line, g):
			out.append(
				_finding(
					"14(d)",
					"unit_differs",
					_("Row {0}: quantity in {1}, goods line {2} of the credit in {3}; quantity not checked"),
					(line.idx, normalise_unit(line.unit), g.idx, g.unit),
					idx=line.idx,
					blocking=False,
				)
			)
		else:
			here[g.idx] = here.get(g.idx, ZERO) + dec(line.qty)
			first_row.setdefault(g.idx, line.idx)
		if g.unit_price is not None and line.unit_price is not None:
			price = dec(line.unit_price)
			limit = g.unit_price * (HUNDRED + ABOUT_PERCENT) / HUNDRED if g.about_price else g.unit_price
			if price > limit:
				out.append(
					_finding(
						"30(a)" if g.about_price else "18(c)",
						"unit_price_over",
						_(
							"Row {0}: unit price {1} is above {2}, the most for goods line {3} of the credit ({4})"
						),
						(line.idx, price, limit, g.idx, g.unit_price),
						idx=line.idx,
					)
				)
			elif price < g.unit_price:
				price_reduced = True
	before: dict[int, Decimal] = {}
	for d in earlier:
		for line, g, _described in _matched(index, d):
			if g is not None and _same_unit(line, g):
				before[g.idx] = before.get(g.idx, ZERO) + dec(line.qty)
	for gidx, qty in here.items():
		g = index.by_idx[gidx]
		_less, more, article = _quantity_band(terms, g, within_amount)
		shipped = before.get(gidx, ZERO) + qty
		upper = g.quantity * (HUNDRED + more) / HUNDRED
		if shipped > upper:
			out.append(
				_finding(
					article,
					"quantity_over",
					_(
						"Row {0}: {1} {2} of goods line {3} ({4}) with {5} {2} shipped before come to {6} {2}, "
						"above the most the credit allows, {7} {2} ({8} {2} + {9}%)"
					),
					(
						first_row[gidx],
						qty,
						g.unit,
						gidx,
						g.description,
						before.get(gidx, ZERO),
						shipped,
						upper,
						g.quantity,
						more,
					),
					idx=first_row[gidx],
				)
			)

	# partial shipments (art. 31, 30(c))
	if terms.partial_shipments in (NOT_ALLOWED, CONDITIONAL):
		out.extend(
			_partial_findings(terms, drawing, earlier, earlier_amount, here, price_reduced, within_amount)
		)
	out.extend(_place_findings(terms, drawing))
	return out


def _partial_findings(
	terms: CreditTerms,
	drawing: Drawing,
	earlier: tuple[Drawing, ...],
	earlier_amount: Decimal,
	here: dict[int, Decimal],
	price_reduced: bool,
	within_amount: bool,
) -> list[Finding]:
	blocking = terms.partial_shipments == NOT_ALLOWED
	out: list[Finding] = []
	if earlier and earlier_amount > 0:
		out.append(
			_finding(
				"31(a)",
				"partial_after_earlier",
				_("Partial shipments are {0}: the credit has already been drawn for {1} {2}"),
				(terms.partial_shipments, terms.currency, earlier_amount),
				blocking=blocking,
			)
		)
	short = False
	for g in terms.goods_lines:
		less, _more, _article = _quantity_band(terms, g, within_amount)
		lower = g.quantity * (HUNDRED - less) / HUNDRED
		shipped = here.get(g.idx, ZERO)
		if shipped < lower:
			short = True
			out.append(
				_finding(
					"31(a)",
					"partial_quantity",
					_(
						"Partial shipments are {0}: goods line {1} of the credit ({2} {3} {4}) ships {5} {3}, less "
						"than the {6} {3} required"
					),
					(terms.partial_shipments, g.idx, g.quantity, g.unit, g.description, shipped, lower),
					blocking=blocking,
				)
			)
	amount = dec(drawing.amount)
	specific = terms.tolerance_minus is not None or terms.about_amount
	if specific:
		less = less_percent(terms)
		article = "30(a)" if terms.tolerance_minus is None else "31(a)"
	else:
		less = SHORT_AMOUNT_PERCENT if not short and not price_reduced else ZERO
		article = "30(c)"
	lower = _round(dec(terms.amount) * (HUNDRED - less) / HUNDRED, terms.currency, ROUND_CEILING)
	if amount < lower and not short:  # a short quantity is already the finding
		if not specific and price_reduced:
			template = _(
				"Partial shipments are {0}: this drawing of {1} {2} is below the credit amount {1} {3}; the 5% "
				"less of art. 30(c) does not apply because a unit price is below the credit's"
			)
			args = (terms.partial_shipments, terms.currency, amount, dec(terms.amount))
		else:
			template = _(
				"Partial shipments are {0}: this drawing of {1} {2} is below {1} {3}, the least one drawing "
				"may be ({4}% less than the credit amount {1} {5})"
			)
			args = (terms.partial_shipments, terms.currency, amount, lower, less, dec(terms.amount))
		out.append(_finding(article, "partial_amount", template, args, blocking=blocking))
	if not blocking and out:
		# conditional: one note that the drawing is partial; the conditions are in 47A
		return [
			_finding(
				"31(a)",
				"partial_conditional",
				_(
					"This is a partial shipment; the credit allows partial shipments only on conditions (see 47A)"
				),
				(),
				blocking=False,
			)
		]
	return out
