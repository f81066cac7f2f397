"""Sites installed before: ERPNext's Issues and Addresses leave the portal menu (and lead a buyer to the
trade pages when reached by their address), and the footer's newsletter sign-up goes (install.py)."""

from foreign_trade_crm.install import hide_erpnext_portal_pages, tidy_buyers_website


def execute():
	hide_erpnext_portal_pages(("/issues", "/addresses"))
	tidy_buyers_website()
