"""A translatable message that the pure rules return instead of raising.

The rules cannot call ``frappe._``; they mark their English templates with the
no-op ``_`` below (Frappe's extractor picks up every ``_("...")`` of the app)
and the service layer translates ``template`` and formats it with ``args``.
"""

from dataclasses import dataclass, field


def _(text: str) -> str:
	"""Marks a template for extraction; translation happens in the services."""
	return text


@dataclass(frozen=True)
class Problem:
	"""One thing wrong with one line (``idx``, 1-based) or the whole document (idx 0)."""

	code: str
	template: str
	args: tuple = field(default_factory=tuple)
	idx: int = 0
	blocking: bool = True

	def render(self, translate=lambda text: text) -> str:
		return translate(self.template).format(*self.args)


@dataclass(frozen=True)
class RowProblem:
	"""What is wrong with one value of one row of an imported sheet."""

	row: int  # as the user sees it in Excel (1-based)
	column: str
	value: object
	reason: Problem
