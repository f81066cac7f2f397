"""Checks the app's metadata without Frappe: doctype JSON, reports, hooks and patches.

Run as ``python -m foreign_trade_crm.tests.metadata`` (exit 1 and one line per
problem when something is broken) or through ``test_metadata.py`` under pytest.

What it checks:
- every doctype / report / print format / workspace JSON parses and names itself as
  its folder does;
- every field type is one of Frappe v15's, fieldnames are unique and snake_case;
- every Link / Table / Table MultiSelect target exists: one of our doctypes or a
  Frappe / ERPNext doctype listed in ``EXTERNAL_DOCTYPES``;
- every doctype's module is in modules.txt, its controller file and class match its
  folder, and any JS file in the folder is named after it;
- every dotted path of ours in hooks.py and patches.txt names a real function or class,
  and every file path in hooks.py (doctype_js, app_include_js, ...) exists.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

APP = "foreign_trade_crm"

FIELD_TYPES = frozenset(
	{
		"Autocomplete",
		"Attach",
		"Attach Image",
		"Barcode",
		"Button",
		"Check",
		"Code",
		"Color",
		"Column Break",
		"Currency",
		"Data",
		"Date",
		"Datetime",
		"Duration",
		"Dynamic Link",
		"Float",
		"Fold",
		"Geolocation",
		"Heading",
		"HTML",
		"HTML Editor",
		"Icon",
		"Image",
		"Int",
		"JSON",
		"Link",
		"Long Text",
		"Markdown Editor",
		"Password",
		"Percent",
		"Phone",
		"Read Only",
		"Rating",
		"Section Break",
		"Select",
		"Signature",
		"Small Text",
		"Tab Break",
		"Table",
		"Table MultiSelect",
		"Text",
		"Text Editor",
		"Time",
	}
)

# Frappe and ERPNext doctypes the app may point at. Add to this list when a Link
# to a new one is made on purpose; a typo then still fails the check.
EXTERNAL_DOCTYPES = frozenset(
	{
		# Frappe
		"DocType",
		"User",
		"Role",
		"Contact",
		"Address",
		"Currency",
		"Country",
		"Email Template",
		"Print Format",
		"Letter Head",
		"File",
		"Comment",
		"ToDo",
		"Module Def",
		# ERPNext
		"Company",
		"Customer",
		"Customer Group",
		"Territory",
		"Item",
		"Item Group",
		"UOM",
		"Price List",
		"Quotation",
		"Quotation Item",
		"Sales Order",
		"Sales Invoice",
		"Sales Invoice Item",
		"Sales Person",
		"Sales Team",
		"Payment Entry",
		"Payment Terms Template",
		"Payment Schedule",
		"Incoterm",
		"Lead",
		"Lead Source",
		"Opportunity",
		"Supplier",
		"Purchase Order",
		"Purchase Receipt",
		"Journal Entry",
		"Cost Center",
		"Project",
		"Warehouse",
		"Account",
		"Bank",
		"Terms and Conditions",
	}
)

LINK_TYPES = {"Link", "Table", "Table MultiSelect"}
JSON_KINDS = {
	"doctype": "DocType",
	"report": "Report",
	"print_format": "Print Format",
	"workspace": "Workspace",
}
HOOK_FILE_KEYS = {"doctype_js", "doctype_list_js", "doctype_tree_js", "doctype_calendar_js", "page_js"}
HOOK_ASSET_KEYS = {"app_include_js", "app_include_css", "web_include_js", "web_include_css"}


def scrub(name: str) -> str:
	return name.replace(" ", "_").replace("-", "_").lower()


def controller_class(name: str) -> str:
	"""Frappe's class name for a doctype (``frappe.model.base_document``): spaces and hyphens dropped."""
	return name.replace(" ", "").replace("-", "")


def load_json(path: Path, problems: list[str]):
	try:
		return json.loads(path.read_text(encoding="utf-8"))
	except (OSError, ValueError) as e:
		problems.append(f"{path}: does not parse as JSON ({e})")
		return None


def module_folders(package: Path, problems: list[str]) -> dict[str, Path]:
	modules_txt = package / "modules.txt"
	if not modules_txt.exists():
		problems.append(f"{modules_txt}: missing")
		return {}
	modules = [m.strip() for m in modules_txt.read_text().splitlines() if m.strip()]
	folders = {}
	for module in modules:
		folder = package / scrub(module)
		if not (folder / "__init__.py").exists():
			problems.append(f"{modules_txt}: module {module!r} has no package folder {folder}")
		folders[module] = folder
	return folders


def read_doctypes(modules: dict[str, Path], problems: list[str]) -> dict[str, dict]:
	doctypes: dict[str, dict] = {}
	for module, folder in modules.items():
		for dt_dir in sorted((folder / "doctype").glob("*/")) if (folder / "doctype").is_dir() else []:
			if dt_dir.name.startswith("__"):
				continue
			json_path = dt_dir / f"{dt_dir.name}.json"
			if not json_path.exists():
				problems.append(f"{dt_dir}: no {json_path.name}")
				continue
			doc = load_json(json_path, problems)
			if doc is None:
				continue
			name = doc.get("name", "")
			if doc.get("doctype") != "DocType":
				problems.append(f"{json_path}: 'doctype' is {doc.get('doctype')!r}, not 'DocType'")
			if scrub(name) != dt_dir.name:
				problems.append(f"{json_path}: doctype {name!r} does not match its folder {dt_dir.name!r}")
			if doc.get("module") != module:
				problems.append(f"{json_path}: module {doc.get('module')!r} is not {module!r} (modules.txt)")
			doc["__path"] = json_path
			doctypes[name] = doc
	return doctypes


def check_doctype(doc: dict, known: set[str], problems: list[str]) -> None:
	path: Path = doc["__path"]
	name = doc["name"]
	seen = set()
	for field in doc.get("fields", []):
		fieldname = field.get("fieldname", "")
		fieldtype = field.get("fieldtype")
		where = f"{path}: field {fieldname!r}"
		if fieldtype not in FIELD_TYPES:
			problems.append(f"{where}: unknown field type {fieldtype!r}")
		if not re.fullmatch(r"[a-z][a-z0-9_]*", fieldname or ""):
			problems.append(f"{where}: fieldname is not snake_case")
		if fieldname in seen:
			problems.append(f"{where}: duplicate fieldname")
		seen.add(fieldname)
		if fieldtype in LINK_TYPES:
			target = (field.get("options") or "").strip()
			if target not in known:
				problems.append(f"{where}: {fieldtype} to unknown doctype {target!r}")
		if fieldtype == "Select" and not (field.get("options") or "").strip():
			problems.append(f"{where}: Select without options")
	for key in ("title_field", "search_fields", "sort_field"):
		for fieldname in (doc.get(key) or "").split(","):
			fieldname = fieldname.strip()
			if fieldname and fieldname not in seen and fieldname not in {"modified", "creation", "name"}:
				problems.append(f"{path}: {key} names missing field {fieldname!r}")
	if (
		doc.get("is_submittable")
		and [f.get("fieldname") for f in doc.get("fields", [])].count("amended_from") != 1
	):
		problems.append(f"{path}: a submittable doctype needs exactly one 'amended_from' field")
	for perm in doc.get("permissions", []):
		if not perm.get("role"):
			problems.append(f"{path}: a permission row without a role")

	folder = path.parent
	controller = folder / f"{folder.name}.py"
	if not doc.get("custom"):
		if not controller.exists():
			problems.append(f"{folder}: no controller {controller.name}")
		else:
			cls = controller_class(name)
			if not re.search(rf"^class {cls}\(", controller.read_text(), re.M):
				problems.append(f"{controller}: no class {cls} for doctype {name!r}")
	for js in folder.glob("*.js"):
		if js.stem not in {
			folder.name,
			f"{folder.name}_list",
			f"{folder.name}_calendar",
			f"{folder.name}_tree",
		}:
			problems.append(f"{js}: JS file not named after its doctype folder {folder.name!r}")
	for py in folder.glob("*.py"):
		if py.stem not in {folder.name, f"test_{folder.name}", "__init__", f"{folder.name}_dashboard"}:
			problems.append(f"{py}: Python file not named after its doctype folder {folder.name!r}")


def check_other_json(modules: dict[str, Path], known: set[str], problems: list[str]) -> None:
	for folder in modules.values():
		for kind, doctype in JSON_KINDS.items():
			if kind == "doctype" or not (folder / kind).is_dir():
				continue
			for sub in sorted((folder / kind).glob("*/")):
				if sub.name.startswith("__"):
					continue
				path = sub / f"{sub.name}.json"
				if not path.exists():
					problems.append(f"{sub}: no {path.name}")
					continue
				doc = load_json(path, problems)
				if doc is None:
					continue
				if doc.get("doctype") != doctype:
					problems.append(f"{path}: 'doctype' is {doc.get('doctype')!r}, not {doctype!r}")
				if scrub(doc.get("name", "")) != sub.name:
					problems.append(f"{path}: {doc.get('name')!r} does not match its folder {sub.name!r}")
				for key in ("ref_doctype", "doc_type"):
					if doc.get(key) and doc[key] not in known:
						problems.append(f"{path}: {key} {doc[key]!r} is not a known doctype")
				if kind == "report" and doc.get("report_type") == "Script Report":
					py = sub / f"{sub.name}.py"
					if not py.exists() or not re.search(r"^def execute\(", py.read_text(), re.M):
						problems.append(f"{sub}: Script Report without execute() in {py.name}")
				if kind == "workspace":
					for link in doc.get("links", []) + doc.get("shortcuts", []):
						target = link.get("link_to")
						link_type = link.get("link_type") or link.get("type")
						if link_type == "DocType" and target and target not in known:
							problems.append(f"{path}: link to unknown doctype {target!r}")


def resolve_dotted(package_root: Path, dotted: str) -> str | None:
	"""None if ``dotted`` (app.module.attr) names a def/class/assignment in our code, else why not."""
	parts = dotted.split(".")
	for cut in range(len(parts) - 1, 0, -1):
		module_path = package_root.joinpath(*parts[:cut])
		attrs = parts[cut:]
		for candidate in (module_path.with_suffix(".py"), module_path / "__init__.py"):
			if candidate.exists():
				if len(attrs) != 1:
					return f"{dotted}: no such module ({'.'.join(parts[: cut + 1])} not found)"
				tree = ast.parse(candidate.read_text())
				names = set()
				for node in tree.body:
					if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
						names.add(node.name)
					elif isinstance(node, ast.Assign):
						names.update(t.id for t in node.targets if isinstance(t, ast.Name))
					elif isinstance(node, ast.ImportFrom):
						names.update(a.asname or a.name for a in node.names)
				if attrs[0] in names:
					return None
				return f"{dotted}: {candidate.name} has no {attrs[0]!r}"
	return f"{dotted}: no such module"


def _strings(node: ast.AST):
	for child in ast.walk(node):
		if isinstance(child, ast.Constant) and isinstance(child.value, str):
			yield child.value


def check_hooks(package: Path, problems: list[str]) -> None:
	hooks = package / "hooks.py"
	if not hooks.exists():
		problems.append(f"{hooks}: missing")
		return
	tree = ast.parse(hooks.read_text())
	root = package.parent
	for node in tree.body:
		if not isinstance(node, ast.Assign):
			continue
		key = node.targets[0].id if isinstance(node.targets[0], ast.Name) else ""
		if key in HOOK_FILE_KEYS:
			for value in _strings(node.value):
				if value.endswith((".js", ".css")) and not (package / value).exists():
					problems.append(f"hooks.py {key}: file {value} does not exist")
			continue
		if key in HOOK_ASSET_KEYS:
			continue
		for value in _strings(node.value):
			if re.fullmatch(rf"{APP}(\.\w+)+", value):
				why = resolve_dotted(root, value)
				if why:
					problems.append(f"hooks.py {key}: {why}")


def check_patches(package: Path, problems: list[str]) -> None:
	patches = package / "patches.txt"
	if not patches.exists():
		problems.append(f"{patches}: missing")
		return
	for n, line in enumerate(patches.read_text().splitlines(), 1):
		line = line.split("#", 1)[0].strip()
		if not line or (line.startswith("[") and line.endswith("]")) or line.startswith("execute:"):
			continue
		dotted = line.split()[0]
		why = resolve_dotted(package.parent, f"{dotted}.execute")
		if why:
			problems.append(f"patches.txt line {n}: {why}")


def check_app(package: Path) -> list[str]:
	"""All problems found in the app package at ``package`` (the folder holding hooks.py)."""
	package = Path(package)
	problems: list[str] = []
	modules = module_folders(package, problems)
	doctypes = read_doctypes(modules, problems)
	known = set(doctypes) | EXTERNAL_DOCTYPES
	for doc in doctypes.values():
		check_doctype(doc, known, problems)
	check_other_json(modules, known, problems)
	check_hooks(package, problems)
	check_patches(package, problems)
	return problems


def main() -> int:
	package = Path(__file__).resolve().parents[1]
	problems = check_app(package)
	for problem in problems:
		print(problem)
	print(f"metadata check: {len(problems)} problem(s) in {package}")
	return 1 if problems else 0


if __name__ == "__main__":
	sys.exit(main())
