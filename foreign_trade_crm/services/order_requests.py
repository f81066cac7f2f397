"""Order requests from buyers (seed 004): from the portal form to an ERPNext Quotation for the sales person.

A buyer asks for lines by their own item code (ERPNext Item → Customer Items), by our item,
or in free text. The request is stored as an Order Request; its catalogue lines become a
draft Quotation for that customer (with the buyer's codes on the lines), its free-text lines
an Opportunity; both are assigned to the customer's sales person with a notification. The
request follows its Quotation: Requested → Quoted (submitted) → Contracted (an Export
Contract made from it and submitted).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_days, cint, flt, getdate, nowdate

REQUESTED, QUOTED, CONTRACTED = "Requested", "Quoted", "Contracted"


def resolve_lines(customer: str, lines: list[dict]) -> list[dict]:
	"""Each asked-for line with our item found: by the buyer's code for this customer, else by our item
	code or name; a line we cannot match stays free text (item_code None). Two queries."""
	from foreign_trade_crm.rules.text import LONG, PLAIN
	from foreign_trade_crm.services.text import accept

	for line in lines:  # the buyer's words: refused when they are not plain text (services/text.py)
		for field, label in (
			("customer_item_code", "Your Item Code"),
			("item_code", "Item"),
			("item_name", "Item Name"),
		):
			line[field] = accept(line.get(field), PLAIN, label)
		line["description"] = accept(line.get("description"), LONG, _("Description"), 2000)
		line["note"] = accept(line.get("note"), LONG, _("Note"), 2000)
	codes = {(line.get("customer_item_code") or "").strip() for line in lines} - {""}
	by_code = dict(
		frappe.db.sql(
			"""
			select icd.ref_code, icd.parent from `tabItem Customer Detail` icd
			join `tabItem` i on i.name = icd.parent
			where icd.customer_name = %(customer)s and icd.ref_code in %(codes)s
				and i.disabled = 0 and i.is_sales_item = 1
			""",
			{"customer": customer, "codes": tuple(codes) or ("",)},
		)
	)
	wanted = {(line.get("item_code") or "").strip() for line in lines} - {""}
	sellable = {
		r.name: r
		for r in frappe.get_all(
			"Item",
			filters={"name": ("in", list(wanted) or [""]), "disabled": 0, "is_sales_item": 1},
			fields=["name", "item_name", "stock_uom"],
		)
	}
	out = []
	for idx, line in enumerate(lines, 1):
		qty = flt(line.get("qty"))
		if qty <= 0:
			frappe.throw(_("Line {0}: the quantity must be more than zero").format(idx))
		code = (line.get("customer_item_code") or "").strip()
		item = by_code.get(code) or (line.get("item_code") or "").strip() or None
		if item and item not in sellable and item not in by_code.values():
			frappe.throw(_("Line {0}: {1} is not an item we sell").format(idx, item))
		text = (line.get("item_name") or line.get("description") or "").strip()
		if not item and not text and not code:
			frappe.throw(_("Line {0}: give your item code, our item or a description").format(idx))
		out.append(
			{
				"customer_item_code": code or None,
				"item_code": item,
				"item_name": (sellable[item].item_name if item in sellable else None) or text or code,
				"description": line.get("description"),
				"qty": qty,
				"uom": sellable[item].stock_uom if item in sellable else None,
				"note": line.get("note"),
			}
		)
	return out


def create_request(customer: str, lines: list[dict], request_key: str | None = None, **header) -> str:
	"""The Order Request, its draft Quotation and/or Opportunity, assigned to the sales person.

	The caller has checked that the session user is a buyer of ``customer``. The same
	``request_key`` twice gives the first request back and creates nothing.
	"""
	if request_key:
		existing = frappe.db.get_value("Order Request", {"request_key": request_key, "customer": customer})
		if existing:
			return existing
	resolved = resolve_lines(customer, lines)
	if not resolved:
		frappe.throw(_("Add at least one line to the request"))
	buyer = buyer_contact(frappe.session.user)
	request = frappe.get_doc(
		{
			"doctype": "Order Request",
			"customer": customer,
			"requested_by": frappe.session.user,
			"request_key": request_key,
			"status": REQUESTED,
			"wanted_shipment_date": header.get("wanted_shipment_date") or None,
			"incoterm": header.get("incoterm")
			if frappe.db.exists("Incoterm", header.get("incoterm") or "")
			else None,
			"named_place": header.get("named_place"),
			"note": header.get("note"),
			"contact_email": header.get("contact_email") or buyer.email,
			"contact_phone": header.get("contact_phone") or buyer.phone,
			"items": resolved,
		}
	)
	request.insert(ignore_permissions=True)
	catalogue = [r for r in request.items if r.item_code]
	free_text = [r for r in request.items if not r.item_code]
	user = sales_person_user(customer)
	if catalogue:
		quotation = make_quotation(request, catalogue)
		request.db_set("quotation", quotation)
		assign("Quotation", quotation, user, request)
	if free_text:
		opportunity = make_opportunity(request, free_text)
		request.db_set("opportunity", opportunity)
		assign("Opportunity", opportunity, user, request)
	request.db_set("assigned_to", user)
	return request.name


def buyer_contact(user: str) -> frappe._dict:
	"""The requesting user's e-mail and phone: their Contact's (mobile first), else the user's (one query)."""
	row = frappe.db.sql(
		"""
		select coalesce(nullif(c.email_id, ''), u.email) as email,
			coalesce(nullif(c.mobile_no, ''), nullif(c.phone, ''), nullif(u.mobile_no, ''), u.phone) as phone
		from `tabUser` u left join `tabContact` c on c.user = u.name
		where u.name = %s order by c.is_primary_contact desc limit 1
		""",
		user,
		as_dict=True,
	)
	return row[0] if row else frappe._dict(email=None, phone=None)


def _company(customer: str) -> str:
	"""The company the customer trades with: that of its latest contract, else the default company."""
	latest = frappe.get_all(
		"Export Contract",
		filters={"customer": customer, "docstatus": 1},
		pluck="company",
		order_by="creation desc",
		limit_page_length=1,
	)
	return (latest and latest[0]) or frappe.defaults.get_global_default("company")


def make_quotation(request, lines) -> str:
	customer = frappe.get_cached_value(
		"Customer", request.customer, ["default_currency", "default_price_list"], as_dict=True
	)
	quotation = frappe.get_doc(
		{
			"doctype": "Quotation",
			"quotation_to": "Customer",
			"party_name": request.customer,
			"company": _company(request.customer),
			"transaction_date": nowdate(),
			"valid_till": add_days(nowdate(), 30),
			"currency": customer.default_currency,
			"selling_price_list": customer.default_price_list,
			"incoterm": request.incoterm,
			"named_place": request.named_place,
			"items": [
				{
					"item_code": line.item_code,
					"customer_item_code": line.customer_item_code,
					"qty": line.qty,
					"uom": line.uom,
					"delivery_date": request.wanted_shipment_date,
				}
				for line in lines
			],
		}
	)
	quotation.flags.ignore_mandatory = True  # a draft for the sales person to price and complete
	quotation.insert(ignore_permissions=True)
	quotation.add_comment("Info", _("Requested by the buyer in order request {0}").format(request.name))
	return quotation.name


def make_opportunity(request, lines) -> str:
	opportunity = frappe.get_doc(
		{
			"doctype": "Opportunity",
			"opportunity_from": "Customer",
			"party_name": request.customer,
			"company": _company(request.customer),
			"transaction_date": nowdate(),
			"status": "Open",
			"items": [
				{
					"item_name": line.item_name,
					"description": line.description or line.item_name,
					"qty": line.qty,
					"rate": 0,
				}
				for line in lines
			],
		}
	)
	opportunity.flags.ignore_mandatory = True
	opportunity.insert(ignore_permissions=True)
	opportunity.add_comment(
		"Info",
		_("Items the buyer asked for in order request {0} that are not in our catalogue").format(
			request.name
		),
	)
	return opportunity.name


def sales_person_user(customer: str) -> str | None:
	"""The user of the customer's first sales person, else its account manager (one query)."""
	found = frappe.db.sql(
		"""
		select e.user_id from `tabSales Team` st
		join `tabSales Person` sp on sp.name = st.sales_person
		join `tabEmployee` e on e.name = sp.employee
		join `tabUser` u on u.name = e.user_id and u.enabled = 1
		where st.parenttype = 'Customer' and st.parent = %s
		order by st.idx limit 1
		""",
		customer,
	)
	return found[0][0] if found else frappe.db.get_value("Customer", customer, "account_manager")


def assign(doctype: str, name: str, user: str | None, request) -> None:
	"""To the sales person with a notification; with nobody, to the Export Sales Managers."""
	from frappe.desk.form.assign_to import add

	from foreign_trade_crm.services.feedback import manager_queue

	users = [user] if user else manager_queue()
	for u in users:
		# the buyer may not share documents; the system shares them with the assignee where needed
		if not frappe.has_permission(doctype, "read", doc=name, user=u):
			frappe.share.add_docshare(doctype, name, u, flags={"ignore_share_permission": 1})
	if users:
		add(
			{
				"assign_to": users,
				"doctype": doctype,
				"name": name,
				"description": _("Order request {0} from {1}").format(request.name, request.customer_name),
				"notify": 1,
			},
			ignore_permissions=True,
		)


# ---------------------------------------------------------------------- status from ERPNext


def quotation_submitted(doc, method=None):
	"""Quotation on_submit: its order request is Quoted."""
	frappe.db.set_value(
		"Order Request", {"quotation": doc.name, "status": REQUESTED}, "status", QUOTED, update_modified=False
	)
	rerank()


def quotation_cancelled(doc, method=None):
	frappe.db.set_value(
		"Order Request", {"quotation": doc.name, "status": QUOTED}, "status", REQUESTED, update_modified=False
	)
	rerank()


def rerank() -> None:
	"""Open requests are ranked again once a request is quoted, or back to open (services/order_review.py)."""
	from foreign_trade_crm.services.order_review import rank_after_change

	rank_after_change(None)


def contract_submitted(doc) -> None:
	"""An Export Contract submitted: the requests of its quotation are Contracted (one update)."""
	if doc.quotation:
		frappe.db.set_value(
			"Order Request",
			{"quotation": doc.quotation},
			{"status": CONTRACTED, "export_contract": doc.name},
			update_modified=False,
		)


def contract_cancelled(doc) -> None:
	"""An Export Contract cancelled: the requests it contracted are Quoted again (one update)."""
	if doc.quotation:
		frappe.db.set_value(
			"Order Request",
			{"quotation": doc.quotation, "export_contract": doc.name},
			{"status": QUOTED, "export_contract": None},
			update_modified=False,
		)


# ---------------------------------------------------------------------- indicative figures


def indicative(customer: str, items: list[str]) -> dict[str, dict]:
	"""Per item: the customer's price list rate today and the item's lead time, for the buyer's form.

	Indicative only: ERPNext's pricing rules and quantity breaks are applied by the sales
	person when quoting. Items without a price get nothing. Two queries.
	"""
	if not items:
		return {}
	price_list = frappe.db.get_value(
		"Customer", customer, "default_price_list"
	) or frappe.db.get_single_value("Selling Settings", "selling_price_list")
	today = getdate(nowdate())
	prices = frappe.db.sql(
		"""
		select ip.item_code, ip.price_list_rate, ip.currency, ip.uom
		from `tabItem Price` ip
		where ip.price_list = %(price_list)s and ip.selling = 1 and ip.item_code in %(items)s
			and ifnull(ip.customer, '') in ('', %(customer)s)
			and (ip.valid_from is null or ip.valid_from <= %(today)s)
			and (ip.valid_upto is null or ip.valid_upto >= %(today)s)
		order by ip.customer desc, ip.valid_from desc
		""",
		{"price_list": price_list or "", "items": tuple(items), "customer": customer, "today": today},
		as_dict=True,
	)
	lead = dict(
		frappe.db.sql(
			"select name, lead_time_days from `tabItem` where name in %(items)s", {"items": tuple(items)}
		)
	)
	out = {}
	for p in prices:
		out.setdefault(
			p.item_code,
			{
				"rate": flt(p.price_list_rate),
				"currency": p.currency,
				"uom": p.uom,
				"lead_time_days": cint(lead.get(p.item_code)),
			},
		)
	return out
