"""Presenting a shipment's documents under its credit: the documents checklist (46A, with what the notice
produces ticked), the bank's answer (compliant, or discrepant with its discrepancies and fees), the
applicant's decision on discrepancies, and the collection, an ERPNext Payment Entry with the bank's
charges as deductions, linked back when it is submitted or cancelled.
"""

from __future__ import annotations

from collections.abc import Iterable

import frappe
from frappe import _
from frappe.utils import cint, escape_html, flt, getdate, nowdate

from foreign_trade_crm.rules import credit_desk as desk
from foreign_trade_crm.rules import letter_of_credit as lc
from foreign_trade_crm.services import letter_of_credit as credits

PRESENTATION = "Letter of Credit Presentation"
NOTICE = "Shipment Notice"


def validate(doc) -> None:
	"""Letter of Credit Presentation ``validate``: a submitted notice drawing on the credit, presented once
	(a refused presentation may be made again), the checklist filled from the credit's 46A, and our own
	check of the notice at the presentation date."""
	notice = frappe.get_doc(NOTICE, doc.shipment_notice)
	if notice.docstatus != 1:
		frappe.throw(_("Shipment Notice {0} is not submitted").format(notice.name))
	if not notice.letter_of_credit:
		frappe.throw(_("Shipment Notice {0} draws on no letter of credit").format(notice.name))
	if doc.letter_of_credit and doc.letter_of_credit != notice.letter_of_credit:
		frappe.throw(
			_("Shipment Notice {0} draws on Letter of Credit {1}, not {2}").format(
				notice.name, notice.letter_of_credit, doc.letter_of_credit
			)
		)
	doc.letter_of_credit = notice.letter_of_credit
	other = frappe.db.get_value(
		PRESENTATION,
		{
			"shipment_notice": notice.name,
			"docstatus": ("<", 2),
			"status": ("!=", desk.P_REFUSED),
			"name": ("!=", doc.name or ""),
		},
	)
	if other:
		frappe.throw(
			_("The documents of Shipment Notice {0} are presented in {1}").format(notice.name, other)
		)
	doc.customer, doc.company, doc.currency = notice.customer, notice.company, notice.currency
	doc.presented_amount = notice.total_amount
	doc.sales_invoice = notice.sales_invoice
	credit, findings = credits.check(notice, presentation_date=getdate(doc.presentation_date))
	doc.set("findings", credits.finding_rows(findings))
	drawing = credits.notice_drawing(notice)
	doc.last_presentation_day = lc.last_presentation_day(
		credit.terms, drawing.shipment_date, credits.holidays(credit.company)
	)
	if not doc.documents:
		terms = credits.load_credits([credit.name], with_documents=True)[credit.name].terms
		doc.set("documents", desk.checklist(terms.documents))
	set_status(doc)


def set_status(doc) -> None:
	doc.discrepancy_fees = sum(flt(d.fee) for d in doc.discrepancies)
	for d in doc.discrepancies:
		d.currency = doc.currency
	doc.status = desk.presentation_status(
		doc.docstatus, doc.bank_answer, doc.applicant_decision, doc.collected_amount
	)


def on_submit(doc) -> None:
	doc.db_set("status", desk.P_PRESENTED)
	frappe.get_doc(NOTICE, doc.shipment_notice).add_comment(
		"Info",
		_("Documents presented under Letter of Credit {0} on {1}: {2}").format(
			doc.lc_number or doc.letter_of_credit, doc.presentation_date, doc.name
		),
	)


def on_cancel(doc) -> None:
	if doc.payment_entry and frappe.db.get_value("Payment Entry", doc.payment_entry, "docstatus") == 1:
		frappe.throw(_("Cancel the collection {0} first").format(doc.payment_entry))
	doc.db_set("status", desk.P_CANCELLED)


# ---------------------------------------------------------------- actions


@frappe.whitelist()
def make_presentation(shipment_notice: str) -> str:
	"""A draft presentation of a notice's documents under its credit, the checklist filled."""
	frappe.has_permission(PRESENTATION, "create", throw=True)
	frappe.has_permission(NOTICE, "read", doc=shipment_notice, throw=True)
	doc = frappe.get_doc(
		{"doctype": PRESENTATION, "shipment_notice": shipment_notice, "presentation_date": nowdate()}
	)
	doc.insert()
	return doc.name


def _submitted(name: str):
	doc = frappe.get_doc(PRESENTATION, name)
	doc.check_permission("write")
	if doc.docstatus != 1:
		frappe.throw(_("Submit presentation {0} first").format(doc.name))
	return doc


@frappe.whitelist()
def record_answer(
	presentation: str, answer: str, answer_date: str | None = None, discrepancies: str | list | None = None
) -> str:
	"""The bank's answer: compliant, or discrepant with each discrepancy (text, UCP article, document, fee)."""
	doc = _submitted(presentation)
	if answer not in (desk.ANSWER_COMPLIANT, desk.ANSWER_DISCREPANT):
		frappe.throw(_("Choose Compliant or Discrepant"))
	rows = frappe.parse_json(discrepancies) if isinstance(discrepancies, str) else discrepancies or []
	rows = [r for r in rows if isinstance(r, dict) and (r.get("discrepancy") or "").strip()]
	if answer == desk.ANSWER_DISCREPANT and not rows:
		frappe.throw(_("Enter the discrepancies the bank found"))
	if answer == desk.ANSWER_COMPLIANT:
		rows = []
	doc.bank_answer = answer
	doc.answer_date = getdate(answer_date or nowdate())
	doc.set(
		"discrepancies",
		[
			{
				"discrepancy": r["discrepancy"].strip(),
				"article": (r.get("article") or "").strip(),
				"document_type": r.get("document_type") or None,
				"fee": flt(r.get("fee")),
			}
			for r in rows
		],
	)
	if answer == desk.ANSWER_COMPLIANT:
		doc.applicant_decision = None
	doc.save()
	frappe.get_doc(NOTICE, doc.shipment_notice).add_comment(
		"Info",
		_("The bank found the documents of {0} compliant").format(doc.name)
		if answer == desk.ANSWER_COMPLIANT
		else _("The bank found {0} discrepancies in the documents of {1}").format(len(rows), doc.name),
	)
	return doc.status


@frappe.whitelist()
def record_decision(presentation: str, decision: str, note: str | None = None) -> str:
	"""The applicant accepts the discrepant documents (waives the discrepancies) or refuses them."""
	doc = _submitted(presentation)
	if doc.bank_answer != desk.ANSWER_DISCREPANT:
		frappe.throw(_("The bank found no discrepancies in {0}").format(doc.name))
	if decision not in (desk.DECISION_ACCEPTED, desk.DECISION_REFUSED):
		frappe.throw(_("Choose Accepted or Refused"))
	doc.applicant_decision = decision
	doc.decision_date = getdate(nowdate())
	doc.decision_note = (note or "").strip() or None
	doc.save()
	return doc.status


def before_update_after_submit(doc) -> None:
	set_status(doc)


@frappe.whitelist()
def make_collection(presentation: str) -> dict:
	"""ERPNext's Payment Entry for the shipment's invoice, referenced to the bank's answer, with the
	discrepancy fees as a deduction to the bank charges account (Foreign Trade Settings); not saved."""
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	doc = _submitted(presentation)
	frappe.has_permission("Payment Entry", "create", throw=True)
	if not doc.sales_invoice:
		frappe.throw(_("Shipment Notice {0} has no sales invoice").format(doc.shipment_notice))
	if doc.status == desk.P_REFUSED:
		frappe.throw(_("The applicant refused the documents of {0}").format(doc.name))
	pe = get_payment_entry("Sales Invoice", doc.sales_invoice)
	pe.reference_no = doc.bank_reference or doc.name
	pe.reference_date = nowdate()
	pe.remarks = _("Collection under Letter of Credit {0}, presentation {1}").format(
		doc.lc_number or doc.letter_of_credit, doc.name
	)
	fees = flt(doc.discrepancy_fees)
	account = frappe.db.get_single_value("Foreign Trade Settings", "lc_bank_charges_account")
	if fees > 0 and account:
		deduct_bank_charges(pe, fees, account)
	return pe.as_dict()


def deduct_bank_charges(pe, fees: float, account: str) -> None:
	"""The bank pays ``fees`` (the invoice's currency) less than the invoice; the invoice is still collected
	in full and the difference is a deduction to ``account``.

	In one currency the bank's side is cut and a deduction row added. Across currencies ERPNext books the gap
	between the paid and the received side on its own deduction row (``set_exchange_gain_loss``, kept on
	every save): the received side is cut, and that row is booked to ``account``."""
	if pe.paid_from_account_currency == pe.paid_to_account_currency:
		pe.paid_amount = pe.received_amount = flt(flt(pe.paid_amount) - fees, pe.precision("paid_amount"))
		pe.append(
			"deductions",
			{
				"account": account,
				"cost_center": frappe.get_cached_value("Company", pe.company, "cost_center"),
				"amount": flt(fees * flt(pe.source_exchange_rate or 1), pe.precision("base_paid_amount")),
			},
		)
		pe.set_amounts()
		return
	base = fees * flt(pe.source_exchange_rate or 1)
	pe.received_amount = flt(
		flt(pe.received_amount) - base / flt(pe.target_exchange_rate or 1), pe.precision("received_amount")
	)
	pe.set_amounts()
	for row in pe.deductions:
		if row.is_exchange_gain_loss:
			row.account = account


# ---------------------------------------------------------------- collections written back


def on_payment_change(doc, method=None) -> None:
	"""Payment Entry ``on_submit`` / ``on_cancel``: the presentations of the invoices it collects get their
	collected amount, bank charges (its deductions, in the credit's currency), last payment and status."""
	invoices = sorted(
		{r.reference_name for r in doc.get("references") or [] if r.reference_doctype == "Sales Invoice"}
	)
	if invoices:
		update_collections(invoices)


def update_collections(invoices: Iterable[str]) -> None:
	"""Collection figures of the live presentations of these invoices (three queries, one bulk update)."""
	invoices = sorted(set(invoices))
	presentations = frappe.get_all(
		PRESENTATION,
		filters={"sales_invoice": ("in", invoices), "docstatus": 1, "status": ("!=", desk.P_REFUSED)},
		fields=["name", "sales_invoice", "docstatus", "bank_answer", "applicant_decision"],
	)
	if not presentations:
		return
	payments = frappe.db.sql(
		"""select per.reference_name, pe.name, pe.posting_date, per.allocated_amount, pe.source_exchange_rate
		from `tabPayment Entry Reference` per join `tabPayment Entry` pe on pe.name = per.parent
		where per.reference_doctype = 'Sales Invoice' and per.reference_name in %(invoices)s and pe.docstatus = 1
		order by pe.posting_date, pe.name""",
		{"invoices": invoices},
		as_dict=True,
	)
	# the bank's charges: the deductions other than ERPNext's own exchange gain or loss
	exchange = [a for a in frappe.get_all("Company", pluck="exchange_gain_loss_account") if a] or [""]
	deductions = dict(
		frappe.db.sql(
			"""select parent, sum(amount) from `tabPayment Entry Deduction`
			where parent in %(names)s and parenttype = 'Payment Entry' and account not in %(exchange)s
			group by parent""",
			{"names": sorted({p.name for p in payments}) or [""], "exchange": exchange},
		)
	)
	by_invoice: dict[str, list] = {}
	for p in payments:
		by_invoice.setdefault(p.reference_name, []).append(p)
	updates = {}
	for pr in presentations:
		paid = by_invoice.get(pr.sales_invoice, [])
		collected = sum(flt(p.allocated_amount) for p in paid)
		charges = sum(flt(deductions.get(p.name)) / (flt(p.source_exchange_rate) or 1) for p in paid)
		updates[pr.name] = {
			"collected_amount": collected,
			"bank_charges": charges,
			"payment_entry": paid[-1].name if paid else None,
			"collected_on": paid[-1].posting_date if paid else None,
			"status": desk.presentation_status(
				cint(pr.docstatus), pr.bank_answer, pr.applicant_decision, collected
			),
		}
	frappe.db.bulk_update(PRESENTATION, updates)


def checklist_context(doc) -> dict:
	"""What the documents checklist prints besides the rows: the credit's number, the notice's invoice."""
	notice = frappe.db.get_value(
		NOTICE,
		doc.shipment_notice,
		["commercial_invoice_no", "bl_no", "bl_date", "total_amount", "currency"],
		as_dict=True,
	)
	return {"notice": notice or frappe._dict(), "escape": escape_html}
