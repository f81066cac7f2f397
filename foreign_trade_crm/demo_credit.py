"""Demo data of letters of credit (``foreign_trade_crm.demo.install`` runs it): the US buyer's credit made
from its MT700 with one accepted amendment (MT707), one shipment whose discrepancies against the credit are
found before it sails (a draft notice, planned after the latest shipment date, with a price above the
credit's and goods the credit does not describe), and one compliant shipment presented and collected.
Idempotent: a second run adds nothing.

The SWIFT messages it pastes, as a bank sends them, are the sample world's (``sample_world.credit``): the
tests and the benchmark paste the same ones.
"""

from __future__ import annotations

import frappe
from frappe.utils import add_days, nowdate

from foreign_trade_crm.sample_world.credit import GOODS, ITEMS, mt700, mt707

NUMBER = "FTC-DEMO-LC-0001"


# ---------------------------------------------------------------- the demo's documents


def contract(company: str, customer: str, lines: list[tuple[str, float, float]], po: str):
	"""A submitted, countersigned export contract FOB Shanghai to Los Angeles; lines: (item, qty, rate)."""
	from foreign_trade_crm.services.contract import countersign

	doc = frappe.get_doc(
		{
			"doctype": "Export Contract",
			"customer": customer,
			"company": company,
			"currency": "USD",
			"conversion_rate": 7.1,
			"contract_date": nowdate(),
			"buyer_contract_no": po,
			"tolerance_percent": 5,
			"latest_shipment_date": add_days(nowdate(), 60),
			"incoterm": "FOB",
			"named_place": "Shanghai",
			"port_of_loading": "Shanghai",
			"port_of_destination": "Los Angeles",
			"items": [{"item_code": i, "qty": q, "rate": r, "uom": "Nos"} for i, q, r in lines],
		}
	).insert()
	doc.submit()
	countersign(doc.name, countersigned_by="Mary Jones")
	return frappe.get_doc("Export Contract", doc.name)


def notice(contract_doc, lines: list[tuple[int, float]], submit: bool, **values):
	"""A shipment notice of contract lines (idx, qty) at the contract's rates."""
	by_idx = {d.idx: d for d in contract_doc.items}
	doc = frappe.get_doc(
		{
			"doctype": "Shipment Notice",
			"customer": contract_doc.customer,
			"company": contract_doc.company,
			"currency": contract_doc.currency,
			"conversion_rate": 7.1,
			"posting_date": nowdate(),
			"vessel_voyage": "COSCO SHIPPING ARIES 061E",
			"port_of_loading": "Shanghai",
			"port_of_destination": "Los Angeles",
			**values,
			"items": [
				{
					"export_contract": contract_doc.name,
					"contract_item": by_idx[idx].name,
					"item_code": by_idx[idx].item_code,
					"qty": qty,
					"rate": by_idx[idx].rate,
					"uom": by_idx[idx].uom,
					"packages": int(qty // 50) or 1,
				}
				for idx, qty in lines
			],
		}
	).insert()
	if submit:
		doc.submit()
	return doc


def install(company: str, customer: str) -> dict:
	"""The demo's credit, its amendment, a shipment with discrepancies and one presented and collected."""
	if frappe.db.exists("Letter of Credit", {"lc_number": NUMBER, "docstatus": 1}):
		return {}
	from foreign_trade_crm.services import letter_of_credit as credits
	from foreign_trade_crm.services import letter_of_credit_presentation as presentations

	paid = contract(
		company,
		customer,
		[(ITEMS[code], qty, float(price)) for qty, code, _d, price in GOODS],
		"FTC-DEMO-LC-PO-2001",
	)
	first, second = mt700(NUMBER, latest_days=45, expiry_days=75)
	credit = frappe.get_doc(
		"Letter of Credit", credits.credit_from_swift(first + "\r\n" + second, customer, company)
	)
	credit.append("contracts", {"export_contract": paid.name})
	credit.advising_reference = "BOCNB-ADV-2026-0042"
	credit.save()
	credit.submit()
	amendment = frappe.get_doc(
		"Letter of Credit Amendment",
		credits.amendment_from_swift(
			credit.name, mt707(NUMBER, increase="6500,", expiry_days=90, latest_days=60)
		),
	)
	amendment.submit()
	credit.reload()

	# found before it sails: planned after the latest shipment date, a price above the credit's, a robe
	other = contract(
		company, customer, [("FTC-TOWEL-RED", 2000, 3.40), ("FTC-ROBE-L", 100, 12.8)], "FTC-DEMO-LC-PO-2002"
	)
	discrepant = notice(
		other,
		[(1, 2000), (2, 100)],
		submit=False,
		etd=add_days(credit.latest_shipment_date, 5),
		letter_of_credit=credit.name,
		commercial_invoice_no="FTC-DEMO-CI-LC-2",
	)

	# presented, compliant and collected
	compliant = notice(
		paid,
		[(1, 8000), (2, 6000)],
		submit=True,
		bl_no="COSU6300123456",
		bl_date=nowdate(),
		letter_of_credit=credit.name,
		commercial_invoice_no="FTC-DEMO-CI-LC-1",
		container_nos="CSNU1234567, CSNU7654321",
	)
	presentation = frappe.get_doc(
		"Letter of Credit Presentation", presentations.make_presentation(compliant.name)
	)
	presentation.bank_reference = "BOC-NEG-2026-0108"
	for d in presentation.documents:
		d.presented = 1
	presentation.save()
	presentation.submit()
	presentations.record_answer(presentation.name, "Compliant", nowdate())
	payment = frappe.get_doc(presentations.make_collection(presentation.name))
	payment.insert()
	payment.submit()
	return {
		"letter_of_credit": credit.name,
		"amendment": amendment.name,
		"notice_with_discrepancies": discrepant.name,
		"presentation_collected": presentation.name,
		"collection": payment.name,
	}
