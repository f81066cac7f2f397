"""Export Receivables: booked, collected, unpaid and days overdue per shipment invoice (seed 000 §6.5).

Three layouts, as the seed's 总收汇 / 单票 / 单票下每次收汇: one row per customer; one
row per invoice; one row per invoice with each collection under it. Amounts come from
ERPNext's Payment Ledger, so the unpaid totals equal ERPNext's Accounts Receivable.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt, getdate, nowdate

from foreign_trade_crm.rules import receivables as rules
from foreign_trade_crm.services import receivables as service

SUMMARY = "Summary per Customer"
PER_INVOICE = "Per Invoice"
WITH_COLLECTIONS = "Per Invoice with Collections"

BASE_AMOUNTS = ("booked_base", "collected_base", "unpaid_base")
AMOUNTS = ("booked", "collected", "unpaid")


@frappe.read_only()
def execute(filters=None):
	return ExportReceivables(filters).run()


class ExportReceivables:
	def __init__(self, filters=None):
		self.filters = frappe._dict(filters or {})
		self.filters.cutoff = getdate(self.filters.get("cutoff") or nowdate())
		self.layout = self.filters.get("layout") or PER_INVOICE
		self.ranges = rules.parse_ranges(self.filters.get("ageing_ranges"))
		self.labels = rules.bucket_labels(self.ranges)
		self.company_currency = (
			frappe.get_cached_value("Company", self.filters.company, "default_currency")
			if self.filters.get("company")
			else None
		)

	def run(self):
		if self.layout == SUMMARY:
			data = self.summary()
			return self.summary_columns(), data, None, self.chart(), self.report_summary()
		rows = service.voucher_rows(self.filters, with_collections=self.layout == WITH_COLLECTIONS)
		category = self.filters.get("category")
		if category and category != rules.ALL:
			rows = [r for r in rows if rules.in_category(category, r.booked, r.unpaid, r.days_overdue)]
		# translated once, not per row
		notes = {basis: _(basis) for basis in (rules.BASIS_EXPECTED, rules.BASIS_DUE, rules.BASIS_POSTING)}
		outside = {basis: _("{0} (not a shipment invoice)").format(note) for basis, note in notes.items()}
		categories = {c: _(c) for c in rules.CATEGORIES}
		buckets = [f"range{i}" for i in range(len(self.labels))]
		zeros = dict.fromkeys(buckets, 0)
		ranges, bucket_index = self.ranges, rules.bucket_index
		# totals of every amount, taken in the same pass (the chart, summary and total row use them)
		self.totals = totals = dict.fromkeys(("not_due", "overdue", *BASE_AMOUNTS, *buckets), 0.0)
		update = dict.update  # not frappe._dict's own update, which costs more per row
		booked = collected = unpaid_total = overdue = not_due = 0.0
		for r in rows:
			update(r, zeros)
			unpaid = r["unpaid_base"]
			days = r["days_overdue"]
			if days > 0 and unpaid > 0:
				key = buckets[bucket_index(days, ranges)]
				r[key] = unpaid
				totals[key] += unpaid
				overdue += unpaid
			elif unpaid > 0:
				not_due += unpaid
			booked += r["booked_base"]
			collected += r["collected_base"]
			unpaid_total += unpaid
			r["basis_note"] = (notes if r["shipment_notice"] else outside)[r["basis"]]
			r["category_label"] = categories[r["category"]]
		totals.update(
			booked_base=booked,
			collected_base=collected,
			unpaid_base=unpaid_total,
			overdue=overdue,
			not_due=not_due,
		)

		if self.layout == WITH_COLLECTIONS:
			data = self.with_collections(rows)
			columns = self.invoice_columns(with_collections=True)
		else:
			data = [*rows, self.total_row(rows)] if rows else []
			columns = self.invoice_columns()
		return columns, data, None, self.chart(), self.report_summary()

	# ------------------------------------------------------------ layouts

	def summary(self):
		"""One row per customer, summed by the database; then the risk flag and the totals."""
		threshold = flt(frappe.db.get_single_value("Foreign Trade Settings", "risk_overdue_threshold"))
		buckets = [f"range{i}" for i in range(len(self.labels))]
		keys = ("invoices", *BASE_AMOUNTS, "overdue_base", "not_due", *buckets)
		data = service.customer_totals(self.filters, self.ranges)
		totals = dict.fromkeys(keys, 0.0)
		for row in data:
			for key in keys:
				row[key] = flt(row[key], 2) if key != "invoices" else row[key]
				totals[key] += row[key]
			row.risk = _("Risk") if rules.is_risk(row.overdue_base, threshold) else ""
		self.totals = {**totals, "overdue": totals["overdue_base"]}
		if data:
			data.append(frappe._dict(customer=_("Total"), is_total_row=1, **totals))
		return data

	def with_collections(self, rows):
		data = []
		append = data.append
		for r in rows:
			r.indent = 0
			append(r)
			customer, currency = r.customer, r.currency
			for posting, vno, vtype, amount, base in r.pop("collections"):
				append(
					frappe._dict(
						indent=1,
						customer=customer,
						voucher_type=vtype,
						voucher_no=vno,
						posting_date=posting,
						currency=currency,
						collected=amount,
						collected_base=base,
						is_collection=1,
					)
				)
		if rows:
			data.append(self.total_row(rows))
		return data

	def total_row(self, rows):
		total = frappe._dict(customer=_("Total"), is_total_row=1)
		for key in (*BASE_AMOUNTS, *[f"range{i}" for i in range(len(self.labels))]):
			total[key] = self.totals[key]
		currencies = {r.currency for r in rows}
		if len(currencies) == 1:
			total.currency = currencies.pop()
			for key in AMOUNTS:
				total[key] = sum(r[key] for r in rows)
		return total

	# ------------------------------------------------------------ columns, chart

	def bucket_columns(self):
		return [
			{
				"fieldname": f"range{i}",
				"label": _("Overdue {0} days").format(label),
				"fieldtype": "Currency",
				"options": self.company_currency,
				"width": 120,
			}
			for i, label in enumerate(self.labels)
		]

	def summary_columns(self):
		cc = self.company_currency
		return [
			{
				"fieldname": "customer",
				"label": _("Customer"),
				"fieldtype": "Link",
				"options": "Customer",
				"width": 180,
			},
			{"fieldname": "invoices", "label": _("Invoices"), "fieldtype": "Int", "width": 80},
			{
				"fieldname": "booked_base",
				"label": _("Booked"),
				"fieldtype": "Currency",
				"options": cc,
				"width": 130,
			},
			{
				"fieldname": "collected_base",
				"label": _("Collected"),
				"fieldtype": "Currency",
				"options": cc,
				"width": 130,
			},
			{
				"fieldname": "unpaid_base",
				"label": _("Unpaid"),
				"fieldtype": "Currency",
				"options": cc,
				"width": 130,
			},
			{
				"fieldname": "overdue_base",
				"label": _("Overdue Unpaid"),
				"fieldtype": "Currency",
				"options": cc,
				"width": 130,
			},
			{"fieldname": "days_overdue", "label": _("Most Days Overdue"), "fieldtype": "Int", "width": 100},
			{"fieldname": "risk", "label": _("Risk Customer"), "fieldtype": "Data", "width": 100},
			*self.bucket_columns(),
		]

	def invoice_columns(self, with_collections=False):
		cc = self.company_currency
		columns = [
			{
				"fieldname": "customer",
				"label": _("Customer"),
				"fieldtype": "Link",
				"options": "Customer",
				"width": 150,
			},
			{
				"fieldname": "voucher_type",
				"label": _("Voucher Type"),
				"fieldtype": "Data",
				"width": 110,
				"hidden": 1,
			},
			{
				"fieldname": "voucher_no",
				"label": _("Invoice No"),
				"fieldtype": "Dynamic Link",
				"options": "voucher_type",
				"width": 170,
			},
			{
				"fieldname": "shipment_notice",
				"label": _("Shipment Notice"),
				"fieldtype": "Link",
				"options": "Shipment Notice",
				"width": 140,
			},
			{"fieldname": "bl_date", "label": _("B/L Date"), "fieldtype": "Date", "width": 95},
			{"fieldname": "posting_date", "label": _("Booking Date"), "fieldtype": "Date", "width": 95},
			{
				"fieldname": "expected_date",
				"label": _("Expected Collection Date"),
				"fieldtype": "Date",
				"width": 110,
			},
			{"fieldname": "basis_note", "label": _("Expected Date Basis"), "fieldtype": "Data", "width": 120},
			{
				"fieldname": "currency",
				"label": _("Currency"),
				"fieldtype": "Link",
				"options": "Currency",
				"width": 70,
			},
			{
				"fieldname": "booked",
				"label": _("Booked"),
				"fieldtype": "Currency",
				"options": "currency",
				"width": 120,
			},
			{
				"fieldname": "collected",
				"label": _("Collected"),
				"fieldtype": "Currency",
				"options": "currency",
				"width": 120,
			},
			{
				"fieldname": "unpaid",
				"label": _("Unpaid"),
				"fieldtype": "Currency",
				"options": "currency",
				"width": 120,
			},
			{
				"fieldname": "booked_base",
				"label": _("Booked (Company Currency)"),
				"fieldtype": "Currency",
				"options": cc,
				"width": 130,
			},
			{
				"fieldname": "collected_base",
				"label": _("Collected (Company Currency)"),
				"fieldtype": "Currency",
				"options": cc,
				"width": 130,
			},
			{
				"fieldname": "unpaid_base",
				"label": _("Unpaid (Company Currency)"),
				"fieldtype": "Currency",
				"options": cc,
				"width": 130,
			},
			{"fieldname": "days_overdue", "label": _("Days Overdue"), "fieldtype": "Int", "width": 90},
			{"fieldname": "category_label", "label": _("Category"), "fieldtype": "Data", "width": 120},
			*self.bucket_columns(),
		]
		if with_collections:
			columns[2]["label"] = _("Invoice / Collection")
		return columns

	def chart(self):
		if not any(self.totals.values()):
			return None
		t = self.totals
		values = [t["not_due"]] + [t[f"range{i}"] for i in range(len(self.labels))]
		return {
			"data": {
				"labels": [_("Not Due"), *[_("{0} days").format(label) for label in self.labels]],
				"datasets": [{"name": _("Unpaid"), "values": values}],
			},
			"type": "bar",
			"colors": ["#7cd6fd"],
			"fieldtype": "Currency",
			"options": self.company_currency,
		}

	def report_summary(self):
		cc = self.company_currency
		t = self.totals
		overdue = t["overdue"]
		return [
			{
				"value": t["booked_base"],
				"label": _("Booked"),
				"datatype": "Currency",
				"currency": cc,
			},
			{
				"value": t["collected_base"],
				"label": _("Collected"),
				"datatype": "Currency",
				"currency": cc,
			},
			{"value": t["unpaid_base"], "label": _("Unpaid"), "datatype": "Currency", "currency": cc},
			{
				"value": overdue,
				"label": _("Overdue Unpaid"),
				"datatype": "Currency",
				"currency": cc,
				"indicator": "Red" if overdue else "Green",
			},
		]
