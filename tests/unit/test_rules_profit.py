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
