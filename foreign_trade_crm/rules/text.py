"""Text from outside: what a buyer types on the portal, a website user writes through the REST API, or a
spreadsheet brings into a Lead Import, made safe before it is stored.

Every such value is of one of four kinds:

- ``PLAIN``: a single line (a reference, a subject, an item code or name, a place, a phone number, a file
  name). Stored as plain text: control characters and the characters that reorder text (bidi overrides,
  isolates, marks) removed, whitespace collapsed, cut to its length, and it never holds ``<`` or ``>``.
- ``NAME``: a person's or company's name (a signatory, a user's name, a lead's contact). As ``PLAIN``, and
  it never holds ``"`` or a backtick either: Frappe's desk puts names into double-quoted attributes.
- ``LONG``: several lines (a comment, a note, a description). Controls and reordering characters removed,
  lines kept, cut to its length; the caller stores it HTML-escaped, as the app's long texts are.
- ``URL``: a link the desk draws (a profile picture): ``http(s)://`` or the site's own ``/files/…`` or
  ``/private/files/…``, with none of the characters that end an attribute, a CSS ``url()`` or a path.

``clean`` turns any value into its safe form (the Lead Import and the clean-up of stored values use it);
``problem`` says what is wrong with a value a user typed, so that an interactive path refuses it with a
clear message rather than store something other than what was typed. The one-line kinds give up markup
whole: ``<b>Urgent</b>`` cleans to ``Urgent``, ``<img src=x onerror=…>`` to nothing.
"""

from __future__ import annotations

import re
import unicodedata

from foreign_trade_crm.rules.messages import Problem, _

PLAIN, NAME, LONG, URL = "plain", "name", "long", "url"
KINDS = (PLAIN, NAME, LONG, URL)

#: what each kind is cut to when the caller gives no length
DEFAULT_LENGTH = {PLAIN: 140, NAME: 140, LONG: 10_000, URL: 2_000}

# characters that reorder or hide text: bidi embeddings, overrides and isolates, the marks, and the
# zero-width space and no-break space that make two equal-looking values differ
REORDERING = "\u061c\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_REORDERING = re.compile(f"[{REORDERING}]")
# C0 and C1 controls and DEL; LONG keeps the newline and the tab
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TAB_NEWLINE = re.compile("[\t\n]")
# markup: an element, a closing tag, a comment, a declaration or a processing instruction (to its ">", or
# to the end of the text when it is never closed); what HTML would read as a tag
_MARKUP = re.compile(r"<[A-Za-z/!?][^>]*(?:>|$)", re.S)
_ANGLES = re.compile("[<>]")
_NAME_BREAKERS = re.compile('["`]')
_SPACES = re.compile(r"\s+")
# http(s) with a host, or the site's own files; none of: space, quotes, parentheses, backslash, angle
# brackets, backtick, braces, no ".." segment, and (for the site's files) no query or fragment
URL_PATTERN = re.compile(
	r"^(?!.*\.\.)(?:https?://[A-Za-z0-9.-]+(?::\d{1,5})?(?:/[^\s\"'()<>\\`{}]*)?|/(?:private/)?files/[^\s\"'()<>\\`{}?#]+)$"
)
EMAIL_PATTERN = re.compile(
	r"^[A-Za-z0-9!#$%&*+=?^_{|}~-]+(?:\.[A-Za-z0-9!#$%&*+=?^_{|}~-]+)*"
	r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)


def _text(value) -> str:
	if value is None:
		return ""
	return unicodedata.normalize("NFC", str(value))


def strip_invisible(value, keep_lines: bool = False) -> str:
	"""Without controls and reordering characters (newlines and tabs kept when ``keep_lines``)."""
	text = _REORDERING.sub("", _text(value))
	text = _CONTROLS.sub("", text)
	if not keep_lines:
		text = _TAB_NEWLINE.sub(" ", text)
	return text


def clean(value, kind: str = PLAIN, length: int | None = None) -> str:
	"""The safe form of ``value`` as a ``kind`` (see the module), cut to ``length`` characters; a URL that
	is not safe cleans to the empty string."""
	length = length or DEFAULT_LENGTH[kind]
	if kind == LONG:
		text = strip_invisible(value, keep_lines=True).replace("\r", "")
		return text.strip()[:length]
	text = strip_invisible(value).replace("\r", " ")
	if kind == URL:
		text = text.strip()
		return text if len(text) <= length and URL_PATTERN.match(text) else ""
	text = _ANGLES.sub("", _MARKUP.sub(" ", text))
	if kind == NAME:
		text = _NAME_BREAKERS.sub("", text)
	return _SPACES.sub(" ", text).strip()[:length].strip()


def has_markup(value) -> bool:
	"""Whether HTML would read part of ``value`` as a tag."""
	return bool(_MARKUP.search(_text(value)))


def problem(value, kind: str = PLAIN, label: str = "", length: int | None = None) -> Problem | None:
	"""What is wrong with ``value`` typed into the field ``label`` as a ``kind``; None when it may be stored
	(as ``clean`` makes it: invisible characters go without a word, as they cannot be seen to be typed)."""
	text = _text(value)
	if not text.strip():
		return None
	length = length or DEFAULT_LENGTH[kind]
	if kind == URL:
		if not clean(text, URL, length):
			return Problem(
				"text-url",
				_("{0}: only a web address (http or https) or a file of this site can be used"),
				(label,),
			)
		return None
	if kind in (PLAIN, NAME) and _ANGLES.search(text):
		return Problem("text-markup", _("{0} may not contain the characters < and >"), (label,))
	if kind == NAME and _NAME_BREAKERS.search(text):
		return Problem("text-quote", _('{0} may not contain the characters " and `'), (label,))
	visible = strip_invisible(text, keep_lines=kind == LONG).strip()
	if len(visible) > length:
		return Problem("text-length", _("{0} may have up to {1} characters"), (label, length))
	return None


def is_email(value) -> bool:
	"""An address a mail server and a browser both read as an e-mail address, and nothing else: no
	scheme, no quotes, no comments, no route (``javascript:alert(1)//@example.com`` is not one)."""
	text = _text(value).strip()
	return len(text) <= 254 and bool(EMAIL_PATTERN.match(text))
