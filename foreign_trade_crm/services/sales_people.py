"""Who looks after a customer and its documents: the customer's first sales person (Customer → Sales Team,
the row of idx 1). A contract keeps its own (``Export Contract.sales_person``, taken from its customer when
it is made); reports that credit contracts read that field, and the customer's for the rest."""

from __future__ import annotations

import frappe

# the customer's first sales person, joined beside a query's customer column ({customer})
FIRST_SALES_JOIN = (
	"left join `tabSales Team` st on st.parent = {customer} and st.parenttype = 'Customer' and st.idx = 1"
)


def first_sales_persons(customers: list[str]) -> dict[str, str]:
	"""Customer → its first sales person (one query)."""
	customers = sorted({c for c in customers if c})
	if not customers:
		return {}
	return dict(
		frappe.db.sql(
			"""select parent, sales_person from `tabSales Team`
			where parenttype = 'Customer' and idx = 1 and parent in %(customers)s""",
			{"customers": tuple(customers)},
		)
	)
