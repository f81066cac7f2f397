"""Sites installed before the trade overview: ERPNext's portal pages that the trade pages replace are
hidden once; an admin may show them again in Portal Settings."""

from foreign_trade_crm.install import hide_erpnext_portal_pages


def execute():
	hide_erpnext_portal_pages()
