"""Handover: a manager moves a sales person's open work to another, set-wise (customers' sales teams,
open contracts, quotations and sales orders, leads, and the assignments of the rest), with a note on each
document and a log of what moved. Who sees what after it is ``services.isolation``'s.
"""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.query_builder import Order
from frappe.query_builder.functions import Coalesce
from frappe.utils import cint, get_datetime

from foreign_trade_crm.constants.roles import EXPORT_SALES_MANAGER
from foreign_trade_crm.rules import shipment as rules
from foreign_trade_crm.services.isolation import clear_cache

HANDOVER_ROLES = frozenset({EXPORT_SALES_MANAGER, "System Manager"})

# what a handover may move; the last four only through their assignments (ToDo)
HANDOVER_DOCTYPES = (
	"Customer",
	"Export Contract",
	"Quotation",
	"Sales Order",
	"Lead",
	"Shipment Notice",
	"Trade Claim",
	"Customer Feedback",
	"Order Request",
)
TODO_DOCTYPES = (
	"Export Contract",
	"Shipment Notice",
	"Trade Claim",
	"Customer Feedback",
	"Order Request",
	"Quotation",
	"Lead",
)
# sales team rows move on documents still open
SALES_TEAM_CLOSED = {
	"Quotation": ("Ordered", "Lost", "Cancelled", "Expired"),
	"Sales Order": ("Completed", "Closed", "Cancelled"),
}
CONTRACT_CLOSED = (rules.CLOSED, rules.FULLY_SHIPPED, rules.CANCELLED)
LEAD_CLOSED = ("Converted", "Do Not Contact")


@frappe.whitelist()
def handover(
	from_sales_person: str,
	to_sales_person: str,
	doctypes: list[str] | str | None = None,
	change_owner: int | str = 0,
	documents: list[dict] | str | None = None,
) -> dict[str, int]:
	"""Move the open work of one sales person to another, in this request's transaction.

	Customer sales team rows (and account manager), open Export Contracts' sales person, open
	Quotations' / Sales Orders' sales team rows, open Leads (lead owner) and the from-user's
	open assignments (ToDo) on contracts, notices, claims, feedback, order requests, quotations
	and leads. ``doctypes`` narrows the kinds, ``documents`` ([{doctype, name}]) the records;
	``change_owner`` also makes the to-user the owner of what moved. Returns {doctype: count}.
	"""
	if not set(frappe.get_roles()) & HANDOVER_ROLES:
		frappe.throw(
			_("Only an Export Sales Manager or a System Manager can hand over a sales person's work"),
			frappe.PermissionError,
		)
	if isinstance(doctypes, str):
		doctypes = frappe.parse_json(doctypes)
	if isinstance(documents, str):
		documents = frappe.parse_json(documents)
	if not from_sales_person or not to_sales_person or from_sales_person == to_sales_person:
		frappe.throw(_("Choose two different sales persons to hand over from and to"))
	people = {
		d.name: d
		for d in frappe.get_all(
			"Sales Person",
			filters={"name": ("in", [from_sales_person, to_sales_person])},
			fields=["name", "is_group", "employee"],
		)
	}
	for sp in (from_sales_person, to_sales_person):
		if sp not in people:
			frappe.throw(_("Sales Person {0} does not exist").format(sp))
	if people[to_sales_person].is_group:
		frappe.throw(
			_("Sales Person {0} is a group; hand over to a sales person who is not").format(to_sales_person)
		)

	only: dict[str, set[str]] | None = None
	if documents:
		only = {}
		for d in documents:
			only.setdefault(d.get("doctype"), set()).add(d.get("name"))
		doctypes = doctypes or list(only)
	selected = list(doctypes or HANDOVER_DOCTYPES)
	unknown = [dt for dt in [*selected, *(only or {})] if dt not in HANDOVER_DOCTYPES]
	if unknown:
		frappe.throw(_("Cannot hand over documents of type {0}").format(", ".join(unknown)))

	from_user, to_user = _user_of(people[from_sales_person]), _user_of(people[to_sales_person])
	moved: dict[str, set[str]] = {}
	ctx = frappe._dict(
		from_sp=from_sales_person,
		to_sp=to_sales_person,
		from_user=from_user,
		to_user=to_user,
		only=only,
		moved=moved,
	)

	if "Customer" in selected:
		_move_customers(ctx)
	if "Export Contract" in selected:
		_move_contracts(ctx)
	for doctype in ("Quotation", "Sales Order"):
		if doctype in selected and frappe.get_meta(doctype).has_field("sales_team"):
			_move_sales_team_rows(ctx, doctype)
	if "Lead" in selected and from_user and to_user:
		_move_leads(ctx)
	todos = 0
	if from_user and to_user:
		todos = _move_todos(ctx, [dt for dt in TODO_DOCTYPES if dt in selected])
	if cint(change_owner) and to_user:
		for doctype, names in moved.items():
			_update(doctype, names, {"owner": to_user})

	summary = {dt: len(names) for dt, names in moved.items() if names}
	if todos:
		summary["ToDo"] = todos
	_log(ctx, summary)
	clear_cache()
	return summary


def _user_of(sales_person) -> str | None:
	return sales_person.employee and frappe.db.get_value("Employee", sales_person.employee, "user_id")


def _restrict(query, field, ctx, doctype):
	"""Narrow ``query`` to the named documents when the handover is of chosen documents."""
	if ctx.only is None:
		return query
	return query.where(field.isin(list(ctx.only.get(doctype, ())) or [""]))


def _update(doctype: str, names, values: dict, touch: bool = True) -> None:
	names = list(names)
	if not names:
		return
	table = frappe.qb.DocType(doctype)
	query = frappe.qb.update(table).where(table.name.isin(names))
	if touch:
		values = {**values, "modified": get_datetime(), "modified_by": frappe.session.user}
	for field, value in values.items():
		query = query.set(table[field], value)
	query.run()


def _move_sales_team(ctx, parenttype: str, parents: list[str]) -> set[str]:
	"""Sales Team rows of ``parents`` from one sales person to the other; a parent that already has
	the to-person adds the from-row's share to that row instead. Returns the parents changed."""
	if not parents:
		return set()
	st = frappe.qb.DocType("Sales Team")
	rows = (
		frappe.qb.from_(st)
		.select(st.name, st.parent, st.sales_person, st.allocated_percentage)
		.where(
			(st.parenttype == parenttype)
			& (st.parent.isin(parents))
			& (st.sales_person.isin([ctx.from_sp, ctx.to_sp]))
		)
		.orderby(st.idx, order=Order.asc)
		.run(as_dict=True)
	)
	to_rows = {}
	for r in rows:
		if r.sales_person == ctx.to_sp:
			to_rows.setdefault(r.parent, r)
	plain, merged = [], set()
	for r in rows:
		if r.sales_person != ctx.from_sp:
			continue
		if r.parent in to_rows:
			target = to_rows[r.parent]
			target.allocated_percentage = (target.allocated_percentage or 0) + (r.allocated_percentage or 0)
			frappe.qb.update(st).set(st.allocated_percentage, target.allocated_percentage).where(
				st.name == target.name
			).run()
			frappe.qb.from_(st).delete().where(st.name == r.name).run()
			merged.add(r.parent)
		else:
			plain.append(r.name)
	if plain:
		frappe.qb.update(st).set(st.sales_person, ctx.to_sp).where(st.name.isin(plain)).run()
	return {r.parent for r in rows if r.sales_person == ctx.from_sp}


def _move_customers(ctx) -> None:
	st = frappe.qb.DocType("Sales Team")
	query = (
		frappe.qb.from_(st)
		.select(st.parent)
		.distinct()
		.where((st.parenttype == "Customer") & (st.sales_person == ctx.from_sp))
	)
	parents = [r[0] for r in _restrict(query, st.parent, ctx, "Customer").run()]
	changed = _move_sales_team(ctx, "Customer", parents)
	if ctx.from_user and ctx.to_user:
		customer = frappe.qb.DocType("Customer")
		query = (
			frappe.qb.from_(customer).select(customer.name).where(customer.account_manager == ctx.from_user)
		)
		managed = [r[0] for r in _restrict(query, customer.name, ctx, "Customer").run()]
		_update("Customer", managed, {"account_manager": ctx.to_user}, touch=False)
		changed |= set(managed)
	_update("Customer", changed, {})
	ctx.moved["Customer"] = changed
	for name in sorted(changed):
		_comment(
			"Customer",
			name,
			_("Sales person {0} handed over to {1}").format(ctx.from_sp, ctx.to_sp),
		)


def _move_contracts(ctx) -> None:
	ec = frappe.qb.DocType("Export Contract")
	query = (
		frappe.qb.from_(ec)
		.select(ec.name)
		.where((ec.sales_person == ctx.from_sp) & (ec.docstatus < 2) & (ec.status.notin(CONTRACT_CLOSED)))
	)
	names = {r[0] for r in _restrict(query, ec.name, ctx, "Export Contract").run()}
	_update("Export Contract", names, {"sales_person": ctx.to_sp})
	ctx.moved["Export Contract"] = names


def _move_sales_team_rows(ctx, doctype: str) -> None:
	st, parent = frappe.qb.DocType("Sales Team"), frappe.qb.DocType(doctype)
	query = (
		frappe.qb.from_(st)
		.join(parent)
		.on(parent.name == st.parent)
		.select(st.parent)
		.distinct()
		.where(
			(st.parenttype == doctype)
			& (st.sales_person == ctx.from_sp)
			& (parent.docstatus < 2)
			& (parent.status.notin(SALES_TEAM_CLOSED[doctype]))
		)
	)
	parents = [r[0] for r in _restrict(query, st.parent, ctx, doctype).run()]
	changed = _move_sales_team(ctx, doctype, parents)
	_update(doctype, changed, {})
	ctx.moved.setdefault(doctype, set()).update(changed)


def _move_leads(ctx) -> None:
	lead = frappe.qb.DocType("Lead")
	query = (
		frappe.qb.from_(lead)
		.select(lead.name)
		.where((lead.lead_owner == ctx.from_user) & (Coalesce(lead.status, "").notin(LEAD_CLOSED)))
	)
	names = {r[0] for r in _restrict(query, lead.name, ctx, "Lead").run()}
	_update("Lead", names, {"lead_owner": ctx.to_user})
	ctx.moved.setdefault("Lead", set()).update(names)


def _move_todos(ctx, doctypes: list[str]) -> int:
	"""The from-user's open assignments → the to-user (an assignment the to-user already has is
	closed as a duplicate); each document's ``_assign`` follows. Returns the ToDos moved."""
	if not doctypes:
		return 0
	todo = frappe.qb.DocType("ToDo")
	query = (
		frappe.qb.from_(todo)
		.select(todo.name, todo.reference_type, todo.reference_name)
		.where(
			(todo.allocated_to == ctx.from_user)
			& (todo.status == "Open")
			& (todo.reference_type.isin(doctypes))
		)
	)
	rows = query.run(as_dict=True)
	if ctx.only is not None:
		rows = [r for r in rows if r.reference_name in ctx.only.get(r.reference_type, ())]
	# assignments on closed contracts stay where they are
	contracts = [r.reference_name for r in rows if r.reference_type == "Export Contract"]
	if contracts:
		ec = frappe.qb.DocType("Export Contract")
		open_contracts = {
			r[0]
			for r in frappe.qb.from_(ec)
			.select(ec.name)
			.where(ec.name.isin(contracts) & (ec.docstatus < 2) & (ec.status.notin(CONTRACT_CLOSED)))
			.run()
		}
		rows = [
			r for r in rows if r.reference_type != "Export Contract" or r.reference_name in open_contracts
		]
	if not rows:
		return 0
	refs = {(r.reference_type, r.reference_name) for r in rows}
	held = {
		(r.reference_type, r.reference_name)
		for r in frappe.qb.from_(todo)
		.select(todo.reference_type, todo.reference_name)
		.where(
			(todo.allocated_to == ctx.to_user)
			& (todo.status == "Open")
			& (todo.reference_type.isin(list({t for t, _n in refs})))
			& (todo.reference_name.isin(list({n for _t, n in refs})))
		)
		.run(as_dict=True)
	}
	duplicates = [r.name for r in rows if (r.reference_type, r.reference_name) in held]
	movable = [r.name for r in rows if (r.reference_type, r.reference_name) not in held]
	_update("ToDo", movable, {"allocated_to": ctx.to_user})
	_update("ToDo", duplicates, {"status": "Cancelled"})
	for doctype, name in sorted(refs):
		_refresh_assign(doctype, name)
		ctx.moved.setdefault(doctype, set()).add(name)
	return len(rows)


def _refresh_assign(doctype: str, name: str) -> None:
	"""The document's ``_assign`` (who it is assigned to), as ToDo.update_in_reference writes it."""
	assigned = frappe.get_all(
		"ToDo",
		filters={
			"reference_type": doctype,
			"reference_name": name,
			"status": ("not in", ("Cancelled", "Closed")),
			"allocated_to": ("is", "set"),
		},
		pluck="allocated_to",
		order_by="creation desc",
	)
	assigned.reverse()
	frappe.db.set_value(
		doctype, name, "_assign", json.dumps(assigned) if assigned else "", update_modified=False
	)


def _comment(doctype: str, name: str, text: str) -> None:
	frappe.get_doc(
		{
			"doctype": "Comment",
			"comment_type": "Info",
			"reference_doctype": doctype,
			"reference_name": name,
			"content": text,
		}
	).insert(ignore_permissions=True)


def _log(ctx, summary: dict[str, int]) -> None:
	"""An Info comment on both sales persons: what moved."""
	if not summary:
		return
	parts = ", ".join(f"{_(dt)}: {count}" for dt, count in sorted(summary.items()))
	text = _("Handover from {0} to {1}: {2}").format(ctx.from_sp, ctx.to_sp, parts)
	for sp in (ctx.from_sp, ctx.to_sp):
		_comment("Sales Person", sp, text)


def sales_person_onload(doc, method=None) -> None:
	"""Sales Person ``onload``: what its Hand Over dialog offers, as the server moves it (one list)."""
	doc.set_onload("handover_doctypes", list(HANDOVER_DOCTYPES))
