"""Alert rules: steps, stages left to send, quiet spells, idle leads."""

from datetime import date

import pytest

from foreign_trade_crm.rules import alerts
from foreign_trade_crm.rules.alerts import BUYER, MANAGERS, SALES, Candidate, Due

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
	"text, steps",
	[
		("1, 15, 30", (1, 15, 30)),
		("7,14", (7, 14)),
		("", (1, 15, 30)),
		("30, 15", (1, 15, 30)),
		("0, 5", (1, 15, 30)),
		("a", (1, 15, 30)),
	],
)
def test_parse_steps(text, steps):
	assert alerts.parse_steps(text) == steps


def test_only_the_highest_step_reached_is_sent():
	assert alerts.step_stage(0, (1, 15, 30)) is None
	assert alerts.step_stage(1, (1, 15, 30)) == "step-1"
	assert alerts.step_stage(29, (1, 15, 30)) == "step-15"
	assert alerts.step_stage(400, (1, 15, 30)) == "step-30"


def test_late_document_gets_due_then_escalated_once_each():
	c = Candidate(alerts.QUOTATION, "Q-1", days_late=1)
	assert alerts.due_stages(c, escalate_after=7) == [Due("due", (SALES,))]
	c = Candidate(alerts.QUOTATION, "Q-1", days_late=7, sent={"due"})
	assert alerts.due_stages(c, escalate_after=7) == [Due("escalated", (MANAGERS,))]
	c = Candidate(alerts.QUOTATION, "Q-1", days_late=30, sent={"due", "escalated"})
	assert alerts.due_stages(c, escalate_after=7) == []


def test_not_yet_late_sends_nothing():
	assert alerts.due_stages(Candidate(alerts.COUNTERSIGN, "EC-1", days_late=0), escalate_after=7) == []


def test_buyer_gets_the_main_stage_when_the_customer_allows_it_never_the_escalation():
	c = Candidate(alerts.RECEIVABLE, "SI-1", days_late=16, buyer_reminders=True)
	assert alerts.due_stages(c, escalate_after=60, steps=(1, 15, 30)) == [Due("step-15", (SALES, BUYER))]
	c = Candidate(alerts.RECEIVABLE, "SI-1", days_late=16, sent={"step-15"}, buyer_reminders=True)
	assert alerts.due_stages(c, escalate_after=60, steps=(1, 15, 30)) == []


def test_a_receivable_skipping_days_sends_one_step_not_several():
	c = Candidate(alerts.RECEIVABLE, "SI-1", days_late=31, sent={"step-1"})
	assert alerts.due_stages(c, escalate_after=0, steps=(1, 15, 30)) == [Due("step-30", (SALES,))]


def test_quiet_customer_is_alerted_once_per_spell():
	since = date(2025, 1, 1)
	assert alerts.quiet_stage(TODAY, date(2026, 11, 1), date(2026, 10, 1), since, 60, 180) is None
	stage = alerts.quiet_stage(TODAY, date(2026, 9, 1), date(2026, 10, 1), since, 60, 180)
	assert stage == "quiet:2026-10-01"
	# no order for 180 days, though e-mails go on
	assert (
		alerts.quiet_stage(TODAY, date(2026, 11, 20), date(2026, 5, 1), since, 60, 180) == "quiet:2026-11-20"
	)
	# never any: counted from when the customer was made
	assert alerts.quiet_stage(TODAY, None, None, date(2026, 1, 1), 60, 180) == "quiet:2026-01-01"
	assert alerts.quiet_stage(TODAY, None, None, date(2026, 11, 1), 60, 180) is None


def test_idle_lead_rules():
	assert alerts.lead_is_idle(TODAY, date(2026, 11, 9), 14, True)
	assert not alerts.lead_is_idle(TODAY, date(2026, 11, 10), 14, True)
	assert alerts.lead_is_idle(TODAY, TODAY, 14, False)


def test_dedupe_key_differs_per_stage_and_recipient():
	a = alerts.dedupe_key(alerts.QUOTATION, "Quotation", "Q-1", "due", "a@x")
	assert a == alerts.dedupe_key(alerts.QUOTATION, "Quotation", "Q-1", "due", "a@x")
	assert a != alerts.dedupe_key(alerts.QUOTATION, "Quotation", "Q-1", "escalated", "a@x")
	assert a != alerts.dedupe_key(alerts.QUOTATION, "Quotation", "Q-1", "due", "b@x")


def test_each_stage_says_what_it_is():
	from foreign_trade_crm.rules.alerts import stage_label

	assert stage_label("step-30") == ("Reminder at {0} days overdue", (30,))
	assert stage_label("escalated") == ("Escalated to the managers", ())
	assert stage_label("due") == ("Reminder", ())
	assert stage_label("quiet:2026-10-01") == ("Quiet since {0}", ("2026-10-01",))


# ---------------------------------------------------------------------- contact care (seed 003: 生日关怀)


@pytest.mark.parametrize(
	"day, today, expected",
	[
		(date(1980, 12, 6), date(2026, 12, 3), date(2026, 12, 6)),  # later this year
		(date(1980, 12, 3), date(2026, 12, 3), date(2026, 12, 3)),  # today
		(date(1980, 1, 2), date(2026, 12, 30), date(2027, 1, 2)),  # round the new year
		(date(1984, 2, 29), date(2026, 2, 1), date(2026, 2, 28)),  # no 29 February this year
		(date(1984, 2, 29), date(2027, 12, 1), date(2028, 2, 29)),  # a leap year again
	],
)
def test_a_date_comes_round_once_a_year(day, today, expected):
	assert alerts.next_occurrence(day, today) == expected


def test_the_sales_person_is_reminded_ahead_and_the_contact_greeted_on_the_day():
	birthday = date(1975, 12, 6)
	assert alerts.contact_date_stages(birthday, date(2026, 12, 2), 3, greet=True) == []  # 4 days ahead
	ahead = alerts.contact_date_stages(birthday, date(2026, 12, 3), 3, greet=True)
	assert [(d.stage, d.audience) for d in ahead] == [("remind:2026-12-06", (SALES,))]
	on_the_day = alerts.contact_date_stages(birthday, date(2026, 12, 6), 3, greet=True)
	assert [(d.stage, d.audience) for d in on_the_day] == [
		("remind:2026-12-06", (SALES,)),  # sent already if the job ran in the days before: the log says
		("greet:2026-12-06", (BUYER,)),
	]
	assert [d.stage for d in alerts.contact_date_stages(birthday, date(2026, 12, 6), 3, greet=False)] == [
		"remind:2026-12-06"
	]
	# next year is another stage: sent again then, once
	assert (
		alerts.contact_date_stages(birthday, date(2027, 12, 5), 3, greet=False)[0].stage
		== "remind:2027-12-06"
	)
