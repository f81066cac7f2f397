"""One desk or portal action on an Export Contract in its own process and connection, for the race tests.

``python -m foreign_trade_crm.tests.integration.contract_worker SITE ACTION CONTRACT START_AT HOLD [USER]``
runs ACTION (``cancel``, ``desk_countersign`` or ``portal_countersign``) at START_AT as USER, keeps its
transaction open HOLD seconds before committing (so that the other process meets it half-way) and prints
one JSON line: {"action", "ok", "result", "error"}.
"""

import json
import sys
import time


def main(site: str, action: str, contract: str, start_at: float, hold: float, user: str) -> dict:
	import frappe

	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.set_user(user)
	try:
		time.sleep(max(0.0, start_at - time.time()))
		if action == "cancel":
			frappe.get_doc("Export Contract", contract).cancel()
			result = None
		elif action == "desk_countersign":
			from foreign_trade_crm.services.contract import countersign

			result = countersign(contract, countersigned_by="Desk Signatory")
		elif action == "portal_countersign":
			from foreign_trade_crm.services.portal import countersign

			result = countersign(contract, "Portal Signatory")
		else:
			raise ValueError(action)
		time.sleep(hold)
		frappe.db.commit()
		return {"action": action, "ok": True, "result": result, "error": None}
	except Exception as e:
		frappe.db.rollback()
		return {"action": action, "ok": False, "result": None, "error": f"{type(e).__name__}: {e}"}
	finally:
		frappe.destroy()


if __name__ == "__main__":
	site, action, contract, start_at, hold = sys.argv[1:6]
	user = sys.argv[6] if len(sys.argv) > 6 else "Administrator"
	print(json.dumps(main(site, action, contract, float(start_at), float(hold), user)))
