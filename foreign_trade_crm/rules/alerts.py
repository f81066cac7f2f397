"""Daily alert rules (seed 000 §6.7, 001, 003): which stage of an alert is due, and to whom.

Pure: no Frappe. An alert of a document goes once per *stage*: ``due`` when it is late,
``escalated`` when it is late by the escalation days (to the managers), a step of days
overdue for receivables (only the highest step reached, so a missed day sends one alert,
not several), a quiet spell for customers. What was already sent is given as a set of
stages; the rules return what is left to send.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from foreign_trade_crm.rules.messages import _
from foreign_trade_crm.rules.receivables import parse_increasing

QUOTATION = "Quotation Not Answered"
COUNTERSIGN = "Contract Not Countersigned"
RECEIVABLE = "Receivable Overdue"
QUIET = "Customer Gone Quiet"
LEAD = "Idle Lead Released"
CONTACT = "Contact Date"
# letters of credit
LC_EXPIRING = "Credit Expiring Undrawn"
LC_SHIPMENT = "Latest Shipment Date Near"
LC_PRESENTATION = "Presentation Deadline Near"
LC_MISSING = "Credit Not Received"
#: kinds whose alert names a date ahead (the deadline), not days late
DEADLINE_KINDS = (LC_EXPIRING, LC_SHIPMENT, LC_PRESENTATION)
KINDS = (QUOTATION, COUNTERSIGN, RECEIVABLE, QUIET, LEAD, CONTACT, *DEADLINE_KINDS, LC_MISSING)

DUE, ESCALATED = "due", "escalated"
DEFAULT_STEPS = (1, 15, 30)

# who gets a stage
SALES, MANAGERS, BUYER = "sales", "managers", "buyer"

SUBJECTS = {
	QUOTATION: _("Quotation {0} to {1} is not answered, {2} day(s) after its reply date"),
	COUNTERSIGN: _("Contract {0} with {1} is not countersigned, {2} day(s) after its due date"),
	RECEIVABLE: _("Invoice {0} of {1} is unpaid, {2} day(s) after its expected collection date"),
	QUIET: _("{1} has gone quiet: no communication or order since {2}"),
	LEAD: _("Lead {0} went back to the pool: {2}"),
	CONTACT: _("{2} of {0} ({1})"),
	LC_EXPIRING: _("Letter of Credit {0} of {1} expires on {2} with an undrawn balance"),
	LC_SHIPMENT: _(
		"Letter of Credit {0} of {1}: the latest shipment date is {2} and goods are still to ship"
	),
	LC_PRESENTATION: _("Shipment Notice {0} of {1}: present the documents under its credit by {2}"),
	LC_MISSING: _(
		"Contract {0} with {1} is payable by letter of credit; none received {2} day(s) after countersign"
	),
}


def parse_steps(text: str | None) -> tuple[int, ...]:
	"""'1, 15, 30' → (1, 15, 30); empty, unsorted, repeated or non-positive input → the defaults."""
	return parse_increasing(text, DEFAULT_STEPS)


def step_stage(days_overdue: int, steps: tuple[int, ...]) -> str | None:
	"""The highest step reached ('step-15'), or None before the first step."""
	reached = [s for s in steps if days_overdue >= s]
	return f"step-{reached[-1]}" if reached else None


@dataclass(frozen=True)
class Due:
	"""A stage of an alert to send, and to whom."""

	stage: str
	audience: tuple[str, ...]


@dataclass
class Candidate:
	"""A late document as the selection found it."""

	kind: str
	name: str
	days_late: int
	sent: set[str] = field(default_factory=set)
	buyer_reminders: bool = False


def due_stages(c: Candidate, escalate_after: int, steps: tuple[int, ...] = DEFAULT_STEPS) -> list[Due]:
	"""The stages of ``c`` to send today: not yet sent, reached by its days late."""
	out = []
	buyer = (BUYER,) if c.buyer_reminders else ()
	if c.kind == RECEIVABLE:
		main = step_stage(c.days_late, steps)
	else:
		main = DUE if c.days_late >= 1 else None
	if main and main not in c.sent:
		out.append(Due(main, (SALES, *buyer)))
	if escalate_after > 0 and c.days_late >= escalate_after and ESCALATED not in c.sent:
		out.append(Due(ESCALATED, (MANAGERS,)))
	return out


def quiet_stage(
	today: date,
	last_communication: date | None,
	last_order: date | None,
	known_since: date,
	quiet_days: int,
	no_order_days: int,
) -> str | None:
	"""'quiet:<date>' when a customer has had no communication for ``quiet_days`` or no contract or
	order for ``no_order_days`` (counting from ``known_since`` when never); the date is that of the
	last sign of life, so that one quiet spell is alerted once and a new one again."""
	communication = last_communication or known_since
	order = last_order or known_since
	quiet = (quiet_days > 0 and (today - communication).days >= quiet_days) or (
		no_order_days > 0 and (today - order).days >= no_order_days
	)
	if not quiet:
		return None
	return f"quiet:{max(communication, order).isoformat()}"


def lead_is_idle(today: date, last_activity: date, idle_days: int, user_enabled: bool) -> bool:
	"""A lead goes back to the pool when its user is disabled or nothing happened on it for ``idle_days``."""
	return not user_enabled or (idle_days > 0 and (today - last_activity).days >= idle_days)


def next_occurrence(day: date, today: date) -> date:
	"""The next time (today or later) the day and month of ``day`` come round; 29 February falls on 28
	February in a year without one."""
	import calendar

	def in_year(year: int) -> date:
		if day.month == 2 and day.day == 29 and not calendar.isleap(year):
			return date(year, 2, 28)
		return date(year, day.month, day.day)

	this_year = in_year(today.year)
	return this_year if this_year >= today else in_year(today.year + 1)


def contact_date_stages(day: date, today: date, days_before: int, greet: bool) -> list[Due]:
	"""What is due of a contact's date (a birthday, an anniversary) today: the sales person's reminder
	within ``days_before`` days of it, and on the day itself the contact's greeting where ``greet``.
	Stages name the occurrence (``remind:2026-12-06``), so each is sent once a year."""
	when = next_occurrence(day, today)
	ahead = (when - today).days
	due = []
	if ahead <= max(days_before, 0):
		due.append(Due(f"remind:{when.isoformat()}", (SALES,)))
	if greet and ahead == 0:
		due.append(Due(f"greet:{when.isoformat()}", (BUYER,)))
	return due


def deadline_stage(prefix: str, deadline: date | None, today: date, days_before: int) -> str | None:
	"""'<prefix>:<deadline>' when the deadline is today or at most ``days_before`` days ahead: one alert per
	deadline, and another when an amendment moves it."""
	if deadline is None:
		return None
	ahead = (deadline - today).days
	return f"{prefix}:{deadline.isoformat()}" if 0 <= ahead <= max(days_before, 0) else None


def dedupe_key(kind: str, doctype: str, name: str, stage: str, recipient: str) -> str:
	"""One sent alert per kind, document, stage and recipient: the Alert Log's unique key."""
	import hashlib

	return hashlib.sha1(f"{kind}\x1f{doctype}\x1f{name}\x1f{stage}\x1f{recipient}".encode()).hexdigest()


def stage_label(stage: str) -> tuple[str, tuple]:
	"""What a stage means, in words a user reads (template to translate, args): 'step-30' is the
	reminder at 30 days overdue, 'escalated' the escalation to the managers, 'quiet:<date>' a
	customer silent since that date."""
	if stage.startswith("step-"):
		template, args = _("Reminder at {0} days overdue"), (int(stage[5:]),)
	elif stage == ESCALATED:
		template, args = _("Escalated to the managers"), ()
	elif stage == DUE:
		template, args = _("Reminder"), ()
	elif stage.startswith("quiet:"):
		template, args = _("Quiet since {0}"), (stage[6:],)
	elif stage.startswith("remind:"):
		template, args = _("Reminder of {0}"), (stage[7:],)
	elif stage.startswith("greet:"):
		template, args = _("Greeting on {0}"), (stage[6:],)
	elif stage.startswith(("expiry:", "shipment:", "present:")):
		template, args = _("Deadline {0}"), (stage.split(":", 1)[1],)
	elif stage == "missing":
		template, args = _("Credit not received"), ()
	else:
		template, args = stage, ()
	return template, args
