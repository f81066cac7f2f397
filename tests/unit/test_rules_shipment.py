"""Pure tests of the shipment rules: no Frappe, milliseconds."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foreign_trade_crm.rules import shipment as r
from foreign_trade_crm.rules.shipment import (
	FULLY_SHIPPED,
	NOT_SHIPPED,
	PARTLY_SHIPPED,
	Contract,
	ContractLine,
	NoticeContext,
	NoticeLine,
)

D = Decimal


# ---------------------------------------------------------------- tolerance band


@pytest.mark.parametrize(
	"qty, tol, lower, upper",
	[
		(100, 5, "95", "105"),
		(100, 0, "100", "100"),
		(1000, 3, "970", "1030"),
		(10, 2.5, "9.75", "10.25"),
		(3, 10, "2.7", "3.3"),  # 3 * 1.1 is 3.3000000000000003 in floats
		(0.1, 10, "0.09", "0.11"),
		(100, 150, "0", "250"),  # lower bound never below zero
		(100, -5, "100", "100"),  # negative tolerance counts as none
		(0, 5, "0", "0"),
	],
)
def test_tolerance_band(qty, tol, lower, upper):
	band = r.tolerance_band(qty, tol)
	assert band.lower == D(lower)
	assert band.upper == D(upper)


@pytest.mark.parametrize(
	"qty, tol, shipped, status",
	[
		(100, 5, 0, NOT_SHIPPED),
		(100, 5, -1, NOT_SHIPPED),
		(100, 5, 0.000001, PARTLY_SHIPPED),
		(100, 5, 94.999999, PARTLY_SHIPPED),
		(100, 5, 95, FULLY_SHIPPED),  # lower boundary is inside
		(100, 5, 100, FULLY_SHIPPED),
		(100, 5, 105, FULLY_SHIPPED),  # upper boundary is inside
		(100, 0, 99.99, PARTLY_SHIPPED),
		(100, 0, 100, FULLY_SHIPPED),
		(3, 10, 2.7, FULLY_SHIPPED),
		(3, 10, 2.69, PARTLY_SHIPPED),
	],
)
def test_delivery_status(qty, tol, shipped, status):
	assert r.delivery_status(qty, tol, shipped) == status


@pytest.mark.parametrize(
	"rate, contract_rate, precision, ok",
	[
		(12.5, 12.5, 2, True),
		(12.504, 12.5, 2, True),  # equal at currency precision
		(12.505, 12.5, 2, False),  # rounds half up to 12.51
		(12.49, 12.5, 2, False),
		(0.1 + 0.2, 0.3, 2, True),
		(1.2344, 1.2346, 3, False),
		(1.2345, 1.2346, 2, True),
	],
)
def test_rate_matches(rate, contract_rate, precision, ok):
	assert r.rate_matches(rate, contract_rate, precision) is ok


# ---------------------------------------------------------------- matching lines

A1 = ContractLine("A-1", "EC-A", "ITEM-RED", 100, 10, 5, "BUY-RED", idx=1)
A2 = ContractLine("A-2", "EC-A", "ITEM-BLUE", 50, 20, 5, "BUY-BLUE", idx=2)
A3 = ContractLine("A-3", "EC-A", "ITEM-BLUE", 30, 21, 5, "BUY-BLUE-XL", idx=3)
B1 = ContractLine("B-1", "EC-B", "ITEM-RED", 200, 9.5, 0, "RED-B", idx=1)
LINES = [A1, A2, A3, B1]


def nl(idx=1, contract="EC-A", qty=10, rate=10, **kw):
	return NoticeLine(idx=idx, export_contract=contract, qty=qty, rate=rate, **kw)


def test_match_by_reference():
	assert r.match_contract_line(nl(contract_item="A-2"), LINES) == A2


def test_match_by_customer_item_code_when_our_code_differs():
	# the buyer's code finds the line even though no item code is given
	assert r.match_contract_line(nl(customer_item_code=" buy-blue-xl "), LINES) == A3


def test_match_by_item_code_when_unique():
	assert r.match_contract_line(nl(item_code="ITEM-RED"), LINES) == A1


def test_match_by_item_code_ambiguous_names_the_row():
	p = r.match_contract_line(nl(idx=4, item_code="ITEM-BLUE"), LINES)
	assert p.code == "ambiguous_line" and p.idx == 4
	assert "Row 4" in p.render()


def test_reference_to_line_of_other_contract_is_refused():
	p = r.match_contract_line(nl(contract="EC-A", contract_item="B-1"), LINES)
	assert p.code == "contract_line_not_found"


def test_customer_item_code_must_match_the_referenced_line():
	p = r.match_contract_line(nl(contract_item="A-1", customer_item_code="BUY-BLUE"), LINES)
	assert p.code == "customer_item_code_mismatch"
	assert "BUY-BLUE" in p.render() and "BUY-RED" in p.render()


def test_no_match():
	p = r.match_contract_line(nl(item_code="ITEM-GREEN"), LINES)
	assert p.code == "no_matching_line"


# ---------------------------------------------------------------- checking a notice

CONTRACTS = {
	"EC-A": Contract("EC-A", "Buyer A", "USD"),
	"EC-B": Contract("EC-B", "Buyer A", "USD"),
}
CTX = NoticeContext(customer="Buyer A", currency="USD")


def codes(check):
	return sorted(p.code for p in check.problems)


def test_two_contracts_in_one_notice_ok():
	lines = [nl(1, "EC-A", 60, 10, contract_item="A-1"), nl(2, "EC-B", 100, 9.5, contract_item="B-1")]
	check = r.check_notice(lines, CONTRACTS, LINES, {}, CTX)
	assert check.problems == []
	assert check.matched == {1: "A-1", 2: "B-1"}


def test_over_tolerance_counts_other_notices_and_names_the_row():
	lines = [nl(3, "EC-A", 50, 10, contract_item="A-1")]
	check = r.check_notice(lines, CONTRACTS, LINES, {"A-1": 55.5}, CTX)
	assert codes(check) == ["over_tolerance"]
	msg = check.errors[0].render()
	assert msg.startswith("Row 3:") and "105.5" in msg and "105" in msg


def test_exactly_at_upper_bound_is_allowed():
	lines = [nl(1, "EC-A", 50, 10, contract_item="A-1")]
	check = r.check_notice(lines, CONTRACTS, LINES, {"A-1": 55}, CTX)
	assert check.problems == []


def test_two_rows_of_one_notice_on_one_line_are_summed():
	lines = [nl(1, "EC-A", 60, 10, contract_item="A-1"), nl(2, "EC-A", 46, 10, contract_item="A-1")]
	check = r.check_notice(lines, CONTRACTS, LINES, {}, CTX)
	assert codes(check) == ["over_tolerance"]


def test_other_customer_and_currency():
	contracts = dict(CONTRACTS, **{"EC-B": Contract("EC-B", "Buyer Z", "EUR")})
	check = r.check_notice([nl(1, "EC-B", 10, 9.5, contract_item="B-1")], contracts, LINES, {}, CTX)
	assert codes(check) == ["other_currency", "other_customer"]


@pytest.mark.parametrize("policy, blocking", [("Block", True), ("Warn", False)])
def test_not_countersigned_blocks_or_warns(policy, blocking):
	contracts = dict(CONTRACTS, **{"EC-A": Contract("EC-A", "Buyer A", "USD", countersigned=False)})
	ctx = NoticeContext("Buyer A", "USD", countersign_policy=policy)
	check = r.check_notice([nl(1, "EC-A", 10, 10, contract_item="A-1")], contracts, LINES, {}, ctx)
	assert [p.blocking for p in check.problems] == [blocking]


def test_contract_problems_reported_once_per_contract():
	contracts = dict(CONTRACTS, **{"EC-A": Contract("EC-A", "Buyer Z", "USD")})
	lines = [nl(1, "EC-A", 1, 10, contract_item="A-1"), nl(2, "EC-A", 1, 20, contract_item="A-2")]
	assert codes(r.check_notice(lines, contracts, LINES, {}, CTX)) == ["other_customer"]


def test_draft_and_closed_contracts_refused():
	contracts = {
		"EC-A": Contract("EC-A", "Buyer A", "USD", docstatus=0),
		"EC-B": Contract("EC-B", "Buyer A", "USD", status=r.CLOSED),
	}
	lines = [nl(1, "EC-A", 1, 10, contract_item="A-1"), nl(2, "EC-B", 1, 9.5, contract_item="B-1")]
	assert codes(r.check_notice(lines, contracts, LINES, {}, CTX)) == [
		"contract_closed",
		"contract_not_submitted",
	]


def test_unknown_contract_and_zero_qty():
	lines = [
		nl(1, "EC-X", 1, 10),
		nl(2, "EC-A", 0, 10, contract_item="A-1"),
		nl(3, "EC-A", -2, 10, contract_item="A-1"),
	]
	assert codes(r.check_notice(lines, CONTRACTS, LINES, {}, CTX)) == [
		"contract_not_found",
		"qty_not_positive",
		"qty_not_positive",
	]


@pytest.mark.parametrize(
	"override, reason, manager, expected",
	[
		(False, None, False, ["rate_differs"]),
		(False, None, True, ["rate_differs"]),
		(True, "agreed discount", False, ["override_not_allowed"]),
		(True, "  ", True, ["override_reason_missing"]),
		(True, "agreed discount", True, []),
	],
)
def test_rate_override(override, reason, manager, expected):
	ctx = NoticeContext("Buyer A", "USD", can_override_rate=manager)
	line = nl(1, "EC-A", 10, 9.9, contract_item="A-1", rate_override=override, override_reason=reason)
	assert codes(r.check_notice([line], CONTRACTS, LINES, {}, ctx)) == expected


def test_partial_shipment_not_allowed():
	contracts = dict(
		CONTRACTS, **{"EC-A": Contract("EC-A", "Buyer A", "USD", partial_shipment_allowed=False)}
	)
	whole = [
		nl(1, "EC-A", 96, 10, contract_item="A-1"),
		nl(2, "EC-A", 50, 20, contract_item="A-2"),
		nl(3, "EC-A", 30, 21, contract_item="A-3"),
	]
	assert r.check_notice(whole, contracts, LINES, {}, CTX).problems == []
	part = whole[:2]
	assert codes(r.check_notice(part, contracts, LINES, {}, CTX)) == ["partial_not_allowed"]
	again = r.check_notice(whole, contracts, LINES, {"A-2": 1}, CTX)
	assert "partial_not_allowed" in codes(again)


# ---------------------------------------------------------------- figures


def test_line_figures_partly_and_fully():
	f = r.line_figures(A1, 30, 300)
	assert (f.shipped_qty, f.pending_qty, f.pending_amount, f.delivery_status) == (
		D(30),
		D(70),
		D(700),
		PARTLY_SHIPPED,
	)
	f = r.line_figures(A1, 96, 960)
	assert (f.pending_qty, f.pending_amount, f.delivery_status) == (D(0), D(0), FULLY_SHIPPED)


def test_pending_amount_rounds_half_up():
	line = ContractLine("X", "EC", "I", 3, "1.005", 0)
	assert r.line_figures(line, 2, 2.01).pending_amount == D("1.01")


def test_contract_figures_several_notices():
	shipped = r.sum_shipped([("A-1", 40, 400), ("A-1", 60, 600), ("A-2", 10, 200)])
	f = r.contract_figures([A1, A2, A3], shipped)
	assert f.lines["A-1"].delivery_status == FULLY_SHIPPED
	assert f.lines["A-2"].delivery_status == PARTLY_SHIPPED
	assert f.lines["A-3"].delivery_status == NOT_SHIPPED
	assert f.delivery_status == PARTLY_SHIPPED
	assert f.total_amount == D(1000 + 1000 + 630)
	assert f.shipped_amount == D(1200)
	assert f.pending_amount == D(800 + 630)
	# by value, (1,000 + 200 + 0) / 2,630: quantities of different items do not add up (by them: 61.11)
	assert f.per_shipped == D("45.63")


def test_contract_fully_shipped_is_100_per_cent_even_short_within_tolerance():
	f = r.contract_figures([A1], {"A-1": (D(95), D(950))})
	assert f.delivery_status == FULLY_SHIPPED and f.per_shipped == 100


@pytest.mark.parametrize(
	"docstatus, countersigned, delivery, closed, status",
	[
		(0, False, NOT_SHIPPED, False, "Draft"),
		(2, True, PARTLY_SHIPPED, False, "Cancelled"),
		(1, False, NOT_SHIPPED, False, "To Countersign"),
		(1, True, NOT_SHIPPED, False, "To Ship"),
		(1, False, PARTLY_SHIPPED, False, "Partly Shipped"),
		(1, True, FULLY_SHIPPED, False, "Fully Shipped"),
		(1, True, PARTLY_SHIPPED, True, "Closed"),
	],
)
def test_contract_status(docstatus, countersigned, delivery, closed, status):
	assert r.contract_status(docstatus, countersigned, delivery, closed) == status


# ---------------------------------------------------------------- property: any order of events


notice_strategy = st.lists(
	st.tuples(st.sampled_from(["A-1", "A-2", "A-3"]), st.integers(min_value=1, max_value=60)),
	min_size=1,
	max_size=3,
)
events_strategy = st.lists(
	st.tuples(st.sampled_from(["submit", "cancel", "amend"]), st.integers(0, 20), notice_strategy),
	max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(events_strategy)
def test_any_sequence_of_submits_and_cancels_equals_recomputation(events):
	"""Incrementing figures on each submit / cancel / amend equals recomputing from the submitted set.

	Submits that the rules refuse (over tolerance) change nothing, as a rolled-back
	transaction would.
	"""
	lines = {cl.name: cl for cl in (A1, A2, A3)}
	submitted: dict[int, list] = {}
	cancelled: list[list] = []
	incremental = {name: [D(0), D(0)] for name in lines}

	def try_submit(key, rows):
		notice_lines = [nl(i + 1, "EC-A", q, lines[n].rate, contract_item=n) for i, (n, q) in enumerate(rows)]
		elsewhere = {n: v[0] for n, v in incremental.items()}
		check = r.check_notice(notice_lines, {"EC-A": CONTRACTS["EC-A"]}, lines.values(), elsewhere, CTX)
		if check.errors:
			return
		submitted[key] = rows
		for n, q in rows:
			incremental[n][0] += q
			incremental[n][1] += D(q) * D(str(lines[n].rate))

	def cancel(key):
		rows = submitted.pop(key)
		cancelled.append(rows)
		for n, q in rows:
			incremental[n][0] -= q
			incremental[n][1] -= D(q) * D(str(lines[n].rate))

	next_key = 0
	for action, pick, rows in events:
		if action == "submit" or not submitted:
			try_submit(next_key, rows)
			next_key += 1
			continue
		key = sorted(submitted)[pick % len(submitted)]
		old = submitted[key]
		cancel(key)
		if action == "amend":  # cancel, then submit the amended copy with its first row halved
			first = (old[0][0], max(old[0][1] // 2, 1))
			try_submit(next_key, [first, *old[1:]])
			next_key += 1

	all_rows = [(n, q, D(q) * D(str(lines[n].rate))) for rows in submitted.values() for n, q in rows]
	recomputed = r.contract_figures(lines.values(), r.sum_shipped(all_rows))
	from_increments = r.contract_figures(lines.values(), {n: tuple(v) for n, v in incremental.items()})
	assert recomputed == from_increments
	for name, cl in lines.items():
		assert recomputed.lines[name].shipped_qty <= r.tolerance_band(cl.qty, cl.tolerance_percent).upper
		assert recomputed.lines[name].shipped_qty >= 0


# ---------------------------------------------------------------- quotation → contract


def test_quotation_balance_is_quoted_less_contracted_never_negative():
	from foreign_trade_crm.rules.shipment import quotation_balance

	got = quotation_balance({"q1": 1000, "q2": 200}, {"q1": 600, "q2": 250})
	assert got == {"q1": Decimal(400), "q2": Decimal(0)}


def test_quotation_status_counts_contracted_lines_as_erpnext_counts_sales_orders():
	from foreign_trade_crm.rules.shipment import quotation_status

	quoted = {"q1": 1000, "q2": 200}
	assert quotation_status(quoted, {}) == "Open"
	assert quotation_status(quoted, {"q1": 1000}) == "Partially Ordered"
	assert quotation_status(quoted, {"q1": 999.5, "q2": 200}) == "Partially Ordered"
	assert quotation_status(quoted, {"q1": 1000, "q2": 200}) == "Ordered"
	assert quotation_status(quoted, {"q1": 1200, "q2": 300}) == "Ordered"
	assert quotation_status(quoted, {"other": 5}) == "Open"


def test_a_contract_names_its_trade_terms_before_it_is_signed():
	from foreign_trade_crm.rules.shipment import missing_terms

	full = {
		"incoterm": "FOB",
		"named_place": "Shanghai",
		"port_of_loading": "Shanghai",
		"port_of_destination": "Los Angeles",
		"latest_shipment_date": "2026-12-31",
	}
	assert missing_terms(full) == []
	assert missing_terms({**full, "incoterm": None, "named_place": "  "}) == ["Incoterm", "Named Place"]
	assert len(missing_terms({})) == 5


def test_notice_lines_find_their_contract_line_by_item_buyer_code_or_line_number():
	from types import SimpleNamespace as Line

	contract_lines = [
		Line(contract="EC-1", name="a", idx=1, item_code="BOLT", customer_item_code="B-1"),
		Line(contract="EC-1", name="b", idx=2, item_code="NUT", customer_item_code="N-1"),
		Line(contract="EC-1", name="c", idx=3, item_code="NUT", customer_item_code="N-2"),
		Line(contract="EC-2", name="d", idx=1, item_code="BOLT", customer_item_code=None),
	]
	lines = [
		{"_row": 2, "export_contract": "EC-1", "customer_item_code": "B-1"},
		{"_row": 3, "export_contract": "EC-1", "item_code": "NUT", "contract_line": 3},
		{"_row": 4, "export_contract": "EC-2", "item_code": "BOLT"},
		{"_row": 5, "export_contract": "EC-1", "item_code": "NUT"},  # two NUT lines
		{"_row": 6, "export_contract": "EC-9", "item_code": "BOLT"},  # not the customer's
		{"_row": 7, "export_contract": "EC-2", "customer_item_code": "N-1"},  # not on EC-2
	]
	problems = r.match_contract_lines(lines, contract_lines)
	assert [line.get("contract_item") for line in lines[:3]] == ["a", "c", "d"]
	assert lines[0]["item_code"] == "BOLT"
	assert [(p.row, p.column, p.reason.code) for p in problems] == [
		(5, "item_code", "several_contract_lines"),
		(6, "export_contract", "not_open_contract"),
		(7, "customer_item_code", "no_contract_line"),
	]


def test_an_imported_sheet_matches_as_the_form_does_whatever_the_letter_case():
	"""One matcher for every path: a buyer code typed atl-towel-red matches its line in the form, and so it
	does in an imported sheet (the import compared it exactly)."""
	from types import SimpleNamespace as Line

	contract_lines = [
		Line(contract="EC-1", name="a", idx=1, item_code="FTC-TOWEL-RED", customer_item_code="ATL-TOWEL-RED")
	]
	lines = [{"_row": 2, "export_contract": "EC-1", "customer_item_code": " atl-towel-red "}]
	assert r.match_contract_lines(lines, contract_lines) == []
	assert (lines[0]["contract_item"], lines[0]["item_code"]) == ("a", "FTC-TOWEL-RED")
	form = r.match_contract_line(
		r.NoticeLine(1, "EC-1", 1, 1, customer_item_code="atl-towel-red"), contract_lines
	)
	assert form.name == "a"


@pytest.mark.parametrize(
	"docstatus, status, countersigned, on, expected",
	[
		(1, "To Countersign", False, date(2026, 3, 2), None),
		(1, "Partly Shipped", False, date(2026, 3, 1), None),  # shipped before the buyer signed back
		(0, "Draft", False, date(2026, 3, 2), r.NOT_SUBMITTED),
		(2, "Cancelled", False, date(2026, 3, 2), r.NO_LONGER_OPEN),
		(1, "Closed", False, date(2026, 3, 2), r.NO_LONGER_OPEN),
		(1, "To Ship", True, date(2026, 3, 2), r.ALREADY_COUNTERSIGNED),
		(1, "To Countersign", False, date(2026, 2, 28), r.BEFORE_CONTRACT_DATE),
	],
)
def test_countersign_refusal(docstatus, status, countersigned, on, expected):
	assert r.countersign_refusal(docstatus, status, countersigned, on, date(2026, 3, 1)) == expected


@pytest.mark.parametrize(
	"status, countersigned, policy, expected",
	[
		("To Ship", True, "Block", True),
		("Partly Shipped", True, "Block", True),
		("To Countersign", False, "Block", False),
		("To Countersign", False, "Warn", True),
		("Fully Shipped", True, "Warn", False),
		("Closed", True, "Warn", False),
	],
)
def test_open_for_notice(status, countersigned, policy, expected):
	assert r.open_for_notice(status, countersigned, policy) is expected
