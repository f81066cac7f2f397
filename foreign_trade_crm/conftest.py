"""pytest runs the pure layer anywhere; the Frappe layer needs a site and bench's runner.

Integration tests (``tests/integration`` and any ``test_*.py`` beside a doctype or report) import frappe and talk to a real site, so
plain pytest never collects them; it says so in one line. They run with
``bench --site SITE run-tests --app foreign_trade_crm``.
"""

import importlib.util

collect_ignore_glob = ["tests/integration/*", "*/doctype/*/test_*.py", "*/report/*/test_*.py"]

_FRAPPE = importlib.util.find_spec("frappe") is not None
SKIP_LINE = (
	"Frappe layer skipped: "
	+ ("frappe is importable but needs a site; " if _FRAPPE else "frappe is not installed here; ")
	+ "run it with `bench --site SITE run-tests --app foreign_trade_crm` (or .ci/run with a bench)"
)


def pytest_report_header(config):
	return SKIP_LINE


def pytest_terminal_summary(terminalreporter):
	terminalreporter.write_line(SKIP_LINE)
