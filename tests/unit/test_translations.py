"""Every user-facing string of the app has a Simplified (locale/zh.po) and a Traditional Chinese
(locale/zh_TW.po) translation.

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
# Characters that exist in Simplified Chinese only: none may appear in a Traditional translation. Every character of
# the app's Simplified translations that OpenCC s2t writes otherwise, less those that are standard Traditional
# characters in their own right (于 台 后 准 范 托 采 占 划 余); 单 is Simplified for 單, 帐 for 帳.
SIMPLIFIED_ONLY = set(
	"与业东两个为么书买产仅从们价会传体债兑关兹内写况净凭击则创删别办务动区单卖历压参双发变号启员响唛团围国图"
	"坏块声处备复头实审宽对导将属币帐带并库应开张弹当录态总户执报担拥择挂损据搁数无旧时显暂术机权条来标样档检"
	"毕汇没浏点状独现电盘码确礼离种积称签类约级纯纸线组细终经结给绝统绪续缀编缩网联胀脚节获补装见规视览计订认"
	"让议记许论设证识诉话询该语误说请读谁调谢负财责败账货质购贵贷贸费资赔车转载辑输达过运还这进迟适选邮释针钱"
	"银链销锁错键长门闭问闲间阈队阶际陈险随页项顺须顾预领题额风馈马验龄"
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
				and node.func.id in ("_", "_lt")
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
		# __("..."), __('...') and _("...") in templates, also with the string on the next line
		found |= {m[1] for m in re.findall(r'__\(\s*(["\'])((?:(?!\1)[^\\]|\\.)+)\1', text)}
		found |= {m[1] for m in re.findall(r'\b_\(\s*(["\'])((?:(?!\1)[^\\]|\\.)+)\1\s*\)', text)}
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
	"""What the Foreign Trade workspace shows, as Frappe translates it: the onboarding's name, title, subtitle and
	success message (frappe/desk/desktop.py, get_onboardings), each step's title, description, action label and
	report description (onboarding_widget.js passes each through __() as a whole string); the workspace's name,
	cards, links, shortcuts (and their count format), charts, number cards and header texts; the names of the
	reports, charts and number cards; and the buyer's portal menu."""
	found = set()
	module = PACKAGE / "foreign_trade_crm"
	for path in (module / "module_onboarding").rglob("*.json"):
		doc = json.loads(path.read_text())
		found |= {doc[k] for k in ("name", "title", "subtitle", "success_message") if doc.get(k)}
	for path in (module / "onboarding_step").rglob("*.json"):
		doc = json.loads(path.read_text())
		found |= {
			doc[k] for k in ("title", "description", "action_label", "report_description") if doc.get(k)
		}
	from foreign_trade_crm import hooks

	found |= {item["title"] for item in hooks.portal_menu_items}  # the buyer's portal menu
	for path in (module / "workspace").rglob("*.json"):
		doc = json.loads(path.read_text())
		found |= {doc[k] for k in ("label", "title") if doc.get(k)}
		for key in ("links", "shortcuts", "charts", "number_cards", "quick_lists"):
			for item in doc.get(key, []):
				found |= {item[k] for k in ("label", "description", "format") if item.get(k)}
		for block in json.loads(doc.get("content") or "[]"):
			if block.get("type") in ("header", "paragraph") and block.get("data", {}).get("text"):
				found.add(block["data"]["text"])
	for kind, key in (("report", "report_name"), ("dashboard_chart", "chart_name"), ("number_card", "label")):
		for path in (module / kind).glob("*/*.json"):
			if name := json.loads(path.read_text()).get(key):
				found.add(name)
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


def test_traditional_chinese_translates_every_simplified_entry():
	"""A zh-TW user falls back to zh.po for whatever zh_TW.po lacks (frappe/translate.py, get_all_translations),
	which would show Simplified Chinese; so zh_TW.po holds every msgid of zh.po, translated."""
	traditional = read_po(ZH_TW_PO)
	assert sorted(m for m in read_po(ZH_PO) if not traditional.get(m)) == []


@pytest.mark.parametrize("po,language", [(ZH_PO, "zh"), (ZH_TW_PO, "zh_TW")], ids=["zh", "zh-TW"])
def test_po_header_names_its_language(po, language):
	"""Frappe compiles locale/<name>.po for the language <name> (frappe/gettext/translate.py); the header agrees."""
	assert f'"Language: {language}\\n"' in po.read_text(encoding="utf-8").split("\n\n", 1)[0]


@pytest.mark.parametrize("po", [ZH_PO, ZH_TW_PO], ids=["zh", "zh-TW"])
def test_markup_survives_translation(po):
	"""HTML in a msgid (workspace headers, links in messages) is in its msgstr too, tag for tag."""
	for msgid, msgstr in read_po(po).items():
		assert sorted(re.findall(r"</?[a-z][^>]*>", msgid)) == sorted(
			re.findall(r"</?[a-z][^>]*>", msgstr)
		), msgid


@pytest.mark.parametrize("po", [ZH_PO, ZH_TW_PO], ids=["zh", "zh-TW"])
def test_placeholders_survive_translation(po):
	for msgid, msgstr in read_po(po).items():
		assert sorted(re.findall(r"\{\d*\}", msgid)) == sorted(re.findall(r"\{\d*\}", msgstr)), msgid
