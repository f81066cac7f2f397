"""Demo data: ``bench --site SITE execute foreign_trade_crm.demo.install``.

Makes a small, believable export business on the site, idempotently: the company,
two buyers with portal users, items with the buyers' own item codes, a price list
and payment terms; then a quotation, contracts (one not yet countersigned), and
shipments, one of them shipping lines of two contracts at once. Running it again
adds nothing that is already there.
"""

import frappe
from frappe.utils import add_days, nowdate

from foreign_trade_crm.tests import factories as f

DEMO_TAG = "FTC-DEMO"


def install():
	frappe.set_user("Administrator")
	summary = {"company": f.COMPANY, "customers": [c[0] for c in f.CUSTOMERS]}
	if not frappe.db.a_row_exists("Company"):
		summary["setup_wizard"] = complete_setup()
	f.make_world()
	if not frappe.db.exists("Export Contract", {"buyer_contract_no": f"{DEMO_TAG}-PO-1001"}):
		summary.update(make_transactions())
	frappe.db.commit()
	print(frappe.as_json(summary))
	return summary


def complete_setup() -> dict:
	"""A fresh site has not run ERPNext's setup wizard: run it for the demo company, as a user would."""
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete
	from frappe.utils import now_datetime

	year = now_datetime().year
	password = frappe.generate_hash(length=12)
	setup_complete(
		{
			"currency": f.COMPANY_CURRENCY,
			"full_name": "Demo Manager",
			"company_name": f.COMPANY,
			"company_abbr": f.COMPANY_ABBR,
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


def make_transactions() -> dict:
	atlantic, rhein = f.CUSTOMERS[0][0], f.CUSTOMERS[1][0]
	today = nowdate()
	terms = f.make_payment_terms()

	quotation = f.make_quotation(
		atlantic, [("FTC-TOWEL-RED", 5000, 3.25), ("FTC-TOWEL-BLUE", 3000, 3.25), ("FTC-ROBE-L", 800, 12.8)]
	)
	from foreign_trade_crm.overrides.quotation import make_export_contract

	first = make_export_contract(quotation.name)
	first.update(
		{
			"buyer_contract_no": f"{DEMO_TAG}-PO-1001",
			"incoterm": "FOB" if frappe.db.exists("Incoterm", "FOB") else None,
			"named_place": "Shanghai",
			"port_of_loading": "Shanghai",
			"port_of_destination": "Los Angeles",
			"latest_shipment_date": add_days(today, 45),
			"payment_terms_template": terms,
			"tolerance_percent": 5,
		}
	)
	first.insert()
	first.submit()
	from foreign_trade_crm.services.contract import countersign

	countersign(first.name, countersigned_by="Mary Jones, Purchasing")
	first.reload()

	second = f.make_contract(
		atlantic,
		[("FTC-MAT-GREY", 2000, 4.1), ("FTC-ROBE-L", 300, 12.8)],
		buyer_contract_no=f"{DEMO_TAG}-PO-1002",
		tolerance_percent=3,
		latest_shipment_date=add_days(today, -5),
		payment_terms_template=terms,
	)
	unsigned = f.make_contract(
		rhein,
		[("FTC-TOWEL-RED", 4000, 2.95), ("FTC-TOWEL-BLUE", 4000, 2.95)],
		countersign=False,
		buyer_contract_no=f"{DEMO_TAG}-RH-77",
		conversion_rate=7.7,
	)

	n1 = f.make_notice(
		atlantic,
		[(first, 1, 2500), (first, 3, 800), (second, 1, 1000)],
		bl_no="COSU6241553880",
		bl_date=add_days(today, -95),
		posting_date=add_days(today, -93),
		commercial_invoice_no=f"{DEMO_TAG}-CI-001",
		port_of_destination="Los Angeles",
		etd=add_days(today, -95),
		eta=add_days(today, -78),
		container_nos="CSNU6214410, CSNU6214426",
		payment_terms_template=terms,
		contact_email=f.CUSTOMERS[0][3],
	)
	n2 = f.make_notice(
		atlantic,
		[(first, 1, 2480), (first, 2, 1500)],
		bl_no="COSU6241559012",
		bl_date=add_days(today, -3),
		commercial_invoice_no=f"{DEMO_TAG}-CI-002",
		port_of_destination="Los Angeles",
		etd=add_days(today, -2),
		eta=add_days(today, 15),
		container_nos="TGHU8840127",
		payment_terms_template=terms,
		contact_email=f.CUSTOMERS[0][3],
	)
	if not frappe.db.get_single_value("Foreign Trade Settings", "risk_overdue_threshold"):
		frappe.db.set_single_value("Foreign Trade Settings", "risk_overdue_threshold", 50_000)
	# the older shipment is overdue and partly collected: a deposit wired at a better rate
	first_invoice = frappe.db.get_value("Shipment Notice", n1.name, "sales_invoice")
	collection = f.make_collection(first_invoice, 10_000, 7.15, posting_date=add_days(today, -40))
	return {
		"collections": [collection.name],
		"quotation": quotation.name,
		"contracts": [first.name, second.name, unsigned.name],
		"shipment_notices": [n1.name, n2.name],
	}
