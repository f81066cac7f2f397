"""Feedback whose reply its buyer already reads on the portal, but which still reads Open with no reply
date, is recorded as replied (services.feedback.give_replies_shown_on_portal)."""

from foreign_trade_crm.services.feedback import give_replies_shown_on_portal


def execute():
	give_replies_shown_on_portal()
