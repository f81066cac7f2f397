"""Business rules of foreign trade, as plain Python.

Nothing in this package imports frappe: every function takes and returns plain
data, so the rules are tested with pytest in milliseconds and the services
(``foreign_trade_crm.services``) stay thin glue between the database and here.

User-facing texts are marked with ``_`` (see ``rules.messages``) so that
Frappe's translation extractor finds them; the services translate them.
"""
