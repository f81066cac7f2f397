"""The sample world: an export company in China (CNY) selling towels and robes to a buyer in the United
States (USD) and one in Germany (EUR), each with a portal user and their own item codes, and ``make_*``
helpers for what happens in it (quotations, contracts, shipments, collections, claims, ...), each through
ERPNext's and the app's own code. Every maker is idempotent where a record has a natural name: calling it
twice returns the same record.
"""

from __future__ import annotations

import frappe
from frappe.utils import add_days, nowdate

COMPANY = "FTC Export Trading Co"
COMPANY_ABBR = "FTC"
COMPANY_CURRENCY = "CNY"
PRICE_LIST = "FTC Export USD"

# (customer, currency, country, portal user e-mail, buyer item code prefix)
CUSTOMERS = (
	("FTC Buyer Atlantic", "USD", "United States", "buyer.atlantic@example.com", "ATL"),
	("FTC Buyer Rhein", "EUR", "Germany", "buyer.rhein@example.com", "RH"),
)
ITEMS = (
	# item code, name, uom, USD price
	("FTC-TOWEL-RED", "Cotton towel, red, 70×140", "Nos", 3.25),
	("FTC-TOWEL-BLUE", "Cotton towel, blue, 70×140", "Nos", 3.25),
	("FTC-ROBE-L", "Bath robe, size L", "Nos", 12.80),
	("FTC-MAT-GREY", "Bath mat, grey", "Nos", 4.10),
)


def complete_setup() -> dict:
	"""A fresh site has not run ERPNext's setup wizard: run it for the sample company, as a user would, and
	return the manager login it made."""
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete
	from frappe.utils import now_datetime

	year = now_datetime().year
	password = frappe.generate_hash(length=12)
	setup_complete(
		{
			"currency": COMPANY_CURRENCY,
			"full_name": "Demo Manager",
			"company_name": COMPANY,
			"company_abbr": COMPANY_ABBR,
			"timezone": "Asia/Shanghai",
			"country": "China",
			"fy_start_date": f"{year}-01-01",
			"fy_end_date": f"{year}-12-31",
			"language": "english",
			"email": "demo.manager@example.com",
			"password": password,
			"chart_of_accounts": "Standard",
		}
	)
	return {"user": "demo.manager@example.com", "password": password}


def make_world():
	"""The company, its price list, receivable accounts, items, buyers (with portal users and item codes),
	payment terms, exchange rates and the settings the rest assumes."""
	make_company()
	for currency in ("USD", "EUR", "CNY"):
		frappe.db.set_value("Currency", currency, "enabled", 1)
	make_price_list()
	for currency in {c[1] for c in CUSTOMERS}:
		make_receivable_account(currency)
	for item_code, item_name, uom, _price in ITEMS:
		make_item(item_code, item_name, uom)
	for customer, currency, country, email, prefix in CUSTOMERS:
		make_customer(customer, currency, country)
		make_portal_user(customer, email)
		for item_code, *_rest in ITEMS:
			set_customer_item_code(item_code, customer, f"{prefix}-{item_code.split('-', 1)[1]}")
	make_payment_terms()
	for currency, rate in (("USD", 7.1), ("EUR", 7.7)):
		make_exchange_rate(currency, COMPANY_CURRENCY, rate)
	frappe.db.set_single_value(
		"Foreign Trade Settings",
		{"countersign_policy": "Block", "create_sales_invoice": 1, "submit_sales_invoice": 1},
	)


def make_company():
	if frappe.db.exists("Company", COMPANY):
		return frappe.get_doc("Company", COMPANY)
	company = frappe.get_doc(
		{
			"doctype": "Company",
			"company_name": COMPANY,
			"abbr": COMPANY_ABBR,
			"default_currency": COMPANY_CURRENCY,
			"country": "China",
			"chart_of_accounts": "Standard",
			"create_chart_of_accounts_based_on": "Standard Template",
		}
	).insert(ignore_permissions=True)
	return company


def make_party_account(account_type: str, currency: str) -> str:
	"""A Receivable or Payable account in ``currency``, beside the company's own Debtors or Creditors: an
	export company books each buyer's receivable (and a foreign supplier's payable) in that party's
	currency, as ERPNext requires."""
	prefix = "Debtors" if account_type == "Receivable" else "Creditors"
	name = f"{prefix} {currency} - {COMPANY_ABBR}"
	if not frappe.db.exists("Account", name):
		parent = frappe.db.get_value(
			"Account", {"company": COMPANY, "account_type": account_type, "is_group": 0}, "parent_account"
		)
		frappe.get_doc(
			{
				"doctype": "Account",
				"account_name": f"{prefix} {currency}",
				"company": COMPANY,
				"parent_account": parent,
				"account_type": account_type,
				"account_currency": currency,
			}
		).insert(ignore_permissions=True)
	return name


def make_receivable_account(currency: str) -> str:
	return make_party_account("Receivable", currency)


def make_payable_account(supplier: str, currency: str) -> str:
	"""The supplier's payable account in ``currency``, set on the supplier for the company."""
	name = make_party_account("Payable", currency)
	doc = frappe.get_doc("Supplier", supplier)
	if not any(d.company == COMPANY for d in doc.accounts):
		doc.append("accounts", {"company": COMPANY, "account": name})
		doc.save(ignore_permissions=True)
	return name


def make_exchange_rate(from_currency: str, to_currency: str, rate: float, date: str = "2020-01-01"):
	"""ERPNext looks rates up here before asking the internet (which these sites cannot reach)."""
	filters = {"from_currency": from_currency, "to_currency": to_currency, "date": date}
	if not frappe.db.exists("Currency Exchange", filters):
		frappe.get_doc(
			{
				"doctype": "Currency Exchange",
				**filters,
				"exchange_rate": rate,
				"for_selling": 1,
				"for_buying": 1,
			}
		).insert(ignore_permissions=True)


def make_collection(sales_invoice: str, amount: float, rate: float, posting_date: str | None = None):
	"""A Payment Entry collecting ``amount`` (invoice currency) at exchange ``rate``, made by ERPNext's maker."""
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	pe = get_payment_entry("Sales Invoice", sales_invoice, party_amount=amount)
	pe.posting_date = posting_date or nowdate()
	pe.reference_no = f"TT-{sales_invoice}"
	pe.reference_date = pe.posting_date
	pe.source_exchange_rate = rate
	pe.paid_amount = amount
	pe.received_amount = amount * rate
	pe.references[0].allocated_amount = amount
	pe.insert(ignore_permissions=True)
	pe.submit()
	return pe


def make_credit_note(sales_invoice: str, qty: float, posting_date: str | None = None):
	"""A credit note (Sales Invoice return) of ``qty`` of the invoice's first line, against the invoice."""
	from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return

	cn = make_sales_return(sales_invoice)
	cn.items = cn.items[:1]
	cn.items[0].qty = -abs(qty)
	cn.posting_date = posting_date or nowdate()
	cn.set_posting_time = 1
	if cn.meta.has_field("update_outstanding_for_self"):
		cn.update_outstanding_for_self = 0  # reduce the invoice it credits, not stand alone
	cn.insert(ignore_permissions=True)
	cn.submit()
	return cn


def make_price_list():
	if not frappe.db.exists("Price List", PRICE_LIST):
		frappe.get_doc(
			{
				"doctype": "Price List",
				"price_list_name": PRICE_LIST,
				"currency": "USD",
				"selling": 1,
				"enabled": 1,
			}
		).insert(ignore_permissions=True)


def make_item(item_code: str, item_name: str | None = None, uom: str = "Nos", price: float | None = None):
	if not frappe.db.exists("Item", item_code):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": item_code,
				"item_name": item_name or item_code,
				"item_group": "Products" if frappe.db.exists("Item Group", "Products") else "All Item Groups",
				"stock_uom": uom,
				"is_stock_item": 0,
				"is_sales_item": 1,
				"include_item_in_manufacturing": 0,
			}
		).insert(ignore_permissions=True)
	price = price if price is not None else next((p for c, _n, _u, p in ITEMS if c == item_code), None)
	if price is not None and not frappe.db.exists(
		"Item Price", {"item_code": item_code, "price_list": PRICE_LIST}
	):
		frappe.get_doc(
			{
				"doctype": "Item Price",
				"item_code": item_code,
				"price_list": PRICE_LIST,
				"price_list_rate": price,
			}
		).insert(ignore_permissions=True)
	return item_code


def make_customer(name: str, currency: str = "USD", country: str | None = None):
	if not frappe.db.exists("Customer", name):
		frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": name,
				"customer_type": "Company",
				"customer_group": "Commercial"
				if frappe.db.exists("Customer Group", "Commercial")
				else "All Customer Groups",
				"territory": "All Territories",
				"default_currency": currency,
				"default_price_list": PRICE_LIST if currency == "USD" else None,
			}
		).insert(ignore_permissions=True)
	doc = frappe.get_doc("Customer", name)
	if not any(a.company == COMPANY for a in doc.get("accounts", [])):
		doc.append("accounts", {"company": COMPANY, "account": make_receivable_account(currency)})
		doc.save(ignore_permissions=True)
	return name


def make_portal_user(customer: str, email: str):
	"""A website user with ERPNext's Customer role, linked to the customer as a portal user."""
	if not frappe.db.exists("User", email):
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": customer.replace("FTC Buyer ", ""),
				"user_type": "Website User",
				"send_welcome_email": 0,
			}
		)
		user.append("roles", {"role": "Customer"})
		user.flags.no_welcome_mail = True
		user.insert(ignore_permissions=True)
	doc = frappe.get_doc("Customer", customer)
	if not any(p.user == email for p in doc.get("portal_users", [])):
		doc.append("portal_users", {"user": email})
		doc.save(ignore_permissions=True)
	if not frappe.db.exists("Contact", {"email_id": email}):
		contact = frappe.get_doc(
			{"doctype": "Contact", "first_name": doc.customer_name, "email_id": email, "user": email}
		)
		contact.append("email_ids", {"email_id": email, "is_primary": 1})
		contact.append("links", {"link_doctype": "Customer", "link_name": customer})
		contact.insert(ignore_permissions=True)
	return email


def set_customer_item_code(item_code: str, customer: str, ref_code: str):
	item = frappe.get_doc("Item", item_code)
	if not any(c.customer_name == customer for c in item.get("customer_items", [])):
		item.append("customer_items", {"customer_name": customer, "ref_code": ref_code})
		item.save(ignore_permissions=True)


def make_payment_terms(name: str = "FTC 60 Days after B/L", days: int = 60):
	if not frappe.db.exists("Payment Term", name):
		frappe.get_doc(
			{
				"doctype": "Payment Term",
				"payment_term_name": name,
				"due_date_based_on": "Day(s) after invoice date",
				"credit_days": days,
				"invoice_portion": 100,
			}
		).insert(ignore_permissions=True)
	if not frappe.db.exists("Payment Terms Template", name):
		frappe.get_doc(
			{
				"doctype": "Payment Terms Template",
				"template_name": name,
				"terms": [
					{
						"payment_term": name,
						"due_date_based_on": "Day(s) after invoice date",
						"credit_days": days,
						"invoice_portion": 100,
					}
				],
			}
		).insert(ignore_permissions=True)
	return name


def make_quotation(customer: str, lines: list[tuple[str, float, float]], submit: bool = True, **kw):
	"""lines: (item_code, qty, rate)."""
	currency = frappe.db.get_value("Customer", customer, "default_currency") or "USD"
	doc = frappe.get_doc(
		{
			"doctype": "Quotation",
			"quotation_to": "Customer",
			"party_name": customer,
			"company": COMPANY,
			"currency": currency,
			"conversion_rate": kw.pop("conversion_rate", 7.1),
			"selling_price_list": PRICE_LIST,
			"plc_conversion_rate": 7.1,
			"price_list_currency": "USD",
			"transaction_date": kw.pop("transaction_date", nowdate()),
			"valid_till": add_days(nowdate(), 30),
			"ignore_pricing_rule": 1,
			"items": [{"item_code": i, "qty": q, "rate": r} for i, q, r in lines],
			**kw,
		}
	)
	doc.insert(ignore_permissions=True)
	for row, (_i, _q, rate) in zip(doc.items, lines, strict=True):
		row.rate = rate
	doc.save(ignore_permissions=True)
	if submit:
		doc.submit()
	return doc


#: what a contract must name before it is submitted (rules.shipment.REQUIRED_TERMS), as a buyer in the US
TRADE_TERMS = {
	"incoterm": "FOB",
	"named_place": "Shanghai",
	"port_of_loading": "Shanghai",
	"port_of_destination": "Los Angeles",
}


def contract_terms() -> dict:
	"""TRADE_TERMS and a latest shipment date: what a contract made from a quotation still needs."""
	return {**TRADE_TERMS, "latest_shipment_date": add_days(nowdate(), 60)}


def make_contract(
	customer: str,
	lines: list[tuple],
	submit: bool = True,
	countersign: bool = True,
	**kw,
):
	"""lines: (item_code, qty, rate[, tolerance override %])."""
	currency = (
		kw.pop("currency", None) or frappe.db.get_value("Customer", customer, "default_currency") or "USD"
	)
	doc = frappe.get_doc(
		{
			"doctype": "Export Contract",
			"customer": customer,
			"company": COMPANY,
			"currency": currency,
			"conversion_rate": kw.pop("conversion_rate", 7.1),
			"contract_date": kw.pop("contract_date", nowdate()),
			"tolerance_percent": kw.pop("tolerance_percent", 5),
			"latest_shipment_date": kw.pop("latest_shipment_date", add_days(nowdate(), 60)),
			**TRADE_TERMS,
			"items": [
				{
					"item_code": line[0],
					"qty": line[1],
					"rate": line[2],
					"uom": "Nos",
					**({"override_tolerance": 1, "tolerance_percent": line[3]} if len(line) > 3 else {}),
				}
				for line in lines
			],
			**kw,
		}
	)
	doc.insert()
	if submit:
		doc.submit()
		if countersign:
			from foreign_trade_crm.services.contract import countersign as record_countersign

			record_countersign(doc.name, countersigned_by="Buyer Signatory")
			doc.reload()
	return doc


def make_notice(customer: str, lines: list[tuple], submit: bool = True, **kw):
	"""lines: (contract doc or name, contract line idx, qty[, rate])."""
	rows = []
	for line in lines:
		contract = line[0] if not isinstance(line[0], str) else frappe.get_doc("Export Contract", line[0])
		cl = next(d for d in contract.items if d.idx == line[1])
		rows.append(
			{
				"export_contract": contract.name,
				"contract_item": cl.name,
				"item_code": cl.item_code,
				"qty": line[2],
				"rate": line[3] if len(line) > 3 else cl.rate,
				"uom": cl.uom,
				"packages": 10,
				"net_weight": 100,
				"gross_weight": 110,
				"volume": 1.5,
			}
		)
	currency = (
		kw.pop("currency", None) or frappe.db.get_value("Customer", customer, "default_currency") or "USD"
	)
	doc = frappe.get_doc(
		{
			"doctype": "Shipment Notice",
			"customer": customer,
			"company": COMPANY,
			"currency": currency,
			"conversion_rate": kw.pop("conversion_rate", 7.1),
			"posting_date": kw.pop("posting_date", nowdate()),
			"bl_no": kw.pop("bl_no", "BL-TEST"),
			"bl_date": kw.pop("bl_date", nowdate()),
			"vessel_voyage": "EVER GIVEN 123E",
			"port_of_loading": "Shanghai",
			"items": rows,
			**kw,
		}
	)
	doc.insert()
	if submit:
		doc.submit()
	return doc


def make_desk_user(email: str, roles: list[str]):
	if not frappe.db.exists("User", email):
		user = frappe.get_doc(
			{"doctype": "User", "email": email, "first_name": email.split("@")[0], "send_welcome_email": 0}
		)
		user.flags.no_welcome_mail = True
		user.insert(ignore_permissions=True)
	user = frappe.get_doc("User", email)
	missing = [r for r in roles if r not in {d.role for d in user.roles}]
	if missing:
		user.add_roles(*missing)
	return email


def make_sales_person(name: str, user: str) -> str:
	"""A Sales Person whose employee is ``user``, so that routing finds the user."""
	if frappe.db.exists("Sales Person", name):
		return name
	employee = frappe.db.get_value("Employee", {"user_id": user}, "name")
	if not employee:
		employee = (
			frappe.get_doc(
				{
					"doctype": "Employee",
					"first_name": name,
					"gender": frappe.db.get_value("Gender", {}, "name") or "Male",
					"date_of_birth": "1990-01-01",
					"date_of_joining": "2020-01-01",
					"company": COMPANY,
					"status": "Active",
					"user_id": user,
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
	frappe.get_doc(
		{
			"doctype": "Sales Person",
			"sales_person_name": name,
			"parent_sales_person": "Sales Team",
			"is_group": 0,
			"employee": employee,
		}
	).insert(ignore_permissions=True)
	return name


def make_claim_account() -> str:
	"""An expense account for the company's share of trade claims, set in Foreign Trade Settings."""
	name = f"Trade Claims - {COMPANY_ABBR}"
	if not frappe.db.exists("Account", name):
		parent = frappe.db.get_value(
			"Account",
			{"company": COMPANY, "root_type": "Expense", "is_group": 1, "parent_account": ("is", "set")},
		)
		frappe.get_doc(
			{
				"doctype": "Account",
				"account_name": "Trade Claims",
				"company": COMPANY,
				"parent_account": parent,
				"root_type": "Expense",
				"account_type": "",
				"is_group": 0,
			}
		).insert(ignore_permissions=True)
	frappe.db.set_single_value("Foreign Trade Settings", "claim_account", name)
	return name


def make_claim(notice, lines: list[tuple], submit: bool = False, **kw):
	"""lines: (notice line idx, qty affected, claimed amount[, reason])."""
	notice = notice if not isinstance(notice, str) else frappe.get_doc("Shipment Notice", notice)
	doc = frappe.get_doc(
		{
			"doctype": "Trade Claim",
			"shipment_notice": notice.name,
			"items": [
				{
					"shipment_notice_item": notice.items[line[0] - 1].name,
					"qty": line[1],
					"claimed_amount": line[2],
					"reason": line[3] if len(line) > 3 else "Quality",
				}
				for line in lines
			],
			**kw,
		}
	)
	doc.insert()
	if submit:
		doc.submit()
	return doc


def make_outbox():
	"""A default outgoing e-mail account (mail goes to the Email Queue; tests never send it)."""
	if not frappe.db.exists("Email Account", "FTC Exports"):
		frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": "FTC Exports",
				"email_id": "exports@ftc.example.com",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "localhost",
				"no_smtp_authentication": 1,
			}
		).insert(ignore_permissions=True)


def make_supplier(name: str, currency: str = COMPANY_CURRENCY) -> str:
	"""A domestic supplier, billing in the company currency."""
	if not frappe.db.exists("Supplier", name):
		frappe.get_doc(
			{
				"doctype": "Supplier",
				"supplier_name": name,
				"supplier_group": frappe.db.get_value("Supplier Group", {"is_group": 0}, "name")
				or "All Supplier Groups",
				"supplier_type": "Company",
				"default_currency": currency,
			}
		).insert(ignore_permissions=True)
	return name


def set_default_supplier(item_code: str, supplier: str | None, company: str = COMPANY) -> None:
	"""The item's default supplier for the company (ERPNext's Item → Item Defaults row)."""
	item = frappe.get_doc("Item", item_code)
	rows = [d for d in item.get("item_defaults", []) if d.company == company]
	for extra in rows[1:]:  # ERPNext refuses two rows for one company; keep the first
		item.remove(extra)
	row = rows[0] if rows else None
	if row is None:
		# a new row would take the session's default warehouse, maybe another company's
		warehouse = frappe.db.get_value("Warehouse", {"company": company, "is_group": 0}, "name")
		row = item.append("item_defaults", {"company": company, "default_warehouse": warehouse})
	if row.default_supplier != supplier or row.is_new() or len(rows) > 1:
		row.default_supplier = supplier
		item.save(ignore_permissions=True)


def set_sales_team(customer: str, sales_person: str) -> str:
	"""The customer's Sales Team: ``sales_person`` alone, at 100 %."""
	doc = frappe.get_doc("Customer", customer)
	if [d.sales_person for d in doc.sales_team] != [sales_person]:
		doc.sales_team = []
		doc.append("sales_team", {"sales_person": sales_person, "allocated_percentage": 100})
		doc.save(ignore_permissions=True)
	return customer


def assign(doctype: str, name: str, user: str) -> str:
	"""An open ToDo assigning the document to ``user`` (Frappe's assign_to, as the desk does)."""
	from frappe.desk.form.assign_to import add

	add({"assign_to": [user], "doctype": doctype, "name": name, "description": f"{doctype} {name}"})
	return frappe.db.get_value(
		"ToDo", {"reference_type": doctype, "reference_name": name, "allocated_to": user, "status": "Open"}
	)
