"""The daily alert engine (seed 000 §6.7; 001; 003): select set-wise, send in chunks, log, never twice.

``run_daily`` (scheduler, daily) selects what is due for each kind with one query per kind
(the late documents with what was already sent of them, the recipients joined in), applies
``rules.alerts`` and enqueues the sending in the long queue in chunks. Each sent alert is an
Alert Log row whose unique key (kind, document, stage, recipient) the database enforces, so
a second run, or two runs at once, send nothing new. A failing recipient is logged as
Failed and the others go on.
"""

from __future__ import annotations

import random
import time
from datetime import date

import frappe
from frappe import _
from frappe.utils import cint, getdate, now_datetime, nowdate

from foreign_trade_crm.constants.roles import EXPORT_SALES_MANAGER
from foreign_trade_crm.rules import alerts as rules
from foreign_trade_crm.rules import quotation_reply
from foreign_trade_crm.services import credit_alerts
from foreign_trade_crm.services.alert_items import CUSTOMER_FIELDS, EMAIL, SENT
from foreign_trade_crm.services.alert_items import item as alert_item

SETTINGS = "Foreign Trade Settings"
CHUNK = 500
RELEASE = "Lead Release"

# per kind: the setting that turns it on, the doctype, the template setting, and the selection
LATE_SQL = {
	rules.QUOTATION: """
		select q.name, q.party_name as customer, c.customer_name, q.owner, q.reply_due_date as due_date,
			datediff(%(today)s, q.reply_due_date) as days_late, q.grand_total as amount, q.currency,
			null as sales_person, {customer_fields}, {sent}
		from `tabQuotation` q join `tabCustomer` c on c.name = q.party_name
		where q.docstatus = 1 and q.quotation_to = 'Customer' and ifnull(q.buyer_reply, '') = ''
			and q.status in %(answerable)s and (q.valid_till is null or q.valid_till >= %(today)s)
			and q.reply_due_date < %(today)s
	""",
	rules.COUNTERSIGN: """
		select q.name, q.customer, c.customer_name, q.owner, q.countersign_due_date as due_date,
			datediff(%(today)s, q.countersign_due_date) as days_late, q.total_amount as amount, q.currency,
			q.sales_person, {customer_fields}, {sent}
		from `tabExport Contract` q join `tabCustomer` c on c.name = q.customer
		where q.docstatus = 1 and q.is_countersigned = 0 and q.status != 'Closed'
			and q.countersign_due_date < %(today)s
	""",
	rules.RECEIVABLE: """
		select q.name, q.customer, c.customer_name, q.owner,
			coalesce(q.expected_collection_date, q.due_date) as due_date,
			datediff(%(today)s, coalesce(q.expected_collection_date, q.due_date)) as days_late,
			q.outstanding_amount as amount, q.currency,
			(select st.sales_person from `tabSales Team` st
				where st.parent = q.name and st.parenttype = 'Sales Invoice' order by st.idx limit 1) as sales_person,
			{customer_fields}, {sent}
		from `tabSales Invoice` q join `tabCustomer` c on c.name = q.customer
		where q.docstatus = 1 and q.is_return = 0 and q.outstanding_amount > 0
			and ifnull(q.shipment_notice, '') != ''
			and coalesce(q.expected_collection_date, q.due_date) <= date_sub(%(today)s, interval %(first_step)s day)
	""",
}
DOCTYPE = {
	rules.QUOTATION: "Quotation",
	rules.COUNTERSIGN: "Export Contract",
	rules.RECEIVABLE: "Sales Invoice",
}
ENABLED = {
	rules.QUOTATION: "alert_quotations",
	rules.COUNTERSIGN: "alert_countersign",
	rules.RECEIVABLE: "alert_receivables",
	rules.QUIET: "alert_quiet_customers",
	rules.LEAD: "release_idle_leads",
	rules.CONTACT: "alert_contact_dates",
}
TEMPLATE = {
	rules.QUOTATION: "quotation_reminder_template",
	rules.COUNTERSIGN: "countersign_reminder_template",
	rules.RECEIVABLE: "payment_reminder_template",
	rules.CONTACT: "contact_greeting_template",
}

QUIET_SQL = f"""
	select c.name, c.name as customer, c.customer_name, date(c.creation) as known_since, c.owner,
		{CUSTOMER_FIELDS},
		greatest(
			ifnull((select max(cm.communication_date) from `tabCommunication` cm
				where cm.reference_doctype = 'Customer' and cm.reference_name = c.name), '1900-01-01'),
			ifnull((select max(cm.communication_date) from `tabCommunication Link` cl
				join `tabCommunication` cm on cm.name = cl.parent
				where cl.link_doctype = 'Customer' and cl.link_name = c.name), '1900-01-01')
		) as last_communication,
		greatest(
			ifnull((select max(ec.contract_date) from `tabExport Contract` ec
				where ec.customer = c.name and ec.docstatus = 1), '1900-01-01'),
			ifnull((select max(so.transaction_date) from `tabSales Order` so
				where so.customer = c.name and so.docstatus = 1), '1900-01-01')
		) as last_order,
		{SENT.format(name="c.name")}
	from `tabCustomer` c
	where c.disabled = 0
"""

# a contact's dates with its customer (the first customer it is linked to) and what was sent of it
CONTACT_SQL = f"""
	select ct.name, ct.first_name, ct.last_name, ct.full_name, ct.email_id as buyer_email, cd.occasion,
		cd.date as contact_date, c.name as customer, c.customer_name, c.owner,
		ifnull(c.send_contact_greetings, 0) as greet, {CUSTOMER_FIELDS.replace("c.email_id as buyer_email", "c.email_id as customer_email")},
		{SENT.format(name="ct.name")}
	from `tabContact Date` cd
	join `tabContact` ct on ct.name = cd.parent and cd.parenttype = 'Contact'
	join `tabDynamic Link` dl on dl.parent = ct.name and dl.parenttype = 'Contact' and dl.link_doctype = 'Customer'
	join `tabCustomer` c on c.name = dl.link_name
	where c.disabled = 0 and cd.date is not null
"""

LEAD_SQL = """
	select td.name as todo, td.reference_name as name, td.allocated_to as user, ifnull(u.enabled, 0) as enabled,
		greatest(
			date(td.creation), date(l.modified),
			ifnull((select max(date(cm.creation)) from `tabCommunication` cm
				where cm.reference_doctype = 'Lead' and cm.reference_name = l.name), '1900-01-01'),
			ifnull((select max(date(co.creation)) from `tabComment` co
				where co.reference_doctype = 'Lead' and co.reference_name = l.name
					and co.comment_type in ('Comment', 'Info')), '1900-01-01')
		) as last_activity
	from `tabToDo` td
	join `tabLead` l on l.name = td.reference_name
	left join `tabUser` u on u.name = td.allocated_to
	where td.reference_type = 'Lead' and td.status = 'Open' and l.status not in ('Converted', 'Do Not Contact')
"""


# ---------------------------------------------------------------------- selection


def select_due(today: date | None = None) -> dict:
	"""Everything due today, decided set-wise (a constant number of queries): alerts to send and
	leads to release. Sends nothing."""
	today = getdate(today or nowdate())
	s = frappe.get_single(SETTINGS)
	users = _sales_person_users()
	managers = _managers()
	alerts, leads = [], []
	for kind in (rules.QUOTATION, rules.COUNTERSIGN, rules.RECEIVABLE):
		if cint(s.get(ENABLED[kind])):
			alerts += _late(kind, today, s, users, managers)
	if cint(s.alert_quiet_customers):
		alerts += _quiet(today, s, users, managers)
	if cint(s.get("alert_contact_dates")):
		alerts += _contact_dates(today, s, users, managers)
	if cint(s.release_idle_leads):
		leads = _idle_leads(today, cint(s.lead_idle_days))
	alerts += credit_alerts.select(today, s, users, managers)
	return {"today": today, "alerts": alerts, "leads": leads}


def _late(kind, today, s, users, managers) -> list[dict]:
	steps = rules.parse_steps(s.receivable_alert_steps)
	doctype = DOCTYPE[kind]
	rows = frappe.db.sql(
		LATE_SQL[kind].format(customer_fields=CUSTOMER_FIELDS, sent=SENT.format(name="q.name")),
		{
			"today": today,
			"kind": kind,
			"doctype": doctype,
			"first_step": steps[0],
			"answerable": quotation_reply.ANSWERABLE_STATUSES,
		},
		as_dict=True,
	)
	out = []
	for r in rows:
		candidate = rules.Candidate(
			kind,
			r.name,
			cint(r.days_late),
			set(filter(None, (r.sent or "").split(","))),
			bool(cint(r.send_buyer_reminders) and r.buyer_email),
		)
		for due in rules.due_stages(candidate, cint(s.escalate_after_days), steps):
			out.append(alert_item(kind, doctype, r, due, users, managers))
	return out


def _quiet(today, s, users, managers) -> list[dict]:
	out = []
	for r in frappe.db.sql(QUIET_SQL, {"kind": rules.QUIET, "doctype": "Customer"}, as_dict=True):
		last_communication = (
			getdate(r.last_communication) if str(r.last_communication) > "1900-01-01" else None
		)
		last_order = getdate(r.last_order) if str(r.last_order) > "1900-01-01" else None
		stage = rules.quiet_stage(
			today,
			last_communication,
			last_order,
			getdate(r.known_since),
			cint(s.quiet_after_days),
			cint(s.no_order_after_days),
		)
		if stage and stage not in set((r.sent or "").split(",")):
			r.days_late = (today - max(last_communication or r.known_since, last_order or r.known_since)).days
			r.due_date = stage.split(":", 1)[1]
			out.append(
				alert_item(rules.QUIET, "Customer", r, rules.Due(stage, (rules.SALES,)), users, managers)
			)
	return out


def _contact_dates(today, s, users, managers) -> list[dict]:
	"""Contacts' birthdays and anniversaries coming round (one query for all of them)."""
	out, seen = [], set()
	for r in frappe.db.sql(CONTACT_SQL, {"kind": rules.CONTACT, "doctype": "Contact"}, as_dict=True):
		sent = set(filter(None, (r.sent or "").split(",")))
		for due in rules.contact_date_stages(
			getdate(r.contact_date),
			today,
			cint(s.contact_care_days_before),
			bool(cint(r.greet) and r.buyer_email),
		):
			# a contact linked to two customers is reminded of once
			if due.stage in sent or (r.name, due.stage) in seen:
				continue
			seen.add((r.name, due.stage))
			r.due_date = due.stage.split(":", 1)[1]
			r.days_late = 0
			item = alert_item(rules.CONTACT, "Contact", r, due, users, managers)
			item["context"].update(
				occasion=r.occasion,
				contact_name=r.full_name or r.first_name or r.name,
				first_name=r.first_name or r.full_name or "",
			)
			out.append(item)
	return out


def _idle_leads(today, idle_days) -> list[dict]:
	return [
		{
			"todo": r.todo,
			"name": r.name,
			"user": r.user,
			"last_activity": r.last_activity,
			"enabled": r.enabled,
		}
		for r in frappe.db.sql(LEAD_SQL, as_dict=True)
		if rules.lead_is_idle(today, getdate(r.last_activity), idle_days, bool(r.enabled))
	]


def _sales_person_users() -> dict[str, str]:
	"""Sales Person → the enabled user of its employee (one query; sales persons are few)."""
	return dict(
		frappe.db.sql(
			"""
			select sp.name, e.user_id from `tabSales Person` sp
			join `tabEmployee` e on e.name = sp.employee
			join `tabUser` u on u.name = e.user_id and u.enabled = 1
			"""
		)
	)


def _managers() -> list[str]:
	from foreign_trade_crm.services.feedback import manager_queue

	return manager_queue()


# ---------------------------------------------------------------------- sending


def run_daily(today: date | None = None) -> dict:
	"""The scheduler's daily job: select what is due and enqueue the sending in chunks."""
	due = select_due(today)
	_enqueue_chunks("send_chunk", "items", due["alerts"], job_prefix=f"ftcrm-alerts::{getdate(due['today'])}")
	_enqueue_chunks("release_leads", "leads", due["leads"])
	return {"alerts": len(due["alerts"]), "leads": len(due["leads"])}


def _enqueue_chunks(method: str, argument: str, records: list, job_prefix: str | None = None) -> None:
	"""``method`` of this module in the long queue, CHUNK records a job (run at once in tests). With
	``job_prefix`` each job gets an id of its own, kept for the day, so that a chunk whose worker died is
	found and run again (``services.jobs``)."""
	ids = []
	for start in range(0, len(records), CHUNK):
		job_id = f"{job_prefix}::{frappe.generate_hash(length=8)}" if job_prefix else None
		frappe.enqueue(
			f"foreign_trade_crm.services.alerts.{method}",
			queue="long",
			now=bool(frappe.flags.in_test),
			job_id=job_id,
			**{argument: records[start : start + CHUNK]},
		)
		if job_id:
			ids.append(job_id)
	if ids:
		key = f"ftcrm:alert-jobs:{job_prefix.rsplit('::', 1)[-1]}"
		for job_id in ids:
			frappe.cache.rpush(key, job_id)
		frappe.cache.expire(frappe.cache.make_key(key), 2 * 24 * 3600)


def chunk_job_ids(day) -> list[str]:
	"""The alert chunk jobs enqueued for ``day`` (``services.jobs`` looks for the dead ones)."""
	return [
		i.decode() if isinstance(i, bytes) else i
		for i in frappe.cache.lrange(f"ftcrm:alert-jobs:{getdate(day)}", 0, -1)
	]


@frappe.whitelist()
def run_now() -> dict:
	"""Run today's alerts at once (Export Sales Managers and System Managers)."""
	if not {EXPORT_SALES_MANAGER, "System Manager"} & set(frappe.get_roles()):
		frappe.throw(_("Only an Export Sales Manager can run the alerts"), frappe.PermissionError)
	return run_daily()


DEADLOCK_ATTEMPTS = 4


def send_chunk(items: list[dict]) -> None:
	"""Each alert of the chunk in a transaction of its own: its Alert Log rows, notifications, ToDos and
	queued e-mails are kept together or not at all, and the Alert Log key makes a chunk run again (its
	worker died) skip what was sent before.

	Not one transaction for the whole chunk: Frappe updates a user's Notification Settings row on each
	notification, and the managers are notified in every chunk, so a chunk held those rows until it
	committed, minutes later, and the other workers' chunks waited on them or, taking them in another
	order, ended as deadlock victims. So the rows are held for one alert, and an alert chosen as a deadlock
	victim starts again after a pause."""
	templates = _templates()
	for item in items:
		_send_item(item, templates)
		if not frappe.flags.in_test:  # a test's own changes stay its own, to be rolled back
			frappe.db.commit()


def _send_item(item: dict, templates: dict) -> None:
	"""The alert to each of its recipients not yet sent it (their Alert Log keys read in one query)."""
	keys = {
		(channel, recipient): rules.dedupe_key(
			item["kind"], item["doctype"], item["name"], item["stage"], recipient
		)
		for channel, recipient in item["recipients"]
	}
	if not keys:
		return
	for attempt in range(1, DEADLOCK_ATTEMPTS + 1):
		try:
			sent = set(
				frappe.get_all(
					"Alert Log", filters={"dedupe_key": ("in", list(keys.values()))}, pluck="dedupe_key"
				)
			)
			for (channel, recipient), key in keys.items():
				if key not in sent:
					_send_one(item, channel, recipient, key, templates)
			return
		except frappe.QueryDeadlockError:
			frappe.db.rollback()
			if attempt == DEADLOCK_ATTEMPTS:
				raise
			time.sleep(random.uniform(1, 3) * attempt)


def _send_one(item: dict, channel: str, recipient: str, key: str, templates: dict) -> None:
	frappe.db.savepoint("ftcrm_alert")
	try:
		_log(item, channel, recipient, "Sent", dedupe_key=key)
	except (frappe.DuplicateEntryError, frappe.UniqueValidationError):  # sent meanwhile by another run
		frappe.db.rollback(save_point="ftcrm_alert")
		return
	try:
		if channel == EMAIL:
			_email(item, recipient, templates)
		else:
			_notify(item, recipient)
	except frappe.QueryDeadlockError:  # the whole transaction is gone, savepoint too: _send_item retries
		raise
	except Exception as error:
		frappe.db.rollback(save_point="ftcrm_alert")
		_log(item, channel, recipient, "Failed", error=str(error)[:1000] or type(error).__name__)
		frappe.log_error(
			title=_("Alert not sent: {0} {1} to {2}").format(item["kind"], item["name"], recipient),
			reference_doctype=item["doctype"],
			reference_name=item["name"],
		)


def _log(item, channel, recipient, status, dedupe_key=None, error=None):
	frappe.get_doc(
		{
			"doctype": "Alert Log",
			"kind": item["kind"],
			"reference_doctype": item["doctype"],
			"reference_name": item["name"],
			"customer": item.get("customer"),
			"stage": item["stage"],
			"recipient": recipient,
			"channel": channel,
			"status": status,
			"sent_at": now_datetime(),
			"error": error,
			"dedupe_key": dedupe_key,
		}
	).insert(ignore_permissions=True)


def subject_of(item: dict) -> str:
	c = item["context"]
	due = frappe.utils.formatdate(c["due_date"]) if c.get("due_date") else ""  # in the site's date format
	if item["kind"] == rules.CONTACT:
		detail = _("{0} on {1}").format(_(c["occasion"]), due)
		return _(rules.SUBJECTS[item["kind"]]).format(
			c.get("contact_name") or item["name"], c["customer_name"] or c["customer"], detail
		)
	detail = due if item["kind"] in (rules.QUIET, *rules.DEADLINE_KINDS) else c["days_late"]
	return _(rules.SUBJECTS[item["kind"]]).format(item["name"], c["customer_name"] or c["customer"], detail)


def _notify(item: dict, user: str) -> None:
	"""A notification, and the document in the user's ToDo list (unless it already is).

	The ToDo is inserted as is (its own hooks still write the document's "assigned" comment and
	``_assign``), not through Frappe's ``assign_to.add``, which also sends an "assigned to you"
	notification (a second one for the same alert), shares the document and loads it twice: most of a
	send's time."""
	subject = subject_of(item)
	frappe.get_doc(
		{
			"doctype": "Notification Log",
			"for_user": user,
			"type": "Alert",
			"document_type": item["doctype"],
			"document_name": item["name"],
			"subject": subject,
			"from_user": "Administrator",
		}
	).insert(ignore_permissions=True)
	if not frappe.db.exists(
		"ToDo",
		{
			"reference_type": item["doctype"],
			"reference_name": item["name"],
			"allocated_to": user,
			"status": "Open",
		},
	):
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": user,
				"reference_type": item["doctype"],
				"reference_name": item["name"],
				"description": subject,
				"priority": "Medium",
				"status": "Open",
				"date": nowdate(),
				"assigned_by": "Administrator",
			}
		).insert(ignore_permissions=True)


def _templates() -> dict:
	names = frappe.get_all("Email Template", pluck="name")
	s = frappe.get_single(SETTINGS)
	return {"names": set(names), **{kind: s.get(field) for kind, field in TEMPLATE.items()}}


def _email(item: dict, email: str, templates: dict) -> None:
	"""The buyer's reminder, from the kind's Email Template in the customer's language when there is one."""
	from frappe.utils import validate_email_address

	base = templates.get(item["kind"])
	if not base:
		frappe.throw(_("No e-mail template is set for {0} in Foreign Trade Settings").format(_(item["kind"])))
	language = item.get("language")
	name = f"{base} ({language})" if language and f"{base} ({language})" in templates["names"] else base
	template = frappe.get_cached_doc("Email Template", name)
	if not validate_email_address(email):
		frappe.throw(_("{0} is not a valid e-mail address").format(email), frappe.InvalidEmailAddressError)
	context = {**item["context"], "doctype": item["doctype"]}
	# the message is HTML: the names and numbers in it are text, whoever typed them
	escaped = {k: frappe.utils.escape_html(v) if isinstance(v, str) else v for k, v in context.items()}
	frappe.sendmail(
		recipients=[email],
		subject=frappe.render_template(template.subject, context),
		message=frappe.render_template(
			template.response_html if template.use_html else template.response, escaped
		),
		reference_doctype=item["doctype"],
		reference_name=item["name"],
	)


def release_leads(leads: list[dict]) -> None:
	"""Unassign each idle lead back to the pool, with a note on its timeline."""
	from frappe.desk.form.assign_to import remove

	for lead in leads:
		item = {
			"kind": rules.LEAD,
			"doctype": "Lead",
			"name": lead["name"],
			"stage": f"released:{lead['todo']}",
			"customer": None,
		}
		key = rules.dedupe_key(rules.LEAD, "Lead", lead["name"], item["stage"], lead["user"])
		if frappe.db.exists("Alert Log", {"dedupe_key": key}):
			continue
		frappe.db.savepoint("ftcrm_alert")
		try:
			remove("Lead", lead["name"], lead["user"], ignore_permissions=True)
			reason = (
				_("{0} is disabled").format(lead["user"])
				if not lead["enabled"]
				else _("no activity since {0}").format(lead["last_activity"])
			)
			frappe.get_doc(
				{
					"doctype": "Comment",
					"comment_type": "Info",
					"reference_doctype": "Lead",
					"reference_name": lead["name"],
					"content": _("Released back to the pool from {0}: {1}").format(lead["user"], reason),
				}
			).insert(ignore_permissions=True)
			_log(item, RELEASE, lead["user"], "Sent", dedupe_key=key)
		except Exception as error:
			frappe.db.rollback(save_point="ftcrm_alert")
			_log(item, RELEASE, lead["user"], "Failed", error=str(error)[:1000])
