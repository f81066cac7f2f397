from frappe import _

from foreign_trade_crm.services.portal_pages import overview


def get_context(context):
	context.update(
		{
			"no_cache": 1,
			"show_sidebar": True,
			"title": _("Your Trade with Us"),
			"cards": overview(),
		}
	)
	return context
