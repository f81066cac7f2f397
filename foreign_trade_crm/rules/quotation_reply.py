"""Whether the buyer can still answer a quotation on the portal, and if not, why.

One rule for the quotations page (buttons or the reason), the overview's count of quotations to answer
and the reply itself (services.portal.reply_quotation). A quotation can be answered when it is submitted,
made out to a customer, still open in ERPNext's terms (Open, or Replied: ERPNext's word for a quotation
we e-mailed), not yet answered, not contracted, and neither its reply date nor its validity has passed.
"""

from __future__ import annotations

from datetime import date

# ERPNext's Quotation statuses in which the buyer's answer is still awaited
ANSWERABLE_STATUSES = ("Open", "Replied")
CONTRACTED_STATUSES = ("Ordered", "Partially Ordered")
REPLIES = ("Accepted", "Declined", "Counter-offer")
#: ERPNext statuses that show the buyer answered without a reply on the portal: an order came of the
#: quotation, or it was marked lost. Not Replied: that is a quotation we e-mailed, and Frappe sets it back to
#: Open when the buyer writes.
ANSWERED_STATUSES = (*CONTRACTED_STATUSES, "Lost")

# the states a quotation is in, as the buyer sees it
TO_ANSWER = "To Answer"
ANSWERED = "Answered"
CONTRACTED = "Contracted"
REPLY_DATE_PASSED = "Reply Date Passed"
CLOSED = "Closed"


def reply_state(
	*,
	docstatus: int,
	quotation_to: str | None,
	status: str | None,
	buyer_reply: str | None,
	reply_due_date: date | None,
	valid_till: date | None,
	today: date,
) -> str:
	"""The quotation's state for its buyer: TO_ANSWER when the buyer may answer it, else why not."""
	if docstatus != 1 or quotation_to != "Customer":
		return CLOSED
	if status in CONTRACTED_STATUSES:
		return CONTRACTED
	if buyer_reply:
		return ANSWERED
	if status not in ANSWERABLE_STATUSES or (valid_till and valid_till < today):
		return CLOSED
	if reply_due_date and reply_due_date < today:
		return REPLY_DATE_PASSED
	return TO_ANSWER


def has_answered(buyer_reply: str | None, status: str | None) -> bool:
	"""Whether the buyer has answered the quotation (Sales Activity Statistics' "answered")."""
	return bool(buyer_reply) or status in ANSWERED_STATUSES


def can_answer(**quotation) -> bool:
	return reply_state(**quotation) == TO_ANSWER
