"""The gate every uploaded file passes: judged by its bytes, in bounded time and memory, before any parser.

Pure (no Frappe). ``judge(filename, content, kinds)`` returns the file's kind or raises ``RefusedFile``
with a translatable reason. It decides by the content, not the name: the name's extension says what the
file claims to be, the bytes must agree (magic numbers by ``filetype``, the library Frappe itself uses).
Office files are zip archives: their central directory is read (never the members' data, but for a few
capped bytes), so a zip bomb is refused by its declared sizes and compression ratios before anything
inflates it, and every XML part is refused if it declares a DTD (entity expansion); the XML parts the
gate reads are parsed by ``defusedxml``. Macro-bearing, externally linked and embedded-object workbooks
are refused. PDFs with scripts or launch actions are refused. Text and CSV must be text.

Costs: a read of the zip's central directory, the prolog of each XML member (what comes before its root
element, at most 64 KB, where a DTD would be), a byte scan of a PDF; at most ``max_bytes`` of input (the
size limit of Foreign Trade Settings).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from io import BytesIO

from foreign_trade_crm.rules.messages import Problem, _

IMAGE, PDF, XLSX, DOCX, PPTX, CSV, TEXT = "image", "pdf", "xlsx", "docx", "pptx", "csv", "text"

#: what each file name ending claims the content to be
EXTENSIONS = {
	"png": IMAGE,
	"jpg": IMAGE,
	"jpeg": IMAGE,
	"gif": IMAGE,
	"webp": IMAGE,
	"pdf": PDF,
	"xlsx": XLSX,
	"docx": DOCX,
	"pptx": PPTX,
	"csv": CSV,
	"txt": TEXT,
}
#: the image formats an image's bytes may be in, by its extension
IMAGE_TYPES = {"png": {"png"}, "jpg": {"jpg"}, "jpeg": {"jpg"}, "gif": {"gif"}, "webp": {"webp"}}
KIND_NAMES = {
	IMAGE: _("an image"),
	PDF: _("a PDF"),
	XLSX: _("an Excel workbook (.xlsx)"),
	DOCX: _("a Word document (.docx)"),
	PPTX: _("a PowerPoint file (.pptx)"),
	CSV: _("a CSV text file"),
	TEXT: _("a text file"),
}
# what the bytes were found to be, in words, for the reason given to the user
FOUND = {
	"elf": _("a Linux program"),
	"exe": _("a Windows program"),
	"zip": _("a zip archive"),
	"rar": _("a RAR archive"),
	"7z": _("a 7-Zip archive"),
	"gz": _("a gzip archive"),
	"pdf": _("a PDF"),
	"png": _("a PNG image"),
	"jpg": _("a JPEG image"),
	"gif": _("a GIF image"),
	"webp": _("a WebP image"),
	"xls": _("an old Excel workbook (.xls)"),
	"xlsx": _("an Excel workbook (.xlsx)"),
	"docx": _("a Word document (.docx)"),
	"pptx": _("a PowerPoint file (.pptx)"),
	"doc": _("an old Word document (.doc)"),
}

MAX_MEMBERS = 2_000
MAX_UNCOMPRESSED = 256 * 2**20  # all members together, as declared
MAX_RATIO = 150  # a member's declared size over its compressed size (a sheet of text: 5 to 30)
RATIO_FROM = 2**20  # members smaller than this are not checked for their ratio
PROLOG = 64 * 1024  # bytes of an XML member that may come before its root element (where a DTD would be)
OOXML_PARTS = {
	XLSX: ("[Content_Types].xml", "xl/workbook.xml"),
	DOCX: ("[Content_Types].xml", "word/document.xml"),
	PPTX: ("[Content_Types].xml", "ppt/presentation.xml"),
}
MACRO_CONTENT_TYPES = (b"macroEnabled", b"vbaProject", b"ms-office.activeX")
PDF_ACTIONS = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/RichMedia")
# a PDF name written with #xx escapes (/J#61vaScript is /JavaScript)
PDF_ESCAPED_NAME = re.compile(rb"/[^\x00-\x20/<>\[\]()%{}]*#[0-9A-Fa-f]{2}[^\x00-\x20/<>\[\]()%{}]*")


class RefusedFile(ValueError):
	"""An upload that is not of the kind its name claims, or not safe to open (``problem`` to translate)."""

	def __init__(self, template: str, *args):
		self.problem = Problem("refused_file", template, args)
		super().__init__(self.problem.render())


@dataclass(frozen=True)
class Limits:
	max_bytes: int = 10 * 2**20
	max_members: int = MAX_MEMBERS
	max_uncompressed: int = MAX_UNCOMPRESSED
	max_ratio: int = MAX_RATIO


def extension(filename: str) -> str:
	name = str(filename or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
	return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def judge(filename: str, content: bytes, kinds: set[str] | frozenset[str], limits: Limits = Limits()) -> str:
	"""The kind of ``content`` if it is what ``filename`` claims, one of ``kinds``, and safe to open;
	else RefusedFile naming the reason."""
	ext = extension(filename)
	kind = EXTENSIONS.get(ext)
	if kind is None or kind not in kinds:
		accepted = ", ".join(sorted(e for e, k in EXTENSIONS.items() if k in kinds))
		raise RefusedFile(_("Files named .{0} are not accepted here; accepted: {1}"), ext or "?", accepted)
	if not content:
		raise RefusedFile(_("The file {0} is empty"), filename)
	if len(content) > limits.max_bytes:
		raise RefusedFile(_("The file {0} is larger than {1} MB"), filename, limits.max_bytes // 2**20)
	found = sniff(content)
	if kind == IMAGE:
		if found not in IMAGE_TYPES[ext]:
			raise _not_what_it_claims(filename, kind, found)
	elif kind == PDF:
		if found != "pdf":
			raise _not_what_it_claims(filename, kind, found)
		_check_pdf(filename, content)
	elif kind in OOXML_PARTS:
		if found not in ("zip", "xlsx", "docx", "pptx"):
			raise _not_what_it_claims(filename, kind, found)
		check_ooxml(filename, content, kind, limits)
	else:
		# magic numbers are a few bytes: a list starting "BMW," or "MZ Trading" is text, not a bitmap or a
		# program; bytes that are not text (every program, image and archive has NULs) are named by them
		if found is not None and not _is_text(content):
			raise _not_what_it_claims(filename, kind, found)
		_check_text(filename, content, kind)
	return kind


def sniff(content: bytes) -> str | None:
	"""What the bytes are, by their magic numbers (``filetype``'s extension name), or None for text and
	anything it does not know."""
	import filetype

	if content[:5] == b"%PDF-" or b"%PDF-" in content[:1024]:
		return "pdf"  # the spec lets a PDF start within its first kilobyte
	guess = filetype.guess(content[:8192])
	return guess.extension if guess else None


def _not_what_it_claims(filename: str, kind: str, found: str | None) -> RefusedFile:
	return RefusedFile(
		_("The file {0} is not {1}: its content is {2}"),
		filename,
		KIND_NAMES[kind],
		FOUND.get(found, _("something else ({0})").format(found) if found else _("not of a known kind")),
	)


def check_ooxml(filename: str, content: bytes, kind: str, limits: Limits = Limits()) -> None:
	"""An Office Open XML file (xlsx, docx) that is safe to hand to a parser: read from the zip's
	central directory and the first bytes of its XML parts only."""
	from defusedxml import ElementTree
	from defusedxml.common import DefusedXmlException

	try:
		archive = zipfile.ZipFile(BytesIO(content))
	except (zipfile.BadZipFile, OSError, ValueError, EOFError):
		raise RefusedFile(_("The file {0} is not {1}: it is damaged"), filename, KIND_NAMES[kind])
	with archive:
		members = archive.infolist()
		if len(members) > limits.max_members:
			raise RefusedFile(_("The file {0} has more than {1} parts"), filename, limits.max_members)
		total = 0
		for m in members:
			total += m.file_size
			if m.file_size >= RATIO_FROM and m.file_size > limits.max_ratio * max(m.compress_size, 1):
				raise RefusedFile(
					_("The file {0} inflates {1} times ({2} MB from {3} KB): refused as a zip bomb"),
					filename,
					m.file_size // max(m.compress_size, 1),
					m.file_size // 2**20,
					max(m.compress_size // 1024, 1),
				)
		if total > limits.max_uncompressed:
			raise RefusedFile(
				_("The file {0} inflates to more than {1} MB: refused as a zip bomb"),
				filename,
				limits.max_uncompressed // 2**20,
			)
		names = {m.filename for m in members}
		if len(names) != len(members) or sum(m.compress_size for m in members) > len(content):
			# two members of one name (each reader may take another) or members sharing their data
			raise RefusedFile(_("The file {0} is not {1}: it is damaged"), filename, KIND_NAMES[kind])
		missing = [p for p in OOXML_PARTS[kind] if p not in names]
		if missing:
			raise RefusedFile(
				_("The file {0} is not {1}: it has no {2}"), filename, KIND_NAMES[kind], missing[0]
			)
		lowered = {n.lower() for n in names}
		if any(n.endswith("vbaproject.bin") for n in lowered):
			raise RefusedFile(
				_("The file {0} contains macros: workbooks with macros are not accepted"), filename
			)
		if any(n.startswith(("xl/externallinks/", "word/externallinks/")) for n in lowered):
			raise RefusedFile(
				_("The file {0} links to other files: such workbooks are not accepted"), filename
			)
		if any(
			n.startswith(("xl/embeddings/", "word/embeddings/", "ppt/embeddings/", "xl/activex/"))
			for n in lowered
		):
			raise RefusedFile(_("The file {0} embeds other programs' objects: not accepted"), filename)
		try:
			for m in members:
				if not m.filename.lower().endswith((".xml", ".rels", ".vml")):
					continue
				if _declares_dtd(archive, m, filename, kind):
					raise RefusedFile(
						_("The file {0} declares XML entities ({1}): refused, they can expand without end"),
						filename,
						m.filename,
					)
			types = _read_capped(archive, "[Content_Types].xml")
			if any(marker in types for marker in MACRO_CONTENT_TYPES):
				raise RefusedFile(
					_("The file {0} contains macros: workbooks with macros are not accepted"), filename
				)
			for name, data in (("[Content_Types].xml", types), (OOXML_PARTS[kind][1], None)):
				try:
					ElementTree.fromstring(data or _read_capped(archive, name), forbid_dtd=True)
				except DefusedXmlException:
					raise RefusedFile(
						_("The file {0} declares XML entities ({1}): refused, they can expand without end"),
						filename,
						name,
					)
		except RefusedFile:
			raise
		except ElementTree.ParseError:
			raise RefusedFile(_("The file {0} is not {1}: it is damaged"), filename, KIND_NAMES[kind])
		except (
			zipfile.BadZipFile,
			zipfile.LargeZipFile,
			OSError,
			ValueError,
			EOFError,
			RuntimeError,
			NotImplementedError,
		):
			raise RefusedFile(_("The file {0} is not {1}: it is damaged"), filename, KIND_NAMES[kind])


def _read_capped(archive: zipfile.ZipFile, name: str, cap: int = 4 * 2**20) -> bytes:
	"""A small part's bytes, read through the inflater no further than ``cap`` whatever its header says."""
	with archive.open(name) as part:
		data = part.read(cap + 1)
	if len(data) > cap:
		raise RefusedFile(_("The part {0} of the file is larger than {1} MB"), name, cap // 2**20)
	return data


class _Root(Exception):
	"""The root element of an XML part has begun: no DTD can follow."""


class _Doctype(Exception):
	"""An XML part declares a DTD."""


def _declares_dtd(archive: zipfile.ZipFile, member: zipfile.ZipInfo, filename: str, kind: str) -> bool:
	"""Whether ``member`` declares a DTD (internal entities, external ones, anything): its prolog is read
	by expat, in any encoding, up to its root element, at most ``PROLOG`` bytes (a comment longer than
	that before the root is no Office file's: refused as damaged)."""
	import xml.parsers.expat as expat

	def root(*args):
		raise _Root

	def doctype(*args):
		raise _Doctype

	parser = expat.ParserCreate()
	parser.StartElementHandler = root
	parser.StartDoctypeDeclHandler = doctype
	head = b""
	with archive.open(member) as part:
		while len(head) < PROLOG:
			chunk = part.read(4096)
			head += chunk
			try:
				parser.Parse(chunk, not chunk)
			except _Root:
				return False
			except _Doctype:
				return True
			except expat.ExpatError:  # not XML from its first bytes: no parser takes a DTD from it
				return b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper()
			if not chunk:
				return False
	raise RefusedFile(_("The file {0} is not {1}: it is damaged"), filename, KIND_NAMES[kind])


def _check_pdf(filename: str, content: bytes) -> None:
	for action in PDF_ACTIONS:
		at = content.find(action)
		# "/JS" is a prefix of other names: only a name that ends there is the script action
		while at != -1:
			end = at + len(action)
			if end >= len(content) or not content[end : end + 1].isalnum():
				raise RefusedFile(
					_("The file {0} is a PDF with scripts or actions ({1}): not accepted"),
					filename,
					action.decode(),
				)
			at = content.find(action, end)
	for escaped in PDF_ESCAPED_NAME.finditer(content):
		name = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes.fromhex(m.group(1).decode()), escaped.group())
		if name in PDF_ACTIONS:
			raise RefusedFile(
				_("The file {0} is a PDF with scripts or actions ({1}): not accepted"),
				filename,
				name.decode("latin-1"),
			)


def _is_text(content: bytes) -> bool:
	if b"\x00" in content:
		return False
	for encoding in ("utf-8-sig", "gb18030"):
		try:
			content.decode(encoding)
			return True
		except UnicodeDecodeError:
			continue
	return False


def _check_text(filename: str, content: bytes, kind: str) -> None:
	if b"\x00" in content:
		raise RefusedFile(_("The file {0} is not {1}: it holds binary data"), filename, KIND_NAMES[kind])
	for encoding in ("utf-8-sig", "gb18030"):
		try:
			content.decode(encoding)
			return
		except UnicodeDecodeError:
			continue
	raise RefusedFile(
		_("The file {0} is not {1}: it is not UTF-8 or GB18030 text"), filename, KIND_NAMES[kind]
	)
