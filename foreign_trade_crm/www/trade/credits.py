from foreign_trade_crm.services.portal_pages import list_context


def get_context(context):
	return list_context(context, "credits")
