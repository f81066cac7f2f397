"""Text from outside (``rules.text``) where it comes in: the portal's methods, the REST writes a website
user can make (their own User, the Contacts and Addresses ERPNext lets them keep) and the Lead Import.

A value a user typed is refused with a message naming its field when it is not safe (``accept``), so that
what is stored is what was typed; a value that arrives in bulk is cleaned (``rules.text.clean``).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import escape_html

from foreign_trade_crm.rules import text as rules
from foreign_trade_crm.rules.text import LONG, NAME, PLAIN, URL


def accept(value, kind: str, label: str, length: int | None = None) -> str | None:
	"""``value`` as it may be stored, or a clear error naming ``label`` (the field's translated label); None
	when empty. A ``LONG`` text comes back HTML-escaped, as the app stores long texts."""
	found = rules.problem(value, kind, label, length)
	if found:
		frappe.throw(_(found.template).format(*found.args), title=_("Please correct {0}").format(label))
	out = rules.clean(value, kind, length)
	if kind == LONG:
		out = escape_html(out)
	return out or None


def accept_email(value, label: str) -> str | None:
	"""An e-mail address, or a clear error naming ``label`` (translated); None when empty."""
	text = rules.strip_invisible(value).strip()
	if not text:
		return None
	if not rules.is_email(text):
		frappe.throw(_("{0}: {1} is not an e-mail address").format(label, escape_html(text)))
	return text


def is_website_user(user: str | None = None) -> bool:
	user = user or frappe.session.user
	if user in ("Guest", "Administrator"):
		return user == "Guest"
	return frappe.get_cached_value("User", user, "user_type") == "Website User"


# ---------------------------------------------------------------------- what website users write through REST

#: fields of a website user's User record and their kinds (the rest of its text fields are plain, one line)
USER_FIELDS = {
	"first_name": NAME,
	"middle_name": NAME,
	"last_name": NAME,
	"full_name": NAME,
	"user_image": URL,
	"banner_image": URL,
}
CONTACT_NAMES = {"first_name", "middle_name", "last_name", "full_name", "company_name"}
TEXT_TYPES = ("Data", "Small Text", "Text", "Long Text")
FILE_TYPES = ("Attach", "Attach Image")
#: fields Frappe keeps for itself (hashes, keys, system state), never typed by the user
SKIP = {"reset_password_key", "last_known_versions", "api_key", "onboarding_status", "redirect_url"}


def guard_user(doc, method=None) -> None:
	"""User ``validate``: a website user's record holds only safe text and images of their own. Refused
	when the website user types it through the API; made safe whoever saves it."""
	if doc.user_type != "Website User":
		return
	typed = frappe.session.user == doc.name
	_guard(doc, doc.name, typed, USER_FIELDS)


def guard_contact_or_address(doc, method=None) -> None:
	"""Contact / Address ``validate`` in a website user's session: safe text, and linked only to the
	user's own customers (or suppliers): ERPNext lets any user keep contacts and addresses of their own,
	and a buyer may not plant one in another customer's record."""
	user = frappe.session.user
	if not is_website_user(user) or frappe.flags.in_install:
		return
	for link in doc.get("links") or []:
		if not frappe.db.exists(
			"Portal User", {"parenttype": link.link_doctype, "parent": link.link_name, "user": user}
		):
			raise frappe.PermissionError(_("{0} {1} not found").format(_(link.link_doctype), link.link_name))
	_guard(doc, user, True, {f: NAME for f in CONTACT_NAMES})


def _guard(doc, user: str, typed: bool, kinds: dict[str, str]) -> None:
	for d in [doc, *doc.get_all_children()]:
		for df in d.meta.fields:
			if df.fieldname in SKIP or df.get("options") == "Email":
				continue
			if df.fieldtype in FILE_TYPES:
				kind = URL
			elif df.fieldtype in TEXT_TYPES:
				kind = kinds.get(df.fieldname, PLAIN)
			else:
				continue
			value = d.get(df.fieldname)
			if not value or not isinstance(value, str):
				continue
			length = df.length or (140 if df.fieldtype == "Data" else 2000)
			if typed:
				found = rules.problem(value, kind, _(df.label), length)
				if found:
					frappe.throw(_(found.template).format(*found.args))
			if kind == URL:
				safe = rules.clean(value, URL)
				if safe.startswith("/") and not frappe.db.exists("File", {"file_url": safe, "owner": user}):
					if typed:
						frappe.throw(_("{0}: upload the image first, then choose it").format(_(df.label)))
					safe = ""
				d.set(df.fieldname, safe or None)
			else:
				d.set(df.fieldname, rules.clean(value, kind, length) or None)


def file_name(name: str | None) -> str:
	"""A file's name as shown in lists and links: no markup, no quotes, no path."""
	text = rules.clean((name or "").replace("/", "_").replace("\\", "_"), NAME, 140).replace("'", "")
	return text or "file"


# ---------------------------------------------------------------------- values stored before the rule

#: (doctype, field, kind) of every value that came from outside before the rule; a value is rewritten
#: only when its clean form differs
STORED = (
	("Export Contract", "countersigned_by", NAME),
	("Trade Claim", "customer_reference", PLAIN),
	("Customer Feedback", "subject", PLAIN),
	("Order Request", "request_key", PLAIN),
	("Order Request", "named_place", PLAIN),
	("Order Request", "contact_phone", PLAIN),
	("Order Request Item", "customer_item_code", PLAIN),
	("Order Request Item", "item_name", PLAIN),
	("Quotation Item", "customer_item_code", PLAIN),
	("Quotation Item", "item_name", PLAIN),
	("Opportunity Item", "item_name", PLAIN),
	("Lead", "lead_name", NAME),
	("Lead", "company_name", NAME),
	("Lead", "first_name", NAME),
	("Lead", "last_name", NAME),
	("Contact", "first_name", NAME),
	("Contact", "middle_name", NAME),
	("Contact", "last_name", NAME),
	("Contact", "full_name", NAME),
	("Contact", "company_name", NAME),
	("File", "file_name", "file"),
	("Quotation", "buyer_reply_comment", LONG),
)
#: a website user's own record
STORED_USER = (
	("first_name", NAME),
	("middle_name", NAME),
	("last_name", NAME),
	("full_name", NAME),
	("location", PLAIN),
	("user_image", URL),
	("banner_image", URL),
)
#: what makes a stored value worth a look: markup, quotes and the characters that reorder text
SUSPECT = ("<", ">", '"', "`", "'", *rules.REORDERING)


def clean_stored_values() -> dict[str, int]:
	"""Every value from outside stored before the rule, made safe in place (a query per field to find the
	suspects, one bulk update per doctype): sites already attacked are safe and print again. The
	buyers' comments on quotations are escaped, as the app now stores them. Returns field → values
	cleaned."""
	done: dict[str, int] = {}
	updates: dict[str, dict[str, dict]] = {}
	for doctype, field, kind in STORED:
		if not frappe.db.has_column(doctype, field):
			continue
		for name, value in _suspects(doctype, field):
			new = _cleaned(value, kind)
			if new != value:
				updates.setdefault(doctype, {}).setdefault(name, {})[field] = new or None
				done[f"{doctype}.{field}"] = done.get(f"{doctype}.{field}", 0) + 1
	website_users = set(frappe.get_all("User", filters={"user_type": "Website User"}, pluck="name"))
	for field, kind in STORED_USER:
		for name, value in _suspects("User", field, extra=URL_SUSPECT if kind == URL else ()):
			if name not in website_users:
				continue
			new = _cleaned(value, kind)
			if (
				kind == URL
				and new.startswith("/")
				and not frappe.db.exists("File", {"file_url": new, "owner": name})
			):
				new = ""
			if new != value:
				updates.setdefault("User", {}).setdefault(name, {})[field] = new or None
				done[f"User.{field}"] = done.get(f"User.{field}", 0) + 1
	# the timeline notes made in a buyer's session (a reply, a countersign) and the bell's subjects
	for doctype, field in (("Comment", "content"), ("Notification Log", "subject")):
		for name, value in _suspects(doctype, field, chars=rules.REORDERING):
			new = rules.strip_invisible(value, keep_lines=True)
			if new != value:
				updates.setdefault(doctype, {}).setdefault(name, {})[field] = new
				done[f"{doctype}.{field}"] = done.get(f"{doctype}.{field}", 0) + 1
	for name, value in frappe.db.sql(
		"""select c.name, c.content from `tabComment` c join `tabUser` u on u.name = c.owner
		where u.user_type = 'Website User' and c.comment_type = 'Info' and (c.content like %s or c.content like %s)""",
		("%<%", "%>%"),
	):
		updates.setdefault("Comment", {}).setdefault(name, {})["content"] = escape_html(value)
		done["Comment.content"] = done.get("Comment.content", 0) + 1
	for doctype, rows in updates.items():
		frappe.db.bulk_update(doctype, rows, update_modified=False)
	return done


URL_SUSPECT = ("(", ")", " ", "\\", "javascript:", "data:")


def _suspects(doctype: str, field: str, chars=SUSPECT, extra=()) -> list[tuple[str, str]]:
	likes = [_like(ch) for ch in (*chars, *extra)]
	condition = " or ".join([f"`{field}` like %s"] * len(likes))
	return frappe.db.sql(f"select name, `{field}` from `tab{doctype}` where {condition}", likes)


def _like(ch: str) -> str:
	return "%" + ch.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _cleaned(value: str, kind: str) -> str:
	if kind == "file":
		return file_name(value)
	if kind == LONG:
		text = rules.clean(value, LONG)
		return escape_html(text) if "<" in text or ">" in text else text
	return rules.clean(value, kind)
