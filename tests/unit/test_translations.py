"""Every user-facing string of the app has a Simplified Chinese translation in locale/zh.po.

Strings are read from the source itself, not from a generated template, so a new
``_("...")``, ``__("...")``, label, description or option without a translation fails here.
"""

import ast
import json
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "foreign_trade_crm"
ZH_PO = PACKAGE / "locale" / "zh.po"
# Traditional Chinese (Frappe's zh-TW; without it a zh-TW user falls back to the Simplified zh.po)
ZH_TW_PO = PACKAGE / "locale" / "zh_TW.po"
# characters that exist in Simplified Chinese only: none may appear in a Traditional translation
SIMPLIFIED_ONLY = set(
	"这说发货单价数务们订汇账币关开实现从应对么为产业员报让计设认议证读项类给经结统续线组细终级纸"
	"东车门问间历电运过还进选页题额顾预领风马书买卖导时钱银锁错长语请调负质贸费资赔传债库条据"
)


def read_po(path: Path) -> dict[str, str]:
	"""msgid → msgstr of a .po file (single-line entries, as Babel writes them with width=0)."""
	entries, msgid = {}, None
	for line in path.read_text(encoding="utf-8").splitlines():
		if line.startswith("msgid "):
			msgid = json.loads(line[6:])  # PO string escapes are JSON-compatible for our texts
		elif line.startswith("msgstr ") and msgid is not None:
			entries[msgid] = json.loads(line[7:])
			msgid = None
	entries.pop("", None)
	return entries


def python_strings() -> set[str]:
	found = set()
	for path in PACKAGE.rglob("*.py"):
		if "tests" in path.parts or "benchmarks" in path.parts:
			continue
		for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
			if (
				isinstance(node, ast.Call)
				and isinstance(node.func, ast.Name)
				and node.func.id == "_"
				and node.args
				and isinstance(node.args[0], ast.Constant)
				and isinstance(node.args[0].value, str)
			):
				found.add(node.args[0].value)
	return found


def js_and_template_strings() -> set[str]:
	found = set()
	for path in list(PACKAGE.rglob("*.js")) + list(PACKAGE.rglob("*.html")):
		text = path.read_text(encoding="utf-8")
		found |= set(re.findall(r'__\("((?:[^"\\]|\\.)+)"', text))
		found |= set(re.findall(r'\b_\("((?:[^"\\]|\\.)+)"\)', text))
	for path in (PACKAGE / "foreign_trade_crm" / "print_format").rglob("*.json"):
		found |= set(re.findall(r'_\("(.+?)"\)', json.loads(path.read_text())["html"]))
	return found


def doctype_strings() -> set[str]:
	found = set()
	for path in (PACKAGE / "foreign_trade_crm" / "doctype").rglob("*.json"):
		doc = json.loads(path.read_text())
		found.add(doc["name"])
		for field in doc["fields"]:
			found |= {field[k] for k in ("label", "description") if field.get(k)}
			if field.get("fieldtype") == "Select" and field.get("fieldname") != "naming_series":
				found |= {o for o in (field.get("options") or "").split("\n") if o.strip()}
	return found


def custom_field_strings() -> set[str]:
	"""Labels, descriptions and options of the fields the app adds to ERPNext doctypes."""
	from foreign_trade_crm.constants.custom_fields import CUSTOM_FIELDS

	found = set()
	for fields in CUSTOM_FIELDS.values():
		for field in fields:
			found |= {field[k] for k in ("label", "description") if field.get(k)}
			if field.get("fieldtype") == "Select":
				found |= {o for o in field.get("options", "").split("\n") if o.strip()}
	return found


def workspace_strings() -> set[str]:
	"""What the Foreign Trade workspace shows, as Frappe translates it: the onboarding's title, subtitle and
	success message, each step's title and description, and the workspace's cards, shortcuts and charts;
	and the buyer's portal menu."""
	found = set()
	module = PACKAGE / "foreign_trade_crm"
	for path in (module / "module_onboarding").rglob("*.json"):
		doc = json.loads(path.read_text())
		found |= {doc[k] for k in ("title", "subtitle", "success_message") if doc.get(k)}
	for path in (module / "onboarding_step").rglob("*.json"):
		doc = json.loads(path.read_text())
		found |= {doc[k] for k in ("title", "description") if doc.get(k)}
	from foreign_trade_crm import hooks

	found |= {item["title"] for item in hooks.portal_menu_items}  # the buyer's portal menu
	for path in (module / "workspace").rglob("*.json"):
		doc = json.loads(path.read_text())
		for key in ("links", "shortcuts", "charts", "number_cards"):
			found |= {item["label"] for item in doc.get(key, []) if item.get("label")}
	return found


SOURCES = [python_strings, js_and_template_strings, doctype_strings, custom_field_strings, workspace_strings]
SOURCE_IDS = ["python", "js+html", "doctypes", "custom fields", "workspace and onboarding"]


@pytest.mark.parametrize("po", [ZH_PO, ZH_TW_PO], ids=["zh", "zh-TW"])
@pytest.mark.parametrize("source", SOURCES, ids=SOURCE_IDS)
def test_every_user_facing_string_is_translated(source, po):
	"""Simplified (zh.po) and Traditional Chinese (zh_TW.po) both hold every string of the app."""
	translated = read_po(po)
	untranslated = sorted(s for s in source() if not translated.get(s))
	assert untranslated == [], f"{len(untranslated)} string(s) without a translation in locale/{po.name}"


def test_traditional_chinese_has_no_simplified_characters():
	found = {
		msgid: sorted(set(msgstr) & SIMPLIFIED_ONLY)
		for msgid, msgstr in read_po(ZH_TW_PO).items()
		if set(msgstr) & SIMPLIFIED_ONLY
	}
	assert found == {}


@pytest.mark.parametrize("po", [ZH_PO, ZH_TW_PO], ids=["zh", "zh-TW"])
def test_placeholders_survive_translation(po):
	for msgid, msgstr in read_po(po).items():
		assert sorted(re.findall(r"\{\d*\}", msgid)) == sorted(re.findall(r"\{\d*\}", msgstr)), msgid
