"""The one gate every uploaded file passes before anything keeps or parses it (``rules.files``).

Portal attachments (claims, order requests), the line imports and the Lead Import call it; a refused
file gets the reason in the user's language, and nothing of it is kept: no File row, no line, no lead.
"""

import frappe
from frappe import _

from foreign_trade_crm.rules import files as rules

#: what a buyer may attach to a claim or an order request: photos, PDFs, Office files, text
ATTACHMENTS = frozenset((rules.IMAGE, rules.PDF, rules.XLSX, rules.DOCX, rules.TEXT, rules.CSV))
#: what a line or lead import reads
SHEETS = frozenset((rules.XLSX, rules.CSV))


def upload_limit() -> int:
	"""The largest upload, in bytes (Foreign Trade Settings → Largest Upload, default 10 MB)."""
	megabytes = frappe.utils.cint(frappe.db.get_single_value("Foreign Trade Settings", "excel_max_file_mb"))
	return (megabytes or 10) * 2**20


def check_upload(filename: str, content: bytes, kinds=ATTACHMENTS, max_bytes: int | None = None) -> str:
	"""The file's kind, or a translated refusal naming the reason (nothing is written before this)."""
	try:
		return rules.judge(filename, content, kinds, rules.Limits(max_bytes=max_bytes or upload_limit()))
	except rules.RefusedFile as error:
		frappe.throw(reason(error.problem), title=_("File refused"))


def reason(problem) -> str:
	"""A refusal in the user's language: its template and the kinds it names translated."""
	return _(problem.template).format(*(_(a) if isinstance(a, str) else a for a in problem.args))


#: what may be attached to the app's documents through Frappe's own upload (the desk's Attach and
#: attachments sidebar): each document's kinds
ATTACHED_TO = {
	"Lead Import": SHEETS,
	"Trade Claim": ATTACHMENTS,
	"Order Request": ATTACHMENTS,
	"Customer Feedback": ATTACHMENTS,
	"Export Contract": ATTACHMENTS,
	"Shipment Notice": ATTACHMENTS,
	"Trade Excel Template": SHEETS,
	"Letter of Credit": ATTACHMENTS,
	"Letter of Credit Amendment": ATTACHMENTS,
	"Letter of Credit Presentation": ATTACHMENTS,
}


def file_before_insert(doc, method=None):
	"""File ``before_insert``: every file's name is made plain (lists and links show it: no markup, no
	quotes); a file uploaded to one of the app's documents is judged by its bytes before Frappe writes it,
	so a refused one leaves no File row and nothing on disk."""
	from foreign_trade_crm.services.text import file_name

	if doc.file_name:
		doc.file_name = file_name(doc.file_name)
	kinds = ATTACHED_TO.get(doc.attached_to_doctype)
	content = doc.get("content")
	if not kinds or content is None:
		return
	if isinstance(content, str):
		content = content.encode()
	check_upload(doc.file_name or "", content, kinds)
