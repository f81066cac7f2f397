"""Demo data: ``bench --site SITE execute foreign_trade_crm.demo.install``.

Makes a small, believable export business on the site, idempotently: the company,
two buyers with portal users, items with the buyers' own item codes, a price list
and payment terms, buying prices and export VAT rebate rates; then a quotation, contracts (one not yet countersigned), and
shipments, one of them shipping lines of two contracts at once; a settled and an open
trade claim, customer feedback, the first contract's purchases, freight bill and bank charge
tagged with it (its profit), and a buyer list from a trade fair waiting to be imported\nas leads (checked, not yet imported). Running it again adds nothing that is already there.
"""

import frappe
from frappe.utils import add_days, nowdate

from foreign_trade_crm.sample_world import world

DEMO_TAG = "FTC-DEMO"


def install():
	frappe.set_user("Administrator")
	summary = {"company": world.COMPANY, "customers": [c[0] for c in world.CUSTOMERS]}
	if not frappe.db.a_row_exists("Company"):
		summary["setup_wizard"] = world.complete_setup()
	world.make_world()
	make_profit_setup()
	if not frappe.db.exists("Export Contract", {"buyer_contract_no": f"{DEMO_TAG}-PO-1001"}):
		summary.update(make_transactions())
	if not frappe.db.exists("Purchase Invoice", {"bill_no": f"{DEMO_TAG}-PI-1"}):
		summary.update(make_profit_documents())
	if not frappe.db.exists("Purchase Invoice", {"bill_no": f"{DEMO_TAG}-PI-SHARED"}):
		summary.update(make_shared_bill())
	summary.update(make_contact_dates())
	summary.update(make_sales_team())
	if not frappe.db.exists("Order Request", {"request_key": f"{DEMO_TAG}-ORQ-1"}):
		summary.update(make_order_requests())
	if not frappe.db.exists("Trade Claim", {"customer_reference": f"{DEMO_TAG}-CLM-1"}):
		summary.update(make_claims_and_feedback())
	if not frappe.db.exists("Quotation", {"party_name": world.CUSTOMERS[1][0], "docstatus": 1}):
		summary.update(make_unanswered_quotation())
	if not frappe.db.exists("Lead", {"company_name": "Nordsee Fisch GmbH"}):
		summary.update(make_lead_import())
	summary.update(
		frappe.get_attr("foreign_trade_crm.demo_credit.install")(world.COMPANY, world.CUSTOMERS[0][0])
	)
	frappe.db.commit()
	print(frappe.as_json(summary))
	return summary


def make_transactions() -> dict:
	atlantic, rhein = world.CUSTOMERS[0][0], world.CUSTOMERS[1][0]
	today = nowdate()
	terms = world.make_payment_terms()

	quotation = world.make_quotation(
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

	second = world.make_contract(
		atlantic,
		[("FTC-MAT-GREY", 2000, 4.1), ("FTC-ROBE-L", 300, 12.8)],
		buyer_contract_no=f"{DEMO_TAG}-PO-1002",
		tolerance_percent=3,
		latest_shipment_date=add_days(today, -5),
		payment_terms_template=terms,
	)
	unsigned = world.make_contract(
		rhein,
		[("FTC-TOWEL-RED", 4000, 2.95), ("FTC-TOWEL-BLUE", 4000, 2.95)],
		countersign=False,
		buyer_contract_no=f"{DEMO_TAG}-RH-77",
		conversion_rate=7.7,
	)

	n1 = world.make_notice(
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
		contact_email=world.CUSTOMERS[0][3],
	)
	n2 = world.make_notice(
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
		contact_email=world.CUSTOMERS[0][3],
	)
	if not frappe.db.get_single_value("Foreign Trade Settings", "risk_overdue_threshold"):
		frappe.db.set_single_value("Foreign Trade Settings", "risk_overdue_threshold", 50_000)
	# the older shipment is overdue and partly collected: a deposit wired at a better rate
	first_invoice = frappe.db.get_value("Shipment Notice", n1.name, "sales_invoice")
	collection = world.make_collection(first_invoice, 10_000, 7.15, posting_date=add_days(today, -40))
	return {
		"collections": [collection.name],
		"quotation": quotation.name,
		"contracts": [first.name, second.name, unsigned.name],
		"shipment_notices": [n1.name, n2.name],
	}


def make_claims_and_feedback() -> dict:
	"""A claim settled by credit note with a carrier's share, one under review, and feedback of each kind."""
	atlantic = world.CUSTOMERS[0][0]
	notice = frappe.get_doc(
		"Shipment Notice", {"commercial_invoice_no": f"{DEMO_TAG}-CI-001", "docstatus": 1}
	)
	world.make_claim_account()
	carrier = "COSCO Shipping Lines (demo)"
	if not frappe.db.exists("Supplier", carrier):
		frappe.get_doc(
			{"doctype": "Supplier", "supplier_name": carrier, "supplier_group": "All Supplier Groups"}
		).insert(ignore_permissions=True)

	robes = next(i for i, line in enumerate(notice.items, 1) if line.item_code == "FTC-ROBE-L")
	towels = next(i for i, line in enumerate(notice.items, 1) if line.item_code == "FTC-TOWEL-RED")
	settled = world.make_claim(
		notice,
		[(robes, 40, 512, "Quality")],
		customer_reference=f"{DEMO_TAG}-CLM-1",
		description="<p>40 robes arrived with oil stains on the sleeves; survey report attached by the buyer.</p>",
	)
	settled.update(
		{
			"agreed_amount": 400,
			"customer_percent": 20,
			"company_percent": 50,
			"third_party_percent": 30,
			"third_party_type": "Carrier",
			"third_party": carrier,
			"settlement_method": "Credit Note",
		}
	)
	settled.save()
	settled.submit()
	settled.settle()

	open_claim = world.make_claim(
		notice,
		[(towels, 30, 97.5, "Short Shipment")],
		customer_reference=f"{DEMO_TAG}-CLM-2",
		description="<p>Carton count at destination is 3 short.</p>",
	)
	open_claim.start_review()

	feedback = []
	for kind, subject, reference, reply in (
		("Complaint", "Stained robes in the last shipment", ("Trade Claim", settled.name), None),
		("Inquiry", "Can the blue towels ship two weeks earlier?", ("Shipment Notice", notice.name), None),
		(
			"Suggestion",
			"Please print our item codes on the carton labels",
			None,
			"<p>Thank you: from the next shipment the shipping marks carry your item codes.</p>",
		),
	):
		doc = frappe.get_doc(
			{
				"doctype": "Customer Feedback",
				"customer": atlantic,
				"feedback_type": kind,
				"subject": subject,
				"description": f"<p>{subject}.</p>",
				"contact_email": world.CUSTOMERS[0][3],
				"reference_doctype": reference[0] if reference else None,
				"reference_name": reference[1] if reference else None,
			}
		).insert()
		if reply:
			# e-mailed where the site can send mail; the buyer reads it on the portal either way (the
			# feedback as routed: its assignment changed it since it was inserted)
			frappe.get_doc("Customer Feedback", doc.name).send_reply(reply)
		feedback.append(doc.name)
	return {"trade_claims": [settled.name, open_claim.name], "feedback": feedback}


def make_unanswered_quotation() -> dict:
	"""A quotation to the German buyer whose reply date has passed: the daily alerts and the portal's
	Quotation Replies have something to show."""
	rhein = world.CUSTOMERS[1][0]
	quotation = world.make_quotation(
		rhein,
		[("FTC-ROBE-L", 600, 11.9), ("FTC-MAT-GREY", 1500, 3.8)],
		transaction_date=add_days(nowdate(), -12),
		reply_due_date=add_days(nowdate(), -2),
		conversion_rate=7.7,
	)
	return {"unanswered_quotation": quotation.name}


# a buyer list from a trade fair, as a salesperson would bring it back: Chinese and English
# headers, one buyer twice, an existing lead, a customer, a customer's contact, a bad e-mail
FAIR_LIST = (
	("展会名单 Canton Fair 2026",),
	("公司名称", "Contact", "E-mail", "Tel", "Fax", "Country", "备注"),
	(
		"Baltic Homewares OÜ",
		"Mari Tamm",
		"mari@baltic-home.example",
		"+372 600 1234",
		None,
		"Estonia",
		"towels, 3 containers/year",
	),
	("BALTIC HOMEWARES", None, None, "00372 6001234", "+372 600 9999", None, None),
	("Nordsee Fisch", "Jens Kühl", "jens@nordsee.example", "0471 123456", None, "Germany", None),
	("FTC Buyer Atlantic Inc.", "New buyer", None, None, None, "United States", None),
	(
		"Sunrise Trading LLC",
		"Omar Haddad",
		"omar@sunrise-trading.example",
		"+971 4 555 0199",
		None,
		"United Arab Emirates",
		"bath robes",
	),
	(
		"Hotel Supply Iberia S.L.",
		"Lucía Pérez",
		"lucia@hsi.example",
		"+34 91 555 0142",
		"+34 91 555 0143",
		"Spain",
		None,
	),
	("Quick Mail Co", None, "quick-at-mail", None, None, None, None),
)


def make_lead_import() -> dict:
	"""An existing lead, and a fair list checked against it (Lead Import, status Checked)."""
	from foreign_trade_crm.rules.xlsx import plain_xlsx
	from foreign_trade_crm.services import lead_import

	frappe.get_doc(
		{
			"doctype": "Lead",
			"company_name": "Nordsee Fisch GmbH",
			"lead_name": "Nordsee Fisch GmbH",
			"phone": "+49 471 123456",
			"country": "Germany",
		}
	).insert(ignore_permissions=True)
	doc = lead_import.new_import(plain_xlsx(FAIR_LIST), "canton-fair-2026.xlsx", default_country="Germany")
	return {"lead_import": doc.name, "lead_import_plan": lead_import.check(doc.name)}


# what the demo buys its goods at (CNY, net of VAT) and the export VAT rebate rate of each item
BUYING = {
	"FTC-TOWEL-RED": (15.0, 9),
	"FTC-TOWEL-BLUE": (15.0, 9),
	"FTC-ROBE-L": (58.0, 13),
	"FTC-MAT-GREY": (18.5, 13),
}
SUPPLIER = "Nantong Home Textile Mill"


def make_profit_setup() -> None:
	"""Buying prices, rebate rates and the cost accounts of contract profit, before contracts are
	made so their estimates have them; contracts already there get theirs once."""
	from foreign_trade_crm.services.dimension import ensure_dimension
	from foreign_trade_crm.services.profit import set_estimate

	ensure_dimension()
	price_list = frappe.db.get_value("Price List", {"buying": 1, "currency": world.COMPANY_CURRENCY}) or (
		frappe.db.get_single_value("Buying Settings", "buying_price_list")
	)
	for item_code, (rate, rebate) in BUYING.items():
		frappe.db.set_value("Item", item_code, "export_rebate_rate", rebate)
		if price_list and not frappe.db.exists(
			"Item Price", {"item_code": item_code, "price_list": price_list}
		):
			frappe.get_doc(
				{
					"doctype": "Item Price",
					"item_code": item_code,
					"price_list": price_list,
					"price_list_rate": rate,
				}
			).insert(ignore_permissions=True)
	settings = frappe.get_single("Foreign Trade Settings")
	if price_list and not settings.profit_buying_price_list:
		settings.profit_buying_price_list = price_list
	if not settings.profit_cost_accounts:
		for account, kind in ((freight_account(), "Freight"), (bank_charges_account(), "Other Costs")):
			settings.append("profit_cost_accounts", {"account": account, "cost_kind": kind})
	settings.flags.ignore_mandatory = True
	settings.save(ignore_permissions=True)
	# contracts made before the demo knew its buying prices: their estimate, once, as if submitted now
	for name in frappe.get_all(
		"Export Contract",
		filters={"docstatus": 1, "est_sales": 0, "buyer_contract_no": ("like", f"{DEMO_TAG}%")},
		pluck="name",
	):
		doc = frappe.get_doc("Export Contract", name)
		doc._action = "submit"
		set_estimate(doc)
		doc.db_update()
		for d in doc.items:
			d.db_update()


def freight_account() -> str:
	return f"Freight and Forwarding Charges - {world.COMPANY_ABBR}"


def bank_charges_account() -> str:
	name = f"Bank Charges - {world.COMPANY_ABBR}"
	if not frappe.db.exists("Account", name):
		parent = frappe.db.get_value(
			"Account", {"company": world.COMPANY, "is_group": 1, "account_name": "Indirect Expenses"}
		)
		frappe.get_doc(
			{
				"doctype": "Account",
				"account_name": "Bank Charges",
				"company": world.COMPANY,
				"parent_account": parent,
			}
		).insert(ignore_permissions=True)
	return name


def input_vat(account: str) -> dict:
	"""The 13 % VAT a domestic supplier charges on its bill (what the export VAT rebate gives back)."""
	return {
		"charge_type": "On Net Total",
		"account_head": account,
		"description": "VAT 13%",
		"rate": 13,
		"category": "Total",
		"add_deduct_tax": "Add",
	}


def make_profit_documents() -> dict:
	"""The first contract's purchases (goods with 13 % VAT), its sea freight and a bank charge, each tagged
	with the contract as its user would: its Profit tab then shows actual against estimate."""
	contract = frappe.db.get_value(
		"Export Contract", {"buyer_contract_no": f"{DEMO_TAG}-PO-1001", "docstatus": 1}
	)
	if not contract:
		return {}
	world.make_supplier(SUPPLIER)
	if not frappe.db.exists("Item", "FTC-SEA-FREIGHT"):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": "FTC-SEA-FREIGHT",
				"item_name": "Sea freight",
				"item_group": frappe.db.get_value("Item Group", {"is_group": 0}, "name"),
				"stock_uom": "Nos",
				"is_stock_item": 0,
				"is_sales_item": 0,
			}
		).insert(ignore_permissions=True)
	vat = frappe.db.get_value("Account", {"company": world.COMPANY, "account_type": "Tax", "is_group": 0})
	made = []
	for n, (lines, account, with_vat) in enumerate(
		(
			([("FTC-TOWEL-RED", 5000, 15.2), ("FTC-TOWEL-BLUE", 1500, 14.8)], None, True),
			([("FTC-ROBE-L", 800, 57.5)], None, True),
			([("FTC-SEA-FREIGHT", 2, 4300)], freight_account(), False),
		),
		start=1,
	):
		pi = frappe.get_doc(
			{
				"doctype": "Purchase Invoice",
				"supplier": SUPPLIER,
				"company": world.COMPANY,
				# a domestic mill bills in the company's currency, whatever the site's buying price list is in
				"currency": world.COMPANY_CURRENCY,
				"conversion_rate": 1,
				"bill_no": f"{DEMO_TAG}-PI-{n}",
				"export_contract": contract,
				"items": [
					{
						"item_code": code,
						"qty": qty,
						"rate": rate,
						"export_contract": contract,
						**({"expense_account": account} if account else {}),
					}
					for code, qty, rate in lines
				],
				"taxes": [input_vat(vat)] if with_vat and vat else [],
			}
		).insert(ignore_permissions=True)
		pi.submit()
		made.append(pi.name)
	charge = frappe.get_doc(
		{
			"doctype": "Journal Entry",
			"company": world.COMPANY,
			"posting_date": nowdate(),
			"user_remark": f"{DEMO_TAG}: bank charges on the deposit",
			"accounts": [
				{
					"account": bank_charges_account(),
					"debit_in_account_currency": 186.4,
					"export_contract": contract,
				},
				{"account": f"Cash - {world.COMPANY_ABBR}", "credit_in_account_currency": 186.4},
			],
		}
	).insert(ignore_permissions=True)
	charge.submit()
	return {"purchase_invoices": made, "bank_charge": charge.name}


def make_shared_bill() -> dict:
	"""One mill's bill of two contracts' towels and of cartons for the warehouse (no contract), with 13 %
	VAT on all of it: the VAT is shared by the lines, and the cartons' part is the company's own, which
	Contract Profit shows as "Not on any contract"."""
	contracts = frappe.get_all(
		"Export Contract",
		filters={
			"buyer_contract_no": ("like", f"{DEMO_TAG}-PO-%"),
			"docstatus": 1,
			"customer": world.CUSTOMERS[0][0],
		},
		pluck="name",
		order_by="name",
		limit=2,
	)
	vat = frappe.db.get_value("Account", {"company": world.COMPANY, "account_type": "Tax", "is_group": 0})
	if len(contracts) < 2 or not vat:
		return {}
	world.make_supplier(SUPPLIER)
	world.make_item("FTC-CARTONS", "Export cartons, warehouse stock")
	frappe.db.set_value("Item", "FTC-CARTONS", "is_sales_item", 0)
	bill = frappe.get_doc(
		{
			"doctype": "Purchase Invoice",
			"supplier": SUPPLIER,
			"company": world.COMPANY,
			"currency": world.COMPANY_CURRENCY,
			"conversion_rate": 1,
			"bill_no": f"{DEMO_TAG}-PI-SHARED",
			"items": [
				{"item_code": "FTC-TOWEL-RED", "qty": 1000, "rate": 15.2, "export_contract": contracts[0]},
				{"item_code": "FTC-TOWEL-BLUE", "qty": 800, "rate": 14.8, "export_contract": contracts[1]},
				{"item_code": "FTC-CARTONS", "qty": 300, "rate": 6.5},
			],
			"taxes": [input_vat(vat)],
		}
	).insert(ignore_permissions=True)
	bill.submit()
	return {"shared_bill": bill.name}


def make_contact_dates() -> dict:
	"""The buyers' contacts get a birthday and a company anniversary coming round (contact care), and the
	first buyer wants its contacts greeted; contacts that already have dates keep theirs."""
	from frappe.utils import getdate

	today = getdate(nowdate())
	made = []
	for n, (customer, *_rest) in enumerate(world.CUSTOMERS):
		contacts = frappe.get_all(
			"Dynamic Link",
			filters={"parenttype": "Contact", "link_doctype": "Customer", "link_name": customer},
			pluck="parent",
		)
		for name in contacts[:1]:
			contact = frappe.get_doc("Contact", name)
			if contact.get("contact_dates"):
				continue
			contact.append(
				"contact_dates",
				{"occasion": "Birthday", "date": getdate(add_days(today, 2 + n)).replace(year=1982)},
			)
			contact.append(
				"contact_dates",
				{
					"occasion": "Company Anniversary",
					"date": getdate(add_days(today, 40)).replace(year=2006),
					"note": "20 years in business",
				},
			)
			contact.save(ignore_permissions=True)
			made.append(name)
	frappe.db.set_value("Customer", world.CUSTOMERS[0][0], "send_contact_greetings", 1)
	return {"contact_dates": made}


def make_order_requests() -> dict:
	"""Three open order requests to review and rank: a large one from the buyer with a record, a small urgent
	one, and one with a phone number to fix and a line we cannot match."""
	from foreign_trade_crm.services.order_requests import create_request
	from foreign_trade_crm.services.order_review import rank_open_requests

	atlantic, rhein = world.CUSTOMERS[0][0], world.CUSTOMERS[1][0]
	today = nowdate()
	made = [
		create_request(
			atlantic,
			[{"customer_item_code": "ATL-TOWEL-RED", "qty": 6000}, {"item_code": "FTC-ROBE-L", "qty": 500}],
			request_key=f"{DEMO_TAG}-ORQ-1",
			wanted_shipment_date=add_days(today, 75),
			contact_email=world.CUSTOMERS[0][3],
			contact_phone="+1 212 555 0100",
			note="Spring programme",
		),
		create_request(
			rhein,
			[{"item_code": "FTC-MAT-GREY", "qty": 800}],
			request_key=f"{DEMO_TAG}-ORQ-2",
			wanted_shipment_date=add_days(today, 12),
			contact_email=world.CUSTOMERS[1][3],
			contact_phone="+49 40 3070 1234",
		),
		create_request(
			atlantic,
			[
				{"item_code": "FTC-TOWEL-BLUE", "qty": 1500},
				{"item_name": "Bamboo bath towel 80x160", "qty": 300},
			],
			request_key=f"{DEMO_TAG}-ORQ-3",
			wanted_shipment_date=add_days(today, 40),
			contact_email=world.CUSTOMERS[0][3],
			contact_phone="ask Mary",
		),
	]
	rank_open_requests()
	return {"order_requests": made}


def make_sales_team() -> dict:
	"""The demo manager is the buyers' sales person (Sales Activity Statistics, alerts) and owns the leads
	that have no owner yet."""
	user = "demo.manager@example.com"
	if not frappe.db.exists("User", user):
		return {}
	if not frappe.db.a_row_exists("Gender"):  # the setup wizard made none; an Employee needs one
		frappe.get_doc({"doctype": "Gender", "gender": "Male"}).insert(ignore_permissions=True)
	person = world.make_sales_person("Wang Lei", user)
	for customer, *_rest in world.CUSTOMERS:
		if not frappe.db.exists("Sales Team", {"parenttype": "Customer", "parent": customer}):
			world.set_sales_team(customer, person)
	frappe.db.sql("update `tabLead` set lead_owner = %s where ifnull(lead_owner, '') = ''", user)
	return {"sales_person": person}
