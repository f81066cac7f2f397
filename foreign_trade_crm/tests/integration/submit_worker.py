"""Submits one Shipment Notice in its own process and connection, at a given moment.

Used by test_concurrency: ``python -m foreign_trade_crm.tests.integration.submit_worker
SITE NOTICE START_AT`` prints one JSON line: {"notice", "ok", "error"}.
"""

import json
import sys
import time


def main(site: str, notice: str, start_at: float) -> dict:
	import frappe

	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		doc = frappe.get_doc("Shipment Notice", notice)
		time.sleep(max(0.0, start_at - time.time()))
		doc.submit()
		frappe.db.commit()
		return {"notice": notice, "ok": True, "error": None}
	except Exception as e:
		frappe.db.rollback()
		return {"notice": notice, "ok": False, "error": f"{type(e).__name__}: {e}"}
	finally:
		frappe.destroy()


if __name__ == "__main__":
	print(json.dumps(main(sys.argv[1], sys.argv[2], float(sys.argv[3]))))
