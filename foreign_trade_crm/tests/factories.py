"""The tests' world: the app's sample world (``foreign_trade_crm.sample_world``, which the demo and the
benchmarks stand on too), and what only tests need: the site set up before them and a site without e-mail."""

from __future__ import annotations

from contextlib import contextmanager

import frappe

from foreign_trade_crm.sample_world.world import *  # the makers and the world's names, for the tests
from foreign_trade_crm.sample_world.world import make_world


def before_tests():
	"""Run by `bench run-tests --app foreign_trade_crm`: ERPNext's world, then ours."""
	from erpnext.setup.utils import before_tests as erpnext_before_tests

	erpnext_before_tests()
	make_world()
	frappe.db.commit()


@contextmanager
def no_outgoing_mail():
	"""As on a site where no one has set up e-mail: no outgoing account, mail not muted."""
	accounts = frappe.get_all("Email Account", filters={"enable_outgoing": 1}, pluck="name")
	muted, frappe.flags.mute_emails = frappe.flags.mute_emails, False
	for name in accounts:
		frappe.db.set_value("Email Account", name, "enable_outgoing", 0)
	frappe.local.outgoing_email_account = {}  # Frappe's per-request cache of the account found
	try:
		yield
	finally:
		frappe.local.outgoing_email_account = {}
		frappe.flags.mute_emails = muted
		for name in accounts:
			frappe.db.set_value("Email Account", name, "enable_outgoing", 1)
