"""pytest runs the pure layer (this folder) anywhere; the Frappe layer needs a site and bench's runner.

The pure tests live outside the ``foreign_trade_crm`` package on purpose: Frappe's test runner imports
every ``test_*.py`` inside an app's package, and these need pytest and Hypothesis, which a bench made by
``bench get-app`` does not install. The integration tests (``foreign_trade_crm/tests/integration`` and
any ``test_*.py`` beside a doctype or report) import frappe and talk to a real site; they run with
``bench --site SITE run-tests --app foreign_trade_crm``, and plain pytest says so in one line.
"""

import importlib.util

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
