"""Trade claims: load the shipped lines set-wise, apply the rules, settle in ERPNext (seed 000 §6.6).

A claim's lines point at shipped lines of one submitted Shipment Notice. What was shipped
(item, buyer code, contract, qty, rate, invoice) is read from the notice, never trusted from
the form. Settling books the company's share in ERPNext: a credit note against the shipment
invoice, or a Journal Entry crediting the buyer, linked both ways.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint, flt, get_link_to_form, now_datetime

from foreign_trade_crm.constants.roles import EXPORT_ACCOUNTS_USER
from foreign_trade_crm.rules import claims as rules

SPLIT_FIELDS = {
	rules.CUSTOMER: ("customer_percent", "customer_amount"),
	rules.COMPANY: ("company_percent", "company_amount"),
	rules.THIRD_PARTY: ("third_party_percent", "third_party_amount"),
}


def _throw(problems, title):
	frappe.throw([p.render(_) for p in problems], title=title, as_list=True)


def notice_lines(notice: str) -> dict[str, frappe._dict]:
	"""Shipped lines of a notice by row name, with the notice's invoice (one query)."""
	rows = frappe.db.sql(
		"""
		select sni.name, sni.idx, sni.item_code, sni.item_name, sni.customer_item_code, sni.export_contract,
			ec.buyer_contract_no, sni.qty, sni.uom, sni.rate, sni.amount, sn.sales_invoice, sn.currency
		from `tabShipment Notice Item` sni
		join `tabShipment Notice` sn on sn.name = sni.parent
		left join `tabExport Contract` ec on ec.name = sni.export_contract
		where sni.parent = %s and sni.parenttype = 'Shipment Notice'
		order by sni.idx
		""",
		notice,
		as_dict=True,
	)
	return {r.name: r for r in rows}


def claimed_elsewhere(notice_items: list[str], claim: str | None) -> dict[str, float]:
	"""Qty already claimed per shipped line on other live claims (drafts and submitted, not rejected)."""
	if not notice_items:
		return {}
	rows = frappe.db.sql(
		"""
		select tci.shipment_notice_item, sum(tci.qty)
		from `tabTrade Claim Item` tci
		join `tabTrade Claim` tc on tc.name = tci.parent
		where tci.shipment_notice_item in %(items)s and tc.name != %(claim)s
			and tc.docstatus < 2 and tc.status != %(rejected)s
		group by tci.shipment_notice_item
		""",
		{"items": tuple(notice_items), "claim": claim or "", "rejected": rules.REJECTED},
	)
	return {name: flt(qty) for name, qty in rows}


def validate(doc) -> None:
	"""Lines filled from the notice and checked; totals and the liability split computed."""
	notice = frappe.db.get_value(
		"Shipment Notice", doc.shipment_notice, ["docstatus", "customer", "company", "currency"], as_dict=True
	)
	if not notice or notice.docstatus != 1:
		frappe.throw(
			_("A claim can only be raised against a submitted Shipment Notice; {0} is not").format(
				doc.shipment_notice
			),
			title=_("Shipment not submitted"),
		)
	doc.customer, doc.company, doc.currency = notice.customer, notice.company, notice.currency

	shipped = notice_lines(doc.shipment_notice)
	problems = []
	for row in doc.items:
		line = shipped.get(row.shipment_notice_item)
		if not line:
			frappe.throw(
				_("Row {0}: pick a shipped line of {1} (Get Lines from Shipment)").format(
					row.idx, doc.shipment_notice
				),
				title=_("Not a shipped line"),
			)
		row.item_code, row.item_name, row.customer_item_code = (
			line.item_code,
			line.item_name,
			line.customer_item_code,
		)
		row.export_contract, row.sales_invoice = line.export_contract, line.sales_invoice
		row.shipped_qty, row.uom, row.rate = line.qty, line.uom, line.rate
	elsewhere = claimed_elsewhere([r.shipment_notice_item for r in doc.items], doc.name)
	problems += rules.check_lines(
		[
			rules.ClaimLine(
				r.idx,
				r.item_code,
				r.shipment_notice_item,
				r.qty,
				r.claimed_amount,
				r.shipped_qty,
				elsewhere.get(r.shipment_notice_item, 0),
			)
			for r in doc.items
		]
	)
	reasons = {r.reason for r in doc.items if r.reason}
	if reasons and doc.is_new():
		disabled = frappe.get_all(
			"Claim Reason", filters={"name": ("in", list(reasons)), "disabled": 1}, pluck="name"
		)
		if disabled:
			frappe.throw(_("Claim reason {0} is disabled").format(", ".join(disabled)))
	if problems:
		_throw(problems, _("Trade Claim cannot be saved"))

	precision = doc.precision("claimed_amount")
	doc.claimed_amount = flt(sum(flt(r.claimed_amount) for r in doc.items), precision)
	set_split(doc)


def percents_of(doc) -> dict[str, float]:
	return {party: flt(doc.get(fields[0])) for party, fields in SPLIT_FIELDS.items()}


def set_split(doc) -> None:
	"""Each party's share of the agreed amount, when the split is complete; nothing otherwise."""
	percents = percents_of(doc)
	complete = flt(doc.agreed_amount) > 0 and not rules.check_split(percents)
	amounts = (
		rules.split_amounts(doc.agreed_amount, percents, doc.precision("agreed_amount")) if complete else {}
	)
	for party, (_percent, amount_field) in SPLIT_FIELDS.items():
		doc.set(amount_field, flt(amounts.get(party, 0)))


def before_submit(doc) -> None:
	if doc.status == rules.REJECTED:
		return
	problems = rules.check_agreed(doc.agreed_amount, doc.claimed_amount, doc.precision("agreed_amount"))
	problems += rules.check_split(percents_of(doc))
	if not doc.settlement_method:
		frappe.throw(
			_("Choose how the claim is settled before agreeing it"), title=_("Settlement method missing")
		)
	if problems:
		_throw(problems, _("Trade Claim cannot be agreed"))
	set_split(doc)
	doc.status = rules.AGREED
	doc.agreed_by, doc.agreed_on = frappe.session.user, now_datetime()


# ---------------------------------------------------------------------- actions


def start_review(doc) -> None:
	if doc.docstatus != 0 or doc.status != rules.OPEN:
		frappe.throw(_("Only an open draft claim can be put under review"))
	doc.status = rules.UNDER_REVIEW
	doc.reviewed_by, doc.reviewed_on = frappe.session.user, now_datetime()
	doc.save()


def reject(doc, reason: str) -> None:
	if doc.docstatus != 0:
		frappe.throw(_("Only a draft claim can be rejected"))
	if not (reason or "").strip():
		frappe.throw(_("Give the reason for rejecting the claim"))
	doc.status = rules.REJECTED
	doc.rejected_by, doc.rejected_on, doc.rejection_reason = frappe.session.user, now_datetime(), reason
	doc.agreed_amount = 0
	for percent, _amount in SPLIT_FIELDS.values():
		doc.set(percent, 0)
	doc.submit()


def settle(doc) -> str | None:
	"""Make and submit the ERPNext document for the company's share; the claim becomes Settled.

	Runs in the request's transaction: if ERPNext refuses the document, nothing is kept.
	"""
	if doc.docstatus != 1 or doc.status != rules.AGREED:
		frappe.throw(_("Only an agreed claim can be settled"))
	if not (doc.has_permission("submit") or EXPORT_ACCOUNTS_USER in frappe.get_roles()):
		frappe.throw(_("Not permitted to settle trade claims"), frappe.PermissionError)
	doctype = rules.SETTLEMENT_DOCTYPE.get(doc.settlement_method)
	made = None
	if doctype and flt(doc.company_amount) > 0:
		made = credit_note(doc) if doctype == "Sales Invoice" else journal_entry(doc)
	doc.db_set(
		{
			"status": rules.SETTLED,
			"settled_by": frappe.session.user,
			"settled_on": now_datetime(),
			"settlement_doctype": made.doctype if made else None,
			"settlement_document": made.name if made else None,
		}
	)
	doc.add_comment(
		"Info",
		_("Settled: {0}").format(get_link_to_form(made.doctype, made.name))
		if made
		else _("Settled without an accounting document"),
	)
	return made.name if made else None


def _invoice_of(doc) -> str:
	invoices = {r.sales_invoice for r in doc.items if r.sales_invoice}
	if len(invoices) != 1 or frappe.db.get_value("Sales Invoice", next(iter(invoices)), "docstatus") != 1:
		frappe.throw(
			_(
				"A credit note needs the submitted Sales Invoice of the shipment; {0} has none. "
				"Settle by Refund (a Journal Entry) instead."
			).format(doc.shipment_notice),
			title=_("No shipment invoice"),
		)
	return invoices.pop()


def credit_note(doc):
	"""A return Sales Invoice against the shipment invoice for the company's share, as one line."""
	from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return

	invoice = _invoice_of(doc)
	frappe.has_permission("Sales Invoice", "create", throw=True)
	note = make_sales_return(invoice)
	source = note.items[0]
	account = frappe.db.get_single_value("Foreign Trade Settings", "claim_account") or source.income_account
	note.items = []
	note.taxes = []
	note.taxes_and_charges = None
	note.payment_schedule = []
	note.update_stock = 0
	note.update_outstanding_for_self = 0
	note.trade_claim = doc.name
	note.remarks = _("Trade claim {0}: the company's share").format(doc.name)
	for contract, amount in contract_shares(doc):  # each contract's profit bears its part
		note.append(
			"items",
			{
				"item_name": _("Trade claim {0}").format(doc.name),
				"description": _("Company's share ({0}%) of trade claim {1} on shipment {2}").format(
					flt(doc.company_percent), doc.name, doc.shipment_notice
				),
				"qty": -1,
				"uom": source.uom,
				"conversion_factor": 1,
				"rate": amount,
				"income_account": account,
				"cost_center": source.cost_center,
				"export_contract": contract,
			},
		)
	# make_sales_return copied the whole invoice's totals; ERPNext compares them with the invoice's
	# outstanding before it recomputes them, and on a partly collected invoice it would then book the
	# note standalone (update_outstanding_for_self) and leave the invoice's outstanding untouched
	note.calculate_taxes_and_totals()
	note.insert()
	note.submit()
	return note


def contract_shares(doc, total: float | None = None) -> list[tuple[str | None, float]]:
	"""The company's share of a claim (or ``total``) split over the contracts of its lines, by what each
	line claims, to the cent (``rules.profit.share``: the parts add up to the whole)."""
	from foreign_trade_crm.rules.profit import share

	total = flt(doc.company_amount) if total is None else total
	claimed: dict = {}
	for d in doc.get("items"):
		claimed[d.export_contract or None] = claimed.get(d.export_contract or None, 0) + flt(d.claimed_amount)
	if len(claimed) <= 1 or not sum(claimed.values()):
		return [(next(iter(claimed), None), total)]
	parts = share(total, claimed)
	return [(contract, flt(parts.get(contract, 0))) for contract in sorted(claimed, key=lambda c: c or "")]


def journal_entry(doc):
	"""A Journal Entry: debit the claims account, credit the buyer's receivable (a credit to refund or use later)."""
	from erpnext.accounts.party import get_party_account

	account = frappe.db.get_single_value("Foreign Trade Settings", "claim_account")
	if not account:
		frappe.throw(
			_("Set the Trade Claims Account in Foreign Trade Settings to settle claims by Journal Entry"),
			title=_("Trade Claims Account missing"),
		)
	frappe.has_permission("Journal Entry", "create", throw=True)
	receivable = get_party_account("Customer", doc.customer, doc.company)
	receivable_currency = frappe.get_cached_value("Account", receivable, "account_currency")
	company_currency = frappe.get_cached_value("Company", doc.company, "default_currency")
	rate = (
		1
		if receivable_currency == company_currency
		else flt(frappe.db.get_value("Shipment Notice", doc.shipment_notice, "conversion_rate")) or 1
	)
	amount = flt(doc.company_amount)
	base = flt(amount * rate, 2)
	entry = frappe.get_doc(
		{
			"doctype": "Journal Entry",
			"voucher_type": "Credit Note",
			"company": doc.company,
			"posting_date": frappe.utils.nowdate(),
			"multi_currency": cint(receivable_currency != company_currency),
			"trade_claim": doc.name,
			"user_remark": _("Trade claim {0} ({1}): the company's share").format(
				doc.name, doc.settlement_method
			),
			"accounts": [
				*(
					{
						"account": account,
						"debit_in_account_currency": part,
						"exchange_rate": 1,
						"export_contract": contract,
					}
					for contract, part in contract_shares(doc, base)
				),
				{
					"account": receivable,
					"party_type": "Customer",
					"party": doc.customer,
					"credit_in_account_currency": amount,
					"exchange_rate": rate,
				},
			],
		}
	)
	entry.insert()
	entry.submit()
	return entry


# ---------------------------------------------------------------------- analysis


def _conditions(filters: dict, by_filter: dict[str, str]) -> tuple[list[str], dict]:
	"""The parameterised conditions of the filters that are set, and their values."""
	given = [key for key in by_filter if filters.get(key)]
	return [by_filter[key] for key in given], {key: filters[key] for key in given}


def analysis_rows(filters: dict) -> list[frappe._dict]:
	"""Every live claim line in the period with its claim's agreed amount and company share shared out
	in proportion to the line's claimed amount, in company currency (one query)."""
	conditions, values = _conditions(
		filters,
		{
			"company": "tc.company = %(company)s",
			"from_date": "tc.claim_date >= %(from_date)s",
			"to_date": "tc.claim_date <= %(to_date)s",
			"customer": "tc.customer = %(customer)s",
			"item_code": "tci.item_code = %(item_code)s",
			"reason": "tci.reason = %(reason)s",
		},
	)
	conditions += ["tc.docstatus < 2", "tc.status != %(rejected)s"]
	values["rejected"] = rules.REJECTED
	return frappe.db.sql(
		f"""
		select tc.name as claim, tc.customer, tc.claim_date, tc.status, tci.item_code, tci.item_name,
			tci.reason, tci.sales_invoice, tci.qty,
			tci.claimed_amount * sn.conversion_rate as claimed,
			case when tc.claimed_amount = 0 then 0
				else tc.agreed_amount * tci.claimed_amount / tc.claimed_amount * sn.conversion_rate end as agreed,
			case when tc.claimed_amount = 0 then 0
				else tc.company_amount * tci.claimed_amount / tc.claimed_amount * sn.conversion_rate end
				as company_share
		from `tabTrade Claim Item` tci
		join `tabTrade Claim` tc on tc.name = tci.parent
		join `tabShipment Notice` sn on sn.name = tc.shipment_notice
		where {" and ".join(conditions)}
		""",
		values,
		as_dict=True,
	)


def shipped_amounts(filters: dict, by: str) -> dict[str, float]:
	"""Shipped amount (company currency) per customer or item on notices posted in the period (one query)."""
	column = {"customer": "sn.customer", "item_code": "sni.item_code"}[by]
	conditions, values = _conditions(
		filters,
		{
			"company": "sn.company = %(company)s",
			"from_date": "sn.posting_date >= %(from_date)s",
			"to_date": "sn.posting_date <= %(to_date)s",
			"customer": "sn.customer = %(customer)s",
			"item_code": "sni.item_code = %(item_code)s",
		},
	)
	conditions.append("sn.docstatus = 1")
	rows = frappe.db.sql(
		f"""
		select {column}, sum(sni.amount * sn.conversion_rate)
		from `tabShipment Notice Item` sni
		join `tabShipment Notice` sn on sn.name = sni.parent
		where {" and ".join(conditions)}
		group by {column}
		""",
		values,
	)
	return {key: flt(amount) for key, amount in rows}
