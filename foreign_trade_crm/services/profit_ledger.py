"""What the ledger has booked for each contract, kept as vouchers are posted, so that Contract Profit reads
ten thousand contracts without summing a million ledger rows (ERPNext keeps a project's costing the same way,
on the project, as its vouchers are submitted).

Kept by one computation, the ledger's own (``services.profit.live_actuals``), run again for the contracts a
transaction touched, just before it commits:

- every ledger row posted (a voucher submitted, cancelled by its reversing rows, reposted) names its
  contract, or its voucher, whose contracts are found from its lines and what it settles;
- a collection or a journal entry reconciled, or unreconciled, after it was submitted changes what it
  settles, so it is touched too;
- an Export Contract is kept when it is submitted (nought, until a voucher is posted).

Two postings of one contract at once are both kept: the later to commit adds only what its own vouchers
change when it finds the contract kept since it began (``_keep``, ``booked_version``).

Per contract, the booked figure of each kind, and ``booked_basis``: the digest of the settings and accounts
they were kept under (``services.profit.ledger_terms``). Per voucher touching contracts, what it books for
none of them (Contract Voucher Remainder), a row for each contract it touches. A contract whose basis is not
today's is read from the ledger again and queued to be kept anew; and every day ``check`` reads every
contract from the ledger and puts right, with an Error Log, whatever was kept wrong.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt

from foreign_trade_crm.rules import profit as rules
from foreign_trade_crm.services import profit
from foreign_trade_crm.services.dimension import DIMENSION, FIELD, INVOICES

REMAINDER = "Contract Voucher Remainder"
#: the vouchers whose ledger rows a contract's may share (``profit.shared_vouchers``)
SHARING = (*INVOICES, "Payment Entry", "Journal Entry")
#: contracts kept in one pass of ``refresh``
CHUNK = 500


# ---------------------------------------------------------------------- reading


def actuals(
	contracts: list[str] | None = None, where: str = "", values: dict | None = None, rows=None
) -> dict:
	"""Contract → its actual ``rules.Profit``, for ``contracts`` (or ``rows`` of them with their booked
	fields) or for the submitted contracts matching ``where`` (a condition on ``ec``, the Export Contract,
	with ``values``); and under the key ``None`` (``rules.NONE``) what the vouchers touching them book for
	no contract, so that the contracts plus that equal the company's own ledger for those vouchers.

	Read from what is kept as vouchers are posted: the booked fields of each contract and the remainders of
	the vouchers touching them (two queries). Where they were kept under
	other settings or accounts than today's (their basis differs), or never kept, the ledger is read again
	(``services.profit.live_actuals``) and they are queued to be kept anew."""
	if not frappe.db.has_column("GL Entry", FIELD):
		return {}
	flush_pending()
	terms = profit.ledger_terms()
	if rows is None:
		fields = ", ".join(("name", "booked_basis", *profit.BOOKED.values()))
		if contracts is None:
			rows = frappe.db.sql(
				f"select {fields} from `tabExport Contract` ec where ec.docstatus = 1 {'and ' + where if where else ''}",
				values or {},
				as_dict=True,
			)
		elif contracts:
			rows = frappe.db.sql(
				f"select {fields} from `tabExport Contract` where name in %(names)s",
				{"names": tuple(contracts)},
				as_dict=True,
			)
	if not rows:
		return {}
	stale = [row.name for row in rows if row.booked_basis != terms.basis]
	dec = rules.dec
	if stale:
		queue_refresh()
		return profit.live_actuals([row.name for row in rows], terms)
	out = {
		# kept to the cent (the database gives floats: Frappe's connection turns decimals into floats)
		row.name: rules.Profit({kind: dec(row[field]) for kind, field in profit.BOOKED.items() if row[field]})
		for row in rows
	}
	rest = remainders_of([row.name for row in rows], terms)
	if rest is not None:
		out[rules.NONE] = rest
	return out


@frappe.whitelist()
def get_contract_profit(contract: str) -> dict:
	"""One contract's profit for the form's Profit tab: per kind, the estimate kept when it was submitted,
	what is booked to date, what is committed, the forecast at completion and its variance from the
	estimate; and the profit on what has shipped, like with like."""
	doc = frappe.get_doc(DIMENSION, contract)
	doc.check_permission("read")
	if not profit.can_see_profit():
		frappe.throw(_("Only managers and accounts users see a contract's profit"), frappe.PermissionError)
	est = profit.stored_estimate(doc)
	if doc.docstatus == 1:
		booked = actuals([doc.name]).get(doc.name, rules.Profit())
		seen = profit.outlooks([doc.name], {doc.name: booked})[doc.name]
	else:
		booked = rules.Profit()
		seen = frappe._dict(
			committed=rules.Profit(), forecast=est, on_shipped=rules.Profit(), shipped=rules.ZERO
		)
	gap = rules.variance(seen.forecast, est)

	def margin(p: rules.Profit):
		return flt(p.margin) if p.margin is not None else None

	return {
		"currency": frappe.get_cached_value("Company", doc.company, "default_currency"),
		"rows": [
			{
				"kind": kind,
				"label": _(profit.KIND_LABELS[kind]),
				"estimate": flt(est.get(kind)),
				"booked": flt(booked.get(kind)),
				"committed": flt(seen.committed.get(kind)),
				"forecast": flt(seen.forecast.get(kind)),
				"variance": flt(gap[kind]),
				"on_shipped": flt(seen.on_shipped.get(kind)),
			}
			for kind in rules.KINDS
		],
		"profit": {
			"estimate": flt(est.profit),
			"booked": flt(booked.profit),
			"committed": flt(seen.committed.profit),
			"forecast": flt(seen.forecast.profit),
			"variance": flt(gap["profit"]),
			"on_shipped": flt(seen.on_shipped.profit),
		},
		"margin": {
			"estimate": margin(est),
			"forecast": margin(seen.forecast),
			"on_shipped": margin(seen.on_shipped),
		},
		"shipped_percent": flt(seen.shipped * 100, 1),
	}


# ---------------------------------------------------------------------- what a transaction touched


def _pending() -> frappe._dict:
	state = getattr(frappe.local, "ftcrm_profit_pending", None)
	if state is None or state.db is not frappe.db:
		state = frappe._dict(contracts=set(), vouchers=set(), db=frappe.db)
		frappe.local.ftcrm_profit_pending = state
	return state


def touch(contracts=(), vouchers=()) -> None:
	"""Keep these contracts, and the contracts of these (voucher type, voucher) pairs, before the transaction
	commits; forget them if it is rolled back."""
	state = _pending()
	first = not state.contracts and not state.vouchers
	state.contracts.update(c for c in contracts if c)
	state.vouchers.update(vouchers)
	if first and (state.contracts or state.vouchers):
		frappe.db.before_commit.add(flush_pending)
		frappe.db.after_rollback.add(forget)


def forget() -> None:
	state = _pending()
	state.contracts.clear()
	state.vouchers.clear()


def flush_pending() -> None:
	"""Keep what this transaction touched now (before it commits, or before a report reads it)."""
	state = _pending()
	if not state.contracts and not state.vouchers:
		return
	contracts, vouchers = set(state.contracts), set(state.vouchers)
	forget()
	if vouchers:
		contracts |= contracts_of_vouchers(vouchers)
	if contracts or vouchers:
		refresh(sorted(contracts), vouchers=vouchers)


def gl_entry_posted(doc, method=None) -> None:
	"""GL Entry ``after_insert`` (every row ERPNext posts, reverses or reposts)."""
	if doc.voucher_type == "Period Closing Voucher":
		return
	contract = doc.get(FIELD)
	vouchers = ((doc.voucher_type, doc.voucher_no),) if doc.voucher_type in SHARING else ()
	if contract or vouchers:
		touch((contract,) if contract else (), vouchers)


def settlement_changed(doc, method=None) -> None:
	"""Payment Entry and Journal Entry ``on_update_after_submit`` (reconciled against other invoices), and
	Unreconcile Payment ``on_submit`` (its voucher no longer settles them)."""
	if doc.doctype == "Unreconcile Payment":
		# by now the voucher no longer names the invoices it settled: they are in the unreconciliation
		touch(
			vouchers=(
				(doc.voucher_type, doc.voucher_no),
				*((d.reference_doctype, d.reference_name) for d in doc.allocations if d.reference_name),
			)
		)
	else:
		touch(vouchers=((doc.doctype, doc.name),))


def contract_submitted(doc, method=None) -> None:
	touch((doc.name,))


def contracts_of_vouchers(vouchers: set[tuple[str, str]]) -> set[str]:
	"""The contracts the vouchers touch: their lines' and rows' own, the invoices' they settle, and those
	their remainders were kept for (a voucher may touch fewer contracts than it did). A query or two per kind
	of voucher, and one for the remainders."""
	by_type: dict[str, set] = {}
	for voucher_type, name in vouchers:
		by_type.setdefault(voucher_type, set()).add(name)
	found: set[str] = set()
	invoices: dict[str, set] = {}
	for doctype in INVOICES:
		if by_type.get(doctype):
			invoices.setdefault(doctype, set()).update(by_type[doctype])
	if by_type.get("Payment Entry"):
		for doctype, name in frappe.db.sql(
			"""select reference_doctype, reference_name from `tabPayment Entry Reference`
			where parent in %(names)s and reference_doctype in %(doctypes)s""",
			{"names": tuple(by_type["Payment Entry"]), "doctypes": tuple(INVOICES)},
		):
			invoices.setdefault(doctype, set()).add(name)
	if by_type.get("Journal Entry"):
		for doctype, name, contract in frappe.db.sql(
			f"""select reference_type, reference_name, {FIELD} from `tabJournal Entry Account`
			where parent in %(names)s""",
			{"names": tuple(by_type["Journal Entry"])},
		):
			if contract:
				found.add(contract)
			if doctype in INVOICES and name:
				invoices.setdefault(doctype, set()).add(name)
	for doctype, names in invoices.items():
		found.update(
			frappe.db.sql_list(
				f"""select distinct {FIELD} from `tab{doctype} Item` where parent in %(names)s
					and parenttype = %(doctype)s and ifnull({FIELD}, '') != ''
				union select {FIELD} from `tab{doctype}` where name in %(names)s and ifnull({FIELD}, '') != ''""",
				{"names": tuple(names), "doctype": doctype},
			)
		)
	found.update(
		frappe.db.sql_list(
			f"select distinct export_contract from `tab{REMAINDER}` where voucher_no in %(names)s",
			{"names": tuple({name for _type, name in vouchers})},
		)
	)
	return found


# ---------------------------------------------------------------------- keeping


def refresh(contracts: list[str], terms=None, vouchers=()) -> int:
	"""Keep the submitted ones of ``contracts`` as the ledger says today: their booked fields, and the
	remainders of every voucher touching them. Set-wise, ``CHUNK`` contracts a pass; returns how many were
	kept."""
	terms = terms or profit.ledger_terms()
	kept = 0
	for start in range(0, len(contracts), CHUNK):
		chunk = frappe.db.sql_list(
			f"select name from `tab{DIMENSION}` where docstatus = 1 and name in %(names)s order by name",
			{"names": tuple(contracts[start : start + CHUNK])},
		)
		if chunk:
			_keep(chunk, terms, vouchers if start == 0 else ())
			kept += len(chunk)
	return kept


def _keep(contracts: list[str], terms, vouchers=()) -> None:
	"""Keep ``contracts`` (submitted) and the remainders of the vouchers touching them, and of ``vouchers``
	(touched by this transaction), as this transaction sees the ledger.

	Exact when postings of the same contract overlap: the contract's kept fields are read as this
	transaction began (its snapshot) and again as committed, locked; if another posting kept them in
	between (``booked_version`` moved), what this transaction sees is short of that posting's vouchers, so
	only the difference its own make (seen now less seen then: a contract's figures add up voucher by
	voucher) is added to what is kept. Remainders are rewritten voucher by voucher, never of a voucher this
	transaction cannot see."""
	columns = ", ".join(("name", "booked_version", "booked_basis", *profit.BOOKED.values()))
	names = {"names": tuple(contracts)}
	seen = {
		row[0]: row[1:]
		for row in frappe.db.sql(f"select {columns} from `tab{DIMENSION}` where name in %(names)s", names)
	}
	table = frappe.qb.DocType(REMAINDER)
	visible = frappe.db.sql(
		f"select distinct voucher_type, voucher_no from `tab{REMAINDER}` where export_contract in %(names)s",
		names,
	)
	remainders: dict = {}
	figures = profit.live_actuals(contracts, terms, remainders)
	# locked in one order, so that two postings never wait for each other
	latest = {
		row[0]: row[1:]
		for row in frappe.db.sql(
			f"select {columns} from `tab{DIMENSION}` where name in %(names)s order by name for update", names
		)
	}
	dec, kinds = rules.dec, list(profit.BOOKED.items())
	updates, later = {}, []
	for name in contracts:
		mine = figures.get(name) or rules.Profit()
		amounts = [mine.get(kind) for kind, _field in kinds]
		then, now = seen.get(name), latest.get(name)
		if then and now and then[0] != now[0]:
			if then[1] == now[1] == terms.basis:
				amounts = [
					dec(now[i + 2] or 0) + amount - dec(then[i + 2] or 0) for i, amount in enumerate(amounts)
				]
			else:
				# kept meanwhile under other settings: nothing to add to, so kept anew once this commits
				later.append(name)
		updates[name] = {
			**{field: flt(amount, 2) for (_kind, field), amount in zip(kinds, amounts, strict=True)},
			"booked_basis": terms.basis,
			"booked_version": ((now[0] if now else 0) or 0) + 1,
		}
	frappe.db.bulk_update(DIMENSION, updates, chunk_size=CHUNK, update_modified=False)
	if later:
		frappe.enqueue(
			"foreign_trade_crm.services.profit_ledger.refresh_committed",
			queue="long",
			enqueue_after_commit=True,
			contracts=later,
		)
	# the remainders of the vouchers touching them, and none left of a voucher that touches them no more
	gone = {tuple(row) for row in visible} | set(remainders) | set(vouchers)
	keys = list(gone)
	for start in range(0, len(keys), CHUNK):
		frappe.qb.from_(table).delete().where(
			table.voucher_no.isin(tuple({name for _type, name in keys[start : start + CHUNK]}))
		).run()
	company_of = dict(
		frappe.db.sql(
			f"select name, company from `tab{DIMENSION}` where name in %(names)s",
			{"names": tuple({c for touched, _rows in remainders.values() for c in touched} or ("",))},
		)
	)
	rows = []
	for (voucher_type, voucher_no), (touched, amounts) in remainders.items():
		by_account: dict[str, object] = {}
		for account, amount in amounts:
			by_account[account] = by_account.get(account, 0) + amount
		for contract in sorted(touched):
			for account, amount in by_account.items():
				if flt(amount, 2):
					rows.append(
						(
							frappe.generate_hash(length=12),
							company_of.get(contract),
							contract,
							voucher_type,
							voucher_no,
							account,
							flt(amount, 2),
						)
					)
	if rows:
		frappe.db.bulk_insert(
			REMAINDER,
			["name", "company", "export_contract", "voucher_type", "voucher_no", "account", "amount"],
			rows,
		)


def remainders_of(contracts: list[str], terms) -> rules.Profit | None:
	"""What the vouchers touching ``contracts`` book for none of them, by kind: each voucher once, however
	many of them it touches. One query."""
	if not contracts:
		return None
	condition = "export_contract in %(names)s" if len(contracts) <= profit.FEW else "1 = 1"
	wanted = set(contracts)
	seen: dict[tuple, object] = {}
	for contract, voucher_type, voucher_no, account, amount in frappe.db.sql(
		f"""select export_contract, voucher_type, voucher_no, account, amount from `tab{REMAINDER}`
		where {condition}""",
		{"names": tuple(contracts)},
	):
		if contract in wanted:
			seen[voucher_type, voucher_no, account] = amount
	if not seen:
		return None
	rebate = 0
	rows = []
	for (voucher_type, _voucher_no, account), amount in seen.items():
		if account:
			rows.append(profit.ledger_sum(account, voucher_type, amount, terms.accounts))
		else:
			rebate += amount
	conf = terms.conf
	return rules.actual(rows, rebate, conf.mapped, terms.exchange, terms.claims, conf.vat_rebate)


def refresh_committed(contracts: list[str]) -> None:
	"""Keep ``contracts`` as everything committed says: in a transaction begun now, after the postings that
	asked for it (a background job)."""
	frappe.db.commit()  # a fresh transaction, whose reads see every posting committed so far
	refresh(sorted(contracts))
	frappe.db.commit()


def queue_refresh() -> None:
	"""Keep the contracts whose basis is not today's anew, in the background (once, however many reports
	ask)."""
	frappe.enqueue(
		"foreign_trade_crm.services.profit_ledger.rebuild",
		queue="long",
		job_id=f"ftcrm-profit-ledger::{frappe.local.site}",
		deduplicate=True,
		stale_only=True,
	)


def rebuild(stale_only: bool = False, commit: bool = True) -> int:
	"""Keep every submitted contract anew (or only those kept under other settings than today's): after a
	migration, a change of the cost accounts, or data loaded without vouchers being posted. Committed
	``CHUNK`` contracts at a time unless ``commit`` is false."""
	terms = profit.ledger_terms()
	condition = "and ifnull(booked_basis, '') != %(basis)s" if stale_only else ""
	names = frappe.db.sql_list(
		f"select name from `tab{DIMENSION}` where docstatus = 1 {condition} order by name",
		{"basis": terms.basis},
	)
	kept = 0
	for start in range(0, len(names), CHUNK):
		kept += refresh(names[start : start + CHUNK], terms)
		if commit:
			frappe.db.commit()  # a long job keeps what it has done
	return kept


def check(repair: bool = True) -> dict:
	"""Every submitted contract read from the ledger again and compared with what is kept: the contracts
	whose kept figures differ, and whether the vouchers' remainders do (put right, with an Error Log, when
	``repair``). Daily; as long as the report on all contracts read from the ledger."""
	terms = profit.ledger_terms()
	rows = frappe.db.sql(
		f"select name, booked_basis, {', '.join(profit.BOOKED.values())} from `tab{DIMENSION}` where docstatus = 1",
		as_dict=True,
	)
	names = [row.name for row in rows]
	live = profit.live_actuals(names, terms)
	# kept under other settings: read from the ledger by the report, kept anew here without a word
	stale = [row.name for row in rows if row.booked_basis != terms.basis]
	wrong = [
		row.name
		for row in rows
		if row.booked_basis == terms.basis
		and any(
			rules.rounded(row[field] or 0) != rules.rounded((live.get(row.name) or rules.Profit()).get(kind))
			for kind, field in profit.BOOKED.items()
		)
	]
	kept_rest = remainders_of(names, terms) or rules.Profit()
	live_rest = live.get(rules.NONE) or rules.Profit()
	rest_differs = any(kept_rest.get(kind) != live_rest.get(kind) for kind in rules.KINDS)
	if repair and (wrong or rest_differs):
		frappe.log_error(
			title="Contract profit kept wrong",
			message=f"contracts: {', '.join(wrong[:50])}{' …' if len(wrong) > 50 else ''}; "
			f"remainders differ: {rest_differs}",
			reference_doctype=DIMENSION,
		)
	if repair and (wrong or rest_differs or stale):
		refresh(names if rest_differs or stale else wrong, terms)
	return {"contracts": len(rows), "wrong": wrong, "remainders_differ": rest_differs, "stale": len(stale)}


def daily_check() -> None:
	"""Scheduler: ``check`` with repair."""
	if frappe.db.has_column("GL Entry", FIELD):
		check(repair=True)
