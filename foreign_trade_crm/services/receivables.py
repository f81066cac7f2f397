"""Receivables per voucher from ERPNext's Payment Ledger, set-wise.

One grouped query gives, for every receivable voucher of the customers asked for, what
was booked and what is still unpaid up to the cutoff date, in the voucher's (account)
currency and in company currency, with the app's dates from the Sales Invoice and, when
asked, each collection under it. Payment Entries, credit notes, Journal Entries and
reconciliations count exactly as ERPNext counts them, because they are all Payment
Ledger Entries against the invoice.

How it is fast (100,000 invoices, 400,000 ledger rows: see the benchmark's figures):

- MariaDB groups while it walks ``LEDGER_INDEX``, which holds every column the query reads,
  so that no table row is read and no temporary table built;
- the query is a single grouped SELECT (no derived table, which MariaDB would first write
  out whole), read through an unbuffered cursor: each voucher reaches Python as soon as its
  group is complete, so the database groups on one core while Python builds rows on the other;
- each voucher comes as one packed string, which the (pure Python) MySQL driver decodes as one
  value instead of sixteen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import frappe
from frappe import _
from frappe.utils import flt, getdate, nowdate

from foreign_trade_crm.rules import receivables as rules
from foreign_trade_crm.services import isolation

# The index the report reads the ledger by (added on install and migrate, dropped on
# uninstall): every column the grouping needs, in the grouping's order. It is ERPNext's
# grouping key (voucher, party, account) less the voucher's type: InnoDB keys hold at most
# 3,072 bytes and each of these names takes 562. The type is the type of the voucher's own
# ledger row, which carries its name as both voucher and against voucher.
LEDGER_INDEX = "ftc_receivables"
LEDGER_INDEX_COLUMNS = (
	"against_voucher_no",
	"party",
	"account",
	"voucher_no",
	"voucher_type",
	"delinked",
	"posting_date",
	"due_date",
	"amount",
	"amount_in_account_currency",
)


def add_ledger_index(columns: tuple[str, ...] = LEDGER_INDEX_COLUMNS) -> bool:
	"""Add the index, unless it is there. On a site whose ledger columns were made longer, the key
	may not fit InnoDB's limit: the report then works without it (slower), and the install or
	migrate goes on, with the reason in the Error Log."""
	try:
		frappe.db.add_index("Payment Ledger Entry", list(columns), LEDGER_INDEX)
	except frappe.db.OperationalError as e:
		if e.args[0] != 1071:  # ER_TOO_LONG_KEY
			raise
		frappe.log_error(
			title=_("Export Receivables runs without its ledger index"),
			message=_("The index {0} on the Payment Ledger does not fit: {1}").format(LEDGER_INDEX, e),
		)
		return False
	return True


def drop_ledger_index():
	if frappe.db.has_index("tabPayment Ledger Entry", LEDGER_INDEX):
		frappe.db.sql_ddl(f"alter table `tabPayment Ledger Entry` drop index `{LEDGER_INDEX}`")


def receivable_accounts(company: str) -> dict[str, str]:
	"""The company's receivable accounts and their currencies."""
	return dict(
		frappe.get_all(
			"Account",
			filters={"company": company, "account_type": "Receivable", "is_group": 0},
			fields=["name", "account_currency"],
			as_list=True,
		)
	)


# separators of the packed line: between a voucher's fields; inside its collections, between
# their fields and between one collection and the next (five fields each). ASCII control
# characters, never part of a name, a currency or a date.
SEP, FIELD_SEP = "\x1f", "\x1d"


def _ledger_query(f: dict, with_collections: bool, exact: bool) -> str:
	"""One packed line per voucher (name, party, account) of the company's receivable ledger.

	A voucher's own ledger row (``own``) carries its name as voucher and as against voucher:
	what it booked. A line without a type has none by the cutoff (``_advances_query``). The
	receivable accounts stand for ERPNext's company and account type filter (an account belongs
	to one company); parties that are not customers are left out afterwards
	(``customers_only``). Sums are exact decimals rounded to 6 places. Where vouchers of two
	types share a name, the line has two types; ``exact`` then reads those few groups again
	(``%(groups)s``: name, party, account), grouped by type as well. Each aggregate is written
	once: MariaDB computes every one it is given, the same or not.
	"""
	own = "ple.voucher_no = ple.against_voucher_no" + (
		" and ple.voucher_type = ple.against_voucher_type" if exact else ""
	)
	collections = (
		f"""ifnull(group_concat(if({own}, null,
			concat_ws('{FIELD_SEP}', ple.posting_date, ple.voucher_no, ple.voucher_type,
				-ple.amount_in_account_currency, -ple.amount))
			order by ple.posting_date, ple.voucher_no separator '{FIELD_SEP}'), '')"""
		if with_collections
		else "''"
	)
	conditions = _conditions(f, exact)
	return f"""
		select concat_ws(%(sep)s,
			ple.party, ifnull(min(if({own}, ple.posting_date, null)), ''), ple.against_voucher_no,
			ifnull(min(if({own}, ple.voucher_type, null)), ''),
			ifnull(max(if({own}, ple.voucher_type, null)), ''),
			ple.account,
			round(sum(if({own}, ple.amount_in_account_currency, 0)), 6),
			round(sum(if({own}, ple.amount, 0)), 6),
			round(sum(ple.amount_in_account_currency), 6),
			round(sum(ple.amount), 6),
			ifnull(max(if({own}, ple.due_date, null)), ''),
			ifnull((select concat_ws(%(sep)s, ifnull(si.shipment_notice, ''), ifnull(si.bl_date, ''),
					ifnull(si.expected_collection_date, ''))
				from `tabSales Invoice` si where si.name = ple.against_voucher_no),
				concat_ws(%(sep)s, '', '', '')),
			{collections})
		from `tabPayment Ledger Entry` ple
		where {" and ".join(conditions)}
		group by ple.against_voucher_no, {"ple.against_voucher_type, " if exact else ""}ple.party, ple.account
	"""


def _conditions(f: dict, of_groups: bool) -> list[str]:
	return [
		"ple.account in %(accounts)s",
		"ple.delinked = 0",
		"ple.posting_date <= %(cutoff)s",
		*(["ple.party = %(customer)s"] if f.get("customer") else []),
		*(["ple.party in %(own_customers)s"] if f.get("own_customers") is not None else []),
		*(["ple.against_voucher_no = %(invoice)s"] if f.get("invoice") else []),
		*(["(ple.against_voucher_no, ple.party, ple.account) in %(groups)s"] if of_groups else []),
	]


def _advances_query(f: dict) -> str:
	"""Lines of what was paid against a voucher not booked by the cutoff (``%(groups)s``), per
	paying voucher. ERPNext counts such a payment on the paying voucher's own row, as an
	advance (a deposit received before its invoice is made, for one); so do these lines."""
	return f"""
		select concat_ws(%(sep)s,
			ple.party, min(ple.posting_date), ple.voucher_no, ple.voucher_type, ple.voucher_type,
			ple.account, 0, 0, round(sum(ple.amount_in_account_currency), 6), round(sum(ple.amount), 6),
			'', '', '', '', '')
		from `tabPayment Ledger Entry` ple
		where {" and ".join(_conditions(f, True))}
			and not exists (select 1 from `tabPayment Ledger Entry` own
				where own.voucher_no = ple.against_voucher_no and own.voucher_type = ple.against_voucher_type
				and own.against_voucher_no = ple.against_voucher_no
				and own.against_voucher_type = ple.against_voucher_type
				and own.party = ple.party and own.account = ple.account
				and own.delinked = 0 and own.posting_date <= %(cutoff)s)
		group by ple.voucher_type, ple.voucher_no, ple.party, ple.account
	"""


def voucher_rows(
	filters: dict,
	with_collections: bool = False,
	each: Callable[[frappe._dict], bool] | None = None,
) -> list[frappe._dict]:
	"""One row per receivable voucher with booked / collected / unpaid and the app's dates, in
	customer, booking date and voucher order. What was paid against a voucher not booked by the
	cutoff is a row of the paying voucher, an advance (``_advances_query``), as in ERPNext.

	``with_collections`` adds to each row ``collections``: a row for each payment, credit note or
	journal against it, in date order (``_collections``). ``each(row)``, if given, is called on
	every row while the ledger is still being read (it must not query the database) and keeps
	the row only if it returns True.
	"""
	f = frappe._dict(filters)
	if not f.get("company"):
		frappe.throw(_("Select a company"))
	cutoff = getdate(f.get("cutoff") or nowdate())
	currencies = receivable_accounts(f.company)
	if not currencies:
		return []
	# Sales Users See Only Their Own Customers (services/isolation.py): the ledger is read for theirs only
	if isolation.is_restricted():
		f.own_customers = tuple(isolation.own_customers()) or ("",)
	values = {
		"accounts": tuple(currencies),
		"cutoff": cutoff,
		"customer": f.get("customer"),
		"own_customers": f.get("own_customers"),
		"invoice": f.get("invoice"),
		"sep": SEP,
	}
	# the invoices of the sales person asked for (the rows are read in one go, and no other
	# query may run on the connection meanwhile)
	sold = (
		set(
			frappe.get_all(
				"Sales Team",
				filters={"parenttype": "Sales Invoice", "sales_person": f.sales_person},
				pluck="parent",
			)
		)
		if f.get("sales_person")
		else None
	)
	build = _RowBuilder(cutoff, currencies, with_collections, each, sold)
	with frappe.db.unbuffered_cursor():
		lines = frappe.db.sql(_ledger_query(f, with_collections, False), values, pluck=True, as_iterator=True)
		rows = list(build.rows(lines))
	if build.shared:  # vouchers of two types share these names: read them again, by type
		build.shared, groups = None, tuple(build.shared)
		lines = frappe.db.sql(
			_ledger_query(f, with_collections, True), {**values, "groups": groups}, pluck=True
		)
		rows += build.rows(lines)
	if build.unbooked:  # paid against vouchers not booked by the cutoff: advances
		lines = frappe.db.sql(_advances_query(f), {**values, "groups": tuple(build.unbooked)}, pluck=True)
		rows += build.rows(lines)
	# customer, booking date and voucher lead each line, and the separator sorts below every
	# printable character: sorting the lines sorts the rows by those three (and fast)
	rows = [rows[i] for i in sorted(range(len(rows)), key=build.lines.__getitem__)]
	customers = customers_only(build.parties)
	if len(customers) < len(build.parties):
		rows = [r for r in rows if r["customer"] in customers]
	return rows


class _RowBuilder:
	"""Rows of the packed lines. The groups (name, party, account) of lines that say two vouchers
	share their name are kept in ``shared`` instead (set it to None to build such lines as they
	are), and those of lines without a voucher booked by the cutoff in ``unbooked``."""

	def __init__(self, cutoff: date, currencies: dict, with_collections: bool, each, sold: set | None):
		self.cutoff, self.currencies, self.with_collections = cutoff, currencies, with_collections
		self.each, self.sold = each, sold
		self.shared: list[tuple] | None = []
		self.unbooked: list[tuple] = []
		self.lines: list[str] = []  # the line of each row built
		self.parties: set[str] = set()  # and its party

	def rows(self, lines) -> Iterator[frappe._dict]:
		cutoff, currencies, with_collections, each, sold = (
			self.cutoff,
			self.currencies,
			self.with_collections,
			self.each,
			self.sold,
		)
		expected_date, days_overdue, category_of = rules.expected_date, rules.days_overdue, rules.category_of
		fromisoformat = date.fromisoformat
		for line in lines:
			(
				customer,
				posting,
				vno,
				vtype,
				other_type,
				account,
				booked,
				booked_base,
				unpaid,
				unpaid_base,
				due,
			) = (v := line.split(SEP))[:11]
			if not vtype:  # not booked by the cutoff
				self.unbooked.append((vno, customer, account))
				continue
			if other_type != vtype and self.shared is not None:
				self.shared.append((vno, customer, account))
				continue
			if sold is not None and (vtype != "Sales Invoice" or vno not in sold):
				continue
			booked, unpaid = float(booked), float(unpaid)
			if not booked and not unpaid:
				continue
			booked_base, unpaid_base = float(booked_base), float(unpaid_base)
			if vtype == "Sales Invoice":
				due, notice, bl, expected = due or None, v[11] or None, v[12] or None, v[13] or None
			else:  # another voucher of the name of an invoice is no invoice
				due, notice, bl, expected = due or None, None, None, None
			expected_on, basis = expected_date(expected, due, posting)
			days = days_overdue(fromisoformat(expected_on), cutoff, unpaid)
			row = frappe._dict(
				voucher_type=vtype,
				voucher_no=vno,
				customer=customer,
				currency=currencies[account],
				booked=booked,
				booked_base=booked_base,
				unpaid=unpaid,
				unpaid_base=unpaid_base,
				collected=booked - unpaid,
				collected_base=booked_base - unpaid_base,
				posting_date=posting,
				due_date=due,
				shipment_notice=notice,
				bl_date=bl,
				expected_collection_date=expected,
				expected_date=expected_on,
				basis=basis,
				days_overdue=days,
				category=category_of(booked, unpaid, days),
			)
			if with_collections:
				row.collections = _collections(v[14], customer, row.currency)
			if each is None or each(row):
				self.lines.append(line)
				self.parties.add(customer)
				yield row


def _collections(packed: str, customer: str, currency: str) -> list[dict]:
	"""A row for each voucher collecting on the invoice, in date order, to list under it: its date
	(``posting_date``), ``voucher_type``, ``voucher_no``, amount (``collected``) and amount in
	company currency (``collected_base``), the invoice's customer and currency, ``indent`` 1 and
	``is_collection`` 1.

	ERPNext's automatic exchange gain or loss journal is listed as what it is: no amount in the
	invoice's currency and ``category_label`` "Exchange Gain/Loss".

	A voucher with several ledger rows against the invoice on one date is one collection; its
	rows are adjacent, as the database orders them by date and voucher. Plain dicts: there are
	270,000 of them on the benchmark's ledger, and Python builds these fastest.
	"""
	out: list[dict] = []
	last = None
	exchange_label = None
	fields = iter(packed.split(FIELD_SEP) if packed else ())
	for posting, vno, vtype, amount, base in zip(fields, fields, fields, fields, fields, strict=True):
		if (
			last is not None
			and last["voucher_no"] == vno
			and last["posting_date"] == posting
			and last["voucher_type"] == vtype
		):
			last["collected"] += float(amount)
			last["collected_base"] += float(base)
			continue
		last = {
			"indent": 1,
			"customer": customer,
			"voucher_type": vtype,
			"voucher_no": vno,
			"posting_date": posting,
			"currency": currency,
			"collected": float(amount),
			"collected_base": float(base),
			"is_collection": 1,
		}
		out.append(last)
	for c in out:
		if not c["collected"] and c["collected_base"]:
			# ERPNext's exchange gain or loss journal: nothing collected in the invoice's currency, only
			# the company-currency difference between the invoice's rate and the payment's
			c["collected"] = None
			c["category_label"] = exchange_label or _("Exchange Gain/Loss")
			exchange_label = c["category_label"]
	return out


def customers_only(parties) -> set[str]:
	"""Those of ``parties`` that are customers. ERPNext lets only a receivable party type book
	to a receivable account; another one than Customer (a student) is left out, as ERPNext's
	Accounts Receivable for customers leaves it out."""
	parties = set(parties)
	if not parties:
		return parties
	return set(frappe.get_all("Customer", filters={"name": ("in", list(parties))}, pluck="name"))


@frappe.whitelist()
def customer_risk(customer: str, company: str | None = None) -> dict:
	"""Overdue unpaid amount of one customer in one company (company currency), and whether it is a risk."""
	frappe.has_permission("Customer", "read", doc=customer, throw=True)
	frappe.has_permission("Sales Invoice", "read", throw=True)
	return risk_of(customer, company)


def risk_of(customer: str, company: str | None = None) -> dict:
	company = (
		company
		or frappe.defaults.get_user_default("Company")
		or frappe.db.get_single_value("Global Defaults", "default_company")
	)
	threshold = flt(frappe.db.get_single_value("Foreign Trade Settings", "risk_overdue_threshold"))
	rows = [r for r in voucher_rows({"company": company, "customer": customer}) if r.days_overdue > 0]
	overdue = sum(flt(r.unpaid_base) for r in rows)
	return {
		"company": company,
		"currency": frappe.get_cached_value("Company", company, "default_currency"),
		"overdue": overdue,
		"max_days_overdue": max((r.days_overdue for r in rows), default=0),
		"threshold": threshold,
		"is_risk": rules.is_risk(overdue, threshold),
	}


# ---------------------------------------------------------------- how each invoice is paid

PAYMENT_SQL = """
	select si.name, l.lc_number,
		coalesce(nullif(si.payment_terms_template, ''), sn.payment_terms_template) as terms,
		(select group_concat(concat_ws(' ', ptd.payment_term, ptd.description, ptd.mode_of_payment) separator ' | ')
			from `tabPayment Terms Template Detail` ptd
			where ptd.parenttype = 'Payment Terms Template'
				and ptd.parent = coalesce(nullif(si.payment_terms_template, ''), sn.payment_terms_template)) as terms_text,
		(select concat_ws('|', ifnull(p.bank_answer, ''), ifnull(p.applicant_decision, ''), ifnull(p.collected_amount, 0))
			from `tabLetter of Credit Presentation` p
			where p.shipment_notice = si.shipment_notice and p.docstatus = 1
			order by p.creation desc limit 1) as presentation
	from `tabSales Invoice` si
	left join `tabShipment Notice` sn on sn.name = si.shipment_notice
	left join `tabLetter of Credit` l on l.name = sn.letter_of_credit and l.docstatus = 1
	where si.name in %(names)s
"""


def mark_payment_methods(rows: list, chunk: int = 5000) -> None:
	"""Each invoice row's ``paid_by`` (L/C and its number when its shipment draws on a credit, else D/P,
	D/A or T/T from its payment terms) and ``at_risk`` (its documents' latest presentation is discrepant and
	neither accepted by the applicant nor paid): one query per ``chunk`` invoices."""
	from foreign_trade_crm.rules import credit_desk

	names = [r["voucher_no"] for r in rows if r.get("voucher_type") == "Sales Invoice"]
	found = {}
	for start in range(0, len(names), chunk):
		for r in frappe.db.sql(PAYMENT_SQL, {"names": names[start : start + chunk]}, as_dict=True):
			found[r.name] = r
	risk = _("At Risk")
	for row in rows:
		r = found.get(row.get("voucher_no")) if row.get("voucher_type") == "Sales Invoice" else None
		if r is None:
			continue
		row["paid_by"] = credit_desk.payment_method(r.lc_number, r.terms, r.terms_text)
		answer, decision, collected = (r.presentation or "||0").split("|")
		row["at_risk"] = int(credit_desk.at_risk(answer, decision, collected))
		row["risk_note"] = risk if row["at_risk"] else ""
