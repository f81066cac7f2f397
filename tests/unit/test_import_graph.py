"""The app's modules import each other without a cycle (a module that imports another inside a function
counts too: a cycle there is the same knot, only tied later), the pure rules import nothing of Frappe, and
product code (the demo, the sample world and the benchmarks included) never imports the tests."""

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "foreign_trade_crm"
ROOT = PACKAGE.parent
BENCHMARKS = ROOT / "ftcrm_benchmarks"  # beside the app's package, not shipped in it


def module_of(path: Path) -> str:
	name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
	return name.removesuffix(".__init__")


def imports() -> dict[str, set[str]]:
	"""Module → the app's modules it imports, anywhere in it."""
	graph: dict[str, set[str]] = defaultdict(set)
	for path in [*PACKAGE.rglob("*.py"), *BENCHMARKS.rglob("*.py")]:
		module = module_of(path)
		for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
			if (
				isinstance(node, ast.ImportFrom)
				and node.module
				and node.module.startswith("foreign_trade_crm")
			):
				for alias in node.names:
					candidate = f"{node.module}.{alias.name}"
					is_module = (ROOT / f"{candidate.replace('.', '/')}.py").exists() or (
						ROOT / candidate.replace(".", "/") / "__init__.py"
					).exists()
					graph[module].add(candidate if is_module else node.module)
			elif isinstance(node, ast.Import):
				graph[module] |= {a.name for a in node.names if a.name.startswith("foreign_trade_crm")}
	return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
	"""The strongly connected components of more than one module (iterative Tarjan)."""
	index, low, on_stack, stack, found = {}, {}, set(), [], []
	counter = 0
	for root in sorted(graph):
		if root in index:
			continue
		work = [(root, iter(sorted(graph.get(root, ()))))]
		index[root] = low[root] = counter
		counter += 1
		stack.append(root)
		on_stack.add(root)
		while work:
			node, children = work[-1]
			child = next(children, None)
			if child is not None:
				if child not in index:
					index[child] = low[child] = counter
					counter += 1
					stack.append(child)
					on_stack.add(child)
					work.append((child, iter(sorted(graph.get(child, ())))))
				elif child in on_stack:
					low[node] = min(low[node], index[child])
				continue
			work.pop()
			if work:
				low[work[-1][0]] = min(low[work[-1][0]], low[node])
			if low[node] == index[node]:
				part = []
				while True:
					top = stack.pop()
					on_stack.discard(top)
					part.append(top)
					if top == node:
						break
				if len(part) > 1:
					found.append(sorted(part))
	return found


def test_no_module_imports_itself_around_a_cycle():
	assert cycles(imports()) == []


def test_the_pure_rules_import_nothing_of_frappe():
	for path in [*(PACKAGE / "rules").glob("*.py"), PACKAGE / "sample_world" / "files.py"]:
		for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
			names = (
				([node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names])
				if isinstance(node, ast.Import | ast.ImportFrom)
				else []
			)
			assert not any(n == "frappe" or n.startswith("frappe.") for n in names), path.name


def test_product_code_never_imports_the_tests():
	graph = imports()
	assert "foreign_trade_crm.demo" in graph and "ftcrm_benchmarks" in graph
	for module, targets in graph.items():
		if module.startswith("foreign_trade_crm.tests"):
			continue
		assert not any(t.startswith("foreign_trade_crm.tests") for t in targets), module


def test_the_sample_world_stands_below_the_demo_and_the_benchmarks():
	for module, targets in imports().items():
		if module.startswith("foreign_trade_crm.sample_world"):
			assert not any(t.startswith(("foreign_trade_crm.demo", "ftcrm_benchmarks")) for t in targets), (
				module
			)


def test_the_cycle_finder_finds_a_cycle():
	assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
