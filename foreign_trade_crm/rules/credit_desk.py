"""What the desk does with a letter of credit beyond UCP 600's own rules (``rules.letter_of_credit``): the
credit's terms as the fields of its form and back, the changes an amendment makes to them, what a shipment
notice draws, the outcome of a check, the documents checklist of a presentation, the presentation's status,
and how an invoice is paid (L/C, D/P, D/A, T/T) from the words of its payment terms.

Plain data in, plain data out: no Frappe.

A credit's form holds the terms as fields (``TERM_FIELDS``); ``values_of(terms)`` gives them, and
``terms_of(values, documents)`` reads them back, parsing the goods (45A) and the quantity clause of 45A/47A
again, so that the text on the form is the one truth the check reads. A party (bank) kept as text is its
BIC on the first line, when it has one, then its name and address.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from foreign_trade_crm.rules import letter_of_credit as lc
from foreign_trade_crm.rules.letter_of_credit import (
	CreditTerms,
	DocumentRow,
	Drawing,
	DrawingLine,
	Finding,
	Party,
)
from foreign_trade_crm.rules.messages import _
from foreign_trade_crm.rules.numbers import dec

# "Amount Limit" of the form: 39A (a tolerance) or 39B (NOT EXCEEDING), or neither
TOLERANCE = "Tolerance"
NOT_EXCEEDING = "Not Exceeding"

# outcome of the check of a notice against its credit (Shipment Notice → Check Against the Credit)
COMPLIES = "Complies"
NOTES_ONLY = "Notes Only"
DISCREPANT = "Discrepant"

# Letter of Credit Presentation status
P_DRAFT = "Draft"
P_PRESENTED = "Presented"
P_COMPLIANT = "Compliant"
P_DISCREPANT = "Discrepant"
P_WAIVED = "Discrepancies Accepted"
P_REFUSED = "Refused"
P_COLLECTED = "Collected"
P_CANCELLED = "Cancelled"
ANSWER_COMPLIANT = "Compliant"
ANSWER_DISCREPANT = "Discrepant"
DECISION_ACCEPTED = "Accepted"
DECISION_REFUSED = "Refused"

# how an invoice is paid
BY_LC = "L/C"
BY_DP = "D/P"
BY_DA = "D/A"
BY_TT = "T/T"

# the documents a shipment notice produces itself (its print formats)
FROM_NOTICE = frozenset((lc.DOC_INVOICE, lc.DOC_PACKING_LIST))

#: the form's fields that hold the credit's terms (an accepted amendment may change any of them)
TERM_FIELDS = (
	"lc_number",
	"form_of_credit",
	"applicable_rules",
	"rules_narrative",
	"issue_date",
	"expiry_date",
	"expiry_place",
	"latest_shipment_date",
	"shipment_period",
	"presentation_days",
	"presentation_narrative",
	"currency",
	"amount",
	"amount_limit",
	"tolerance_plus",
	"tolerance_minus",
	"about_amount",
	"additional_amounts",
	"issuing_bank_bic",
	"issuing_bank_details",
	"applicant_bank",
	"advising_bank_bic",
	"advise_through_bank",
	"confirmation",
	"confirming_bank_bic",
	"reimbursing_bank",
	"available_with",
	"available_by",
	"drawee",
	"drafts_at",
	"usance_days",
	"deferred_payment_details",
	"mixed_payment_details",
	"charges",
	"partial_shipments",
	"transhipment",
	"incoterm",
	"named_place",
	"place_of_receipt",
	"port_of_loading",
	"port_of_discharge",
	"final_destination",
	"goods",
	"documents_required",
	"additional_conditions",
	"special_conditions",
	"instructions",
)
#: of those, the ones an amendment may change (the number, currency and issuing bank stay)
AMENDABLE_FIELDS = tuple(
	f for f in TERM_FIELDS if f not in ("lc_number", "currency", "issuing_bank_bic", "issuing_bank_details")
)
#: the rows of 46A on the form (Letter of Credit Document)
DOCUMENT_FIELDS = ("document_type", "originals", "copies", "full_set", "wording")


# --------------------------------------------------------------------------
# Parties as text
# --------------------------------------------------------------------------

_BIC_RE = re.compile(r"[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?")


def party_text(party: Party | None) -> str:
	"""A bank or party as one text: its identifier line, its BIC and its name and address, one per line."""
	if party is None:
		return ""
	return "\n".join(p for p in (party.identifier, party.bic, party.name) if p)


def party_of(text: str | None) -> Party | None:
	"""``party_text`` read back (a first line that is a BIC is the BIC)."""
	lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
	if not lines:
		return None
	identifier = lines.pop(0) if lines[0].startswith("/") else None
	bic = lines.pop(0) if lines and _BIC_RE.fullmatch(lines[0]) else None
	return Party(bic=bic, name="\n".join(lines), identifier=identifier)


def bank_name(party: Party | None) -> str:
	"""The name to file a bank under: the first line of its name, else its BIC."""
	if party is None:
		return ""
	first = next((line.strip() for line in party.name.splitlines() if line.strip()), "")
	return first or (party.bic or "")


# --------------------------------------------------------------------------
# Terms ↔ form fields
# --------------------------------------------------------------------------


def values_of(terms: CreditTerms) -> dict:
	"""The form's fields (``TERM_FIELDS``) for these terms."""
	if terms.tolerance_plus is not None:
		limit = TOLERANCE
	elif terms.maximum_only:
		limit = NOT_EXCEEDING
	else:
		limit = ""
	return {
		"lc_number": terms.number,
		"form_of_credit": terms.form,
		"applicable_rules": terms.rules,
		"rules_narrative": terms.rules_narrative,
		"issue_date": terms.issue_date,
		"expiry_date": terms.expiry_date,
		"expiry_place": terms.expiry_place,
		"latest_shipment_date": terms.latest_shipment_date,
		"shipment_period": terms.shipment_period,
		"presentation_days": terms.presentation_days,
		"presentation_narrative": terms.presentation_narrative,
		"currency": terms.currency,
		"amount": dec(terms.amount),
		"amount_limit": limit,
		"tolerance_plus": dec(terms.tolerance_plus) if terms.tolerance_plus is not None else Decimal(0),
		"tolerance_minus": dec(terms.tolerance_minus) if terms.tolerance_minus is not None else Decimal(0),
		"about_amount": int(bool(terms.about_amount)),
		"additional_amounts": terms.additional_amounts,
		"issuing_bank_bic": terms.issuing_bank.bic if terms.issuing_bank else None,
		"issuing_bank_details": terms.issuing_bank.name if terms.issuing_bank else "",
		"applicant_bank": party_text(terms.applicant_bank),
		"advising_bank_bic": terms.advising_bank.bic if terms.advising_bank else None,
		"advise_through_bank": party_text(terms.advise_through_bank),
		"confirmation": terms.confirmation,
		"confirming_bank_bic": terms.confirming_bank.bic if terms.confirming_bank else None,
		"reimbursing_bank": party_text(terms.reimbursing_bank),
		"available_with": party_text(terms.available_with),
		"available_by": terms.available_by,
		"drawee": party_text(terms.drawee),
		"drafts_at": terms.drafts_at,
		"usance_days": terms.usance_days or 0,
		"deferred_payment_details": terms.deferred_payment_details,
		"mixed_payment_details": terms.mixed_payment_details,
		"charges": terms.charges,
		"partial_shipments": terms.partial_shipments or "",
		"transhipment": terms.transhipment or "",
		"incoterm": terms.incoterm or "",
		"named_place": terms.named_place,
		"place_of_receipt": terms.place_of_receipt,
		"port_of_loading": terms.port_of_loading,
		"port_of_discharge": terms.port_of_discharge,
		"final_destination": terms.final_destination,
		"goods": terms.goods,
		"documents_required": terms.documents_text,
		"additional_conditions": terms.additional_conditions,
		"special_conditions": terms.special_conditions_beneficiary,
		"instructions": terms.instructions,
	}


def document_rows(terms: CreditTerms) -> list[dict]:
	"""The rows of the form's documents table for the 46A of these terms."""
	return [
		{
			"document_type": d.kind,
			"originals": d.originals or 0,
			"copies": d.copies or 0,
			"full_set": int(d.full_set),
			"wording": d.text,
		}
		for d in terms.documents
	]


def _date(value) -> date | None:
	if value in (None, ""):
		return None
	if isinstance(value, date):
		return value
	return date.fromisoformat(str(value)[:10])


def _text(value) -> str:
	return str(value or "")


def terms_of(values: Mapping, documents: Iterable[Mapping] = (), cancelled: bool = False) -> CreditTerms:
	"""The credit's terms from its form's fields (and documents rows): the goods lines, Incoterm, named place,
	quantity clause and "about" the amount are read from the texts again."""
	goods_text = _text(values.get("goods"))
	conditions = _text(values.get("additional_conditions"))
	goods = lc.parse_goods(goods_text, conditions)
	currency = _text(values.get("currency")).upper()
	amount = dec(values.get("amount"))
	limit = values.get("amount_limit") or ""
	usance = values.get("usance_days")
	return CreditTerms(
		number=_text(values.get("lc_number")),
		currency=currency,
		amount=amount,
		form=_text(values.get("form_of_credit")),
		rules=_text(values.get("applicable_rules")),
		rules_narrative=_text(values.get("rules_narrative")),
		issue_date=_date(values.get("issue_date")),
		expiry_date=_date(values.get("expiry_date")),
		expiry_place=_text(values.get("expiry_place")),
		issuing_bank=Party(
			bic=values.get("issuing_bank_bic") or None, name=_text(values.get("issuing_bank_details"))
		)
		if values.get("issuing_bank_bic") or values.get("issuing_bank_details")
		else None,
		applicant_bank=party_of(values.get("applicant_bank")),
		advising_bank=Party(bic=values.get("advising_bank_bic")) if values.get("advising_bank_bic") else None,
		advise_through_bank=party_of(values.get("advise_through_bank")),
		confirming_bank=Party(bic=values.get("confirming_bank_bic"))
		if values.get("confirming_bank_bic")
		else None,
		reimbursing_bank=party_of(values.get("reimbursing_bank")),
		drawee=party_of(values.get("drawee")),
		tolerance_plus=dec(values.get("tolerance_plus")) if limit == TOLERANCE else None,
		tolerance_minus=dec(values.get("tolerance_minus")) if limit == TOLERANCE else None,
		about_amount=lc.about_amount(currency, amount, goods_text, conditions),
		maximum_only=limit == NOT_EXCEEDING,
		additional_amounts=_text(values.get("additional_amounts")),
		available_with=party_of(values.get("available_with")),
		available_by=_text(values.get("available_by")),
		drafts_at=_text(values.get("drafts_at")),
		usance_days=int(usance) if usance not in (None, "") else None,
		mixed_payment_details=_text(values.get("mixed_payment_details")),
		deferred_payment_details=_text(values.get("deferred_payment_details")),
		partial_shipments=values.get("partial_shipments") or None,
		transhipment=values.get("transhipment") or None,
		place_of_receipt=_text(values.get("place_of_receipt")),
		port_of_loading=_text(values.get("port_of_loading")),
		port_of_discharge=_text(values.get("port_of_discharge")),
		final_destination=_text(values.get("final_destination")),
		latest_shipment_date=_date(values.get("latest_shipment_date")),
		shipment_period=_text(values.get("shipment_period")),
		goods=goods_text,
		goods_lines=goods.lines,
		incoterm=goods.incoterm,
		named_place=goods.named_place,
		incoterms_version=goods.incoterms_version,
		quantity_tolerance=goods.quantity_tolerance,
		documents_text=_text(values.get("documents_required")),
		documents=tuple(
			DocumentRow(
				idx=i,
				kind=row.get("document_type") or lc.DOC_OTHER,
				text=_text(row.get("wording")),
				originals=row.get("originals"),
				copies=row.get("copies"),
				full_set=bool(row.get("full_set")),
			)
			for i, row in enumerate(documents, start=1)
		),
		additional_conditions=conditions,
		special_conditions_beneficiary=_text(values.get("special_conditions")),
		charges=_text(values.get("charges")),
		presentation_days=int(values.get("presentation_days") or lc.DEFAULT_PRESENTATION_DAYS),
		presentation_narrative=_text(values.get("presentation_narrative")),
		confirmation=_text(values.get("confirmation")),
		instructions=_text(values.get("instructions")),
		cancelled=cancelled,
	)


def _same(a, b) -> bool:
	if isinstance(a, Decimal | int | float) or isinstance(b, Decimal | int | float):
		try:
			return dec(a) == dec(b)
		except ArithmeticError:
			return False
	if isinstance(a, date) or isinstance(b, date):
		return _date(a) == _date(b)
	return _text(a).strip() == _text(b).strip()


def changed_values(before: Mapping, after: Mapping, fields: Iterable[str] = AMENDABLE_FIELDS) -> list[tuple]:
	"""(field, before, after) of every field whose value differs, in the order of ``fields``."""
	return [(f, before.get(f), after.get(f)) for f in fields if not _same(before.get(f), after.get(f))]


def split_pasted(text: str | None) -> tuple[str, list[str]]:
	"""A pasted MT700 and its MT701s (or MT707 and MT708s): the first message and the continuations.

	FIN messages are split at each ``{1:`` block; bare tags at each line ``:27:`` (Sequence of Total, the
	first field of every message of the sequence), when there is more than one.
	"""
	text = text or ""
	starts = [m.start() for m in re.finditer(r"\{1:", text)]
	if len(starts) < 2:
		starts = [m.start() for m in re.finditer(r"(?m)^:27:", text)] if "{1:" not in text else []
	if len(starts) < 2:
		return text, []
	parts = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
	parts[0] = text[: starts[1]]  # whatever was before the first message stays with it (headers)
	return parts[0], parts[1:]


# --------------------------------------------------------------------------
# A shipment notice as a drawing
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeLine:
	idx: int
	qty: float | Decimal
	rate: float | Decimal
	item_name: str = ""
	description: str = ""
	uom: str = ""
	customer_item_code: str | None = None


def drawing(
	currency: str,
	amount,
	lines: Iterable[NoticeLine],
	bl_date: date | None = None,
	etd: date | None = None,
	presentation_date: date | None = None,
	port_of_loading: str = "",
	port_of_discharge: str = "",
	incoterms: Iterable[str | None] = (),
	named_places: Iterable[str | None] = (),
	containers: str = "",
) -> Drawing:
	"""A shipment notice as ``rules.letter_of_credit`` checks it: shipped on its B/L date, else planned on its
	ETD; the Incoterm and named place of its contracts when they all name the same one."""
	rules = {(r or "").strip().upper() for r in incoterms} - {""}
	places = {(p or "").strip() for p in named_places} - {""}
	return Drawing(
		currency=(currency or "").upper(),
		amount=dec(amount),
		shipment_date=_date(bl_date) or _date(etd),
		planned=not bl_date and bool(etd),
		presentation_date=_date(presentation_date),
		lines=tuple(
			DrawingLine(
				idx=line.idx,
				qty=dec(line.qty),
				unit_price=dec(line.rate),
				description=line.item_name or line.description or "",
				unit=line.uom or "",
				buyer_code=line.customer_item_code or None,
			)
			for line in lines
		),
		port_of_loading=port_of_loading or "",
		port_of_discharge=port_of_discharge or "",
		incoterm=next(iter(rules)) if len(rules) == 1 else "",
		named_place=next(iter(places)) if len(places) == 1 else "",
		containerised=bool((containers or "").strip()) or None,
	)


def contracts_outside(notice_contracts: Iterable[str], credit_contracts: Iterable[str]) -> list[Finding]:
	"""A note for each contract the notice ships that the credit does not name among those it pays (only
	when it names any)."""
	paid = set(credit_contracts)
	if not paid:
		return []
	return [
		Finding(
			code="contract_not_in_credit",
			template=_("Export Contract {0} is not among the contracts this credit pays"),
			args=(name,),
			blocking=False,
			article="",
		)
		for name in sorted(set(notice_contracts) - paid)
		if name
	]


def check_status(findings: Iterable[Finding]) -> str:
	"""Complies (nothing found), Notes Only (nothing blocking) or Discrepant."""
	findings = list(findings)
	if any(f.blocking for f in findings):
		return DISCREPANT
	return NOTES_ONLY if findings else COMPLIES


# --------------------------------------------------------------------------
# Presentation
# --------------------------------------------------------------------------


def checklist(documents: Iterable[DocumentRow]) -> list[dict]:
	"""The documents to present (46A), each ticked when the notice produces it (invoice, packing list)."""
	return [
		{
			"document_type": d.kind,
			"wording": d.text,
			"originals_required": d.originals or 0,
			"copies_required": d.copies or 0,
			"originals": d.originals or 0,
			"copies": d.copies or 0,
			"from_notice": int(d.kind in FROM_NOTICE),
			"presented": int(d.kind in FROM_NOTICE),
		}
		for d in documents
	]


def presentation_status(docstatus: int, answer: str | None, decision: str | None, collected) -> str:
	"""The presentation's status from what happened to it: presented, the bank's answer, the applicant's
	decision on discrepancies, and money collected."""
	if docstatus == 0:
		return P_DRAFT
	if docstatus == 2:
		return P_CANCELLED
	if dec(collected) > 0:
		return P_COLLECTED
	if answer == ANSWER_COMPLIANT:
		return P_COMPLIANT
	if answer == ANSWER_DISCREPANT:
		if decision == DECISION_ACCEPTED:
			return P_WAIVED
		if decision == DECISION_REFUSED:
			return P_REFUSED
		return P_DISCREPANT
	return P_PRESENTED


def at_risk(answer: str | None, decision: str | None, collected) -> bool:
	"""An invoice is at risk while its presentation is discrepant and not paid, or refused."""
	return answer == ANSWER_DISCREPANT and decision != DECISION_ACCEPTED and dec(collected) <= 0


# --------------------------------------------------------------------------
# How an invoice is paid
# --------------------------------------------------------------------------

_LC_WORDS = re.compile(r"\bL\s*/\s*C\b|\bLETTERS? OF CREDIT\b|\bDOCUMENTARY CREDIT\b|信用证|信用證|\bLC\b")
_DP_WORDS = re.compile(r"\bD\s*/\s*P\b|DOCUMENTS? AGAINST PAYMENT|付款交单|付款交單")
_DA_WORDS = re.compile(r"\bD\s*/\s*A\b|DOCUMENTS? AGAINST ACCEPTANCE|承兑交单|承兌交單")
_TT_WORDS = re.compile(r"\bT\s*/\s*T\b|\bTT\b|TELEGRAPHIC|WIRE|BANK TRANSFER|电汇|電匯|ADVANCE|PREPAY")


def is_by_credit(*texts: str | None) -> bool:
	"""Whether payment terms (their names, descriptions or modes of payment) say the buyer pays by letter of
	credit."""
	return any(_LC_WORDS.search((t or "").upper()) for t in texts)


def payment_method(lc_number: str | None, *texts: str | None) -> str:
	"""How an invoice is paid, as a column shows it: "L/C <number>" when its shipment draws on a credit,
	else L/C, D/P, D/A or T/T from the words of its payment terms, else ""."""
	if lc_number:
		return f"{BY_LC} {lc_number}"
	upper = [(t or "").upper() for t in texts]
	for method, words in ((BY_LC, _LC_WORDS), (BY_DP, _DP_WORDS), (BY_DA, _DA_WORDS), (BY_TT, _TT_WORDS)):
		if any(words.search(t) for t in upper):
			return method
	return ""
