"""Letters of credit: a credit from the bank's MT700, its amendments from MT707s, the check of a shipment
notice against its credit, and the credit's drawn and available amounts.

The rules are pure (``rules.letter_of_credit``, ``rules.swift``, ``rules.credit_desk``); this module reads
rows set-wise, calls them and writes back.

Concurrency: a notice that draws on a credit locks the credit's row (``SELECT … FOR UPDATE``) after its
contracts and before Frappe locks the notice itself (``ShipmentNotice._submit`` / ``_cancel``), so
concurrent submits on one credit run one after another. The earlier drawings are then read with a locking
read, which sees the latest committed notices, the notice is checked against them, and the credit's drawn
amount is recomputed from all its submitted notices and written in the same transaction: two notices
drawing at once leave the exact sum, and a cancel gives its amount back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import frappe
from frappe import _
from frappe.utils import cint, escape_html, formatdate, getdate, nowdate

from foreign_trade_crm.constants.roles import EXPORT_SALES_MANAGER
from foreign_trade_crm.rules import credit_desk as desk
from foreign_trade_crm.rules import letter_of_credit as lc
from foreign_trade_crm.rules import swift
from foreign_trade_crm.rules.messages import Problem
from foreign_trade_crm.rules.numbers import ZERO, dec

CREDIT = "Letter of Credit"
AMENDMENT = "Letter of Credit Amendment"
NOTICE = "Shipment Notice"
SETTINGS = "Foreign Trade Settings"
BLOCK, WARN = "Block", "Warn"
LIVE = (lc.ADVISED, lc.IN_USE)

#: the banks of the form found (or filed) by their BIC: Link field → BIC field
BANK_LINKS = {
	"issuing_bank": "issuing_bank_bic",
	"advising_bank": "advising_bank_bic",
	"confirming_bank": "confirming_bank_bic",
}


# ---------------------------------------------------------------- formatting what the rules return


def fmt(value) -> str:
	"""A finding's or problem's argument as people read it: dates in the user's format, numbers with
	thousands separators and no float noise."""
	if isinstance(value, date):
		return formatdate(value)
	if isinstance(value, Decimal):
		return format(value, ",")
	return str(value)


#: arguments that are words of the credit's own vocabulary, shown translated
VOCABULARY = frozenset((lc.ALLOWED, lc.NOT_ALLOWED, lc.CONDITIONAL))


def render(problem: Problem) -> str:
	"""A problem or finding in the user's language (its arguments are text, never markup)."""
	args = [
		_(a) if a in VOCABULARY else escape_html(fmt(a)) if isinstance(a, str) else fmt(a)
		for a in problem.args
	]
	return _(problem.template).format(*args)


def render_finding(finding: lc.Finding) -> str:
	text = render(finding)
	return _("UCP 600 art. {0}: {1}").format(finding.article, text) if finding.article else text


# ---------------------------------------------------------------- loading, set-wise


@dataclass(frozen=True)
class Credit:
	name: str
	docstatus: int
	status: str
	customer: str
	company: str
	terms: lc.CreditTerms
	contracts: tuple[str, ...]
	drawn: Decimal


def load_credits(names: Iterable[str], with_documents: bool = False) -> dict[str, Credit]:
	"""The credits with their terms (one query, one more for the contracts they pay, one for their
	documents when asked)."""
	names = sorted({n for n in names if n})
	if not names:
		return {}
	fields = ", ".join(f"`{f}`" for f in desk.TERM_FIELDS)
	rows = frappe.db.sql(
		f"""select name, docstatus, status, customer, company, drawn_amount, {fields}
		from `tabLetter of Credit` where name in %(names)s""",
		{"names": names},
		as_dict=True,
	)
	contracts: dict[str, list[str]] = {}
	for parent, contract in frappe.db.sql(
		"""select parent, export_contract from `tabLetter of Credit Contract`
		where parent in %(names)s and parenttype = %(doctype)s order by idx""",
		{"names": names, "doctype": CREDIT},
	):
		contracts.setdefault(parent, []).append(contract)
	documents: dict[str, list[dict]] = {}
	if with_documents:
		for d in frappe.get_all(
			"Letter of Credit Document",
			filters={"parent": ("in", names), "parenttype": CREDIT},
			fields=["parent", *desk.DOCUMENT_FIELDS],
			order_by="parent, idx",
		):
			documents.setdefault(d.parent, []).append(d)
	return {
		r.name: Credit(
			name=r.name,
			docstatus=cint(r.docstatus),
			status=r.status,
			customer=r.customer,
			company=r.company,
			terms=desk.terms_of(
				r, documents.get(r.name, ()), cancelled=cint(r.docstatus) == 1 and r.status == lc.CANCELLED
			),
			contracts=tuple(contracts.get(r.name, ())),
			drawn=dec(r.drawn_amount),
		)
		for r in rows
	}


def lock_credits(names: Iterable[str]) -> None:
	"""Row-lock the credits, in name order (after the contracts: ``shipment.lock_contracts``)."""
	names = sorted({n for n in names if n})
	if names:
		frappe.db.sql(
			"select name from `tabLetter of Credit` where name in %(names)s order by name for update",
			{"names": names},
		)


def drawn_totals(names: Iterable[str], locking: bool = False) -> dict[str, Decimal]:
	"""What the submitted notices draw on each credit (one grouped query; a locking read when asked)."""
	names = sorted({n for n in names if n})
	if not names:
		return {}
	rows = frappe.db.sql(
		f"""select letter_of_credit, sum(total_amount) from `tabShipment Notice`
		where letter_of_credit in %(names)s and docstatus = 1 group by letter_of_credit
		{"lock in share mode" if locking else ""}""",
		{"names": names},
	)
	return {name: dec(total) for name, total in rows}


def earlier_drawings(credit: str, exclude_notice: str | None, locking: bool = False) -> list[lc.Drawing]:
	"""The other submitted notices drawing on the credit, with their lines (two queries)."""
	lock = "lock in share mode" if locking else ""
	heads = frappe.db.sql(
		f"""select name, currency, total_amount, bl_date, etd, port_of_loading, port_of_destination, container_nos
		from `tabShipment Notice` where letter_of_credit = %(credit)s and docstatus = 1 and name != %(exclude)s
		order by name {lock}""",
		{"credit": credit, "exclude": exclude_notice or ""},
		as_dict=True,
	)
	if not heads:
		return []
	lines: dict[str, list[desk.NoticeLine]] = {}
	for r in frappe.db.sql(
		f"""select parent, idx, qty, rate, item_name, description, uom, customer_item_code
		from `tabShipment Notice Item` where parent in %(names)s and parenttype = %(doctype)s
		order by parent, idx {lock}""",
		{"names": [h.name for h in heads], "doctype": NOTICE},
		as_dict=True,
	):
		lines.setdefault(r.parent, []).append(_line(r))
	return [
		desk.drawing(
			h.currency,
			h.total_amount,
			lines.get(h.name, ()),
			bl_date=h.bl_date,
			etd=h.etd,
			port_of_loading=h.port_of_loading,
			port_of_discharge=h.port_of_destination,
			containers=h.container_nos,
		)
		for h in heads
	]


def _line(d) -> desk.NoticeLine:
	return desk.NoticeLine(
		idx=cint(d.idx),
		qty=dec(d.qty),
		rate=dec(d.rate),
		item_name=d.item_name or "",
		description=frappe.utils.strip_html(d.description or "") if d.description else "",
		uom=d.uom or "",
		customer_item_code=d.customer_item_code,
	)


def holidays(company: str | None) -> frozenset[date]:
	"""The company's holidays (its default Holiday List), closed for banking besides Saturdays and Sundays
	(one query, cached for the request)."""
	cache = frappe.local.flags.setdefault("ftc_lc_holidays", {})
	if company not in cache:
		holiday_list = (
			frappe.get_cached_value("Company", company, "default_holiday_list") if company else None
		)
		days = (
			frappe.get_all("Holiday", filters={"parent": holiday_list}, pluck="holiday_date")
			if holiday_list
			else []
		)
		cache[company] = frozenset(getdate(d) for d in days)
	return cache[company]


def notice_drawing(doc, presentation_date=None) -> lc.Drawing:
	"""A notice (in memory) as a drawing: its contracts' Incoterm and named place read in one query."""
	contracts = sorted({d.export_contract for d in doc.items if d.export_contract})
	terms = (
		frappe.get_all(
			"Export Contract", filters={"name": ("in", contracts)}, fields=["incoterm", "named_place"]
		)
		if contracts
		else []
	)
	return desk.drawing(
		doc.currency,
		doc.total_amount,
		[_line(d) for d in doc.items],
		bl_date=doc.bl_date,
		etd=doc.etd,
		presentation_date=presentation_date,
		port_of_loading=doc.port_of_loading,
		port_of_discharge=doc.port_of_destination,
		incoterms=[t.incoterm for t in terms],
		named_places=[t.named_place for t in terms],
		containers=doc.container_nos,
	)


# ---------------------------------------------------------------- the check of a notice


def is_manager() -> bool:
	return EXPORT_SALES_MANAGER in frappe.get_roles()


def policy() -> str:
	return frappe.db.get_single_value(SETTINGS, "lc_discrepancy_policy") or BLOCK


def usable_credit(doc, credit: Credit | None) -> Credit:
	"""The notice's credit, refused when it cannot be drawn on: not there, not submitted, or another
	customer's or company's."""
	name = doc.letter_of_credit
	if credit is None:
		frappe.throw(_("Letter of Credit {0} does not exist").format(name))
	if credit.docstatus != 1:
		frappe.throw(_("Letter of Credit {0} is not submitted").format(name))
	if credit.customer != doc.customer:
		frappe.throw(
			_("Letter of Credit {0} is a credit of {1}, not of {2}").format(
				name, credit.customer, doc.customer
			)
		)
	if credit.company != doc.company:
		frappe.throw(
			_("Letter of Credit {0} is in favour of {1}, not {2}").format(name, credit.company, doc.company)
		)
	return credit


def check(doc, locking: bool = False, presentation_date=None) -> tuple[Credit, list[lc.Finding]]:
	"""The findings of a notice against its credit, with the other submitted notices as earlier drawings."""
	credit = usable_credit(doc, load_credits([doc.letter_of_credit]).get(doc.letter_of_credit))
	earlier = earlier_drawings(credit.name, doc.name if not doc.is_new() else None, locking=locking)
	findings = lc.check(
		credit.terms,
		notice_drawing(doc, presentation_date),
		earlier,
		today=getdate(nowdate()),
		closed_days=holidays(credit.company),
	)
	findings += desk.contracts_outside((d.export_contract for d in doc.items), credit.contracts)
	return credit, findings


def finding_rows(findings: Iterable[lc.Finding]) -> list[dict]:
	"""Findings as rows of a Letter of Credit Finding table: the text in the user's language, and the
	template with its (formatted) arguments, to be shown again in another language."""
	return [
		{
			"article": f.article,
			"row_no": f.idx or None,
			"finding": render(f),
			"blocking": int(f.blocking),
			"code": f.code,
			"template": f.template,
			"args": json.dumps([fmt(a) for a in f.args], ensure_ascii=False),
		}
		for f in findings
	]


def check_notice(doc, locking: bool = False, show: bool = True) -> list[lc.Finding]:
	"""Shipment Notice ``validate``: the notice checked against its credit, the findings kept on it (each
	naming its UCP 600 article) and, when something is discrepant, shown."""
	if not doc.get("letter_of_credit"):
		doc.set("lc_findings", [])
		doc.lc_check_status = None
		doc.lc_override = 0
		doc.lc_override_reason = None
		return []
	credit, findings = check(doc, locking=locking)
	doc.flags.lc_findings = findings
	doc.set("lc_findings", finding_rows(findings))
	doc.lc_check_status = desk.check_status(findings)
	if cint(doc.lc_override) and not is_manager():
		frappe.throw(
			_("Only an Export Sales Manager may submit a notice despite discrepancies against its credit")
		)
	if show and doc.lc_check_status == desk.DISCREPANT:
		frappe.msgprint(
			[render_finding(f) for f in findings if f.blocking],
			title=_("Discrepancies against Letter of Credit {0}").format(credit.terms.number),
			indicator="red",
			as_list=True,
		)
	return findings


def enforce(doc, findings: list[lc.Finding]) -> None:
	"""Submitting a notice with discrepancies: refused when the settings block it, unless an Export Sales
	Manager overrides it with a reason (kept on the timelines of the notice and the credit)."""
	blocking = [f for f in findings if f.blocking]
	if not blocking or policy() == WARN:
		return
	if not cint(doc.lc_override):
		frappe.throw(
			[render_finding(f) for f in blocking]
			+ [_("An Export Sales Manager may submit it anyway, giving the reason.")],
			title=_("Shipment Notice {0} has discrepancies against Letter of Credit {1}").format(
				doc.name, doc.lc_number or doc.letter_of_credit
			),
			as_list=True,
		)
	if not is_manager():
		frappe.throw(
			_("Only an Export Sales Manager may submit a notice despite discrepancies against its credit")
		)
	reason = (doc.lc_override_reason or "").strip()
	if not reason:
		frappe.throw(_("Give the reason for submitting despite the discrepancies"))
	note = _("Submitted despite {0} discrepancies against the credit by {1}: {2}").format(
		len(blocking), frappe.session.user, escape_html(reason)
	)
	doc.add_comment("Info", note)
	frappe.get_doc(CREDIT, doc.letter_of_credit).add_comment(
		"Info", _("Shipment Notice {0}: {1}").format(doc.name, note)
	)


def validate_notice(doc) -> None:
	"""Shipment Notice ``validate``: on submit the check reads the latest drawings (the credit is locked by
	then, ``ShipmentNotice._submit``) and shows nothing, ``before_notice_submit`` decides."""
	submitting = doc.get("_action") == "submit"
	check_notice(doc, locking=submitting, show=not submitting)


def before_notice_submit(doc) -> None:
	"""Refuse or accept the discrepancies found under the lock, as the settings say (before anything of the
	submit is written)."""
	if doc.get("letter_of_credit"):
		enforce(doc, doc.flags.lc_findings or [])


def on_notice_submit(doc) -> None:
	"""In the submit transaction, with the credit locked: the credit's figures written back."""
	if doc.get("letter_of_credit"):
		update_credits([doc.letter_of_credit])


def on_notice_cancel(doc) -> None:
	if doc.get("letter_of_credit"):
		update_credits([doc.letter_of_credit])


# ---------------------------------------------------------------- the credit's figures


def update_credits(names: Iterable[str], doc=None) -> None:
	"""Recompute drawn, available, maximum and status of these credits from their submitted notices (a
	locking read: call with the credits locked) and write them back in one bulk update (and onto ``doc``,
	one of them in memory, when given)."""
	names = sorted({n for n in names if n})
	if not names:
		return
	credits = load_credits(names)
	drawn = drawn_totals(names, locking=True)
	today = getdate(nowdate())
	updates = {}
	for name, credit in credits.items():
		figures = lc.credit_figures(
			credit.terms,
			drawn.get(name, ZERO),
			credit.docstatus,
			today=today,
			closed_days=holidays(credit.company),
		)
		updates[name] = {
			"drawn_amount": figures.drawn,
			"available_amount": figures.available,
			"maximum_amount": figures.maximum,
			"per_drawn": min(figures.drawn * 100 / figures.amount, Decimal(999)) if figures.amount else ZERO,
			"status": figures.status,
		}
	frappe.db.bulk_update(CREDIT, updates, chunk_size=500)
	if doc is not None and doc.name in updates:
		doc.update(updates[doc.name])


def expire_credits() -> None:
	"""Daily: credits past their expiry date (moved to a banking day) read Expired."""
	names = frappe.get_all(
		CREDIT,
		filters={"docstatus": 1, "status": ("in", LIVE), "expiry_date": ("<", nowdate())},
		pluck="name",
	)
	for start in range(0, len(names), 500):
		update_credits(names[start : start + 500])


# ---------------------------------------------------------------- the credit's own form


def validate_credit(doc) -> None:
	"""Letter of Credit ``validate``: what the terms imply (maximum, "about", Incoterm), its banks found by
	their BIC, its contracts of the same applicant and currency, and one credit per number and issuing bank."""
	terms = desk.terms_of(doc.as_dict(), doc.documents)
	if dec(doc.amount) <= 0:
		frappe.throw(_("The credit amount must be greater than zero"))
	if doc.issue_date and doc.expiry_date and getdate(doc.expiry_date) < getdate(doc.issue_date):
		frappe.throw(
			_("The expiry date {0} is before the date of issue {1}").format(doc.expiry_date, doc.issue_date)
		)
	doc.about_amount = int(terms.about_amount)
	doc.incoterm = terms.incoterm or ""
	doc.named_place = terms.named_place
	if doc.docstatus == 0:
		doc.status = lc.DRAFT
		doc.maximum_amount = lc.maximum_amount(terms)
		doc.drawn_amount = 0
		doc.available_amount = doc.maximum_amount
		doc.per_drawn = 0
	link_banks(doc)
	check_contracts(doc)
	duplicate = frappe.db.sql(
		"""select name from `tabLetter of Credit` where lc_number = %(number)s and name != %(name)s
		and docstatus < 2 and ifnull(issuing_bank_bic, '') = %(bic)s limit 1""",
		{"number": doc.lc_number, "name": doc.name or "", "bic": doc.issuing_bank_bic or ""},
	)
	if duplicate:
		frappe.throw(
			_("Credit number {0} of this issuing bank is already Letter of Credit {1}").format(
				doc.lc_number, duplicate[0][0]
			)
		)


def check_contracts(doc) -> None:
	"""The contracts a credit pays: submitted, of its applicant and in its currency (one query)."""
	names = [d.export_contract for d in doc.contracts if d.export_contract]
	if len(names) != len(set(names)):
		frappe.throw(_("A contract is listed twice among the contracts the credit pays"))
	if not names:
		return
	found = {
		r.name: r
		for r in frappe.get_all(
			"Export Contract",
			filters={"name": ("in", names)},
			fields=["name", "customer", "currency", "docstatus"],
		)
	}
	errors = []
	for d in doc.contracts:
		c = found.get(d.export_contract)
		if c is None:
			errors.append(_("Row {0}: Export Contract {1} does not exist").format(d.idx, d.export_contract))
		elif c.docstatus != 1:
			errors.append(_("Row {0}: Export Contract {1} is not submitted").format(d.idx, c.name))
		elif c.customer != doc.customer:
			errors.append(
				_("Row {0}: Export Contract {1} belongs to customer {2}, not {3}").format(
					d.idx, c.name, c.customer, doc.customer
				)
			)
		elif c.currency != doc.currency:
			errors.append(
				_("Row {0}: Export Contract {1} is in {2}, the credit in {3}").format(
					d.idx, c.name, c.currency, doc.currency
				)
			)
	if errors:
		frappe.throw(errors, title=_("Contracts the credit pays"), as_list=True)


def link_banks(doc) -> None:
	"""Each bank of the credit as an ERPNext Bank, found by its BIC (one query), or filed under its name
	when there is none yet."""
	wanted = {doc.get(bic) for link, bic in BANK_LINKS.items() if doc.get(bic) and not doc.get(link)}
	if not wanted:
		return
	known = dict(
		frappe.get_all(
			"Bank",
			filters={"swift_number": ("in", sorted(wanted))},
			fields=["swift_number", "name"],
			as_list=True,
		)
	)
	for link, bic_field in BANK_LINKS.items():
		bic = doc.get(bic_field)
		if not bic or doc.get(link):
			continue
		if bic not in known:
			name = (doc.issuing_bank_details or "").split("\n")[0].strip() if link == "issuing_bank" else ""
			known[bic] = file_bank(bic, name)
		doc.set(link, known[bic])


def file_bank(bic: str, name: str = "") -> str:
	"""A Bank for a BIC the site does not know yet: named as the message names it, else after its BIC.
	(A bank is master data every credit shares; the user who advises a credit needs no right to banks.)"""
	bank_name = (name or bic).strip()[:140]
	if frappe.db.exists("Bank", bank_name):
		bank_name = f"{bank_name} ({bic})"
	frappe.get_doc({"doctype": "Bank", "bank_name": bank_name, "swift_number": bic}).insert(
		ignore_permissions=True
	)
	return bank_name


def guard_terms(doc) -> None:
	"""Letter of Credit ``before_update_after_submit``: a submitted credit's terms change only by an accepted
	amendment; its contracts, banks and references may be updated."""
	if doc.flags.by_amendment:
		return
	before = doc.get_doc_before_save()
	if before is None:
		return
	changed = desk.changed_values(before.as_dict(), doc.as_dict(), desk.AMENDABLE_FIELDS)
	rows = [[d.get(f) for f in desk.DOCUMENT_FIELDS] for d in doc.documents]
	old_rows = [[d.get(f) for f in desk.DOCUMENT_FIELDS] for d in before.documents]
	if changed or rows != old_rows:
		labels = [_(doc.meta.get_label(f)) for f, _old, _new in changed]
		if rows != old_rows:
			labels.append(_("Documents"))
		frappe.throw(
			_("The terms of a submitted credit change only by an accepted amendment: {0}").format(
				", ".join(labels)
			)
		)


def on_credit_cancel(doc) -> None:
	"""A credit that notices draw on is not cancelled; the notices are cancelled first."""
	lock_credits([doc.name])
	drawing = frappe.get_all(
		NOTICE, filters={"letter_of_credit": doc.name, "docstatus": 1}, pluck="name", limit=5
	)
	if drawing:
		frappe.throw(
			_("Shipment Notices {0} draw on Letter of Credit {1}; cancel them first").format(
				", ".join(drawing), doc.name
			)
		)
	doc.db_set("status", lc.CANCELLED)


def goods_preview(doc) -> list[dict]:
	"""The goods lines the check reads from 45A, for the form."""
	terms = desk.terms_of(doc.as_dict(), ())
	return [
		{
			"idx": g.idx,
			"quantity": fmt(g.quantity),
			"unit": g.unit,
			"description": g.description,
			"buyer_code": g.buyer_code or "",
			"unit_price": fmt(g.unit_price) if g.unit_price is not None else "",
			"currency": g.currency or "",
			"about": g.about_quantity,
		}
		for g in terms.goods_lines
	]


# ---------------------------------------------------------------- from the bank's MT700


def problems_text(problems: list[Problem]) -> list[str]:
	return [render(p) for p in problems]


def read_mt700(message: str) -> tuple[lc.CreditTerms, list[Problem]]:
	"""The terms of a pasted MT700 with its MT701s; every field that cannot be read named at once."""
	first, continuations = desk.split_pasted(message)
	terms, problems = swift.credit_from_mt700(first, continuations[: swift.MAX_CONTINUATIONS + 1])
	if terms is None:
		frappe.throw(
			problems_text([p for p in problems if p.blocking]),
			title=_("The bank's message cannot be read"),
			as_list=True,
		)
	return terms, problems


def find_customer(applicant: str) -> str | None:
	"""The customer whose name is the applicant's first line, when exactly one is (case aside)."""
	first = (applicant or "").split("\n")[0].strip()
	if not first:
		return None
	found = frappe.get_all("Customer", filters={"customer_name": first, "disabled": 0}, pluck="name", limit=2)
	return found[0] if len(found) == 1 else None


def credit_values(terms: lc.CreditTerms, message: str) -> dict:
	return {
		**desk.values_of(terms),
		"documents": desk.document_rows(terms),
		"swift_message": message,
		"sender_to_receiver": terms.sender_to_receiver,
	}


@frappe.whitelist()
def credit_from_swift(message: str, customer: str | None = None, company: str | None = None) -> str:
	"""A draft Letter of Credit from the pasted MT700 (and MT701s): every field it cannot read is named in
	one message and nothing is saved. The applicant is the customer chosen, else the one named as in 50."""
	frappe.has_permission(CREDIT, "create", throw=True)
	if len(message or "") > swift.MAX_CHARS * (swift.MAX_CONTINUATIONS + 1):
		frappe.throw(_("The message is too long"))
	terms, _problems = read_mt700(message)
	customer = customer or find_customer(terms.applicant)
	if not customer:
		frappe.throw(
			_("Choose the customer: no customer is named {0}").format(
				escape_html((terms.applicant or "").split("\n")[0])
			)
		)
	frappe.has_permission("Customer", "read", doc=customer, throw=True)
	company = company or frappe.defaults.get_user_default("Company")
	if not company:
		frappe.throw(_("Choose the company (the beneficiary)"))
	doc = frappe.get_doc(
		{"doctype": CREDIT, "customer": customer, "company": company, **credit_values(terms, message)}
	)
	doc.insert()
	for p in _problems:  # what was read with a note
		doc.add_comment("Info", render(p))
	return doc.name


# ---------------------------------------------------------------- amendments (MT707)


def read_mt707(message: str) -> lc.Amendment:
	first, continuations = desk.split_pasted(message)
	amendment, problems = swift.amendment_from_mt707(first, continuations[: swift.MAX_CONTINUATIONS + 1])
	if amendment is None:
		frappe.throw(
			problems_text([p for p in problems if p.blocking]),
			title=_("The bank's message cannot be read"),
			as_list=True,
		)
	return amendment


def _shown(value, fieldtype: str | None = None, currency: str | None = None) -> str:
	"""A term's value as the form shows it (amounts at the currency's decimals)."""
	if value in (None, ""):
		return ""
	if isinstance(value, date):
		return formatdate(value)
	if fieldtype == "Currency":
		return frappe.utils.fmt_money(value, precision=lc.currency_decimals(currency))
	if fieldtype == "Check":
		return _("Yes") if cint(value) else _("No")
	if isinstance(value, Decimal):
		return format(value.normalize(), ",f")
	return str(value)


def amendment_changes(credit: Credit, amendment: lc.Amendment) -> tuple[lc.CreditTerms, list[dict]]:
	"""The credit's terms after the amendment, and each changed field as a row (label, before, after)."""
	amended = lc.apply_amendment(credit.terms, amendment)
	before, after = desk.values_of(credit.terms), desk.values_of(amended)
	meta = frappe.get_meta(CREDIT)
	rows = [
		{
			"fieldname": field,
			"field_label": _(meta.get_label(field)),
			"old_value": _shown(old, meta.get_field(field).fieldtype, credit.terms.currency),
			"new_value": _shown(new, meta.get_field(field).fieldtype, credit.terms.currency),
		}
		for field, old, new in desk.changed_values(before, after)
	]
	if amendment.cancellation:
		rows.append(
			{
				"fieldname": "status",
				"field_label": _("Status"),
				"old_value": _(credit.status),
				"new_value": _(lc.CANCELLED),
			}
		)
	return amended, rows


def validate_amendment(doc) -> None:
	"""Letter of Credit Amendment ``validate``: the MT707 read, the changes it makes to the credit listed,
	and what stands in its way refused (every problem at once)."""
	if doc.docstatus == 0 and doc.status == "Accepted":
		doc.status = "Received"
	amendment = read_mt707(doc.swift_message)
	credit = load_credits([doc.letter_of_credit], with_documents=True).get(doc.letter_of_credit)
	if credit is None or credit.docstatus != 1:
		frappe.throw(_("Letter of Credit {0} is not submitted").format(doc.letter_of_credit))
	problems = lc.amendment_problems(credit.terms, amendment, credit.drawn)
	blocking = [p for p in problems if p.blocking]
	if blocking:
		frappe.throw(problems_text(blocking), title=_("The amendment cannot be applied"), as_list=True)
	accepted = frappe.db.exists(
		AMENDMENT,
		{
			"letter_of_credit": doc.letter_of_credit,
			"amendment_no": amendment.number,
			"docstatus": 1,
			"name": ("!=", doc.name),
		},
	)
	if accepted:
		frappe.throw(
			_("Amendment {0} of this credit is already accepted: {1}").format(amendment.number, accepted)
		)
	_amended, rows = amendment_changes(credit, amendment)
	doc.amendment_no = amendment.number
	doc.amendment_date = amendment.amendment_date
	doc.charges_by = amendment.amendment_charges_by or ""
	doc.set("changes", rows)
	doc.notes = "\n".join(render(p) for p in problems) or None


def accept_amendment(doc) -> None:
	"""Letter of Credit Amendment ``on_submit``: with the credit locked and its drawn amount fresh, the
	amendment applied to the credit's terms; the credit saved through Frappe, so its timeline shows each
	changed value, and the acceptance noted on it."""
	if doc.status == "Rejected":
		frappe.throw(_("Amendment {0} was rejected").format(doc.name))
	frappe.has_permission(CREDIT, "write", doc=doc.letter_of_credit, throw=True)
	lock_credits([doc.letter_of_credit])
	amendment = read_mt707(doc.swift_message)
	credit = load_credits([doc.letter_of_credit], with_documents=True)[doc.letter_of_credit]
	drawn = drawn_totals([credit.name], locking=True).get(credit.name, ZERO)
	blocking = [p for p in lc.amendment_problems(credit.terms, amendment, drawn) if p.blocking]
	if blocking:
		frappe.throw(problems_text(blocking), title=_("The amendment cannot be applied"), as_list=True)
	amended = lc.apply_amendment(credit.terms, amendment)
	before, after = desk.values_of(credit.terms), desk.values_of(amended)
	target = frappe.get_doc(CREDIT, credit.name)
	for field, _old, new in desk.changed_values(before, after):
		target.set(field, new)
	if amended.documents != credit.terms.documents:
		target.set("documents", desk.document_rows(amended))
	target.amendment_count = cint(target.amendment_count) + 1
	if amended.cancelled:
		target.status = lc.CANCELLED
	target.flags.by_amendment = doc.name
	target.flags.ignore_validate_update_after_submit = True  # the terms are not editable after submit
	target.save(ignore_version=False)  # the changed values on the credit's timeline, always
	target.add_comment(
		"Info",
		_("Amendment {0} (No. {1} of {2}) accepted by {3}").format(
			doc.name,
			doc.amendment_no,
			formatdate(doc.amendment_date) if doc.amendment_date else "-",
			frappe.session.user,
		),
	)
	update_credits([credit.name])
	doc.db_set({"status": "Accepted", "decided_on": nowdate(), "decided_by": frappe.session.user})


@frappe.whitelist()
def amendment_from_swift(letter_of_credit: str, message: str) -> str:
	"""A draft amendment of the credit from the pasted MT707 (and MT708s), its changes listed; nothing is
	saved when the message cannot be read or does not fit the credit."""
	frappe.has_permission(AMENDMENT, "create", throw=True)
	frappe.has_permission(CREDIT, "read", doc=letter_of_credit, throw=True)
	doc = frappe.get_doc(
		{"doctype": AMENDMENT, "letter_of_credit": letter_of_credit, "swift_message": message}
	)
	doc.insert()
	return doc.name


@frappe.whitelist()
def reject_amendment(amendment: str, reason: str) -> None:
	"""The company does not accept the amendment: it stays a draft, marked Rejected with the reason, noted on
	the credit's timeline."""
	doc = frappe.get_doc(AMENDMENT, amendment)
	doc.check_permission("write")
	if doc.docstatus != 0 or doc.status != "Received":
		frappe.throw(_("Amendment {0} is already decided").format(doc.name))
	reason = (reason or "").strip()
	if not reason:
		frappe.throw(_("Give the reason for rejecting the amendment"))
	doc.db_set(
		{
			"status": "Rejected",
			"rejection_reason": reason,
			"decided_on": nowdate(),
			"decided_by": frappe.session.user,
		}
	)
	frappe.get_doc(CREDIT, doc.letter_of_credit).add_comment(
		"Info",
		_("Amendment {0} (No. {1}) rejected: {2}").format(doc.name, doc.amendment_no, escape_html(reason)),
	)


# ---------------------------------------------------------------- the notice's form


@frappe.whitelist()
def credits_for(
	customer: str, currency: str | None = None, contracts: str | list | None = None
) -> list[dict]:
	"""The live credits of a customer (in the currency), those paying the given contracts first, for the
	notice's form."""
	frappe.has_permission(NOTICE, "read", throw=True)
	frappe.has_permission("Customer", "read", doc=customer, throw=True)
	contracts = frappe.parse_json(contracts) if isinstance(contracts, str) else contracts or []
	filters = {"customer": customer, "docstatus": 1, "status": ("in", LIVE)}
	if currency:
		filters["currency"] = currency
	rows = frappe.get_list(
		CREDIT,
		filters=filters,
		fields=["name", "lc_number", "currency", "available_amount", "expiry_date", "latest_shipment_date"],
		order_by="expiry_date asc",
		limit_page_length=50,
	)
	if not rows:
		return []
	paying = {
		parent
		for parent, contract in frappe.db.sql(
			"""select parent, export_contract from `tabLetter of Credit Contract`
			where parent in %(names)s and parenttype = %(doctype)s""",
			{"names": [r.name for r in rows], "doctype": CREDIT},
		)
		if contract in set(contracts)
	}
	for r in rows:
		r.pays_contracts = r.name in paying
	return sorted(rows, key=lambda r: not r.pays_contracts)


def onload_credit(doc) -> None:
	doc.set_onload("goods_lines", goods_preview(doc))
	doc.set_onload(
		"notices",
		frappe.get_all(
			NOTICE,
			filters={"letter_of_credit": doc.name, "docstatus": 1},
			fields=["name", "bl_date", "total_amount", "lc_check_status"],
			order_by="name",
		)
		if not doc.is_new()
		else [],
	)
