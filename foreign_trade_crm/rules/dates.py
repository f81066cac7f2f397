"""Dates the app derives: countersign due date, expected collection date."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

AFTER_INVOICE_DATE = "Day(s) after invoice date"
AFTER_END_OF_MONTH = "Day(s) after the end of the invoice month"
MONTHS_AFTER_END_OF_MONTH = "Month(s) after the end of the invoice month"


def countersign_due_date(contract_date: date, days: int) -> date:
	return contract_date + timedelta(days=max(int(days or 0), 0))


@dataclass(frozen=True)
class PaymentTerm:
	"""One row of an ERPNext Payment Terms Template (same names and meanings)."""

	due_date_based_on: str = AFTER_INVOICE_DATE
	credit_days: int = 0
	credit_months: int = 0


def _end_of_month(d: date) -> date:
	return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def _add_months(d: date, months: int) -> date:
	month = d.month - 1 + months
	year = d.year + month // 12
	month = month % 12 + 1
	return d.replace(year=year, month=month, day=min(d.day, calendar.monthrange(year, month)[1]))


def term_due_date(base: date, term: PaymentTerm) -> date:
	"""The due date of one payment term counted from ``base``, as ERPNext counts it."""
	if term.due_date_based_on == AFTER_END_OF_MONTH:
		return _end_of_month(base) + timedelta(days=term.credit_days or 0)
	if term.due_date_based_on == MONTHS_AFTER_END_OF_MONTH:
		return _end_of_month(_add_months(_end_of_month(base), term.credit_months or 0))
	return base + timedelta(days=term.credit_days or 0)


def expected_collection_date(bl_date: date, terms: list[PaymentTerm]) -> date:
	"""When the last instalment of the payment terms falls due, counted from the B/L date.

	With no payment terms the money is expected on the B/L date itself.
	"""
	if not terms:
		return bl_date
	return max(term_due_date(bl_date, t) for t in terms)
