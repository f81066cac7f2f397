"""Contract profit: the estimate, the kind of each ledger sum, the actual and the variance."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from foreign_trade_crm.rules import profit as rules
from foreign_trade_crm.rules.profit import CostRates, LedgerSum, Line


def test_an_estimate_by_hand_cif_with_a_rebate():
	# 1,000 towels at USD 3.25, rate 7.1 → CNY 23,075; bought at CNY 15.00 net, 13 % VAT, 9 % rebate;
	# CIF: freight 5 %, insurance 0.33 %, other 1 %
	est = rules.estimate(
		Decimal("23075"),
		[Line(1000, Decimal("15"), 9)],
		CostRates(freight=5, insurance=Decimal("0.33"), other=1),
		vat_rebate=True,
		purchase_vat_percent=13,
	)
	assert est.get(rules.SALES) == Decimal("23075.00")
	assert est.get(rules.PURCHASE) == Decimal("16950.00")  # 15,000 + 13 % VAT
	assert est.get(rules.REBATE) == Decimal("1350.00")  # 15,000 × 9 %
	assert est.get(rules.FREIGHT) == Decimal("1153.75")
	assert est.get(rules.INSURANCE) == Decimal("76.15")  # 23,075 × 0.33 % = 76.1475
	assert est.get(rules.OTHER) == Decimal("230.75")
	# 23,075 − 16,950 − 1,153.75 − 76.15 − 230.75 + 1,350
	assert est.profit == Decimal("6014.35")
	assert est.margin == Decimal("26.06")


def test_without_rebates_the_vat_is_no_cost_and_there_is_no_rebate():
	est = rules.estimate(20000, [Line(1000, 15, 9)], CostRates(), vat_rebate=False)
	assert (est.get(rules.PURCHASE), est.get(rules.REBATE), est.profit) == (
		Decimal("15000.00"),
		Decimal(0),
		Decimal("5000.00"),
	)


def test_costs_entered_by_hand_replace_the_incoterms_percentages():
	est = rules.estimate(
		10000, [], CostRates(freight=50), entered={"freight": 800, "insurance": 12.5, "other": None}
	)
	assert (est.get(rules.FREIGHT), est.get(rules.INSURANCE), est.get(rules.OTHER)) == (
		Decimal("800.00"),
		Decimal("12.50"),
		Decimal("0.00"),
	)


def test_a_line_without_a_purchase_rate_costs_nothing_yet():
	est = rules.estimate(1000, [Line(10, None, 13)], vat_rebate=True)
	assert (est.get(rules.PURCHASE), est.get(rules.REBATE), est.profit) == (
		Decimal("0.00"),
		Decimal("0.00"),
		Decimal("1000.00"),
	)


def test_no_sales_no_margin():
	assert rules.estimate(0, [Line(1, 5, 0)]).margin is None


def row(account, root, kind, voucher, debit=0, credit=0):
	return LedgerSum(account, root, kind, voucher, debit, credit)


MAPPED = {"Freight and Forwarding Charges - FT": "Freight", "Bank Charges - FT": "Other Costs"}
EXCHANGE = frozenset({"Exchange Gain/Loss - FT"})
CLAIMS = frozenset({"Trade Claims - FT"})


@pytest.mark.parametrize(
	"ledger, vat_rebate, kind",
	[
		(row("Sales - FT", "Income", "", "Sales Invoice", credit=1), True, rules.SALES),
		(row("Debtors USD - FT", "Asset", "Receivable", "Sales Invoice", debit=1), True, None),
		(row("Creditors - FT", "Liability", "Payable", "Purchase Invoice", credit=1), True, None),
		(row("Bank - FT", "Asset", "Bank", "Payment Entry", debit=1), True, None),
		# the goods: billed without a receipt, against one, or into stock
		(
			row("Cost of Goods Sold - FT", "Expense", "Cost of Goods Sold", "Purchase Invoice", debit=1),
			True,
			"purchase",
		),
		(
			row(
				"Stock Received But Not Billed - FT",
				"Liability",
				"Stock Received But Not Billed",
				"Purchase Invoice",
				debit=1,
			),
			True,
			rules.PURCHASE,
		),
		(row("Stock In Hand - FT", "Asset", "Stock", "Purchase Invoice", debit=1), True, rules.PURCHASE),
		# the receipt itself moves stock: not profit yet
		(row("Stock In Hand - FT", "Asset", "Stock", "Purchase Receipt", debit=1), True, None),
		(
			row(
				"Stock Received But Not Billed - FT",
				"Liability",
				"Stock Received But Not Billed",
				"Purchase Receipt",
				credit=1,
			),
			True,
			None,
		),
		# the supplier's VAT: cost where only the rebate comes back, recovered otherwise
		(row("Input VAT - FT", "Asset", "Tax", "Purchase Invoice", debit=1), True, rules.PURCHASE),
		(row("Input VAT - FT", "Asset", "Tax", "Purchase Invoice", debit=1), False, None),
		# a freight bill is a Purchase Invoice too: the mapping decides
		(
			row("Freight and Forwarding Charges - FT", "Expense", "", "Purchase Invoice", debit=1),
			True,
			rules.FREIGHT,
		),
		(row("Bank Charges - FT", "Expense", "", "Journal Entry", debit=1), True, rules.OTHER),
		(row("Exchange Gain/Loss - FT", "Expense", "", "Journal Entry", credit=1), True, rules.EXCHANGE),
		(row("Trade Claims - FT", "Expense", "", "Sales Invoice", debit=1), True, rules.CLAIMS),
		(row("Marketing Expenses - FT", "Expense", "", "Journal Entry", debit=1), True, rules.OTHER),
	],
)
def test_what_each_ledger_sum_counts_as(ledger, vat_rebate, kind):
	assert rules.cost_kind(ledger, MAPPED, EXCHANGE, CLAIMS, vat_rebate) == kind


def test_the_actual_profit_of_a_contract_from_its_ledger():
	rows = [
		row("Sales - FT", "Income", "", "Sales Invoice", credit=Decimal("23075")),
		row("Debtors USD - FT", "Asset", "Receivable", "Sales Invoice", debit=Decimal("23075")),
		row(
			"Cost of Goods Sold - FT",
			"Expense",
			"Cost of Goods Sold",
			"Purchase Invoice",
			debit=Decimal("15200"),
		),
		row("Input VAT - FT", "Asset", "Tax", "Purchase Invoice", debit=Decimal("1976")),
		row("Freight and Forwarding Charges - FT", "Expense", "", "Purchase Invoice", debit=Decimal("1200")),
		row("Bank Charges - FT", "Expense", "", "Journal Entry", debit=Decimal("150.5")),
		row("Exchange Gain/Loss - FT", "Expense", "", "Journal Entry", credit=Decimal("325")),
		# a claim's credit note: sales back, less
		row("Sales - FT", "Income", "", "Sales Invoice", debit=Decimal("100")),
	]
	result = rules.actual(rows, rebate=Decimal("1368"), mapped=MAPPED, exchange_accounts=EXCHANGE)
	assert result.amounts == {
		rules.SALES: Decimal("22975.00"),
		rules.PURCHASE: Decimal("17176.00"),
		rules.FREIGHT: Decimal("1200.00"),
		rules.OTHER: Decimal("150.50"),
		rules.EXCHANGE: Decimal("325.00"),
		rules.REBATE: Decimal("1368.00"),
	}
	# 22,975 − 17,176 − 1,200 − 150.50 + 325 + 1,368
	assert result.profit == Decimal("6141.50")
	est = rules.estimate(23075, [Line(1000, 15, 9)], CostRates(freight=5, insurance=Decimal("0.33"), other=1))
	gap = rules.variance(result, est)
	assert gap[rules.PURCHASE] == Decimal("226.00")
	assert gap["profit"] == result.profit - est.profit


amounts = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)


@given(
	sales=amounts,
	lines=st.lists(st.tuples(amounts, amounts, st.integers(0, 17)), max_size=6),
	freight=st.integers(0, 20),
	vat=st.booleans(),
)
def test_the_estimates_profit_is_sales_less_costs_plus_the_rebate(sales, lines, freight, vat):
	est = rules.estimate(
		sales, [Line(q, r, b) for q, r, b in lines], CostRates(freight=freight), vat_rebate=vat
	)
	costs = sum(est.get(k) for k in rules.COSTS)
	assert est.profit == est.get(rules.SALES) - costs + est.get(rules.REBATE)
	# the rebate never exceeds the VAT paid: the VAT rate is 13 %, rebate rates at most 17 % … of net
	assert est.get(rules.PURCHASE) >= 0


@given(st.lists(st.tuples(amounts, amounts), min_size=1, max_size=8))
def test_ledger_sums_split_any_way_give_the_same_profit(pairs):
	"""Rows grouped by voucher or summed first: the same figures (the report groups, the form does not)."""
	rows = [row("Sales - FT", "Income", "", "Sales Invoice", debit=d, credit=c) for d, c in pairs]
	whole = row(
		"Sales - FT",
		"Income",
		"",
		"Sales Invoice",
		debit=sum(d for d, _ in pairs),
		credit=sum(c for _, c in pairs),
	)
	assert rules.actual(rows).profit == rules.actual([whole]).profit


# ---------------------------------------------------------------------- vouchers of several contracts

D = Decimal


def test_share_adds_up_to_the_cent_by_the_largest_remainder():
	assert rules.share(D("100.00"), {"A": 1, "B": 1, "C": 1}) == {
		"A": D("33.34"),
		"B": D("33.33"),
		"C": D("33.33"),
	}
	assert rules.share(D("-0.05"), {"A": 2, "B": 1}) == {"A": D("-0.03"), "B": D("-0.02")}
	# a credit note's negative lines weigh as their positives
	assert rules.share(D("-195"), {"A": D("-1500"), None: D("-500")}) == {
		"A": D("-146.25"),
		None: D("-48.75"),
	}
	assert rules.share(D("10"), {"A": 0, "B": 0}) == {None: D("10.00")}
	assert rules.share(D("10"), {"A": 5, "B": 0}) == {"A": D("10.00")}


@given(
	st.decimals(min_value=-(10**7), max_value=10**7, places=2),
	st.dictionaries(
		st.one_of(st.none(), st.sampled_from("ABCDE")),
		st.decimals(min_value=-(10**6), max_value=10**6, places=2),
		min_size=1,
		max_size=6,
	),
)
def test_share_is_exact_and_fair(amount, weights):
	parts = rules.share(amount, weights)
	assert sum(parts.values(), D(0)) == amount
	total = sum(abs(w) for w in weights.values())
	for key, part in parts.items():
		if total:
			assert abs(part - amount * abs(weights[key]) / total) < D("0.01")
			assert weights[key]  # nothing to a key of no weight
		else:
			assert key is None


def test_a_supplier_bill_of_two_contracts_shares_its_vat_by_each_items_tax():
	# red towels for A (1,000 at 15.00) and blue for B (500 at 20.00), 13 % VAT; a line of packing for no
	# contract (200.00) whose item is taxed at 6 %: ERPNext's item-wise tax detail says so
	lines = [("RED", "A", 15000), ("BLUE", "B", 10000), ("PACK", None, 200)]
	taxes = rules.tax_weights(lines, {"VAT": {"RED": 1950, "BLUE": 1300, "PACK": 12}})
	voucher = rules.Voucher(rules.invoice_weights((c, n) for _i, c, n in lines), frozenset({"Misc"}), taxes)
	out = rules.allocate(voucher, [("VAT", D("3262"), 0), ("Misc", 200, 0), ("Round Off", 0, D("0.30"))])
	assert out[("A", "VAT")] == D("1950.00") and out[("B", "VAT")] == D("1300.00")
	assert out[(None, "VAT")] == D("12.00")
	assert out[(None, "Misc")] == D("200.00")  # the untagged line's own row
	# rounding by the lines: 15,000 : 10,000 : 200
	assert (out[("A", "Round Off")], out[("B", "Round Off")], (None, "Round Off") in out) == (
		D("-0.18"),
		D("-0.12"),
		False,  # 0.30 × 200 / 25,200 is less than half a cent
	)


def test_a_collection_shares_its_deductions_by_what_it_settles():
	# 3,250 settles an invoice of A; 2,000 one shared A:B = 1:3; 250 unallocated (an advance)
	weights = rules.settled_weights([(3250, {"A": 1}), (2000, {"A": 1, "B": 3}), (100, None)], unsettled=150)
	assert weights == {"A": D("3750"), "B": D("1500"), None: D("250")}
	out = rules.allocate(rules.Voucher(weights), [("Bank Charges", D("55"), 0)])
	assert out == {
		("A", "Bank Charges"): D("37.50"),
		("B", "Bank Charges"): D("15.00"),
		(None, "Bank Charges"): D("2.50"),
	}


ROWS = st.lists(
	st.tuples(
		st.sampled_from(["Sales", "VAT", "Freight", "Exchange", "Round Off", "Bank Charges"]),
		st.decimals(min_value=0, max_value=10**6, places=2),
		st.decimals(min_value=0, max_value=10**6, places=2),
	),
	max_size=8,
)


@given(
	st.lists(
		st.tuples(
			st.one_of(st.none(), st.sampled_from("ABCDE")),
			st.decimals(min_value=-(10**5), max_value=10**6, places=2),
		),
		min_size=1,
		max_size=5,
	),
	ROWS,
	st.booleans(),
)
def test_nothing_is_lost_between_the_contracts_and_the_books(lines, rows, by_tax):
	"""Random vouchers of 1–5 contracts: what the contracts are given plus what no contract carries equals
	the voucher's rows, account by account, to the cent."""
	weights = rules.invoice_weights(lines)
	taxes = (
		rules.tax_weights([(f"I{i}", c, n) for i, (c, n) in enumerate(lines)], {"VAT": {"I0": 13}})
		if by_tax
		else {}
	)
	out = rules.allocate(rules.Voucher(weights, frozenset({"Sales"}) if by_tax else frozenset(), taxes), rows)
	for account in {a for a, _d, _c in rows}:
		booked = sum((d - c for a, d, c in rows if a == account), D(0))
		given_out = sum((v for (_contract, a), v in out.items() if a == account), D(0))
		assert given_out == booked


# ---------------------------------------------------------------------- like with like


def test_half_shipped_and_not_billed_is_matched_with_the_estimates_cost():
	"""A contract shipped 56 % with nothing billed by its suppliers: its booked profit is all sales, but on
	what has shipped the goods cost the estimate's rate, and the forecast keeps the whole contract."""
	est = rules.estimate(
		40000, [Line(1000, 20, 9)], CostRates(freight=5), vat_rebate=True, purchase_vat_percent=13
	)
	lines = [rules.ContractLine(qty=1000, shipped_qty=560, est_rate=20, rebate_rate=9)]
	shipped = rules.shipped_share(lines, [40])
	assert shipped == D("0.56")
	booked = rules.Profit({rules.SALES: D("22400")})
	assert booked.margin == D("100.00")  # what the tab showed
	on = rules.on_shipped(booked, est, lines, shipped, vat_factor=D("1.13"))
	# 560 × 20 × 1.13 = 12,656; rebate 560 × 20 × 9 % = 1,008; freight 5 % of 40,000 × 56 % = 1,120
	assert (on.get(rules.PURCHASE), on.get(rules.REBATE), on.get(rules.FREIGHT)) == (
		D("12656.00"),
		D("1008.00"),
		D("1120.00"),
	)
	assert on.profit == D("22400") - D("12656") - D("1120") + D("1008")
	assert on.margin < 50
	at_end = rules.forecast(est, booked, rules.Profit(), lines, shipped, vat_factor=D("1.13"))
	assert at_end.get(rules.SALES) == D("40000.00")
	assert at_end.profit == est.profit  # nothing booked differs from the estimate yet


def test_the_forecast_is_booked_plus_committed_plus_the_estimate_of_the_rest():
	est = rules.estimate(
		30000, [Line(1000, 15, 9), Line(500, 20, 13)], CostRates(), vat_rebate=True, purchase_vat_percent=13
	)
	lines = [
		rules.ContractLine(1000, 1000, 15, 9, billed_qty=1000, billed_net=15500),
		rules.ContractLine(500, 0, 20, 13, billed_qty=0, ordered_qty=300),
	]
	booked = rules.Profit({rules.SALES: D("18000"), rules.PURCHASE: D("17515"), rules.REBATE: D("1395")})
	committed = rules.Profit({rules.PURCHASE: D("6780"), rules.REBATE: D("780")})  # 300 × 20 (+13 %), 13 %
	at_end = rules.forecast(
		est, booked, committed, lines, rules.shipped_share(lines, [18, 24]), vat_factor=D("1.13")
	)
	# 200 blue neither billed nor ordered: 200 × 20 × 1.13 = 4,520 and a rebate of 520
	assert at_end.get(rules.PURCHASE) == D("17515") + D("6780") + D("4520")
	assert at_end.get(rules.REBATE) == D("1395") + D("780") + D("520")
	assert at_end.get(rules.SALES) == D("18000") + D("12000.00")  # the blue not shipped: 12,000 of 30,000


@given(
	st.lists(
		st.tuples(
			st.integers(1, 5000),
			st.integers(0, 6000),
			st.integers(0, 6000),
			st.decimals(min_value=1, max_value=100, places=2),
			st.decimals(min_value=1, max_value=100, places=2),
		),
		min_size=1,
		max_size=5,
	)
)
def test_billed_or_not_the_goods_shipped_cost_what_they_cost(raw):
	"""On what has shipped, each unit costs its bill's average or the estimate's rate: never more units than
	have shipped, and a fully billed shipment costs what its bills say."""
	lines = [
		rules.ContractLine(q, min(s, q), r, 0, billed_qty=b, billed_net=b * br) for q, s, b, r, br in raw
	]
	on = rules.on_shipped(rules.Profit(), rules.Profit(), lines, D(1), vat_rebate=False)
	most = sum(min(s, q) * max(r, br) for q, s, _b, r, br in raw)
	assert on.get(rules.PURCHASE) <= rules.rounded(most)
	if all(b >= min(s, q) for q, s, b, _r, _br in raw):
		assert on.get(rules.PURCHASE) == rules.rounded(sum(min(s, q) * br for q, s, _b, _r, br in raw))


def test_account_kinds_say_what_each_account_counts_as_under_each_voucher():
	accounts = {
		"Sales": ("Income", ""),
		"VAT": ("Liability", "Tax"),
		"Stock Received": ("Liability", "Stock Received But Not Billed"),
		"Freight": ("Expense", ""),
		"Debtors": ("Asset", "Receivable"),
	}
	kinds = rules.account_kinds(accounts, {"Freight": "Freight"}, vat_rebate=True)
	assert kinds[rules.SALES] == (frozenset({"Sales"}), frozenset(), frozenset())
	assert kinds[rules.FREIGHT] == (frozenset({"Freight"}), frozenset(), frozenset())
	# the VAT and goods received count as purchase on a supplier's bill only
	assert kinds[rules.PURCHASE] == (frozenset(), frozenset({"VAT", "Stock Received"}), frozenset())
	assert all("Debtors" not in group for three in kinds.values() for group in three)
	# and they agree with cost_kind, account by account
	for account, (root, kind_of) in accounts.items():
		for voucher_type, position in (("Purchase Invoice", 1), ("Journal Entry", 2)):
			kind = rules.cost_kind(
				rules.LedgerSum(account, root, kind_of, voucher_type, 0, 0), {"Freight": "Freight"}
			)
			if kind:
				assert account in kinds[kind][0] | kinds[kind][position]
