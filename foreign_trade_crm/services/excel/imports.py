"""Line imports from a buyer's spreadsheet into a draft Export Contract, Quotation or Shipment Notice:
every bad row named, nothing imported until the file is clean (or only the good rows, when asked)."""

from __future__ import annotations

import frappe
from frappe import _

from foreign_trade_crm.rules import excel as rules
from foreign_trade_crm.rules import sheet_reader
from foreign_trade_crm.rules import shipment as shipment_rules
from foreign_trade_crm.rules.messages import Problem, RowProblem
from foreign_trade_crm.rules.shipment import code_key
from foreign_trade_crm.services.excel.templates import CONTRACT_LINES, template_columns
from foreign_trade_crm.services.files import reason

# the fields a contract-line import fills, and the headers understood without a template
LINE_HEADERS = {
	"Customer Item Code": "customer_item_code",
	"Your Item Code": "customer_item_code",
	"Buyer Code": "customer_item_code",
	"客户货号": "customer_item_code",
	"Item Code": "item_code",
	"Item": "item_code",
	"货号": "item_code",
	"Qty": "qty",
	"Quantity": "qty",
	"数量": "qty",
	"Rate": "rate",
	"Price": "rate",
	"Unit Price": "rate",
	"单价": "rate",
}


# ---------------------------------------------------------------------- line imports

QUOTATION_LINES = "Quotation Lines"
NOTICE_LINES = "Shipment Notice Lines"

# the headers a shipment-notice import understands besides the item and qty ones
NOTICE_HEADERS = {
	"Contract": "export_contract",
	"Contract No": "export_contract",
	"Export Contract": "export_contract",
	"合同号": "export_contract",
	"Contract Line": "contract_line",
	"Line No": "contract_line",
	"合同行号": "contract_line",
	"Packages": "packages",
	"Cartons": "packages",
	"件数": "packages",
	"箱数": "packages",
	"Net Weight": "net_weight",
	"N.W.": "net_weight",
	"净重": "net_weight",
	"Gross Weight": "gross_weight",
	"G.W.": "gross_weight",
	"毛重": "gross_weight",
	"Volume": "volume",
	"CBM": "volume",
	"体积": "volume",
	"Shipping Marks": "shipping_marks",
	"唛头": "shipping_marks",
}
NOTICE_NUMBERS = {"qty", "rate", "packages", "net_weight", "gross_weight", "volume"}


def import_limits() -> tuple[int, int]:
	"""(rows, bytes) an upload may have, from Foreign Trade Settings."""
	settings = frappe.get_cached_doc("Foreign Trade Settings")
	rows = frappe.utils.cint(settings.get("excel_max_rows")) or sheet_reader.MAX_ROWS
	megabytes = frappe.utils.cint(settings.get("excel_max_file_mb")) or sheet_reader.MAX_BYTES // 2**20
	return rows, megabytes * 2**20


def _customer_of(doc) -> str | None:
	if doc.doctype == "Quotation":
		return doc.party_name if doc.quotation_to == "Customer" else None
	return doc.customer


APPLIES_TO = {
	"Export Contract": CONTRACT_LINES,
	"Quotation": QUOTATION_LINES,
	"Shipment Notice": NOTICE_LINES,
}


def lines_from_file(doc, content: bytes, filename: str = "") -> tuple[list[dict], list[RowProblem]]:
	"""The file's lines for a draft contract, quotation or shipment notice, with every bad row:
	headers from the customer's import template (or the usual names), buyer codes resolved
	through Item → Customer Items, notice lines matched to their contract lines."""
	max_rows, max_bytes = import_limits()
	rows = sheet_reader.read_table(content, filename, max_rows=max_rows, max_bytes=max_bytes)
	customer = _customer_of(doc)
	notice = doc.doctype == "Shipment Notice"
	template = template_columns(customer, APPLIES_TO[doc.doctype], purpose="Import")
	if template:
		headers = {c.header: c.source for c in template}
	else:
		headers = {**LINE_HEADERS, **NOTICE_HEADERS} if notice else LINE_HEADERS
	required = {"qty", "export_contract"} if notice else {"qty"}
	mapping = rules.find_header(rows, headers, required)
	if not mapping or not ({"customer_item_code", "item_code"} & set(mapping.columns.values())):
		frappe.throw(
			_(
				"No header row found: the sheet needs a contract column, a quantity column and an item code or customer item code column"
			)
			if notice
			else _(
				"No header row found: the sheet needs a quantity column and an item code or customer item code column"
			)
		)
	mapped = set(mapping.columns.values())
	numbers = (NOTICE_NUMBERS if notice else {"qty", "rate"}) & mapped
	# the buyer's codes compared as the notice form compares them (``code_key``: case and spaces aside)
	codes = (
		dict(
			(code_key(ref_code), item)
			for ref_code, item in frappe.db.sql(
				"""select icd.ref_code, icd.parent from `tabItem Customer Detail` icd join `tabItem` i on i.name = icd.parent
			where icd.customer_name = %s and i.disabled = 0 and i.is_sales_item = 1""",
				customer,
			)
		)
		if customer
		else {}
	)
	if notice:
		lines, problems = rules.parse_lines(rows, mapping, required, numbers)
		for line in lines:
			code = code_key(line.get("customer_item_code"))
			if code and not line.get("item_code") and codes.get(code):
				line["item_code"] = codes[code]
		problems += shipment_rules.match_contract_lines(lines, _open_contract_lines(doc.customer, lines))
		return lines, sorted(problems, key=lambda p: p.row)
	items = set(frappe.get_all("Item", filters={"disabled": 0, "is_sales_item": 1}, pluck="name"))
	known = {}
	if "customer_item_code" in mapped:
		known["customer_item_code"] = set(codes)
	if "item_code" in mapped:
		known["item_code"] = items
	lines, problems = rules.parse_lines(rows, mapping, {"qty"}, numbers, known)
	for line in lines:
		if not line.get("item_code") and line.get("customer_item_code"):
			line["item_code"] = codes.get(code_key(line["customer_item_code"]))
		if not line.get("item_code") and not any(p.row == line["_row"] for p in problems):
			problems.append(
				RowProblem(line["_row"], "item_code", None, Problem("missing", _("a value is required")))
			)
	return lines, problems


def _open_contract_lines(customer: str, lines: list[dict]) -> list:
	"""The lines of the named contracts that are this customer's, submitted and not closed (two queries)."""
	from foreign_trade_crm.services.shipment import load_contract_lines

	names = list({str(line.get("export_contract") or "").strip() for line in lines} - {""})
	if not names:
		return []
	open_contracts = frappe.get_all(
		"Export Contract",
		filters={
			"name": ("in", names),
			"customer": customer,
			"docstatus": 1,
			"status": ("!=", "Closed"),  # the shipment rules judge the rest when the notice is saved
		},
		pluck="name",
	)
	return load_contract_lines(open_contracts)


def _append_lines(doc, good: list[dict]) -> None:
	known = {
		code_key(r.name): r
		for r in frappe.get_all(
			"Item",
			filters={"name": ("in", list({line["item_code"] for line in good}) or [""])},
			fields=["name", "item_name", "stock_uom", "description"],
		)
	}
	if doc.doctype == "Shipment Notice":
		rates = dict(
			frappe.get_all(
				"Export Contract Item",
				filters={"name": ("in", [line["contract_item"] for line in good] or [""])},
				fields=["name", "rate"],
				as_list=True,
			)
		)
	for line in good:
		item = known[code_key(line["item_code"])]
		row = {
			"item_code": item.name,
			"customer_item_code": line.get("customer_item_code"),
			"item_name": item.item_name,
			"qty": float(line["qty"]),
			"uom": item.stock_uom,
		}
		if doc.doctype == "Quotation":
			row.update({"description": item.description or item.item_name, "conversion_factor": 1})
		if doc.doctype == "Shipment Notice":
			contract_rate = rates.get(line["contract_item"])
			row.update(
				{
					"export_contract": line["export_contract"],
					"contract_item": line["contract_item"],
					"contract_rate": contract_rate,
					"rate": float(line["rate"]) if line.get("rate") else contract_rate,
					**{
						f: float(line[f]) if f in NOTICE_NUMBERS else line[f]
						for f in ("packages", "net_weight", "gross_weight", "volume", "shipping_marks")
						if line.get(f) not in (None, "")
					},
				}
			)
		elif line.get("rate"):
			row["rate"] = float(line["rate"])
		doc.append("items", row)


def column_label(fieldname: str) -> str:
	"""The user's word for an imported column, in their language."""
	labels = {
		"customer_item_code": _("Customer Item Code"),
		"item_code": _("Item Code"),
		"qty": _("Qty"),
		"rate": _("Rate"),
		"export_contract": _("Export Contract"),
		"contract_line": _("Contract Line"),
		"packages": _("Packages"),
		"net_weight": _("Net Weight"),
		"gross_weight": _("Gross Weight"),
		"volume": _("Volume"),
		"shipping_marks": _("Shipping Marks"),
	}
	return labels.get(fieldname) or _(frappe.unscrub(fieldname))


@frappe.whitelist()
def import_lines(doctype: str, name: str, filedata: str, filename: str = "", good_rows_only: int = 0) -> dict:
	"""Lines from an .xlsx or .csv (base64) into a draft Export Contract, Quotation or Shipment Notice:
	nothing unless every row is good, or only the good ones when ``good_rows_only``; every bad
	row is named (row, column, value, reason)."""
	import base64

	if doctype not in APPLIES_TO:
		frappe.throw(_("Lines cannot be imported into {0}").format(_(doctype)))
	doc = frappe.get_doc(doctype, name)
	doc.check_permission("write")
	if doc.docstatus != 0:
		frappe.throw(_("Lines can be imported into a draft only"))
	try:
		content = base64.b64decode(filedata.split(",", 1)[-1], validate=True)
	except Exception:
		frappe.throw(_("The file could not be read"))
	try:
		lines, problems = lines_from_file(doc, content, filename)
	except sheet_reader.UnsafeWorkbook as error:
		frappe.throw(reason(error.problem), title=_("File refused"))
	bad_rows = {p.row for p in problems}
	if problems and not frappe.utils.cint(good_rows_only):
		frappe.throw(
			[
				_("Row {0}, {1} ({2}): {3}").format(
					p.row, column_label(p.column), "" if p.value is None else p.value, _(p.reason.template)
				)
				for p in problems
			],
			title=_("Nothing imported: {0} row(s) to correct").format(len(bad_rows)),
			as_list=True,
		)
	good = [line for line in lines if line["_row"] not in bad_rows]
	_append_lines(doc, good)
	if doc.doctype != "Quotation":
		# every item was checked above, set-wise: Frappe need not look each line's item up again
		doc.flags.ignore_links = True
	doc.save()
	return {"imported": len(good), "skipped": len(bad_rows)}


@frappe.whitelist()
def import_contract_lines(contract: str, filedata: str, good_rows_only: int = 0) -> dict:
	"""Lines into a draft Export Contract (see ``import_lines``)."""
	return import_lines("Export Contract", contract, filedata, good_rows_only=good_rows_only)
