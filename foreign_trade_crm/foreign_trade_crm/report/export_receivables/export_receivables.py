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
		with_collections = self.layout == WITH_COLLECTIONS
		rows = service.voucher_rows(self.filters, with_collections, each=self.invoice_row())
		if len(rows) != self.counted:  # the service left some out after reading: count again
			each = self.invoice_row()
			for r in rows:
				each(r)
		service.mark_payment_methods(rows)
		if with_collections:
			data = self.with_collections(rows)
			columns = self.invoice_columns(with_collections=True)
		else:
			data = [*rows, self.total_row()] if rows else []
			columns = self.invoice_columns()
		return columns, data, None, self.chart(), self.report_summary()

	def wanted(self):
		"""Whether a voucher row is in the category asked for (None: every row is)."""
		category = self.filters.get("category")
		if not category or category == rules.ALL:
			return None
		in_category = rules.in_category
		return lambda r: in_category(category, r["booked"], r["unpaid"], r["days_overdue"])

	def invoice_row(self):
		"""What the report does with each voucher row, while the ledger is still being read:
		keep it if it is in the category asked for, put its unpaid amount in its ageing bucket,
		add it to the totals (``self.totals`` in company currency, for the chart, summary and
		total row; ``self.by_currency``: booked, collected, unpaid per invoice currency), and
		write its notes in the user's language (translated once here, not per row)."""
		wanted = self.wanted()
		notes = {basis: _(basis) for basis in (rules.BASIS_EXPECTED, rules.BASIS_DUE, rules.BASIS_POSTING)}
		outside = {basis: _("{0} (not a shipment invoice)").format(note) for basis, note in notes.items()}
		categories = {c: _(c) for c in rules.CATEGORIES}
		buckets = [f"range{i}" for i in range(len(self.labels))]
		zeros = dict.fromkeys(buckets, 0)
		ranges, bucket_index = self.ranges, rules.bucket_index
		update = dict.update  # not frappe._dict's own update, which costs more per row
		totals = self.totals = dict.fromkeys(("not_due", "overdue", *BASE_AMOUNTS, *buckets), 0.0)
		by_currency = self.by_currency = {}
		self.counted = 0

		def each(r):
			if wanted and not wanted(r):
				return False
			update(r, zeros)
			unpaid = r["unpaid_base"]
			if unpaid > 0:
				if r["days_overdue"] > 0:
					bucket = buckets[bucket_index(r["days_overdue"], ranges)]
					r[bucket] = unpaid
					totals[bucket] += unpaid
					totals["overdue"] += unpaid
				else:
					totals["not_due"] += unpaid
			totals["booked_base"] += r["booked_base"]
			totals["collected_base"] += r["collected_base"]
			totals["unpaid_base"] += unpaid
			amounts = by_currency.get(r["currency"])
			if amounts is None:
				amounts = by_currency[r["currency"]] = [0.0, 0.0, 0.0]
			amounts[0] += r["booked"]
			amounts[1] += r["collected"]
			amounts[2] += r["unpaid"]
			r["basis_note"] = (notes if r["shipment_notice"] else outside)[r["basis"]]
			r["category_label"] = categories[r["category"]]
			self.counted += 1
			return True

		return each

	# ------------------------------------------------------------ layouts

	def summary(self):
		"""One row per customer, added up while the ledger is read (no voucher row is kept); then
		the risk flag and the totals."""
		threshold = flt(frappe.db.get_single_value("Foreign Trade Settings", "risk_overdue_threshold"))
		wanted, summariser = self.wanted(), rules.Summariser(self.ranges)
		add = summariser.add

		def each(r):
			if not wanted or wanted(r):
				add(r)
			return False

		service.voucher_rows(self.filters, each=each)
		per_customer = summariser.totals()
		customers = service.customers_only(per_customer)
		buckets = [f"range{i}" for i in range(len(self.labels))]
		data = []
		for customer, t in sorted(per_customer.items()):
			if customer not in customers:
				continue
			data.append(
				frappe._dict(
					customer=customer,
					invoices=t.invoices,
					booked_base=flt(t.booked),
					collected_base=flt(t.collected),
					unpaid_base=flt(t.unpaid),
					overdue_base=flt(t.overdue),
					not_due=flt(t.not_due),
					days_overdue=t.max_days_overdue,
					risk=_("Risk") if rules.is_risk(t.overdue, threshold) else "",
					**{key: flt(b) for key, b in zip(buckets, t.buckets, strict=True)},
				)
			)
		keys = ("invoices", *BASE_AMOUNTS, "overdue_base", "not_due", *buckets)
		totals = {key: sum(row[key] for row in data) for key in keys}
		self.totals = {**totals, "overdue": totals["overdue_base"]}
		if data:
			data.append(frappe._dict(customer=_("Total"), is_total_row=1, **totals))
		return data

	def with_collections(self, rows):
		"""Each invoice, then its collections under it."""
		data = []
		append, extend = data.append, data.extend
		for r in rows:
			r.indent = 0
			append(r)
			extend(r.pop("collections"))
		if rows:
			data.append(self.total_row())
		return data

	def total_row(self):
		total = frappe._dict(customer=_("Total"), is_total_row=1)
		for key in (*BASE_AMOUNTS, *[f"range{i}" for i in range(len(self.labels))]):
			total[key] = self.totals[key]
		if len(self.by_currency) == 1:  # amounts in invoice currency add up in one currency only
			(total.currency, amounts), *_rest = self.by_currency.items()
			total.update(zip(AMOUNTS, amounts, strict=True))
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
			{"fieldname": "paid_by", "label": _("Paid By"), "fieldtype": "Data", "width": 130},
			{"fieldname": "risk_note", "label": _("Presentation Risk"), "fieldtype": "Data", "width": 100},
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
