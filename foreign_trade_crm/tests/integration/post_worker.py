"""Submits one draft voucher in its own process and connection at a given moment, and holds its
transaction open a while before committing.

Used by test_concurrency and test_profit_ledger: ``python -m foreign_trade_crm.tests.integration.post_worker SITE DOCTYPE NAME
START_AT HOLD`` prints one JSON line: {"name", "ok", "error"}.
"""

import json
import sys
import time


def main(site: str, doctype: str, name: str, start_at: float, hold: float) -> dict:
	import frappe

	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		doc = frappe.get_doc(doctype, name)
		time.sleep(max(0.0, start_at - time.time()))
		doc.submit()
		time.sleep(hold)
		frappe.db.commit()
		return {"name": name, "ok": True, "error": None}
	except Exception as e:
		frappe.db.rollback()
		return {"name": name, "ok": False, "error": f"{type(e).__name__}: {e}"}
	finally:
		frappe.destroy()


if __name__ == "__main__":
	print(json.dumps(main(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5]))))
