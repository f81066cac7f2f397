"""Run a benchmark case, or a site-side step of the benchmark scripts, on a site.

``bench execute`` runs functions of installed apps only, and the benchmarks are not part of the app's
package; this does what it does for them. From the bench's ``sites`` folder, with the bench's Python:

	../env/bin/python -m ftcrm_benchmarks --site SITE contract_profit --kwargs "{'repeat': 5}"
	../env/bin/python -m ftcrm_benchmarks --site SITE --call ftcrm_benchmarks.workers.recover

The result is printed as one JSON line, the last of the output.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import json


def main(argv: list[str] | None = None) -> None:
	parser = argparse.ArgumentParser(prog="python -m ftcrm_benchmarks", description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("case", nargs="?", help="a benchmark case (ftcrm_benchmarks.CASES)")
	parser.add_argument("--call", help="a function of the benchmarks to run in the site instead")
	parser.add_argument("--kwargs", default="{}", help="its keyword arguments, a Python or JSON dict")
	args = parser.parse_args(argv)
	if bool(args.case) == bool(args.call):
		parser.error("give a case or --call, not both")
	if args.call and not args.call.startswith("ftcrm_benchmarks."):
		parser.error("--call runs the benchmarks' own functions only")
	kwargs = ast.literal_eval(args.kwargs)

	import frappe

	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	try:
		frappe.set_user("Administrator")
		if args.call:
			module, _dot, name = args.call.rpartition(".")
			result = getattr(importlib.import_module(module), name)(**kwargs)
		else:
			from ftcrm_benchmarks import run

			result = run(args.case, **kwargs)
		frappe.db.commit()
	finally:
		frappe.destroy()
	print(json.dumps(result, default=str))


if __name__ == "__main__":
	main()
