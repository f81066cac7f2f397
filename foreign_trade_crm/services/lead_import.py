"""Lead import with de-duplication (seed 001), behind the **Lead Import** document.

1. *Check* reads the file (.xlsx or .csv, the limits of Foreign Trade Settings), finds its header
   row (the company's Lead import template, else the usual names in English and Chinese), reads
   every existing Lead, Customer, customer Contact and customer Address set-wise (five queries)
   and lets ``rules.leads.plan`` decide each row. The result table shows the plan; nothing is
   written to leads.
2. *Import* runs the same in a background job on the long queue, with a progress bar on the form,
   in one transaction: new leads are inserted (each under a savepoint, so a lead ERPNext refuses
   is reported and the others stay), existing leads get their blank fields filled by one UPDATE
   each and a timeline comment, and the user gets a notification when it is done.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import now_datetime

from foreign_trade_crm.rules import excel as excel_rules
from foreign_trade_crm.rules import leads as rules
from foreign_trade_crm.rules import sheet_reader
from foreign_trade_crm.services.excel import import_limits, template_columns
from foreign_trade_crm.services.files import reason

LEADS = "Leads"
LEAD_FIELDS = ("company_name", "lead_name", "email_id", "phone", "mobile_no", "fax", "whatsapp_no")
BECAME = {"Opportunity", "Quotation", "Converted"}
PROGRESS_EVERY = 50


# ---------------------------------------------------------------------- reading


def file_rows(doc) -> list[dict]:
	"""The data rows of the import file as lead fields with their Excel row numbers."""
	if not doc.import_file:
		frappe.throw(_("Attach the file to import first"))
	file = frappe.get_doc("File", {"file_url": doc.import_file, "attached_to_name": doc.name})
	max_rows, max_bytes = import_limits()
	content = file.get_content()
	if isinstance(content, str):  # Frappe hands back text files decoded
		content = content.encode()
	try:
		rows = sheet_reader.read_table(content, file.file_name, max_rows=max_rows, max_bytes=max_bytes)
	except sheet_reader.UnsafeWorkbook as error:
		frappe.throw(reason(error.problem), title=_("The file cannot be imported"))
	template = template_columns(None, LEADS, purpose="Import")
	headers = {c.header: c.source for c in template} if template else rules.HEADERS
	mapping = excel_rules.find_header(rows, headers, {"company_name"}) or excel_rules.find_header(
		rows, headers, {"lead_name"}
	)
	if not mapping:
		frappe.throw(
			_("No header row found: the sheet needs a column for the company name or the contact person"),
			title=_("The file cannot be imported"),
		)
	out = []
	for index in range(mapping.header_row + 1, len(rows)):
		row = rows[index]
		values = {f: row[c] for c, f in mapping.columns.items() if c < len(row) and row[c] not in (None, "")}
		if values:
			out.append({"_row": index + 1, **values})
	return out


def calling_codes() -> dict[str, str]:
	"""Country → its calling code digits ('Germany' → '49'), from Frappe's country data."""
	from frappe.geo.country_info import get_all

	return {
		country: "".join(ch for ch in str(info.get("isd") or "") if ch.isdigit())
		for country, info in get_all().items()
	}


def existing_index(default_code: str, codes: dict[str, str]) -> dict[str, rules.Known]:
	"""Every identifying key of the existing leads and customers (with their contacts' and
	addresses' e-mails, phones and faxes) → the record. Five queries, whatever the numbers."""
	index: dict[str, rules.Known] = {}

	def add(known: rules.Known, values: dict, country: str | None = None) -> None:
		for key in rules.keys_of(values, codes.get(country or "", "") or default_code):
			# a customer outranks a lead under the same key
			if key not in index or (known.doctype == "Customer" and index[key].doctype == "Lead"):
				index[key] = known

	converted = dict(
		frappe.db.sql("select lead_name, name from `tabCustomer` where ifnull(lead_name, '') != ''")
	)
	for lead in frappe.db.sql(
		"""select name, status, country, company_name, lead_name, email_id, phone, mobile_no, fax,
			whatsapp_no, website, city, job_title
		from `tabLead`""",
		as_dict=True,
	):
		values = {f: lead[f] for f in rules.FIELDS if f != "notes" and lead.get(f)}
		became = lead.status if lead.status in BECAME else ""
		customer = converted.get(lead.name, "")
		add(
			rules.Known("Lead", lead.name, values, became or ("Converted" if customer else ""), customer),
			values,
			lead.country,
		)
	for c in frappe.db.sql(
		"select name, customer_name, email_id, mobile_no from `tabCustomer`", as_dict=True
	):
		add(
			rules.Known("Customer", c.name),
			{"company_name": c.customer_name, "email_id": c.email_id, "mobile_no": c.mobile_no},
		)
	for customer, email, phone in frappe.db.sql(
		"""select dl.link_name, ce.email_id, null from `tabContact Email` ce
			join `tabDynamic Link` dl on dl.parent = ce.parent and dl.parenttype = 'Contact'
			and dl.link_doctype = 'Customer'
		union all
		select dl.link_name, null, cp.phone from `tabContact Phone` cp
			join `tabDynamic Link` dl on dl.parent = cp.parent and dl.parenttype = 'Contact'
			and dl.link_doctype = 'Customer'"""
	):
		add(rules.Known("Customer", customer), {"email_id": email, "phone": phone})
	for customer, country, email, phone, fax in frappe.db.sql(
		"""select dl.link_name, a.country, a.email_id, a.phone, a.fax from `tabAddress` a
		join `tabDynamic Link` dl on dl.parent = a.name and dl.parenttype = 'Address'
			and dl.link_doctype = 'Customer'"""
	):
		add(rules.Known("Customer", customer), {"email_id": email, "phone": phone, "fax": fax}, country)
	return index


def make_plan(doc) -> list[rules.Decision]:
	codes = calling_codes()
	default_code = codes.get(doc.default_country or "", "")
	rows = file_rows(doc)
	return rules.plan(
		rows,
		existing_index(default_code, codes),
		lambda values: codes.get(values.get("country") or "", "") or default_code,
	)


def _set_results(doc, decisions: list[rules.Decision], created: dict[int, str] | None = None) -> None:
	"""The result table and counts on the document (``created``: row → the new lead)."""
	created = created or {}
	doc.set("results", [])
	for d in decisions:
		reference_doctype, reference = d.target_doctype, d.target
		if d.action == rules.CREATE and d.row in created:
			reference_doctype, reference = "Lead", created[d.row]
		doc.append(
			"results",
			{
				"row_no": d.row,
				"action": d.action,
				"company_name": d.label,
				"reason": d.reason.render(_) if d.reason else "",
				"reference_doctype": reference_doctype or None,
				"reference_name": reference or None,
			},
		)
	counts = rules.summary(decisions)
	doc.created = counts[rules.CREATE]
	doc.merged = counts[rules.MERGE]
	doc.skipped = counts[rules.SKIP]
	doc.set_aside = counts[rules.SET_ASIDE]


def _check_permission(doc) -> None:
	doc.check_permission("write")
	if not frappe.has_permission("Lead", "create") or not frappe.has_permission("Lead", "write"):
		raise frappe.PermissionError(_("You need permission to create and edit leads to import them"))


def new_import(content: bytes, filename: str, **values):
	"""A Lead Import with its file attached (private), as the form makes it: for the demo data,
	tests and benchmarks."""
	doc = frappe.get_doc({"doctype": "Lead Import", **values}).insert()
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": filename,
			"attached_to_doctype": "Lead Import",
			"attached_to_name": doc.name,
			"is_private": 1,
			"content": content,
		}
	).insert()
	doc.db_set("import_file", file.file_url)
	return doc


# ---------------------------------------------------------------------- actions


@frappe.whitelist()
def check(name: str) -> dict:
	"""The plan for every row, shown on the document; no lead is written."""
	doc = frappe.get_doc("Lead Import", name)
	_check_permission(doc)
	if doc.status in ("Queued", "Importing", "Done"):
		frappe.throw(_("This import has already been run"))
	decisions = make_plan(doc)
	_set_results(doc, decisions)
	doc.status = "Checked"
	doc.save()
	return rules.summary(decisions)


def job_id(name: str) -> str:
	return f"lead-import::{name}"


@frappe.whitelist()
def is_running(name: str) -> bool:
	"""Whether the import's job is queued or running (an import whose worker died is not)."""
	frappe.get_doc("Lead Import", name).check_permission("read")
	return _job_alive(name)


def _job_alive(name: str) -> bool:
	from frappe.utils.background_jobs import get_job
	from rq.job import JobStatus

	from foreign_trade_crm.services.workers import worker_is_gone

	job = get_job(job_id(name))
	if job is None or job.get_status() not in (JobStatus.QUEUED, JobStatus.STARTED):
		return False
	if worker_is_gone(job):
		job.delete()  # its id is free for the run again
		return False
	return True


@frappe.whitelist()
def start(name: str) -> None:
	"""Import in the background (long queue); the form shows the progress. An import whose job
	died may be started again: it ran in one transaction, so nothing of it was kept."""
	doc = frappe.get_doc("Lead Import", name)
	_check_permission(doc)
	if doc.status == "Done" or (doc.status in ("Queued", "Importing") and _job_alive(name)):
		frappe.throw(_("This import has already been run"))
	enqueue_run(doc, frappe.session.user)


def enqueue_run(doc, user: str) -> None:
	"""Queue the import on the long queue under its own job id: never twice while that job waits or
	runs (the watchdog deletes the job of a dead worker before it queues the import again)."""
	doc.db_set("status", "Queued")
	frappe.enqueue(
		"foreign_trade_crm.services.lead_import.run",
		queue="long",
		timeout=3600,
		name=doc.name,
		user=user,
		enqueue_after_commit=True,
		job_id=job_id(doc.name),
		deduplicate=True,
	)


def run(name: str, user: str | None = None) -> None:
	"""The import itself, in one transaction; a lead ERPNext refuses is reported, the rest stays."""
	doc = frappe.get_doc("Lead Import", name)
	user = user or frappe.session.user
	try:
		doc.db_set("status", "Importing")
		_commit()
		# one run at a time, whatever RQ believes: the run holds its import's row until it commits; a run
		# started again beside a live one (a worker taken for dead) finds the row held and leaves
		if not holds(name):
			return
		doc = frappe.get_doc("Lead Import", name)
		if doc.status == "Done":
			return
		decisions = make_plan(doc)
		created = write(doc, decisions)
		_set_results(doc, decisions, created)
		doc.status = "Done"
		doc.imported_on = now_datetime()
		doc.save(ignore_permissions=True)
		_commit()
	except Exception:
		frappe.db.rollback()
		doc = frappe.get_doc("Lead Import", name)
		doc.db_set("status", "Failed")
		doc.db_set("error", frappe.get_traceback()[-2000:])
		_commit()
		notify(doc, user, _("Lead import {0} failed").format(name))
		raise
	notify(
		doc,
		user,
		_("Lead import {0} done: {1} created, {2} merged, {3} skipped, {4} set aside").format(
			name, doc.created, doc.merged, doc.skipped, doc.set_aside
		),
	)


def holds(name: str) -> bool:
	"""Lock the import's row for this transaction, unless another transaction holds it (then False)."""
	return bool(
		frappe.db.sql("select name from `tabLead Import` where name = %s for update skip locked", name)
	)


def write(doc, decisions: list[rules.Decision]) -> dict[int, str]:
	"""Create the new leads and fill the blanks of the matched ones; returns row → new lead."""
	created: dict[int, str] = {}
	owner, source = doc.lead_owner or doc.owner, doc.lead_source
	comments = []
	# as Frappe's Data Import does: bulk-import mode (no Gravatar look-up per new contact, …)
	in_import, frappe.flags.in_import = frappe.flags.in_import, True
	try:
		_insert_and_merge(doc, decisions, created, comments, owner, source)
	finally:
		frappe.flags.in_import = in_import
	# one timeline note per merged row, in one statement
	now, user = now_datetime(), frappe.session.user
	fields = ["name", "creation", "modified", "owner", "modified_by", "comment_type", "comment_email"]
	fields += ["reference_doctype", "reference_name", "content"]
	rows = []
	for d in comments:
		changed = ", ".join(_(frappe.unscrub(k)) for k in d.values if k != "notes") or _("nothing new")
		note = _("Updated from lead import {0}, row {1}: {2}").format(doc.name, d.row, changed)
		if d.values.get("notes"):  # the row's note is kept on the timeline, not over the lead's own notes
			note += "<br>" + frappe.utils.escape_html(d.values["notes"])
		rows.append(
			(frappe.generate_hash(length=10), now, now, user, user, "Info", user, "Lead", d.target, note)
		)
	frappe.db.bulk_insert("Comment", fields, rows)
	return created


def _insert_and_merge(doc, decisions, created, comments, owner, source) -> None:
	total = len(decisions) or 1
	for done, d in enumerate(decisions, 1):
		if d.action == rules.CREATE:
			savepoint = f"lead_{d.row}"
			frappe.db.savepoint(savepoint)
			try:
				lead = frappe.new_doc("Lead")
				lead.update(
					{
						**{k: v for k, v in d.values.items() if k != "notes"},
						"lead_owner": owner,
						"source": source,
						"country": d.values.get("country") or doc.default_country,
					}
				)
				if d.values.get("notes"):
					lead.append(
						"notes", {"note": d.values["notes"], "added_by": owner, "added_on": now_datetime()}
					)
				lead.insert()
				created[d.row] = lead.name
			except Exception as error:
				frappe.db.rollback(save_point=savepoint)
				frappe.clear_messages()
				d.action = rules.SKIP
				d.reason = _refused(error)
		elif d.action == rules.MERGE and d.target and d.values:
			values = {
				k: v
				for k, v in d.values.items()
				if k in LEAD_FIELDS or k in ("website", "city", "job_title", "country")
			}
			if values:
				frappe.db.set_value("Lead", d.target, values)
			comments.append(d)
		if done % PROGRESS_EVERY == 0 or done == total:
			frappe.publish_progress(
				done * 100 / total,
				title=_("Importing leads"),
				doctype="Lead Import",
				docname=doc.name,
				description=_("{0} of {1} rows").format(done, total),
			)


def _refused(error: Exception):
	from foreign_trade_crm.rules.messages import Problem

	text = frappe.utils.strip_html(str(error)) or error.__class__.__name__
	return Problem("refused", _("ERPNext refused the lead: {0}"), (text[:300],))


def _commit() -> None:
	"""The job's own transaction boundaries; tests run inside one transaction that is rolled back."""
	if not frappe.flags.in_test:
		frappe.db.commit()


def notify(doc, user: str, subject: str) -> None:
	frappe.get_doc(
		{
			"doctype": "Notification Log",
			"for_user": user,
			"type": "Alert",
			"document_type": "Lead Import",
			"document_name": doc.name,
			"subject": subject,
		}
	).insert(ignore_permissions=True)
	_commit()
	frappe.publish_realtime(
		"lead_import_done", {"name": doc.name}, user=user, doctype="Lead Import", docname=doc.name
	)
