"""The metadata check passes on the app and fails, naming the place, on each kind of breakage."""

import json
import shutil
from pathlib import Path

import pytest

from foreign_trade_crm.tests.metadata import check_app

PACKAGE = Path(__file__).resolve().parents[2] / "foreign_trade_crm"


def test_app_metadata_is_clean():
	assert check_app(PACKAGE) == []


def test_app_has_its_doctypes():
	doctypes = {p.name for p in (PACKAGE / "foreign_trade_crm" / "doctype").glob("*/") if "__" not in p.name}
	assert {"foreign_trade_settings", "export_contract", "shipment_notice"} <= doctypes


@pytest.fixture
def broken(tmp_path):
	"""A copy of the app to break."""
	copy = tmp_path / "foreign_trade_crm"
	shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "node_modules"))
	return copy


def _edit_json(path: Path, edit):
	doc = json.loads(path.read_text())
	edit(doc)
	path.write_text(json.dumps(doc))


def _settings_json(app: Path) -> Path:
	return app / "foreign_trade_crm" / "doctype" / "foreign_trade_settings" / "foreign_trade_settings.json"


def test_link_to_missing_doctype_fails(broken):
	_edit_json(
		_settings_json(broken),
		lambda d: d["fields"].append({"fieldname": "x_link", "fieldtype": "Link", "options": "Custmer"}),
	)
	problems = check_app(broken)
	assert len(problems) == 1 and "unknown doctype 'Custmer'" in problems[0]


def test_unknown_fieldtype_and_duplicate_fieldname_fail(broken):
	def edit(d):
		d["fields"].append({"fieldname": "x_bad", "fieldtype": "Textarea"})
		d["fields"].append(dict(d["fields"][0]))

	problems = check_app(broken)  # clean before the edit
	assert problems == []
	_edit_json(_settings_json(broken), edit)
	problems = check_app(broken)
	assert any("unknown field type 'Textarea'" in p for p in problems)
	assert any("duplicate fieldname" in p for p in problems)


def test_json_that_does_not_parse_fails(broken):
	_settings_json(broken).write_text("{ not json")
	assert any("does not parse" in p for p in check_app(broken))


def test_controller_class_mismatch_fails(broken):
	controller = _settings_json(broken).with_suffix(".py")
	controller.write_text(
		controller.read_text().replace("class ForeignTradeSettings(", "class TradeSettings(")
	)
	assert any("no class ForeignTradeSettings" in p for p in check_app(broken))


def test_misnamed_js_file_fails(broken):
	js = _settings_json(broken).parent / "settings.js"
	js.write_text("// misnamed")
	assert any("settings.js: JS file not named after" in p for p in check_app(broken))


def test_hooks_path_to_missing_function_fails(broken):
	hooks = broken / "hooks.py"
	hooks.write_text(hooks.read_text() + '\nafter_request = ["foreign_trade_crm.install.no_such_function"]\n')
	problems = check_app(broken)
	assert problems == [
		"hooks.py after_request: foreign_trade_crm.install.no_such_function: install.py has no 'no_such_function'"
	]


def test_hooks_js_file_missing_fails(broken):
	hooks = broken / "hooks.py"
	hooks.write_text(hooks.read_text().replace("public/js/quotation.js", "public/js/quotaton.js"))
	assert any("quotaton.js does not exist" in p for p in check_app(broken))


def test_patch_that_does_not_exist_fails(broken):
	patches = broken / "patches.txt"
	patches.write_text(patches.read_text() + "foreign_trade_crm.patches.v0_1.missing_patch\n")
	assert any("patches.txt line" in p and "no such module" in p for p in check_app(broken))


def test_doctype_in_wrong_module_fails(broken):
	_edit_json(_settings_json(broken), lambda d: d.update(module="Selling"))
	assert any("module 'Selling' is not 'Foreign Trade CRM'" in p for p in check_app(broken))


def test_submittable_doctype_without_amended_from_fails(broken):
	path = broken / "foreign_trade_crm" / "doctype" / "shipment_notice" / "shipment_notice.json"
	_edit_json(path, lambda d: d.update(fields=[f for f in d["fields"] if f["fieldname"] != "amended_from"]))
	assert any("exactly one 'amended_from'" in p for p in check_app(broken))


def test_each_documents_customer_field_is_a_link_to_customer():
	"""constants/customers.py is the one table of where a document names its customer: for the app's own
	doctypes, each field it names is there and links to Customer."""
	from foreign_trade_crm.constants.customers import CUSTOMER_FIELD

	folders = PACKAGE / "foreign_trade_crm" / "doctype"
	checked = 0
	for doctype, field in CUSTOMER_FIELD.items():
		path = folders / doctype.lower().replace(" ", "_") / f"{doctype.lower().replace(' ', '_')}.json"
		if not path.exists():  # ERPNext's own (Customer, Quotation, Sales Invoice)
			continue
		fields = {f["fieldname"]: f for f in json.loads(path.read_text())["fields"]}
		assert fields[field]["fieldtype"] == "Link" and fields[field]["options"] == "Customer", doctype
		checked += 1
	assert checked >= 8
