"""Order review and evaluation (seed 004 §3.1.2: 訂單審核, 訂單評估): is a buyer's order request complete and
plausible, and in what order should open requests be answered (ELECTRE I outranking).

Review: the contact's e-mail and phone well formed, every line one of our items (by our code or the
buyer's), its quantity within the item's usual range (a tenth of the smallest to ten times the largest
quantity ever quoted or contracted of it), the wanted shipment date not past. Each problem says whether
the buyer must fix it (shown on the portal) or we must check it.

Evaluation, ELECTRE I (Roy 1968; Figueira, Mousseau and Roy, "ELECTRE methods", in Multiple Criteria
Decision Analysis: State of the Art Surveys, Springer 2005): every criterion is "more is better"; for two
requests a and b,
	concordance c(a, b) = Σ weights of the criteria where a ≥ b / Σ all weights
	discordance d(a, b) = max over the criteria where b > a of (g(b) − g(a)) / (that criterion's range)
and a outranks b when c(a, b) ≥ ĉ and d(a, b) ≤ d̂. The queue orders requests by how many they outrank less
how many outrank them (net outranking), then by the sum of their concordance over the others, then by
name; the kernel (requests no other one outranks) leads.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from foreign_trade_crm.rules.messages import Problem, _
from foreign_trade_crm.rules.text import is_email

PHONE_CHARS = re.compile(r"^[+()\d\s./-]+$")


# ---------------------------------------------------------------------- review


@dataclass(frozen=True)
class Line:
	idx: int
	item_code: str | None
	label: str
	qty: float


@dataclass(frozen=True)
class Finding:
	problem: Problem
	for_buyer: bool


def review(
	email: str | None,
	phone: str | None,
	lines: Sequence[Line],
	usual_qty: Mapping[str, tuple[float, float]],
	wanted: date | None,
	today: date,
) -> list[Finding]:
	"""What is wrong with a request, each finding for the buyer to fix or for us to check."""
	found = []
	if not (email or "").strip():
		found.append(Finding(Problem("review", _("Give a contact e-mail")), True))
	elif not is_email(email):
		found.append(
			Finding(Problem("review", _("The contact e-mail {0} is not an e-mail address"), (email,)), True)
		)
	digits = re.sub(r"\D", "", phone or "")
	if not (phone or "").strip():
		found.append(Finding(Problem("review", _("Give a contact phone number")), True))
	elif not PHONE_CHARS.match(phone.strip()) or not 6 <= len(digits) <= 20:
		found.append(
			Finding(Problem("review", _("The contact phone {0} is not a phone number"), (phone,)), True)
		)
	for line in lines:
		if not line.item_code:
			found.append(
				Finding(
					Problem(
						"review",
						_(
							"Line {0} ({1}) matches none of our items: give our item code, or yours if we supplied it"
						),
						(line.idx, line.label),
					),
					True,
				)
			)
			continue
		low_high = usual_qty.get(line.item_code)
		if low_high:
			low, high = low_high
			if line.qty < low / 10 or line.qty > high * 10:
				found.append(
					Finding(
						Problem(
							"review",
							_("Line {0} ({1}): {2} is far from the usual {3} to {4}"),
							(line.idx, line.label, line.qty, low, high),
						),
						False,
					)
				)
	if wanted and wanted < today:
		found.append(
			Finding(
				Problem("review", _("The wanted shipment date {0} has passed"), (wanted.isoformat(),)), True
			)
		)
	return found


def review_status(findings: Sequence[Finding]) -> str:
	if any(f.for_buyer for f in findings):
		return "To Fix by Buyer"
	return "To Check" if findings else "Complete"


# ---------------------------------------------------------------------- ELECTRE I


@dataclass(frozen=True)
class Evaluation:
	names: tuple[str, ...]
	concordance: dict[tuple[str, str], float]
	discordance: dict[tuple[str, str], float]
	outranks: frozenset[tuple[str, str]]  # (a, b): a outranks b
	order: tuple[str, ...]  # the queue, best first
	kernel: frozenset[str]

	def beaten_by(self, name: str) -> list[str]:
		return [a for a in self.names if (a, name) in self.outranks]

	def beats(self, name: str) -> list[str]:
		return [b for b in self.names if (name, b) in self.outranks]


def concordance(a: Sequence[float], b: Sequence[float], weights: Sequence[float]) -> float:
	total = sum(weights)
	if not total:
		return 0.0
	return sum(w for x, y, w in zip(a, b, weights, strict=True) if x >= y) / total


def discordance(a: Sequence[float], b: Sequence[float], scale: Sequence[float]) -> float:
	"""The largest margin by which b beats a on a criterion, each in units of ``scale`` (a criterion's
	range; 1 to keep raw differences)."""
	return max(
		((y - x) / s if s else 0.0 for x, y, s in zip(a, b, scale, strict=True) if y > x),
		default=0.0,
	)


def evaluate(
	alternatives: Mapping[str, Sequence[float]],
	weights: Sequence[float],
	concordance_threshold: float,
	discordance_threshold: float,
	scale: Sequence[float] | None = None,
) -> Evaluation:
	"""ELECTRE I over ``alternatives`` (name → its value on each criterion, more is better)."""
	names = tuple(sorted(alternatives))
	criteria = len(weights)
	if scale is None:
		scale = [
			(max(alternatives[n][j] for n in names) - min(alternatives[n][j] for n in names)) if names else 0
			for j in range(criteria)
		]
	c, d, s = {}, {}, set()
	for a in names:
		for b in names:
			if a == b:
				continue
			c[a, b] = concordance(alternatives[a], alternatives[b], weights)
			d[a, b] = discordance(alternatives[a], alternatives[b], scale)
			if c[a, b] >= concordance_threshold - 1e-12 and d[a, b] <= discordance_threshold + 1e-12:
				s.add((a, b))
	net = {n: sum((n, m) in s for m in names) - sum((m, n) in s for m in names) for n in names}
	support = {n: sum(c[n, m] for m in names if m != n) for n in names}
	order = tuple(sorted(names, key=lambda n: (-net[n], -support[n], n)))
	kernel = frozenset(n for n in names if not any((m, n) in s for m in names))
	return Evaluation(names, c, d, frozenset(s), order, kernel)
