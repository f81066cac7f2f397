"""Lead import with de-duplication (seed 001): what happens to each row of a buyer list.

Pure: no Frappe. The service reads the file and the existing Leads, Customers and Contacts
(set-wise, with their identifying keys from ``duplicate_keys``); ``plan`` then
decides for every row, in file order:

- **set aside**: it is already a customer (its company name, a phone, fax or e-mail of the
  customer or of one of its contacts or addresses), or a lead that has become an opportunity,
  a quotation or a customer. Nothing is written; the reason names the record.
- **merge**: it is a lead we already have, or a row seen earlier in the same file. Only the
  blank fields of that lead (or row) are filled; nothing is overwritten.
- **skip**: it cannot be a lead: no company and no person, or an e-mail that is not one.
- **create**: a new lead.

A match on e-mail wins over one on a phone or fax, which wins over the company name, so a
row matching two different records goes to the one it shares its e-mail with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from foreign_trade_crm.rules.messages import Problem, _
from foreign_trade_crm.rules.text import NAME, PLAIN, is_email
from foreign_trade_crm.rules.text import clean as clean_text

# ---------------------------------------------------------------------- identifying keys

COMPANY_SUFFIXES = (
	"co",
	"co ltd",
	"company",
	"company limited",
	"corp",
	"corporation",
	"gmbh",
	"inc",
	"limited",
	"llc",
	"ltd",
	"plc",
	"sa",
	"sarl",
	"srl",
	"spa",
	"bv",
	"ag",
	"有限公司",
	"股份有限公司",
	"公司",
)


def normalise_company(name) -> str:
	"""'ACME Trading Co., Ltd.' and 'acme trading' → 'acmetrading': case, punctuation, spaces and the
	legal form do not make another company."""
	text = re.sub(r"[^\w\u4e00-\u9fff]+", " ", str(name or "").lower()).strip()
	changed = True
	while changed and text:
		changed = False
		for suffix in sorted(COMPANY_SUFFIXES, key=len, reverse=True):
			if text.endswith(" " + suffix) or (text.endswith(suffix) and not suffix.isascii()):
				text = text[: -len(suffix)].strip()
				changed = True
				break
	return text.replace(" ", "")


def normalise_phone(phone, default_country: str = "") -> str:
	"""Digits only with the country code: '+49 (0)30 1234-56', '0049 30 123456' and, with default
	country '49', '030 123456' are one number."""
	text = str(phone or "").strip()
	if not text:
		return ""
	text = text.replace("(0)", "")
	international = text.startswith("+") or text.startswith("00")
	digits = re.sub(r"\D", "", text)
	if text.startswith("00"):
		digits = digits[2:]
	if not international and default_country:
		digits = default_country + digits.lstrip("0")
	return digits


def normalise_email(email) -> str:
	return str(email or "").strip().lower()


def duplicate_keys(company=None, phones=(), emails=(), default_country: str = "") -> set[str]:
	"""Everything that identifies a lead: its normalised company, phones (and faxes) and e-mails."""
	keys = set()
	if normalise_company(company):
		keys.add("company:" + normalise_company(company))
	keys |= {"phone:" + p for p in (normalise_phone(x, default_country) for x in phones) if len(p) >= 6}
	keys |= {"email:" + e for e in (normalise_email(x) for x in emails) if "@" in e}
	return keys


# ---------------------------------------------------------------------- the plan

CREATE, MERGE, SKIP, SET_ASIDE = "Create", "Merge", "Skip", "Set Aside"

# what a lead row may carry (Lead fields); the rest of a sheet's columns are ignored
FIELDS = (
	"company_name",
	"lead_name",
	"email_id",
	"phone",
	"mobile_no",
	"fax",
	"whatsapp_no",
	"website",
	"country",
	"city",
	"job_title",
	"notes",
)
PHONE_FIELDS = ("phone", "mobile_no", "fax", "whatsapp_no")
# names (and the website, which the desk makes a link of) never hold quotes; notes may be long
NAMES = frozenset(("company_name", "lead_name", "website"))
LONG_FIELDS = {"notes": 2000}

# headers understood without an import template (any case, spacing or punctuation)
HEADERS = {
	"Company": "company_name",
	"Company Name": "company_name",
	"Organization": "company_name",
	"Buyer": "company_name",
	"公司": "company_name",
	"公司名称": "company_name",
	"客户名称": "company_name",
	"Contact": "lead_name",
	"Contact Person": "lead_name",
	"Name": "lead_name",
	"Person Name": "lead_name",
	"联系人": "lead_name",
	"Email": "email_id",
	"E-mail": "email_id",
	"Email Address": "email_id",
	"邮箱": "email_id",
	"电子邮件": "email_id",
	"Phone": "phone",
	"Tel": "phone",
	"Telephone": "phone",
	"电话": "phone",
	"Mobile": "mobile_no",
	"Mobile No": "mobile_no",
	"Cell": "mobile_no",
	"手机": "mobile_no",
	"Fax": "fax",
	"传真": "fax",
	"WhatsApp": "whatsapp_no",
	"Website": "website",
	"Web": "website",
	"网站": "website",
	"Country": "country",
	"国家": "country",
	"City": "city",
	"城市": "city",
	"Job Title": "job_title",
	"Title": "job_title",
	"职位": "job_title",
	"Notes": "notes",
	"Remarks": "notes",
	"备注": "notes",
}


@dataclass(frozen=True)
class Known:
	"""An existing record that rows may match: a Lead (with its current ``values``) or a Customer."""

	doctype: str  # "Lead" or "Customer"
	name: str
	values: dict = field(default_factory=dict, hash=False, compare=False)
	# for a lead: what it has become ("Opportunity", "Quotation", "Converted"), else ""
	became: str = ""
	# for a lead that became a customer: that customer
	customer: str = ""


@dataclass
class Decision:
	row: int  # the row number in the file, as Excel shows it
	action: str
	reason: Problem | None = None
	# Merge: the existing Lead's name, or the file row merged into; Set Aside: the record found
	target_doctype: str = ""
	target: str = ""
	target_row: int = 0
	# Create: the lead's values; Merge: only the blank fields to fill
	values: dict = field(default_factory=dict)
	# how the row names itself (its company, else its contact person), for the result table
	label: str = ""


def clean(values: dict) -> dict:
	"""The row's lead fields as plain text from outside (``rules.text``: no markup, no invisible characters;
	names without quotes), numbers from Excel as they were typed (12345, not 12345.0)."""
	out = {}
	for fieldname in FIELDS:
		value = values.get(fieldname)
		if value is None:
			continue
		if isinstance(value, float) and value.is_integer():
			value = int(value)
		text = clean_text(value, NAME if fieldname in NAMES else PLAIN, LONG_FIELDS.get(fieldname))
		if text:
			out[fieldname] = text
	return out


def keys_of(values: dict, calling_code: str = "") -> dict[str, str]:
	"""Each identifying key of a lead and the kind it is (email, phone, company), strongest first."""
	keys = duplicate_keys(
		values.get("company_name"),
		[values.get(f) for f in PHONE_FIELDS if values.get(f)],
		[values.get("email_id")] if values.get("email_id") else [],
		calling_code,
	)
	order = {"email": 0, "phone": 1, "company": 2}
	return dict(sorted(((k, k.split(":", 1)[0]) for k in keys), key=lambda kv: (order[kv[1]], kv[0])))


def blanks_filled(current: dict, incoming: dict) -> dict:
	"""The incoming values for the fields that are blank in ``current``: a merge never overwrites."""
	return {k: v for k, v in incoming.items() if v and not current.get(k)}


# the reason, by what matched (whole sentences, so that they translate well)
IS_CUSTOMER = {
	"email": _("already a customer: {0} (same e-mail)"),
	"phone": _("already a customer: {0} (same phone or fax)"),
	"company": _("already a customer: {0} (same company name)"),
}
IS_OPPORTUNITY = {
	"email": _("lead {0} is already at the stage {1} (same e-mail)"),
	"phone": _("lead {0} is already at the stage {1} (same phone or fax)"),
	"company": _("lead {0} is already at the stage {1} (same company name)"),
}
LEAD_EXISTS = {
	"email": _("lead {0} exists (same e-mail)"),
	"phone": _("lead {0} exists (same phone or fax)"),
	"company": _("lead {0} exists (same company name)"),
}
SAME_AS_ROW = {
	"email": _("same lead as row {0} (same e-mail)"),
	"phone": _("same lead as row {0} (same phone or fax)"),
	"company": _("same lead as row {0} (same company name)"),
}


def plan(
	rows: list[dict],
	existing: dict[str, Known],
	calling_code_of=lambda values: "",
) -> list[Decision]:
	"""What to do with each row (``rows`` carry ``_row``, their Excel row number, and lead fields).

	``existing`` maps every identifying key of the existing records to the record.
	``calling_code_of(values)`` is the country calling code for phones without one (from the row's
	country, else the import's default country)."""
	existing = dict(existing)  # rows matched to a record bring their other keys to it
	decisions: list[Decision] = []
	seen: dict[str, int] = {}  # key → index in ``created`` of the row it belongs to
	created: list[Decision] = []
	merged_into_lead: dict[str, Decision] = {}  # existing lead → its merge decision (first row)
	labels = []  # how each row names itself, for the result table
	for raw in rows:
		values = clean(raw)
		row = raw["_row"]
		labels.append(values.get("company_name") or values.get("lead_name") or "")
		if not values.get("company_name") and not values.get("lead_name"):
			decisions.append(
				Decision(row, SKIP, Problem("no_name", _("neither a company nor a contact person")))
			)
			continue
		if values.get("email_id") and not is_email(values["email_id"]):
			decisions.append(
				Decision(
					row, SKIP, Problem("bad_email", _("{0} is not an e-mail address"), (values["email_id"],))
				)
			)
			continue
		keys = keys_of(values, calling_code_of(values))
		decision = _against_existing(row, values, keys, existing, merged_into_lead)
		if decision is None:
			decision = _against_file(row, values, keys, seen, created)
		if decision is None:
			decision = Decision(row, CREATE, values=values)
			created.append(decision)
			for key in keys:
				seen.setdefault(key, len(created) - 1)
		decisions.append(decision)
	for decision, label in zip(decisions, labels, strict=True):
		decision.label = label
	return decisions


def _against_existing(row, values, keys, existing, merged_into_lead) -> Decision | None:
	matches = [(existing[k], kind) for k, kind in keys.items() if k in existing]
	if not matches:
		return None
	# a customer anywhere among the matches sets the row aside, whatever else it matches
	for known, kind in matches:
		if known.doctype == "Customer" or known.customer:
			customer = known.name if known.doctype == "Customer" else known.customer
			_remember(existing, keys, known)
			return Decision(
				row,
				SET_ASIDE,
				Problem("is_customer", IS_CUSTOMER[kind], (customer,)),
				target_doctype="Customer",
				target=customer,
			)
	known, kind = matches[0]
	_remember(existing, keys, known)
	if known.became:
		return Decision(
			row,
			SET_ASIDE,
			Problem("is_opportunity", IS_OPPORTUNITY[kind], (known.name, known.became)),
			target_doctype="Lead",
			target=known.name,
		)
	first = merged_into_lead.get(known.name)
	current = dict(known.values)
	if first:
		current.update(first.values)  # what the earlier rows already fill
	fill = blanks_filled(current, values)
	decision = Decision(
		row,
		MERGE,
		Problem("lead_exists", LEAD_EXISTS[kind], (known.name,)),
		target_doctype="Lead",
		target=known.name,
		values=fill,
	)
	if first:
		first.values.update(fill)  # one update per lead, however many rows match it
		decision.values = {}
	else:
		merged_into_lead[known.name] = decision
	return decision


def _remember(existing, keys, known) -> None:
	"""The row's other phones and e-mails now lead to the record it matched, for the rows below."""
	for key in keys:
		existing.setdefault(key, known)


def _against_file(row, values, keys, seen, created) -> Decision | None:
	hits = [(seen[k], kind) for k, kind in keys.items() if k in seen]
	if not hits:
		return None
	index, kind = hits[0]
	first = created[index]
	fill = blanks_filled(first.values, values)
	first.values.update(fill)
	for key in keys:  # the merged row's other phones and e-mails now find that lead too
		seen.setdefault(key, index)
	return Decision(
		row,
		MERGE,
		Problem("row_duplicate", SAME_AS_ROW[kind], (first.row,)),
		target_row=first.row,
	)


def summary(decisions: list[Decision]) -> dict[str, int]:
	counts = {CREATE: 0, MERGE: 0, SKIP: 0, SET_ASIDE: 0}
	for d in decisions:
		counts[d.action] += 1
	return counts
