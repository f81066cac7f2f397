"""Export Contract: defaults, totals, customer item codes, countersign and close, mappers."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.mapper import get_mapped_doc
from frappe.query_builder.functions import Sum
from frappe.utils import cint, flt, getdate, nowdate

from foreign_trade_crm.constants.roles import EXPORT_SALES_MANAGER
from foreign_trade_crm.rules import shipment as rules
from foreign_trade_crm.rules.dates import countersign_due_date
from foreign_trade_crm.services.shipment import currency_precision, update_contracts


def customer_item_codes(customer: str, item_codes: list[str]) -> dict[str, str]:
	"""The buyer's codes for our items, from ERPNext's Item → Customer Items (one query)."""
	item_codes = sorted({i for i in item_codes if i})
	if not customer or not item_codes:
		return {}
	icd = frappe.qb.DocType("Item Customer Detail")
	rows = (
		frappe.qb.from_(icd)
		.select(icd.parent, icd.ref_code)
		.where((icd.customer_name == customer) & (icd.parent.isin(item_codes)) & (icd.parenttype == "Item"))
		.run()
	)
	return {item: code for item, code in rows if code}


def set_defaults(doc) -> None:
	"""What a contract takes from its customer and its items when it does not say (as ERPNext's Sales Order
	does): currency, exchange rate, price list, payment terms and sales person from the customer; item name,
	UOM, the buyer's code and, where the line has none, the rate from the price list. The form fills the
	same as the user types (``customer_defaults``, ``item_defaults``); this keeps imports and the API in
	line."""
	settings = frappe.get_cached_doc("Foreign Trade Settings")
	if doc.is_new() and doc.tolerance_percent is None:
		doc.tolerance_percent = flt(settings.default_tolerance_percent)
	if not doc.countersign_due_date and doc.contract_date:
		doc.countersign_due_date = countersign_due_date(
			getdate(doc.contract_date), cint(settings.countersign_days)
		)
	if doc.customer and doc.company:
		# Frappe fills a new document's currency and price list with the site's defaults and the rate with
		# 1: as good as not given, so the buyer's are taken
		typed_currency = doc.currency
		if (
			doc.is_new()
			and flt(doc.conversion_rate) in (0, 1)
			and typed_currency == frappe.db.get_default("currency")
		):
			typed_currency = doc.currency = None
		if doc.is_new() and doc.selling_price_list == frappe.db.get_default("selling_price_list"):
			doc.selling_price_list = None
		party = customer_defaults_of(doc.customer, doc.company, doc.contract_date, typed_currency)
		# a price list in another currency cannot price the contract
		currency = typed_currency or party.currency
		if (
			doc.selling_price_list
			and frappe.db.get_value("Price List", doc.selling_price_list, "currency") != currency
		):
			doc.selling_price_list = None
		for field in ("currency", "selling_price_list", "payment_terms_template", "sales_person"):
			if not doc.get(field) and party.get(field):
				doc.set(field, party[field])
		# the rate goes with the currency: taken with it, or when none was given
		if not typed_currency or not flt(doc.conversion_rate):
			doc.conversion_rate = party.conversion_rate
	if not doc.conversion_rate:
		doc.conversion_rate = 1.0
	check_exchange_rate(doc)

	items = items_of(doc.customer, [d.item_code for d in doc.items], doc.selling_price_list, doc.currency)
	for d in doc.items:
		found = items.get(d.item_code)
		if not found:
			continue
		for field in ("item_name", "uom", "customer_item_code"):
			if not d.get(field) and found.get(field):
				d.set(field, found[field])
		if not flt(d.get("rate")) and found.rate is not None and doc.docstatus == 0:
			d.rate = found.rate
	for d in doc.items:
		if not d.override_tolerance:
			d.tolerance_percent = flt(doc.tolerance_percent)


def check_exchange_rate(doc) -> None:
	"""A foreign currency at rate 1 is a mistake more often than a fact: refused unless the user confirmed
	it (the form asks), when the currency or the rate is set or changed."""
	company_currency = (
		frappe.get_cached_value("Company", doc.company, "default_currency") if doc.company else None
	)
	if not doc.currency or doc.currency == company_currency or flt(doc.conversion_rate) != 1:
		return
	changed = doc.is_new() or doc.has_value_changed("conversion_rate") or doc.has_value_changed("currency")
	if changed and not doc.get("confirm_exchange_rate_one"):
		frappe.throw(
			_("The exchange rate of {0} to {1} is 1. Set the rate, or confirm that it is 1.").format(
				doc.currency, company_currency
			),
			title=_("Exchange rate 1"),
		)


def customer_defaults_of(
	customer: str | None, company: str, date=None, currency: str | None = None
) -> frappe._dict:
	"""A customer's currency (or ``currency``), the exchange rate to the company's on ``date``, price list,
	payment terms and sales person."""
	from erpnext.setup.utils import get_exchange_rate

	from foreign_trade_crm.services.sales_people import first_sales_persons

	row = (
		customer
		and frappe.db.get_value(
			"Customer", customer, ["default_currency", "default_price_list", "payment_terms"], as_dict=True
		)
	) or frappe._dict()
	company_currency = frappe.get_cached_value("Company", company, "default_currency")
	currency = currency or row.default_currency or company_currency
	price_list = row.default_price_list or frappe.db.get_single_value(
		"Selling Settings", "selling_price_list"
	)
	if price_list and frappe.db.get_value("Price List", price_list, "currency") != currency:
		# a price list in the contract's currency, else none (its rates would be in another currency)
		price_list = frappe.db.get_value(
			"Price List", {"selling": 1, "enabled": 1, "currency": currency}, "name"
		)
	rate = 1.0
	if currency != company_currency:
		rate = (
			flt(get_exchange_rate(currency, company_currency, getdate(date or nowdate()), "for_selling"))
			or 0.0
		)
	return frappe._dict(
		currency=currency,
		conversion_rate=rate,
		selling_price_list=price_list,
		payment_terms_template=row.payment_terms,
		sales_person=first_sales_persons([customer]).get(customer) if customer else None,
	)


def items_of(customer: str | None, item_codes: list, price_list: str | None, currency: str | None) -> dict:
	"""Item code → its name, sales UOM (else stock UOM), the buyer's code and its rate in ``price_list``
	(the customer's own price first, the latest valid one): three queries for all lines."""
	codes = sorted({c for c in item_codes if c})
	if not codes:
		return {}
	found = {
		r.name: frappe._dict(
			item_name=r.item_name, uom=r.sales_uom or r.stock_uom, rate=None, customer_item_code=None
		)
		for r in frappe.get_all(
			"Item", filters={"name": ("in", codes)}, fields=["name", "item_name", "sales_uom", "stock_uom"]
		)
	}
	for item, code in customer_item_codes(customer, codes).items():
		found[item].customer_item_code = code
	if price_list and currency and frappe.db.get_value("Price List", price_list, "currency") == currency:
		prices = frappe.db.sql(
			"""select item_code, price_list_rate, ifnull(customer, '') = %(customer)s as own from `tabItem Price`
			where price_list = %(price_list)s and item_code in %(codes)s
				and (ifnull(customer, '') = '' or customer = %(customer)s)
				and ifnull(valid_from, '2000-01-01') <= %(today)s
				and (valid_upto is null or valid_upto >= %(today)s)
			order by own, valid_from""",
			{"price_list": price_list, "codes": tuple(codes), "customer": customer or "", "today": nowdate()},
		)
		for item, rate, _own in prices:  # the customer's own and the latest last, so they win
			if item in found:
				found[item].rate = flt(rate)
	return found


@frappe.whitelist()
def customer_defaults(
	company: str,
	customer: str | None = None,
	contract_date: str | None = None,
	currency: str | None = None,
) -> dict:
	"""For the form: what a new contract takes from its customer; with no customer yet, the exchange rate
	of ``currency`` (a new form's currency is set before anything else)."""
	frappe.has_permission("Export Contract", "write", throw=True)
	if customer:
		frappe.has_permission("Customer", "read", customer, throw=True)
	return customer_defaults_of(customer, company, contract_date, currency)


@frappe.whitelist()
def submit_fields() -> list[str]:
	"""The trade terms a contract must name before it is submitted (``rules.REQUIRED_TERMS``), for a new
	form to mark them (a saved contract has them in its onload)."""
	frappe.has_permission("Export Contract", "read", throw=True)
	return [field for field, _label in rules.REQUIRED_TERMS]


@frappe.whitelist()
def item_defaults(
	item_code: str, customer: str | None = None, price_list: str | None = None, currency: str | None = None
) -> dict:
	"""For the form: what a new line takes from its item, the buyer and the price list."""
	frappe.has_permission("Export Contract", "write", throw=True)
	if customer:
		frappe.has_permission("Customer", "read", customer, throw=True)
	return items_of(customer, [item_code], price_list, currency).get(item_code) or {}


def validate(doc) -> None:
	if doc.docstatus == 1 and (missing := rules.missing_terms(doc.as_dict())):
		frappe.throw(
			_("Before the contract is submitted, fill in: {0}").format(
				", ".join(_(label) for label in missing)
			),
			title=_("Trade terms missing"),
		)
	if flt(doc.tolerance_percent) < 0 or flt(doc.tolerance_percent) > 100:
		frappe.throw(_("More-or-less tolerance must be between 0 and 100 per cent"))
	for d in doc.items:
		if flt(d.qty) <= 0:
			frappe.throw(_("Row {0}: quantity must be greater than zero").format(d.idx))
		if flt(d.rate) < 0:
			frappe.throw(_("Row {0}: rate cannot be negative").format(d.idx))
		if flt(d.tolerance_percent) < 0 or flt(d.tolerance_percent) > 100:
			frappe.throw(_("Row {0}: tolerance must be between 0 and 100 per cent").format(d.idx))
	set_totals(doc)


def set_totals(doc) -> None:
	"""Amounts and the figures of a contract nothing has shipped against yet (draft or just submitted)."""
	precision = currency_precision()
	lines = []
	for d in doc.items:
		d.amount = flt(flt(d.qty) * flt(d.rate), precision)
		lines.append(
			rules.ContractLine(
				name=d.name or str(d.idx),
				contract=doc.name,
				item_code=d.item_code,
				qty=flt(d.qty),
				rate=flt(d.rate),
				tolerance_percent=flt(d.tolerance_percent),
			)
		)
	figures = rules.contract_figures(lines, {}, currency_precision=precision)
	for d, cl in zip(doc.items, lines, strict=True):
		f = figures.lines[cl.name]
		# kept by the purchasing service; a form or an API call that leaves them out sends them as none,
		# which the timeline would show as a change from 0 to nothing
		d.ordered_qty, d.received_qty = flt(d.get("ordered_qty")), flt(d.get("received_qty"))
		d.shipped_qty, d.shipped_amount = 0, 0
		d.pending_qty, d.pending_amount = flt(f.pending_qty), flt(f.pending_amount)
		d.delivery_status = f.delivery_status
	doc.total_qty = flt(figures.total_qty)
	doc.total_amount = flt(figures.total_amount, precision)
	doc.base_total_amount = flt(doc.total_amount * flt(doc.conversion_rate), precision)
	doc.shipped_amount = 0
	doc.pending_amount = flt(figures.pending_amount)
	doc.per_shipped = 0
	doc.delivery_status = figures.delivery_status
	doc.status = rules.contract_status(doc.docstatus, bool(doc.is_countersigned), figures.delivery_status)


def attach_signed_copy(doc, file_url: str) -> str:
	"""The file the user just uploaded (theirs, attached to nothing yet) becomes the contract's private
	attachment. A file of another user or already attached elsewhere is refused."""
	name = frappe.db.get_value(
		"File",
		{"file_url": file_url, "owner": frappe.session.user, "attached_to_name": ("is", "not set")},
		"name",
		order_by="creation desc",
	)
	if not name:
		frappe.throw(_("The signed copy was not found among your uploads; attach it again"))
	file = frappe.get_doc("File", name)
	# uploaded to nothing, it passed no gate (``files.file_before_insert`` judges uploads to the app's
	# documents): judged by its bytes now, before it becomes the contract's
	from foreign_trade_crm.services.files import ATTACHMENTS, check_upload, upload_limit

	if file.is_remote_file:
		frappe.throw(_("The signed copy must be uploaded, not linked"))
	with open(file.get_full_path(), "rb") as f:
		content = f.read(upload_limit() + 1)  # bytes, as stored; one more than allowed is enough to refuse
	check_upload(file.file_name or "", content, ATTACHMENTS)
	file.update({"attached_to_doctype": doc.doctype, "attached_to_name": doc.name, "is_private": 1})
	file.save()
	return file.name


# ---------------------------------------------------------------- quotation


def _contracted_qty(quotation: str, exclude: str | None = None) -> dict[str, float]:
	"""Qty of each line of ``quotation`` that Export Contracts not cancelled hold (one query)."""
	ec, eci = frappe.qb.DocType("Export Contract"), frappe.qb.DocType("Export Contract Item")
	query = (
		frappe.qb.from_(eci)
		.join(ec)
		.on(ec.name == eci.parent)
		.select(eci.quotation_item, Sum(eci.qty))
		.where((ec.quotation == quotation) & (ec.docstatus < 2) & (eci.quotation_item.isnotnull()))
		.groupby(eci.quotation_item)
	)
	if exclude:
		query = query.where(ec.name != exclude)
	return {line: flt(qty) for line, qty in query.run()}


def quotation_balance(quotation) -> dict[str, float]:
	"""What is left to contract of each line of a Quotation document."""
	quoted = {d.name: flt(d.qty) for d in quotation.items if not d.get("is_alternative")}
	return {k: flt(v) for k, v in rules.quotation_balance(quoted, _contracted_qty(quotation.name)).items()}


def contracts_of_quotation(quotation: str) -> list[str]:
	return frappe.get_all(
		"Export Contract",
		filters={"quotation": quotation, "docstatus": ("<", 2)},
		pluck="name",
		order_by="name",
	)


def update_quotation_status(doc) -> None:
	"""Export Contract submitted or cancelled: its quotation is Ordered, Partially Ordered or Open again,
	counted on submitted contracts, as ERPNext counts Sales Orders."""
	if not doc.quotation or frappe.db.get_value("Quotation", doc.quotation, "docstatus") != 1:
		return
	quoted = dict(
		frappe.get_all(
			"Quotation Item",
			filters={"parent": doc.quotation, "parenttype": "Quotation", "is_alternative": 0},
			fields=["name", "qty"],
			as_list=True,
		)
	)
	ec, eci = frappe.qb.DocType("Export Contract"), frappe.qb.DocType("Export Contract Item")
	submitted = dict(
		frappe.qb.from_(eci)
		.join(ec)
		.on(ec.name == eci.parent)
		.select(eci.quotation_item, Sum(eci.qty))
		.where((ec.quotation == doc.quotation) & (ec.docstatus == 1) & (eci.quotation_item.isnotnull()))
		.groupby(eci.quotation_item)
		.run()
	)
	status = rules.quotation_status(quoted, submitted)
	if frappe.db.get_value("Quotation", doc.quotation, "status") in ("Lost", "Expired") and status == "Open":
		return
	frappe.db.set_value("Quotation", doc.quotation, "status", status, update_modified=False)


def warn_over_quotation(doc) -> None:
	"""A contract line above what is left of its quotation line is allowed (the buyer may order more than
	was quoted) but said, once, on save."""
	if not doc.quotation or doc.docstatus != 0:
		return
	lines = [d for d in doc.items if d.quotation_item]
	if not lines:
		return
	quoted = dict(
		frappe.get_all(
			"Quotation Item",
			filters={"name": ("in", [d.quotation_item for d in lines])},
			fields=["name", "qty"],
			as_list=True,
		)
	)
	balance = rules.quotation_balance(quoted, _contracted_qty(doc.quotation, exclude=doc.name))
	over = [d for d in lines if d.quotation_item in balance and flt(d.qty) > flt(balance[d.quotation_item])]
	if over:
		frappe.msgprint(
			"<br>".join(
				_("Row {0}: {1} {2} of {3}, but only {4} of the quotation's line is left to contract").format(
					d.idx, flt(d.qty), d.uom or "", d.item_code, flt(balance[d.quotation_item])
				)
				for d in over
			),
			title=_("More than quoted"),
			indicator="orange",
		)


# ---------------------------------------------------------------- actions


def require_manager(message: str) -> None:
	if not {EXPORT_SALES_MANAGER, "System Manager"} & set(frappe.get_roles()):
		frappe.throw(message, frappe.PermissionError)


@frappe.whitelist()
def countersign(
	contract: str,
	countersigned_on: str | None = None,
	countersigned_by: str | None = None,
	signed_copy: str | None = None,
):
	"""Record that the buyer has signed the contract back, with the signed copy the user uploaded in the
	same dialog (``signed_copy``: the file's URL) attached to the contract."""
	frappe.get_doc("Export Contract", contract).check_permission("write")
	by = (countersigned_by or "").strip() or None
	on = getdate(countersigned_on or nowdate())
	recorded = record_countersign(
		contract,
		on,
		by,
		comment=_("Countersigned by the buyer on {0}{1}").format(
			frappe.format(on, "Date"), f" ({by})" if by else ""
		),
		signed_copy=signed_copy,
	)
	if recorded["already"]:
		frappe.throw(
			_("Export Contract {0} was countersigned on {1}").format(contract, recorded["countersigned_on"])
		)
	return frappe.db.get_value("Export Contract", contract, "status")


def locked_state(contract: str) -> frappe._dict:
	"""Lock the contract and read its state as committed now (a locking read: a plain read in this
	transaction could still see the state from before another user's cancel, close or countersign)."""
	state = frappe.db.sql(
		"""select docstatus, status, is_countersigned, countersigned_on, contract_date
		from `tabExport Contract` where name = %s for update""",
		contract,
		as_dict=True,
	)
	if not state:
		raise frappe.DoesNotExistError(_("{0} {1} not found").format(_("Export Contract"), contract))
	return state[0]


def record_countersign(
	contract: str, on, by: str | None, comment: str, signed_copy: str | None = None
) -> dict:
	"""The one way a countersign is written, from the desk or the portal (the caller has checked who may).

	The contract is locked first and its state read again with a locking read, so a countersign never
	lands on a contract cancelled or closed a moment before, and two countersigns at once record one:
	the second finds it done (``already``) and writes nothing. Status follows from the rules."""
	state = locked_state(contract)
	on = getdate(on)
	refusal = rules.countersign_refusal(
		state.docstatus,
		state.status,
		bool(state.is_countersigned),
		on,
		getdate(state.contract_date) if state.contract_date else None,
	)
	if refusal == rules.ALREADY_COUNTERSIGNED:
		return {"countersigned_on": str(state.countersigned_on), "already": True}
	if refusal == rules.NOT_SUBMITTED:
		frappe.throw(_("Submit Export Contract {0} before recording its countersign").format(contract))
	if refusal == rules.NO_LONGER_OPEN:
		frappe.throw(
			_("Export Contract {0} is {1} and cannot be countersigned").format(contract, _(state.status))
		)
	if refusal == rules.BEFORE_CONTRACT_DATE:
		frappe.throw(
			_("The countersign date cannot be before the contract date {0}").format(
				frappe.format(state.contract_date, "Date")
			)
		)
	doc = frappe.get_doc("Export Contract", contract)
	if signed_copy:
		attach_signed_copy(doc, signed_copy)
	doc.db_set(
		{
			"is_countersigned": 1,
			"countersigned_on": on,
			"countersigned_by": by,
			"countersign_recorded_by": frappe.session.user,
		}
	)
	update_contracts([contract])
	doc.add_comment("Info", comment)
	return {"countersigned_on": str(on), "already": False}


@frappe.whitelist()
def close(contract: str, reason: str):
	"""Close a contract whose remainder will not ship (manager only, with a reason)."""
	doc = frappe.get_doc("Export Contract", contract)
	doc.check_permission("write")
	require_manager(_("Only an Export Sales Manager may close a contract"))
	if not (reason or "").strip():
		frappe.throw(_("Give the reason for closing the contract"))
	state = locked_state(doc.name)
	if state.docstatus != 1 or state.status in (rules.CLOSED, rules.FULLY_SHIPPED):
		frappe.throw(_("Export Contract {0} is {1} and cannot be closed").format(doc.name, _(state.status)))
	doc.db_set(
		{
			"status": rules.CLOSED,
			"close_reason": reason.strip(),
			"closed_by": frappe.session.user,
			"closed_on": nowdate(),
		}
	)
	doc.add_comment("Info", _("Closed: {0}").format(reason.strip()))
	return rules.CLOSED


@frappe.whitelist()
def reopen(contract: str):
	doc = frappe.get_doc("Export Contract", contract)
	doc.check_permission("write")
	require_manager(_("Only an Export Sales Manager may reopen a contract"))
	if locked_state(doc.name).status != rules.CLOSED:
		frappe.throw(_("Export Contract {0} is not closed").format(doc.name))
	doc.db_set({"status": rules.TO_SHIP, "close_reason": None, "closed_by": None, "closed_on": None})
	update_contracts([doc.name])
	doc.add_comment("Info", _("Reopened"))
	return frappe.db.get_value("Export Contract", doc.name, "status")


# ---------------------------------------------------------------- mappers


def countersign_policy() -> str:
	return (
		frappe.db.get_single_value("Foreign Trade Settings", "countersign_policy") or rules.COUNTERSIGN_BLOCK
	)


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def contracts_to_ship(doctype, txt, searchfield, start, page_len, filters, as_dict=False):
	"""Get Items From → Export Contract on a Shipment Notice: the customer's contracts a notice may take
	lines of (``rules.open_for_notice``), in the notice's currency, with their status and what is still to
	ship; the user's own permissions (sales isolation included) apply."""
	filters = dict(filters or {})
	conditions = {
		"docstatus": 1,
		"status": ("in", rules.OPEN_FOR_SHIPMENT),
		**{
			k: v
			for k, v in filters.items()
			if k in ("customer", "currency", "buyer_contract_no", "contract_date")
		},
	}
	if countersign_policy() != rules.COUNTERSIGN_WARN:
		conditions["is_countersigned"] = 1
	rows = frappe.get_list(
		"Export Contract",
		filters=conditions,
		or_filters={"name": ("like", f"%{txt}%"), "buyer_contract_no": ("like", f"%{txt}%")} if txt else None,
		fields=[
			"name",
			"buyer_contract_no",
			"contract_date",
			"status",
			"currency",
			"pending_amount",
			"per_shipped",
		],
		order_by="contract_date desc, name desc",
		start=start,
		page_length=page_len,
	)
	for row in rows:
		row.status = _(row.status)
		row.pending_amount = frappe.utils.fmt_money(row.pending_amount, currency=row.currency)
		row.contract_date = frappe.format(row.contract_date, "Date")
		row.per_shipped = f"{flt(row.per_shipped):.0f}%"
	if as_dict:
		return rows
	return [tuple(row.values()) for row in rows]


@frappe.whitelist()
def make_shipment_notice(source_name: str, target_doc=None):
	"""Shipment Notice lines for what is still to ship of one contract (Get Items From / Create)."""
	frappe.has_permission("Shipment Notice", "create", throw=True)
	source = frappe.get_doc("Export Contract", source_name)
	source.check_permission("read")
	if source.docstatus != 1 or source.status not in rules.OPEN_FOR_SHIPMENT:
		frappe.throw(_("Export Contract {0} is {1}: nothing to ship").format(source.name, _(source.status)))
	if not rules.open_for_notice(source.status, bool(source.is_countersigned), countersign_policy()):
		frappe.throw(
			_("Export Contract {0} has not been countersigned by the buyer: it cannot be shipped yet").format(
				source.name
			)
		)

	def set_missing(source, target):
		target.customer = target.customer or source.customer
		target.currency = target.currency or source.currency
		target.conversion_rate = target.conversion_rate or source.conversion_rate
		target.payment_terms_template = target.payment_terms_template or source.payment_terms_template
		target.port_of_loading = target.port_of_loading or source.port_of_loading
		target.port_of_destination = target.port_of_destination or source.port_of_destination
		# the contract's own totals were mapped onto the notice (same field names): the notice's are
		# those of all its lines, from every contract picked so far
		target.set_totals()

	def update_item(source_line, target_line, source_parent):
		target_line.qty = source_line.pending_qty
		target_line.amount = flt(flt(target_line.qty) * flt(target_line.rate), currency_precision())

	return get_mapped_doc(
		"Export Contract",
		source_name,
		{
			"Export Contract": {
				"doctype": "Shipment Notice",
				"field_no_map": ["naming_series", "posting_date", "status", "amended_from"],
				"validation": {"docstatus": ["=", 1]},
			},
			"Export Contract Item": {
				"doctype": "Shipment Notice Item",
				"field_map": {"parent": "export_contract", "name": "contract_item", "rate": "contract_rate"},
				"field_no_map": ["delivery_status"],
				"postprocess": update_item,
				"condition": lambda d: flt(d.pending_qty) > 0,
			},
		},
		target_doc,
		set_missing,
	)
