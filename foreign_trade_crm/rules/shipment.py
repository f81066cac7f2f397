"""Rules of executing export contracts through shipment notices (seed 000 §6.4).

- A contract line is *Fully Shipped* anywhere in qty × (1 ± tolerance), *Partly
  Shipped* above zero and below the lower bound, *Not Shipped* at zero; no
  shipment may take the cumulative shipped qty past the upper bound.
- A notice line finds its contract line by the line reference, else by the
  buyer's item code, else by our item code (when that is unambiguous).
- A notice line's rate must equal the contract line's rate at currency
  precision, unless a manager overrides it with a reason.
- Contract figures are always *recomputed* from the submitted notices, never
  incremented, so any order of submit / cancel / amend leaves them exact.

Arithmetic is done in ``Decimal`` and rounded half-up at the given precision,
so boundaries such as 100 × 1.05 = 105 hold exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from foreign_trade_crm.rules.messages import Problem, RowProblem, _
from foreign_trade_crm.rules.numbers import dec, rounded

NOT_SHIPPED = "Not Shipped"
PARTLY_SHIPPED = "Partly Shipped"
FULLY_SHIPPED = "Fully Shipped"

# Export Contract status values (the doctype's Select options use the same words)
DRAFT = "Draft"
TO_COUNTERSIGN = "To Countersign"
TO_SHIP = "To Ship"
CLOSED = "Closed"
CANCELLED = "Cancelled"

COUNTERSIGN_BLOCK = "Block"
COUNTERSIGN_WARN = "Warn"

QTY_PRECISION = 6


# --------------------------------------------------------------------------
# Tolerance band and delivery status
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
	lower: Decimal
	upper: Decimal


def tolerance_band(qty, tolerance_percent, precision: int = QTY_PRECISION) -> Band:
	"""The more-or-less range qty × (1 ± tolerance%). Negative tolerance counts as zero."""
	q = dec(qty)
	t = max(dec(tolerance_percent), Decimal(0))
	lower = max(q * (100 - t) / 100, Decimal(0))
	upper = q * (100 + t) / 100
	return Band(rounded(lower, precision), rounded(upper, precision))


def delivery_status(qty, tolerance_percent, shipped_qty, precision: int = QTY_PRECISION) -> str:
	"""Status of one contract line from what has shipped against it."""
	shipped = rounded(shipped_qty, precision)
	if shipped <= 0:
		return NOT_SHIPPED
	if shipped >= tolerance_band(qty, tolerance_percent, precision).lower:
		return FULLY_SHIPPED
	return PARTLY_SHIPPED


def rate_matches(rate, contract_rate, currency_precision: int) -> bool:
	return rounded(rate, currency_precision) == rounded(contract_rate, currency_precision)


# --------------------------------------------------------------------------
# Plain data the services pass in
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Contract:
	name: str
	customer: str
	currency: str
	docstatus: int = 1
	status: str = TO_SHIP
	countersigned: bool = True
	partial_shipment_allowed: bool = True


@dataclass(frozen=True)
class ContractLine:
	name: str
	contract: str
	item_code: str
	qty: float | Decimal
	rate: float | Decimal
	tolerance_percent: float | Decimal = 0
	customer_item_code: str | None = None
	idx: int = 0


@dataclass(frozen=True)
class NoticeLine:
	idx: int
	export_contract: str
	qty: float | Decimal
	rate: float | Decimal
	item_code: str | None = None
	contract_item: str | None = None
	customer_item_code: str | None = None
	rate_override: bool = False
	override_reason: str | None = None


@dataclass(frozen=True)
class NoticeContext:
	customer: str
	currency: str
	currency_precision: int = 2
	countersign_policy: str = COUNTERSIGN_BLOCK
	can_override_rate: bool = False


# --------------------------------------------------------------------------
# Matching a notice line to its contract line
# --------------------------------------------------------------------------


def code_key(code: str | None) -> str:
	"""A buyer's (or our) item code as it is compared: without surrounding spaces and letter case, as
	the database compares it (``atl-towel-red`` is ``ATL-TOWEL-RED``)."""
	return str(code or "").strip().casefold()


_norm = code_key


def match_contract_line(line: NoticeLine, candidates: Iterable[ContractLine]) -> ContractLine | Problem:
	"""Finds the contract line a notice line ships, among the lines of its contract.

	By the explicit reference first; then by the buyer's item code (the seed's
	answer to "our code differs from the buyer's"); then by our item code when
	exactly one line of the contract carries it.
	"""
	lines = [c for c in candidates if c.contract == line.export_contract]
	if line.contract_item:
		for c in lines:
			if c.name == line.contract_item:
				if (
					line.customer_item_code
					and c.customer_item_code
					and _norm(c.customer_item_code) != _norm(line.customer_item_code)
				):
					return Problem(
						"customer_item_code_mismatch",
						_("Row {0}: customer item code {1} does not match contract line {2} of {3} ({4})"),
						(line.idx, line.customer_item_code, c.idx, c.contract, c.customer_item_code),
						line.idx,
					)
				if line.item_code and line.item_code != c.item_code:
					return Problem(
						"item_mismatch",
						_("Row {0}: item {1} does not match contract line {2} of {3} ({4})"),
						(line.idx, line.item_code, c.idx, c.contract, c.item_code),
						line.idx,
					)
				return c
		return Problem(
			"contract_line_not_found",
			_("Row {0}: the contract line it names is not a line of Export Contract {1}"),
			(line.idx, line.export_contract),
			line.idx,
		)

	if line.customer_item_code:
		found = [c for c in lines if _norm(c.customer_item_code) == _norm(line.customer_item_code)]
		if line.item_code:
			found = [c for c in found if c.item_code == line.item_code] or found
		if len(found) == 1:
			return found[0]
		if len(found) > 1:
			return Problem(
				"ambiguous_line",
				_(
					"Row {0}: customer item code {1} is on several lines of Export Contract {2}; pick the line"
				),
				(line.idx, line.customer_item_code, line.export_contract),
				line.idx,
			)

	if line.item_code:
		found = [c for c in lines if c.item_code == line.item_code]
		if len(found) == 1:
			return found[0]
		if len(found) > 1:
			return Problem(
				"ambiguous_line",
				_("Row {0}: item {1} is on several lines of Export Contract {2}; pick the line"),
				(line.idx, line.item_code, line.export_contract),
				line.idx,
			)

	return Problem(
		"no_matching_line",
		_("Row {0}: no line of Export Contract {1} matches item {2} / customer item code {3}"),
		(line.idx, line.export_contract, line.item_code or "-", line.customer_item_code or "-"),
		line.idx,
	)


# what an imported sheet's row is told when it finds no line, or several
NOT_OPEN_CONTRACT = Problem("not_open_contract", _("not an open contract of this customer"))
NO_CONTRACT_LINE = Problem("no_contract_line", _("not on this contract"))
SEVERAL_CONTRACT_LINES = Problem(
	"several_contract_lines", _("on several lines of this contract: add the contract line number")
)


def match_contract_lines(lines: list[dict], contract_lines: Iterable) -> list[RowProblem]:
	"""An imported sheet's notice lines (dicts with ``_row``, ``export_contract`` and our item code, the
	buyer's code or the contract's line number ``contract_line``), each matched to its contract line by
	``match_contract_line``, the form's own matcher: ``contract_item``, ``item_code`` and the buyer's code
	are set on the line. ``contract_lines`` are the customer's open contracts' lines; a contract not among
	them is not one of them. A problem for every row that matches none or several."""
	by_contract: dict[str, list] = {}
	for line in contract_lines:
		by_contract.setdefault(line.contract, []).append(line)
	problems = []
	for line in lines:
		contract = str(line.get("export_contract") or "").strip()
		candidates = by_contract.get(contract)
		if candidates is None:
			problems.append(RowProblem(line["_row"], "export_contract", contract, NOT_OPEN_CONTRACT))
			continue
		contract_item = None
		if line.get("contract_line") not in (None, ""):
			try:
				number = int(dec(line["contract_line"]))
			except (ArithmeticError, ValueError):
				number = None
			contract_item = next((c.name for c in candidates if c.idx == number), "?")
		found = match_contract_line(
			NoticeLine(
				idx=line["_row"],
				export_contract=contract,
				qty=0,
				rate=0,
				item_code=str(line.get("item_code") or "").strip() or None,
				contract_item=contract_item,
				customer_item_code=str(line.get("customer_item_code") or "").strip() or None,
			),
			candidates,
		)
		if isinstance(found, Problem):
			column = "customer_item_code" if line.get("customer_item_code") else "item_code"
			reason = SEVERAL_CONTRACT_LINES if found.code == "ambiguous_line" else NO_CONTRACT_LINE
			problems.append(RowProblem(line["_row"], column, line.get(column), reason))
			continue
		line["contract_item"] = found.name
		line["item_code"] = found.item_code
		line.setdefault("customer_item_code", found.customer_item_code)
	return problems


# --------------------------------------------------------------------------
# Validating a notice
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeCheck:
	"""Result of checking a notice: the contract line each row ships, and what is wrong."""

	matched: dict[int, str]
	problems: list[Problem]

	@property
	def errors(self) -> list[Problem]:
		return [p for p in self.problems if p.blocking]

	@property
	def warnings(self) -> list[Problem]:
		return [p for p in self.problems if not p.blocking]


def check_notice(
	lines: Iterable[NoticeLine],
	contracts: Mapping[str, Contract],
	contract_lines: Iterable[ContractLine],
	shipped_elsewhere: Mapping[str, float | Decimal],
	ctx: NoticeContext,
) -> NoticeCheck:
	"""Checks every line of a notice against its contract.

	``shipped_elsewhere`` is the qty shipped per contract line by *other*
	submitted notices; the notice's own lines are added to it here, so two rows
	of one notice on the same contract line are checked together.
	"""
	lines = list(lines)
	contract_lines = list(contract_lines)
	problems: list[Problem] = []
	matched: dict[int, str] = {}
	seen_contracts: set[str] = set()

	for line in lines:
		contract = contracts.get(line.export_contract)
		if contract is None:
			problems.append(
				Problem(
					"contract_not_found",
					_("Row {0}: Export Contract {1} does not exist"),
					(line.idx, line.export_contract),
					line.idx,
				)
			)
			continue
		if dec(line.qty) <= 0:
			problems.append(
				Problem(
					"qty_not_positive",
					_("Row {0}: quantity must be greater than zero"),
					(line.idx,),
					line.idx,
				)
			)
		if line.export_contract not in seen_contracts:
			seen_contracts.add(line.export_contract)
			problems.extend(_contract_problems(line, contract, ctx))

		found = match_contract_line(line, contract_lines)
		if isinstance(found, Problem):
			problems.append(found)
			continue
		matched[line.idx] = found.name

		if not rate_matches(line.rate, found.rate, ctx.currency_precision):
			if not line.rate_override:
				problems.append(
					Problem(
						"rate_differs",
						_("Row {0}: rate {1} differs from the rate {2} of contract {3} line {4}"),
						(line.idx, line.rate, found.rate, found.contract, found.idx),
						line.idx,
					)
				)
			elif not ctx.can_override_rate:
				problems.append(
					Problem(
						"override_not_allowed",
						_("Row {0}: only an Export Sales Manager may override the contract rate"),
						(line.idx,),
						line.idx,
					)
				)
			elif not (line.override_reason or "").strip():
				problems.append(
					Problem(
						"override_reason_missing",
						_("Row {0}: give the reason for overriding the contract rate"),
						(line.idx,),
						line.idx,
					)
				)

	problems.extend(
		over_tolerance_problems(lines, matched, {c.name: c for c in contract_lines}, shipped_elsewhere)
	)
	problems.extend(partial_shipment_problems(lines, matched, contracts, contract_lines, shipped_elsewhere))
	return NoticeCheck(matched, problems)


def _contract_problems(line: NoticeLine, contract: Contract, ctx: NoticeContext) -> list[Problem]:
	out = []
	if contract.docstatus != 1:
		out.append(
			Problem(
				"contract_not_submitted",
				_("Row {0}: Export Contract {1} is not submitted"),
				(line.idx, contract.name),
				line.idx,
			)
		)
	elif contract.status == CLOSED:
		out.append(
			Problem(
				"contract_closed",
				_("Row {0}: Export Contract {1} is closed"),
				(line.idx, contract.name),
				line.idx,
			)
		)
	if contract.customer != ctx.customer:
		out.append(
			Problem(
				"other_customer",
				_("Row {0}: Export Contract {1} belongs to customer {2}, not {3}"),
				(line.idx, contract.name, contract.customer, ctx.customer),
				line.idx,
			)
		)
	if contract.currency != ctx.currency:
		out.append(
			Problem(
				"other_currency",
				_("Row {0}: Export Contract {1} is in {2}, the notice in {3}"),
				(line.idx, contract.name, contract.currency, ctx.currency),
				line.idx,
			)
		)
	if not contract.countersigned:
		out.append(
			Problem(
				"not_countersigned",
				_("Row {0}: Export Contract {1} has not been countersigned by the buyer"),
				(line.idx, contract.name),
				line.idx,
				blocking=ctx.countersign_policy != COUNTERSIGN_WARN,
			)
		)
	return out


def _qty_by_contract_line(lines: Iterable[NoticeLine], matched: Mapping[int, str]) -> dict[str, Decimal]:
	totals: dict[str, Decimal] = {}
	for line in lines:
		name = matched.get(line.idx)
		if name:
			totals[name] = totals.get(name, Decimal(0)) + dec(line.qty)
	return totals


def over_tolerance_problems(
	lines: Iterable[NoticeLine],
	matched: Mapping[int, str],
	contract_lines: Mapping[str, ContractLine],
	shipped_elsewhere: Mapping[str, float | Decimal],
) -> list[Problem]:
	"""Rows whose contract line would pass qty × (1 + tolerance) with this notice."""
	lines = list(lines)
	this_notice = _qty_by_contract_line(lines, matched)
	problems = []
	reported: set[str] = set()
	for line in lines:
		name = matched.get(line.idx)
		if not name or name in reported:
			continue
		cl = contract_lines[name]
		band = tolerance_band(cl.qty, cl.tolerance_percent)
		total = rounded(dec(shipped_elsewhere.get(name)) + this_notice[name], QTY_PRECISION)
		if total > band.upper:
			reported.add(name)
			problems.append(
				Problem(
					"over_tolerance",
					_(
						"Row {0}: shipping {1} of {2} on contract {3} line {4} brings the shipped qty to {5}, "
						"past the most allowed {6} (qty {7} + {8}%)"
					),
					(
						line.idx,
						_fmt(this_notice[name]),
						cl.item_code,
						cl.contract,
						cl.idx,
						_fmt(total),
						_fmt(band.upper),
						_fmt(cl.qty),
						_fmt(cl.tolerance_percent),
					),
					line.idx,
				)
			)
	return problems


def partial_shipment_problems(
	lines: Iterable[NoticeLine],
	matched: Mapping[int, str],
	contracts: Mapping[str, Contract],
	contract_lines: Iterable[ContractLine],
	shipped_elsewhere: Mapping[str, float | Decimal],
) -> list[Problem]:
	"""A contract that forbids partial shipment must ship every line, in full, at once."""
	lines = list(lines)
	this_notice = _qty_by_contract_line(lines, matched)
	first_row: dict[str, int] = {}
	for line in lines:
		if line.idx in matched:
			first_row.setdefault(line.export_contract, line.idx)

	problems = []
	for contract_name, idx in first_row.items():
		contract = contracts[contract_name]
		if contract.partial_shipment_allowed:
			continue
		for cl in contract_lines:
			if cl.contract != contract_name:
				continue
			if dec(shipped_elsewhere.get(cl.name)) > 0:
				problems.append(
					Problem(
						"partial_not_allowed",
						_(
							"Row {0}: Export Contract {1} does not allow partial shipment and has already shipped"
						),
						(idx, contract_name),
						idx,
					)
				)
				break
			if delivery_status(cl.qty, cl.tolerance_percent, this_notice.get(cl.name, 0)) != FULLY_SHIPPED:
				problems.append(
					Problem(
						"partial_not_allowed",
						_(
							"Row {0}: Export Contract {1} does not allow partial shipment; "
							"line {2} ({3}) must ship in full"
						),
						(idx, contract_name, cl.idx, cl.item_code),
						idx,
					)
				)
				break
	return problems


def _fmt(value) -> str:
	"""A quantity as people write it: 105, 10.5, never 105.000000."""
	d = dec(value).normalize()
	return format(d, "f")


# --------------------------------------------------------------------------
# Recomputing contract figures from the submitted notices
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class LineFigures:
	shipped_qty: Decimal
	shipped_amount: Decimal
	pending_qty: Decimal
	pending_amount: Decimal
	delivery_status: str


@dataclass(frozen=True)
class ContractFigures:
	lines: dict[str, LineFigures]
	total_qty: Decimal
	total_amount: Decimal
	shipped_qty: Decimal
	shipped_amount: Decimal
	pending_amount: Decimal
	per_shipped: Decimal
	delivery_status: str


def line_figures(line: ContractLine, shipped_qty, shipped_amount, currency_precision: int = 2) -> LineFigures:
	"""Figures of one contract line from the totals shipped against it.

	Pending is what is still to ship at the contract rate; a line shipped
	anywhere inside its tolerance band has nothing pending.
	"""
	shipped_qty = rounded(shipped_qty, QTY_PRECISION)
	status = delivery_status(line.qty, line.tolerance_percent, shipped_qty)
	if status == FULLY_SHIPPED:
		pending_qty = Decimal(0)
	else:
		pending_qty = max(rounded(line.qty, QTY_PRECISION) - shipped_qty, Decimal(0))
	return LineFigures(
		shipped_qty=shipped_qty,
		shipped_amount=rounded(shipped_amount, currency_precision),
		pending_qty=pending_qty,
		pending_amount=rounded(pending_qty * dec(line.rate), currency_precision),
		delivery_status=status,
	)


def contract_figures(
	lines: Iterable[ContractLine],
	shipped: Mapping[str, tuple],
	currency_precision: int = 2,
) -> ContractFigures:
	"""Figures of one contract from (qty, amount) shipped per contract line."""
	lines = list(lines)
	per_line = {
		cl.name: line_figures(cl, *shipped.get(cl.name, (0, 0)), currency_precision=currency_precision)
		for cl in lines
	}
	total_qty = sum((dec(cl.qty) for cl in lines), Decimal(0))
	total_amount = sum((rounded(dec(cl.qty) * dec(cl.rate), currency_precision) for cl in lines), Decimal(0))
	shipped_qty = sum((f.shipped_qty for f in per_line.values()), Decimal(0))
	shipped_amount = sum((f.shipped_amount for f in per_line.values()), Decimal(0))
	pending_amount = sum((f.pending_amount for f in per_line.values()), Decimal(0))

	statuses = {f.delivery_status for f in per_line.values()}
	if statuses == {FULLY_SHIPPED}:
		status = FULLY_SHIPPED
	elif statuses - {NOT_SHIPPED}:
		status = PARTLY_SHIPPED
	else:
		status = NOT_SHIPPED

	# per cent of the contract's value shipped (quantities of different items do not add up), each line
	# capped at its full qty, 100 when fully shipped; by quantity only when no line has a rate
	if status == FULLY_SHIPPED or not total_qty:
		per_shipped = Decimal(100) if status == FULLY_SHIPPED else Decimal(0)
	else:
		value = sum((dec(cl.qty) * dec(cl.rate) for cl in lines), Decimal(0))
		if value:
			capped = sum(
				(min(per_line[cl.name].shipped_qty, dec(cl.qty)) * dec(cl.rate) for cl in lines), Decimal(0)
			)
			per_shipped = rounded(capped * 100 / value, 2)
		else:
			capped = sum((min(per_line[cl.name].shipped_qty, dec(cl.qty)) for cl in lines), Decimal(0))
			per_shipped = rounded(capped * 100 / total_qty, 2)

	return ContractFigures(
		lines=per_line,
		total_qty=total_qty,
		total_amount=total_amount,
		shipped_qty=shipped_qty,
		shipped_amount=rounded(shipped_amount, currency_precision),
		pending_amount=rounded(pending_amount, currency_precision),
		per_shipped=per_shipped,
		delivery_status=status,
	)


def contract_status(docstatus: int, countersigned: bool, delivery: str, closed: bool = False) -> str:
	"""The Export Contract's status from its state and its delivery status."""
	if docstatus == 0:
		return DRAFT
	if docstatus == 2:
		return CANCELLED
	if closed:
		return CLOSED
	if delivery == FULLY_SHIPPED:
		return FULLY_SHIPPED
	if delivery == PARTLY_SHIPPED:
		return PARTLY_SHIPPED
	return TO_SHIP if countersigned else TO_COUNTERSIGN


#: the statuses of a contract that still has goods to ship
OPEN_FOR_SHIPMENT = (TO_COUNTERSIGN, TO_SHIP, PARTLY_SHIPPED)


def open_for_notice(status: str, countersigned: bool, countersign_policy: str) -> bool:
	"""Whether a shipment notice may take lines of a contract in this state: it has goods to ship and, unless
	the countersign policy only warns, the buyer has signed it back (the same rule the notice's lines meet)."""
	return status in OPEN_FOR_SHIPMENT and (countersigned or countersign_policy == COUNTERSIGN_WARN)


# why a contract cannot be countersigned now (None: it can)
NOT_SUBMITTED = "not submitted"
NO_LONGER_OPEN = "no longer open"
ALREADY_COUNTERSIGNED = "already countersigned"
BEFORE_CONTRACT_DATE = "before the contract date"


def countersign_refusal(
	docstatus: int, status: str, countersigned: bool, on: date, contract_date: date | None
) -> str | None:
	"""Whether the buyer's countersign dated ``on`` may be recorded on a contract in this state.

	One rule for the desk and the portal: a draft is not yet an offer to sign, a cancelled or closed
	contract is no longer one, a contract is countersigned once, and not before the day it was made.
	"""
	if docstatus == 0:
		return NOT_SUBMITTED
	if docstatus == 2 or status in (CANCELLED, CLOSED):
		return NO_LONGER_OPEN
	if countersigned:
		return ALREADY_COUNTERSIGNED
	if contract_date and on < contract_date:
		return BEFORE_CONTRACT_DATE
	return None


def sum_shipped(rows: Iterable[tuple[str, float, float]]) -> dict[str, tuple[Decimal, Decimal]]:
	"""(contract_line, qty, amount) rows of submitted notice lines → totals per contract line."""
	totals: dict[str, tuple[Decimal, Decimal]] = {}
	for name, qty, amount in rows:
		q, a = totals.get(name, (Decimal(0), Decimal(0)))
		totals[name] = (q + dec(qty), a + dec(amount))
	return totals


# --------------------------------------------------------------------------
# Quotation → Export Contract
# --------------------------------------------------------------------------

QUOTATION_ORDERED = "Ordered"
QUOTATION_PARTLY_ORDERED = "Partially Ordered"
QUOTATION_OPEN = "Open"


def quotation_balance(quoted: dict[str, float], contracted: dict[str, float]) -> dict[str, Decimal]:
	"""What is left to contract of each quotation line: quoted less what contracts (not cancelled)
	already hold of it, never below zero."""
	return {line: max(dec(qty) - dec(contracted.get(line)), Decimal(0)) for line, qty in quoted.items()}


def quotation_status(quoted: dict[str, float], contracted: dict[str, float]) -> str:
	"""ERPNext's own words for a quotation's ordering, counted on export contracts: Ordered when every
	line is contracted in full, Partially Ordered when some of it is, else Open."""
	if not any(dec(contracted.get(line)) > 0 for line in quoted):
		return QUOTATION_OPEN
	if all(b == 0 for b in quotation_balance(quoted, contracted).values()):
		return QUOTATION_ORDERED
	return QUOTATION_PARTLY_ORDERED


# --------------------------------------------------------------------------
# What an export contract cannot be signed without
# --------------------------------------------------------------------------

#: the trade terms a contract must name before it is submitted (the buyer reads them on the portal), with
#: their labels
REQUIRED_TERMS = (
	("incoterm", _("Incoterm")),
	("named_place", _("Named Place")),
	("port_of_loading", _("Port of Loading")),
	("port_of_destination", _("Port of Destination")),
	("latest_shipment_date", _("Latest Shipment Date")),
)


def missing_terms(values: Mapping) -> list[str]:
	"""Labels (to translate) of the required trade terms that ``values`` leaves blank."""
	return [label for field, label in REQUIRED_TERMS if not str(values.get(field) or "").strip()]
