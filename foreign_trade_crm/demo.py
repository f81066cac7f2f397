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
	frappe.flags.in_demo = True
	f.make_world()
	summary = {"company": f.COMPANY, "customers": [c[0] for c in f.CUSTOMERS]}
	if not frappe.db.exists("Export Contract", {"buyer_contract_no": f"{DEMO_TAG}-PO-1001"}):
		summary.update(make_transactions())
	frappe.db.commit()
	print(frappe.as_json(summary))
	return summary


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
		bl_date=add_days(today, -20),
		commercial_invoice_no=f"{DEMO_TAG}-CI-001",
		port_of_destination="Los Angeles",
		etd=add_days(today, -19),
		eta=add_days(today, -2),
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
	return {
		"quotation": quotation.name,
		"contracts": [first.name, second.name, unsigned.name],
		"shipment_notices": [n1.name, n2.name],
	}
