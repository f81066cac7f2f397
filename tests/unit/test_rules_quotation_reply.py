from datetime import date

import pytest

from foreign_trade_crm.rules.quotation_reply import (
	ANSWERED,
	CLOSED,
	CONTRACTED,
	REPLY_DATE_PASSED,
	TO_ANSWER,
	can_answer,
	has_answered,
	reply_state,
)

TODAY = date(2026, 12, 7)


def quotation(**changes):
	base = {
		"docstatus": 1,
		"quotation_to": "Customer",
		"status": "Open",
		"buyer_reply": None,
		"reply_due_date": date(2026, 12, 14),
		"valid_till": date(2027, 1, 6),
		"today": TODAY,
	}
	return {**base, **changes}


@pytest.mark.parametrize(
	"changes, state",
	[
		({}, TO_ANSWER),
		({"status": "Replied"}, TO_ANSWER),  # ERPNext's word for a quotation we e-mailed
		({"reply_due_date": None, "valid_till": None}, TO_ANSWER),
		({"reply_due_date": TODAY, "valid_till": TODAY}, TO_ANSWER),  # the last day still counts
		({"status": "Ordered"}, CONTRACTED),
		({"status": "Partially Ordered"}, CONTRACTED),
		({"status": "Ordered", "buyer_reply": "Accepted"}, CONTRACTED),
		({"buyer_reply": "Declined"}, ANSWERED),
		({"buyer_reply": "Accepted", "reply_due_date": date(2026, 12, 1)}, ANSWERED),
		({"reply_due_date": date(2026, 12, 6)}, REPLY_DATE_PASSED),
		({"status": "Lost"}, CLOSED),
		({"status": "Cancelled", "docstatus": 2}, CLOSED),
		({"status": "Expired"}, CLOSED),
		({"valid_till": date(2026, 12, 6)}, CLOSED),  # past its validity before ERPNext's daily job says so
		({"status": "Draft", "docstatus": 0}, CLOSED),
		({"quotation_to": "Lead"}, CLOSED),
	],
)
def test_reply_state(changes, state):
	assert reply_state(**quotation(**changes)) == state
	assert can_answer(**quotation(**changes)) == (state == TO_ANSWER)


@pytest.mark.parametrize(
	"buyer_reply, status, answered",
	[
		("Declined", "Open", True),
		(None, "Ordered", True),
		(None, "Partially Ordered", True),
		(None, "Lost", True),
		(None, "Replied", False),  # we e-mailed it: the buyer's answer is still awaited
		(None, "Open", False),
	],
)
def test_has_answered(buyer_reply, status, answered):
	assert has_answered(buyer_reply, status) is answered
