"""Where each document names its customer: one table for the buyers' portal, sales-user isolation, customer
feedback and letters of credit. Each of them reaches the doctypes of its own list, by the field given here."""

CUSTOMER_FIELD = {
	"Customer": "name",
	"Export Contract": "customer",
	"Shipment Notice": "customer",
	"Trade Claim": "customer",
	"Customer Feedback": "customer",
	"Order Request": "customer",
	"Quotation": "party_name",  # when quotation_to is Customer
	"Sales Invoice": "customer",
	"Letter of Credit": "customer",
	"Letter of Credit Amendment": "customer",
	"Letter of Credit Presentation": "customer",
}


def _of(*doctypes: str) -> dict[str, str]:
	return {doctype: CUSTOMER_FIELD[doctype] for doctype in doctypes}


#: what a buyer reaches on the portal, their own customers' only (services.portal)
PORTAL = _of(
	"Export Contract",
	"Shipment Notice",
	"Trade Claim",
	"Customer Feedback",
	"Quotation",
	"Sales Invoice",
	"Order Request",
	"Letter of Credit",
	"Letter of Credit Presentation",
)
#: what a restricted sales user sees of their own customers only (services.isolation)
ISOLATED = _of(
	"Customer",
	"Export Contract",
	"Shipment Notice",
	"Trade Claim",
	"Customer Feedback",
	"Order Request",
	"Quotation",
	"Letter of Credit",
	"Letter of Credit Amendment",
	"Letter of Credit Presentation",
)
#: the documents customer feedback may refer to (services.feedback)
FEEDBACK_REFERENCE = _of("Export Contract", "Shipment Notice", "Trade Claim", "Quotation")
