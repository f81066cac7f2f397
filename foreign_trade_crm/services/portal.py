"""The buyers' portal (seeds 000, 004): what a website user linked to a customer may see and do.

A buyer is a website user listed among a Customer's portal users (ERPNext's *Portal User*
rows). Every read here is filtered by the buyer's customers in the query itself, and every
action checks, on the server, that the document belongs to one of them and is in a state
that allows it; only then does it write with ``ignore_permissions`` (website users have no
desk permissions). A document of another customer is answered exactly like one that does
not exist. No purchase price, supplier or margin is ever part of a portal response.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import frappe
from frappe import _, _lt
from frappe.utils import cint, getdate, now_datetime, nowdate

from foreign_trade_crm.constants.customers import PORTAL
from foreign_trade_crm.rules import claims as claim_rules
from foreign_trade_crm.rules.text import LONG, NAME, PLAIN
from foreign_trade_crm.services.contract import record_countersign
from foreign_trade_crm.services.text import accept, accept_email

PAGE_LENGTH = 20


@dataclass(frozen=True)
class PortalList:
	"""One list page of the portal (www/trade): what it reads, the buyer's own documents only, and what it
	shows. ``services.portal_pages`` renders it; ``list_rows`` reads it."""

	doctype: str
	title: str
	route: str  # /trade/<route>
	columns: tuple[tuple[str, str, str], ...]  # (field, label, fieldtype) shown, in order
	search: tuple[str, ...]
	sort: tuple[str, ...]  # the first is the default, newest first
	filters: dict = field(default_factory=dict)
	also_read: tuple[str, ...] = ()  # read for the page (the currency of amounts, a state), not shown
	detail: str | None = None  # a row's own page: the route it is under; None: no page of its own
	live: bool = False  # search, sort and paging reload only the rows (portal_pages.get_list)

	@property
	def fields(self) -> list[str]:
		return list(dict.fromkeys(("name", *(f for f, _label, _type in self.columns), *self.also_read)))


LISTS = {
	"contracts": PortalList(
		doctype="Export Contract",
		title=_lt("Contracts"),
		route="contracts",
		columns=(
			("name", _lt("Contract"), "Data"),
			("buyer_contract_no", _lt("Your Order No"), "Data"),
			("contract_date", _lt("Date"), "Date"),
			("status", _lt("Status"), "Data"),
			("total_amount", _lt("Amount"), "Currency"),
			("per_shipped", _lt("% Shipped"), "Percent"),
			("countersign_due_date", _lt("Countersign By"), "Date"),
		),
		search=("name", "buyer_contract_no"),
		sort=("contract_date", "name", "total_amount", "status"),
		filters={"docstatus": 1},
		also_read=("currency", "is_countersigned", "latest_shipment_date"),
		detail="/trade/contracts/",
		live=True,
	),
	"shipments": PortalList(
		doctype="Shipment Notice",
		title=_lt("Shipments"),
		route="shipments",
		columns=(
			("name", _lt("Shipment"), "Data"),
			("commercial_invoice_no", _lt("Invoice No"), "Data"),
			("bl_no", _lt("B/L No"), "Data"),
			("bl_date", _lt("B/L Date"), "Date"),
			("vessel_voyage", _lt("Vessel / Voyage"), "Data"),
			("etd", _lt("ETD"), "Date"),
			("eta", _lt("ETA"), "Date"),
			("total_amount", _lt("Amount"), "Currency"),
		),
		search=("name", "commercial_invoice_no", "bl_no"),
		sort=("posting_date", "name", "bl_date", "etd", "eta"),
		filters={"docstatus": 1},
		also_read=("posting_date", "port_of_destination", "currency"),
		detail="/trade/shipments/",
		live=True,
	),
	"claims": PortalList(
		doctype="Trade Claim",
		title=_lt("Claims"),
		route="claims",
		columns=(
			("name", _lt("Claim"), "Data"),
			("customer_reference", _lt("Your Reference"), "Data"),
			("claim_date", _lt("Date"), "Date"),
			("shipment_notice", _lt("Shipment"), "Data"),
			("status", _lt("Status"), "Data"),
			("claimed_amount", _lt("Claimed"), "Currency"),
			("agreed_amount", _lt("Agreed"), "Currency"),
		),
		search=("name", "customer_reference", "shipment_notice"),
		sort=("claim_date", "name", "status"),
		filters={"docstatus": ("<", 2)},
		also_read=("currency", "customer_amount"),
		detail="/trade/claims/",
		live=True,
	),
	"feedback": PortalList(
		doctype="Customer Feedback",
		title=_lt("Feedback"),
		route="feedback",
		columns=(
			("name", _lt("Feedback"), "Data"),
			("feedback_type", _lt("Type"), "Data"),
			("subject", _lt("Subject"), "Data"),
			("status", _lt("Status"), "Data"),
			("opened_on", _lt("Opened On"), "Datetime"),
			("replied_on", _lt("Replied On"), "Datetime"),
		),
		search=("name", "subject"),
		sort=("opened_on", "name", "status"),
	),
	"requests": PortalList(
		doctype="Order Request",
		title=_lt("Order Requests"),
		route="order-requests",
		columns=(
			("name", _lt("Order Request"), "Data"),
			("request_date", _lt("Date"), "Date"),
			("status", _lt("Status"), "Data"),
			("wanted_shipment_date", _lt("Wanted Shipment Date"), "Date"),
			("quotation", _lt("Quotation"), "Data"),
			("export_contract", _lt("Contract"), "Data"),
		),
		search=("name", "quotation", "export_contract"),
		sort=("request_date", "name", "status"),
		detail="/trade/order-requests/",
	),
	"credits": PortalList(
		doctype="Letter of Credit",
		title=_lt("Letters of Credit"),
		route="credits",
		columns=(
			("lc_number", _lt("L/C Number"), "Data"),
			("issue_date", _lt("Date of Issue"), "Date"),
			("expiry_date", _lt("Expiry Date"), "Date"),
			("latest_shipment_date", _lt("Latest Shipment Date"), "Date"),
			("status", _lt("Status"), "Data"),
			("amount", _lt("Credit Amount"), "Currency"),
			("drawn_amount", _lt("Drawn"), "Currency"),
			("available_amount", _lt("Available"), "Currency"),
		),
		search=("name", "lc_number"),
		sort=("issue_date", "expiry_date", "lc_number", "status"),
		filters={"docstatus": 1},
		also_read=("currency",),
		detail="/trade/credits/",
	),
	"quotations": PortalList(
		doctype="Quotation",
		title=_lt("Quotations"),
		route="quotations",
		columns=(
			("name", _lt("Quotation"), "Data"),
			("transaction_date", _lt("Date"), "Date"),
			("reply_due_date", _lt("Reply By"), "Date"),
			("grand_total", _lt("Amount"), "Currency"),
			("buyer_reply", _lt("Your Reply"), "Data"),
		),
		search=("name",),
		sort=("transaction_date", "name", "reply_due_date"),
		filters={"docstatus": 1, "quotation_to": "Customer"},
		also_read=("valid_till", "currency", "buyer_reply_date"),
		# a quotation opens as its PDF (portal_pages.quotation_pdf_url)
	),
}


def customers_of(user: str | None = None) -> list[str]:
	"""The customers whose portal users include ``user`` (the session user by default)."""
	user = user or frappe.session.user
	if user == "Guest":
		return []
	return frappe.get_all(
		"Portal User",
		filters={"user": user, "parenttype": "Customer"},
		pluck="parent",
		ignore_permissions=True,
	)


def require_buyer() -> list[str]:
	"""The session user's customers; a guest or a user of no customer is refused."""
	if frappe.session.user == "Guest":
		raise frappe.PermissionError(_("Log in to see your documents"))
	customers = customers_of()
	if not customers:
		raise frappe.PermissionError(_("Your user is not linked to a customer"))
	return customers


def own(doctype: str, name: str, customers: list[str] | None = None) -> frappe._dict:
	"""The document's customer and state when it is one of the buyer's; otherwise a permission error
	(the same for someone else's document and for one that does not exist)."""
	customers = customers if customers is not None else require_buyer()
	field = PORTAL.get(doctype)
	if not field:
		raise frappe.PermissionError(_("{0} {1} not found").format(doctype, name))
	found = frappe.db.get_value(doctype, name, [field, "docstatus"], as_dict=True) if name else None
	if not found or found[field] not in customers:
		raise frappe.PermissionError(_("{0} {1} not found").format(_(doctype), name))
	return found


def has_website_permission(doc, ptype, user, verbose=False):
	"""Frappe's website permission hook (print views, files): the document is one of the user's customers'."""
	field = PORTAL.get(doc.doctype)
	if not field or ptype not in ("read", "print"):
		return False
	return doc.get(field) in customers_of(user)


@frappe.read_only()  # heavy reads go to the replica where there is one (docs/deploy.md)
def list_rows(page: str, q: str | None = None, sort: str | None = None, start: int = 0) -> dict:
	"""One page of a portal list, the buyer's own documents only, searched and sorted (one query, and one
	for the count)."""
	spec = LISTS[page]
	customers = require_buyer()
	filters = {**spec.filters, PORTAL[spec.doctype]: ("in", customers)}
	or_filters = {field: ("like", f"%{q.strip()}%") for field in spec.search} if q and q.strip() else None
	field, _space, direction = (sort or "").partition(" ")
	if field not in spec.sort:
		field = spec.sort[0]
	direction = "asc" if direction == "asc" else "desc"
	start = max(cint(start), 0)
	rows = frappe.get_all(
		spec.doctype,
		filters=filters,
		or_filters=or_filters,
		fields=spec.fields,
		order_by=f"{field} {direction}, name desc",
		start=start,
		page_length=PAGE_LENGTH + 1,
		ignore_permissions=True,
	)
	return {
		"rows": rows[:PAGE_LENGTH],
		"has_next": len(rows) > PAGE_LENGTH,
		"start": start,
		"q": q or "",
		"sort": f"{field} {direction}",
		"sort_fields": spec.sort,
	}


# ---------------------------------------------------------------------- detail pages


def submitted_own(doctype: str, name: str) -> dict:
	"""A submitted document of the buyer's, with its lines, for a detail page."""
	own(doctype, name)
	doc = frappe.get_doc(doctype, name)
	if doc.docstatus != 1:
		raise frappe.PermissionError(_("{0} {1} not found").format(_(doctype), name))
	return {"doc": doc, "lines": doc.items}


def contract(name: str) -> dict:
	return submitted_own("Export Contract", name)


def shipment(name: str) -> dict:
	return submitted_own("Shipment Notice", name)


@frappe.read_only()
def receivables(invoice: str | None = None, cutoff: str | None = None, category: str | None = None) -> dict:
	"""The buyer's receivables, per invoice, as the Export Receivables report computes them."""
	from foreign_trade_crm.rules import receivables as rules
	from foreign_trade_crm.services.receivables import voucher_rows

	customers = require_buyer()
	cutoff = getdate(cutoff or nowdate())
	companies = frappe.get_all(
		"Sales Invoice",
		filters={"customer": ("in", customers), "docstatus": 1},
		pluck="company",
		distinct=True,
		ignore_permissions=True,
	)
	rows = []
	for company in companies:
		for customer in customers:
			rows += voucher_rows(
				{"company": company, "customer": customer, "cutoff": cutoff, "invoice": invoice}
			)
	if category and category != rules.ALL:
		rows = [r for r in rows if rules.in_category(category, r.booked, r.unpaid, r.days_overdue)]
	return {"rows": rows, "cutoff": cutoff, "categories": rules.CATEGORIES}


# ---------------------------------------------------------------------- actions


@frappe.whitelist()
def countersign(contract: str, signatory: str) -> dict:
	"""The buyer countersigns online: who, when and from which IP address go on the contract's timeline."""
	customers = require_buyer()
	own("Export Contract", contract, customers)
	signatory = accept(signatory, NAME, _("Signed By"))
	if not signatory:
		frappe.throw(_("Enter the name of the person signing"))
	ip = frappe.local.request_ip if getattr(frappe.local, "request_ip", None) else None
	return record_countersign(
		contract,
		nowdate(),
		signatory,
		comment=_("Countersigned online by {0} ({1}) on {2} from IP address {3}").format(
			signatory, frappe.session.user, now_datetime(), ip or _("unknown")
		),
	)


@frappe.whitelist()
def reply_quotation(quotation: str, reply: str, comment: str | None = None) -> dict:
	"""Accept, decline or counter a quotation the buyer can still answer (rules/quotation_reply.py), once."""
	from foreign_trade_crm.rules import quotation_reply

	customers = require_buyer()
	found = own("Quotation", quotation, customers)
	if reply not in quotation_reply.REPLIES:
		frappe.throw(_("Choose Accepted, Declined or Counter-offer"))
	comment = accept(comment, LONG, _("Comment"), 2000)  # kept escaped: the timeline shows it as HTML
	values = frappe.db.get_value(
		"Quotation",
		quotation,
		["buyer_reply", "reply_due_date", "valid_till", "status", "quotation_to"],
		as_dict=True,
	)
	if values.quotation_to != "Customer":
		raise frappe.PermissionError(_("{0} {1} not found").format(_("Quotation"), quotation))
	if values.buyer_reply == reply:  # a second click changes nothing
		return {"reply": reply, "already": True}
	state = quotation_reply.reply_state(
		docstatus=found.docstatus,
		quotation_to=values.quotation_to,
		status=values.status,
		buyer_reply=values.buyer_reply,
		reply_due_date=getdate(values.reply_due_date) if values.reply_due_date else None,
		valid_till=getdate(values.valid_till) if values.valid_till else None,
		today=getdate(nowdate()),
	)
	if state == quotation_reply.ANSWERED:
		frappe.throw(_("Quotation {0} was already answered: {1}").format(quotation, _(values.buyer_reply)))
	if state == quotation_reply.REPLY_DATE_PASSED:
		frappe.throw(_("The reply date of quotation {0} has passed; please contact us").format(quotation))
	if state != quotation_reply.TO_ANSWER:
		frappe.throw(_("Quotation {0} can no longer be answered").format(quotation))
	if reply == "Counter-offer" and not comment:
		frappe.throw(_("Describe your counter-offer"))
	frappe.db.set_value(
		"Quotation",
		quotation,
		{"buyer_reply": reply, "buyer_reply_date": nowdate(), "buyer_reply_comment": comment},
	)
	frappe.get_doc("Quotation", quotation).add_comment(
		"Info", _("The buyer replied from the portal: {0}. {1}").format(_(reply), comment or "")
	)
	return {"reply": reply, "already": False}


@frappe.whitelist()
def lodge_claim(
	shipment_notice: str, lines: str | list, description: str | None = None, reference: str | None = None
) -> str:
	"""A draft Trade Claim on the buyer's own shipped lines; lines: [{shipment_notice_item, qty,
	claimed_amount, reason, notes}]. The claim's rules (qty within shipped, …) apply as in the desk."""
	customers = require_buyer()
	own("Shipment Notice", shipment_notice, customers)
	reference = accept(reference, PLAIN, _("Your Reference"))
	description = accept(description, LONG, _("Description"))
	lines = frappe.parse_json(lines) if isinstance(lines, str) else lines
	chosen = [line for line in lines or [] if frappe.utils.flt(line.get("qty")) > 0]
	if not chosen:
		frappe.throw(_("Enter the qty affected on at least one line"))
	reasons = set(frappe.get_all("Claim Reason", filters={"disabled": 0}, pluck="name"))
	claim = frappe.get_doc(
		{
			"doctype": "Trade Claim",
			"shipment_notice": shipment_notice,
			"customer_reference": reference,
			"description": description,
			"status": claim_rules.OPEN,
			"items": [
				{
					"shipment_notice_item": line.get("shipment_notice_item"),
					"qty": line.get("qty"),
					"claimed_amount": line.get("claimed_amount"),
					"reason": line.get("reason") if line.get("reason") in reasons else "Other",
					"notes": accept(line.get("notes"), LONG, _("Notes"), 2000),
				}
				for line in chosen
			],
		}
	)
	# the lines are checked against the notice by the claim's own validation (services/claims.py)
	claim.insert(ignore_permissions=True)
	return claim.name


@frappe.whitelist()
def submit_feedback(
	feedback_type: str,
	subject: str,
	description: str,
	reference_doctype: str | None = None,
	reference_name: str | None = None,
) -> str:
	"""Feedback from the buyer; routed like any other (services/feedback.py)."""
	customers = require_buyer()
	if feedback_type not in ("Inquiry", "Suggestion", "Complaint"):
		frappe.throw(_("Choose Inquiry, Suggestion or Complaint"))
	subject = accept(subject, PLAIN, _("Subject"))
	description = accept(description, LONG, _("Description"))
	customer = customers[0]
	if reference_doctype and reference_doctype not in (
		"Export Contract",
		"Shipment Notice",
		"Trade Claim",
		"Quotation",
	):
		frappe.throw(_("Feedback can be about a contract, shipment, claim or quotation only"))
	if reference_doctype and reference_name:
		customer = own(reference_doctype, reference_name, customers)[PORTAL[reference_doctype]]
	doc = frappe.get_doc(
		{
			"doctype": "Customer Feedback",
			"customer": customer,
			"feedback_type": feedback_type,
			"subject": subject,
			"description": description,
			"reference_doctype": reference_doctype or None,
			"reference_name": reference_name or None,
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name


# what a buyer may attach to a claim: photos, survey reports, spreadsheets (services/files.py judges them),
# each up to Foreign Trade Settings' Largest Upload (services.files.upload_limit)
MAX_ATTACHMENTS = 20


@frappe.whitelist()
def attach_to_claim(claim: str, filename: str, filedata: str) -> str:
	"""A photo or survey report for one of the buyer's own open claims (base64 ``filedata``), kept private."""
	own("Trade Claim", claim)
	status = frappe.db.get_value("Trade Claim", claim, ["docstatus", "status"], as_dict=True)
	if status.docstatus != 0 or status.status not in (claim_rules.OPEN, claim_rules.UNDER_REVIEW):
		frappe.throw(_("Files can be added to an open claim only"))
	return _attach("Trade Claim", claim, filename, filedata)


@frappe.whitelist()
def attach_to_request(request: str, filename: str, filedata: str) -> str:
	"""A drawing, photo or spec sheet for one of the buyer's own order requests not yet quoted."""
	own("Order Request", request)
	if frappe.db.get_value("Order Request", request, "status") != "Requested":
		frappe.throw(_("Files can be added to a request until it is quoted"))
	return _attach("Order Request", request, filename, filedata)


@frappe.whitelist()
def attach_signed_copy(contract: str, filename: str, filedata: str) -> str:
	"""The contract as the buyer signed it (a scan or a photo), after countersigning online: kept as the
	contract's private attachment, judged by its bytes like every upload."""
	own("Export Contract", contract)
	if not frappe.db.get_value("Export Contract", contract, "is_countersigned"):
		frappe.throw(_("Countersign the contract first, then attach the signed copy"))
	return _attach("Export Contract", contract, filename, filedata)


def _attach(doctype: str, name: str, filename: str, filedata: str) -> str:
	"""The file as the document's private attachment, after the checks on its kind, size and number."""
	import base64

	from foreign_trade_crm.services.files import ATTACHMENTS, check_upload, upload_limit
	from foreign_trade_crm.services.text import file_name

	limit = upload_limit()
	if len(filedata or "") > limit * 4 // 3 + 1024:  # base64 of more than the limit: not even decoded
		frappe.throw(_("A file may have up to {0} MB").format(limit // 2**20))
	try:
		content = base64.b64decode(filedata.split(",", 1)[-1], validate=True)
	except Exception:
		frappe.throw(_("The file could not be read"))
	# judged by its bytes before anything is kept: a refused file leaves no File row
	filename = file_name(filename)
	check_upload(filename, content, ATTACHMENTS, max_bytes=limit)
	if frappe.db.count("File", {"attached_to_doctype": doctype, "attached_to_name": name}) >= MAX_ATTACHMENTS:
		frappe.throw(_("A document may have up to {0} files").format(MAX_ATTACHMENTS))
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": filename,
			"attached_to_doctype": doctype,
			"attached_to_name": name,
			"is_private": 1,
			"content": content,
		}
	)
	file.insert(ignore_permissions=True)
	return file.name


def receivables_xlsx(
	invoice: str | None = None, cutoff: str | None = None, category: str | None = None
) -> bytes:
	"""The buyer's receivables as .xlsx, in their customer's own format when it has a template."""
	from foreign_trade_crm.services.excel import RECEIVABLE_COLUMNS
	from foreign_trade_crm.services.excel import receivables_xlsx as write

	data = receivables(invoice, cutoff, category)
	return write(data["rows"], require_buyer()[0], standard=RECEIVABLE_COLUMNS[1:])


@frappe.whitelist()
def download_receivables(invoice: str | None = None, cutoff: str | None = None, category: str | None = None):
	"""The receivables page as .xlsx (the buyer's own invoices, with the page's filters)."""
	frappe.response["filename"] = f"receivables-{getdate(cutoff or nowdate())}.xlsx"
	frappe.response["filecontent"] = receivables_xlsx((invoice or "").strip() or None, cutoff, category)
	frappe.response["type"] = "binary"


LINE_DOWNLOADS = {"Export Contract": "Export Contract Lines", "Shipment Notice": "Shipment Notice Lines"}


@frappe.whitelist()
def download_lines(doctype: str, name: str):
	"""A contract's or shipment notice's lines as .xlsx, in the buyer's own format when their
	customer has a template (the buyer's submitted documents only)."""
	from foreign_trade_crm.services.excel import document_lines_xlsx

	if doctype not in LINE_DOWNLOADS:
		raise frappe.PermissionError(_("{0} {1} not found").format(doctype, name))
	found = own(doctype, name)
	if found.docstatus != 1:
		raise frappe.PermissionError(_("{0} {1} not found").format(_(doctype), name))
	frappe.response["filename"] = f"{name}.xlsx"
	frappe.response["filecontent"] = document_lines_xlsx(
		LINE_DOWNLOADS[doctype], name, found[PORTAL[doctype]]
	)
	frappe.response["type"] = "binary"


def referable_documents(limit: int = 50) -> list[tuple[str, str]]:
	"""The buyer's latest contracts, shipments and claims, which feedback may be about."""
	customers = require_buyer()
	out = []
	for doctype in ("Export Contract", "Shipment Notice", "Trade Claim"):
		out += [
			(doctype, name)
			for name in frappe.get_all(
				doctype,
				filters={
					"customer": ("in", customers),
					"docstatus": ("<", 2) if doctype == "Trade Claim" else 1,
				},
				pluck="name",
				order_by="creation desc",
				limit_page_length=limit,
				ignore_permissions=True,
			)
		]
	return out


def shipments_to_claim(limit: int = 50) -> list[str]:
	customers = require_buyer()
	return frappe.get_all(
		"Shipment Notice",
		filters={"customer": ("in", customers), "docstatus": 1},
		pluck="name",
		order_by="posting_date desc, name desc",
		limit_page_length=limit,
		ignore_permissions=True,
	)


@frappe.whitelist()
def get_claimable_lines(shipment_notice: str) -> list[dict]:
	return claimable_lines(shipment_notice)


def claimable_lines(shipment_notice: str) -> list[dict]:
	"""The buyer's shipped lines of a notice with what is already claimed, for the claim form."""
	from foreign_trade_crm.services.claims import claimed_elsewhere, notice_lines

	own("Shipment Notice", shipment_notice)
	lines = notice_lines(shipment_notice)
	elsewhere = claimed_elsewhere(list(lines), None)
	return [
		{
			"shipment_notice_item": name,
			"item_code": line.item_code,
			"item_name": line.item_name,
			"customer_item_code": line.customer_item_code,
			"qty": line.qty,
			"uom": line.uom,
			"already_claimed": elsewhere.get(name, 0),
		}
		for name, line in lines.items()
	]


# ---------------------------------------------------------------------- order requests


@frappe.whitelist()
def request_order(
	lines: str | list,
	request_key: str | None = None,
	wanted_shipment_date: str | None = None,
	incoterm: str | None = None,
	named_place: str | None = None,
	note: str | None = None,
	contact_email: str | None = None,
	contact_phone: str | None = None,
) -> str:
	"""The buyer's order request: lines [{customer_item_code | item_code | item_name/description, qty, note}].
	Submitting the same form twice (same ``request_key``) creates one request."""
	from foreign_trade_crm.services.order_requests import create_request

	customers = require_buyer()
	lines = frappe.parse_json(lines) if isinstance(lines, str) else lines
	if not isinstance(lines, list):
		frappe.throw(_("Add at least one line to the request"))
	return create_request(
		customers[0],
		[line for line in lines if isinstance(line, dict)],
		request_key=accept(request_key, PLAIN, _("Request Key")),
		wanted_shipment_date=getdate(wanted_shipment_date) if wanted_shipment_date else None,
		incoterm=incoterm,
		named_place=accept(named_place, PLAIN, _("Named Place")),
		note=accept(note, LONG, _("Note")),
		contact_email=accept_email(contact_email, _("Contact E-mail")),
		contact_phone=accept(contact_phone, PLAIN, _("Contact Phone"), 40),
	)


@frappe.whitelist()
def fix_order_request(
	request: str,
	contact_email: str | None = None,
	contact_phone: str | None = None,
	wanted_shipment_date: str | None = None,
) -> str:
	"""The buyer corrects what the review asked of a request not yet quoted: the contact and the wanted
	date (the lines are the sales person's to settle with the quotation). The review runs again."""
	own("Order Request", request)
	doc = frappe.get_doc("Order Request", request)
	if doc.status != "Requested":
		frappe.throw(_("Order request {0} is {1}: it can no longer change").format(doc.name, _(doc.status)))
	doc.contact_email = accept_email(contact_email, _("Contact E-mail"))
	doc.contact_phone = accept(contact_phone, PLAIN, _("Contact Phone"), 40)
	doc.wanted_shipment_date = getdate(wanted_shipment_date) if wanted_shipment_date else None
	doc.save(ignore_permissions=True)  # the buyer's own request, checked above; only these fields change
	return doc.review_status


def orderable_items() -> list[dict]:
	"""What the buyer may pick from: our sales items with the buyer's own code where there is one."""
	customers = require_buyer()
	codes = dict(
		frappe.db.sql(
			"select parent, ref_code from `tabItem Customer Detail` where customer_name = %s",
			customers[0],
		)
	)
	items = frappe.get_all(
		"Item",
		filters={"disabled": 0, "is_sales_item": 1, "has_variants": 0},
		fields=["name", "item_name", "stock_uom"],
		order_by="item_name asc",
		limit_page_length=2000,
	)
	return [
		{
			"item_code": i.name,
			"item_name": i.item_name,
			"uom": i.stock_uom,
			"customer_item_code": codes.get(i.name),
		}
		for i in items
	]


@frappe.whitelist()
def get_indicative(items: str | list) -> dict:
	"""Indicative price (the buyer's price list) and lead time per item, for the request form."""
	from foreign_trade_crm.services.order_requests import indicative

	customers = require_buyer()
	items = frappe.parse_json(items) if isinstance(items, str) else items
	return indicative(customers[0], [str(i) for i in (items or [])][:200])


def order_request(name: str) -> dict:
	"""A request of the buyer's, and when it is quoted, the quotation's lines, prices and reply date."""
	own("Order Request", name)
	request = frappe.get_doc("Order Request", name)
	quoted = None
	if request.quotation and frappe.db.get_value("Quotation", request.quotation, "docstatus") == 1:
		quoted = frappe.db.get_value(
			"Quotation",
			request.quotation,
			["name", "currency", "grand_total", "reply_due_date", "buyer_reply", "valid_till"],
			as_dict=True,
		)
		quoted["lines"] = frappe.get_all(
			"Quotation Item",
			filters={"parent": request.quotation, "parenttype": "Quotation"},
			fields=["customer_item_code", "item_name", "qty", "uom", "rate", "amount"],
			order_by="idx",
		)
	return {"doc": request, "lines": request.items, "quoted": quoted}
