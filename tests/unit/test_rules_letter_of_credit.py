"""Pure tests of the letter-of-credit rules: no Frappe, milliseconds.

The boundaries follow UCP 600 (ICC Publication 600, 2007) as quoted e.g. on
tradefinanceguru.net/international-rules/ucp-600: art. 3 (period wording: "on or about" five days before
to five days after, both included; to/until/till/from/between include, before/after exclude; first half
1–15, second half 16–end; beginning/middle/end 1–10, 11–20, 21–end), 14(c) (21 calendar days after
shipment, never after expiry), 17(e) ("in duplicate" = at least one original, the rest copies), 29(a)
and (c) (expiry and last day for presentation move to the next banking day; the latest shipment date
does not), 30(a) ("about" ±10 %), 30(b) (±5 % of quantity unless counted in packing units or items, and
only while drawings stay within the credit amount), 30(c) (5 % less amount when the quantity ships in
full and no unit price is reduced, unless the credit states its own tolerance) and 31 (partial shipments).
"""

import time
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foreign_trade_crm.rules import letter_of_credit as lc
from foreign_trade_crm.rules.letter_of_credit import Amendment, Drawing, DrawingLine, TextChange

D = Decimal

GOODS = """+ 1,000 PCS OF RED TOWELS (BUYER CODE ATL-RED) AT USD10.00 PER PC
+ 500 KGS OF COTTON YARN AT USD2.00 PER KG
+ PACKED IN EXPORT CARTONS
FOB SHANGHAI INCOTERMS 2020"""

# Thursday; Friday; Saturday; Monday
THU_0430, FRI_0410, SAT_0411, MON_0413 = (
	date(2026, 4, 30),
	date(2026, 4, 10),
	date(2026, 4, 11),
	date(2026, 4, 13),
)


def credit(**changes) -> lc.CreditTerms:
	"""USD 11,000.00: 1,000 PCS × 10.00 + 500 KGS × 2.00, FOB Shanghai, expiry Thu 30 Apr 2026."""
	goods = changes.pop("goods", GOODS)
	conditions = changes.get("additional_conditions", "")
	parsed = lc.parse_goods(goods, conditions)
	terms = lc.CreditTerms(
		number="LC1",
		currency="USD",
		amount=D("11000"),
		issue_date=date(2026, 1, 5),
		expiry_date=THU_0430,
		expiry_place="CHINA",
		latest_shipment_date=FRI_0410,
		port_of_loading="SHANGHAI, CHINA",
		port_of_discharge="HAMBURG",
		partial_shipments=lc.ALLOWED,
		transhipment=lc.ALLOWED,
		goods=goods,
		goods_lines=parsed.lines,
		incoterm=parsed.incoterm,
		named_place=parsed.named_place,
		quantity_tolerance=parsed.quantity_tolerance,
		about_amount=lc.about_amount("USD", D("11000"), goods, conditions),
	)
	return replace(terms, **changes)


def lines(towels="1000", yarn="500", towel_price="10.00", yarn_price="2.00"):
	return (
		DrawingLine(1, D(towels), D(towel_price), "RED TOWELS", "PCS", "ATL-RED"),
		DrawingLine(2, D(yarn), D(yarn_price), "Cotton yarn", "kgs"),
	)


def drawing(**changes) -> Drawing:
	"""The whole credit in one shipment, on time, at the credit's prices."""
	base = Drawing(
		currency="USD",
		amount=D("11000"),
		shipment_date=date(2026, 4, 1),
		presentation_date=date(2026, 4, 8),
		lines=lines(),
		port_of_loading="Shanghai Port",
		port_of_discharge="HAMBURG, GERMANY",
		incoterm="FOB",
		named_place="Shanghai",
	)
	return replace(base, **changes)


def bare(amount, **changes) -> Drawing:
	"""A drawing without lines (amount checks only)."""
	return drawing(amount=D(amount), lines=(), **changes)


def codes(findings):
	return [f.code for f in findings]


def test_the_example_credit_is_read_as_intended():
	terms = credit()
	red, yarn = terms.goods_lines
	assert (red.quantity, red.unit, red.counted, red.unit_price, red.buyer_code) == (
		D(1000),
		"PCS",
		True,
		D("10.00"),
		"ATL-RED",
	)
	assert (yarn.quantity, yarn.unit, yarn.counted, yarn.unit_price) == (D(500), "KGS", False, D("2.00"))
	assert (terms.incoterm, terms.named_place) == ("FOB", "SHANGHAI")
	assert lc.check(terms, drawing(), today=date(2026, 4, 2)) == []


# ---------------------------------------------------------------- amounts and status


@pytest.mark.parametrize(
	"currency, amount, changes, maximum, minimum",
	[
		("USD", "100000", {}, "100000.00", "100000.00"),
		("USD", "100000", {"tolerance_plus": D(5), "tolerance_minus": D(5)}, "105000.00", "95000.00"),
		("USD", "100000", {"tolerance_plus": D(10), "tolerance_minus": D(0)}, "110000.00", "100000.00"),
		("USD", "100000", {"about_amount": True}, "110000.00", "90000.00"),  # art. 30(a)
		(
			"USD",
			"100000",
			{"about_amount": True, "tolerance_plus": D(3), "tolerance_minus": D(3)},
			"103000.00",
			"97000.00",
		),
		("USD", "100000", {"maximum_only": True}, "100000.00", "100000.00"),  # 39B NOT EXCEEDING
		("USD", "100000", {"partial_shipments": lc.NOT_ALLOWED}, "100000.00", "95000.00"),  # art. 30(c)
		(
			"USD",
			"100000",
			{"partial_shipments": lc.NOT_ALLOWED, "tolerance_plus": D(0), "tolerance_minus": D(0)},
			"100000.00",
			"100000.00",  # 30(c) does not apply when the credit states its own tolerance
		),
		("EUR", "1234.56", {"tolerance_plus": D(5), "tolerance_minus": D(5)}, "1296.28", "1172.84"),
		("JPY", "1000001", {"tolerance_plus": D(5), "tolerance_minus": D(5)}, "1050001", "950001"),
	],
)
def test_maximum_and_minimum(currency, amount, changes, maximum, minimum):
	terms = credit(currency=currency, amount=D(amount), **{"about_amount": False, **changes})
	assert lc.maximum_amount(terms) == D(maximum)
	assert lc.minimum_amount(terms) == D(minimum)
	assert str(lc.maximum_amount(terms)) == maximum  # at the currency's decimals


SAT_0502 = date(2026, 5, 2)


@pytest.mark.parametrize(
	"docstatus, cancelled, drawn, today, status",
	[
		(0, False, "0", None, lc.DRAFT),
		(2, False, "0", None, lc.CANCELLED),
		(1, True, "5000", None, lc.CANCELLED),
		(1, False, "0", SAT_0502, lc.ADVISED),
		(1, False, "0.01", SAT_0502, lc.IN_USE),
		(1, False, "10449.99", SAT_0502, lc.IN_USE),
		(1, False, "10450", SAT_0502, lc.FULLY_DRAWN),  # 11000 − 5 % (39A 05/05)
		(1, False, "11550", SAT_0502, lc.FULLY_DRAWN),
		(1, False, "0", date(2026, 5, 4), lc.ADVISED),  # expiry on Saturday runs to Monday (29(a))
		(1, False, "0", date(2026, 5, 5), lc.EXPIRED),
		(1, False, "5000", date(2026, 5, 5), lc.EXPIRED),
		(1, False, "10450", date(2026, 5, 5), lc.FULLY_DRAWN),
	],
)
def test_credit_status(docstatus, cancelled, drawn, today, status):
	terms = credit(expiry_date=SAT_0502, tolerance_plus=D(5), tolerance_minus=D(5), cancelled=cancelled)
	assert lc.credit_status(terms, D(drawn), docstatus=docstatus, today=today) == status
	assert lc.credit_figures(terms, D(drawn), docstatus, today).status == status


@settings(max_examples=200, deadline=None)
@given(
	amount=st.decimals(min_value=1, max_value=10**9, places=2),
	plus=st.integers(0, 99),
	minus=st.integers(0, 99),
	fraction=st.decimals(min_value=0, max_value=1, places=4),
)
def test_available_plus_drawn_is_the_maximum(amount, plus, minus, fraction):
	terms = credit(amount=amount, tolerance_plus=D(plus), tolerance_minus=D(minus))
	maximum = lc.maximum_amount(terms)
	drawn = (maximum * fraction).quantize(D("0.01"), rounding="ROUND_DOWN")
	figures = lc.credit_figures(terms, drawn)
	assert figures.available + figures.drawn == figures.maximum
	assert figures.overdrawn == 0
	assert (figures.status == lc.FULLY_DRAWN) == (drawn > 0 and drawn >= figures.minimum)
	over = lc.credit_figures(terms, maximum + D("0.01"))
	assert (over.available, over.overdrawn) == (0, D("0.01"))


# ---------------------------------------------------------------- banking days and periods


@pytest.mark.parametrize(
	"day, closed, expected",
	[
		(THU_0430, None, THU_0430),
		(SAT_0502, None, date(2026, 5, 4)),
		(date(2026, 5, 3), None, date(2026, 5, 4)),
		(THU_0430, {THU_0430, date(2026, 5, 1)}, date(2026, 5, 4)),  # holidays besides the weekend
		(SAT_0502, lambda d: d.weekday() == 4, SAT_0502),  # a callable decides alone (Fridays closed)
	],
)
def test_next_banking_day(day, closed, expected):
	assert lc.next_banking_day(day, closed) == expected


@pytest.mark.parametrize(
	"text, reference, window",
	[
		("ON OR ABOUT 15 MARCH 2026", None, (date(2026, 3, 10), date(2026, 3, 20))),
		("SHIPMENT ON OR ABOUT MARCH 15, 2026", None, (date(2026, 3, 10), date(2026, 3, 20))),
		("FROM 01 MAR 2026 TO 31 MAR 2026", None, (date(2026, 3, 1), date(2026, 3, 31))),
		("01 MAR 2026 - 31 MAR 2026", None, (date(2026, 3, 1), date(2026, 3, 31))),
		("BETWEEN 1 MARCH AND 15 APRIL 2026", None, (date(2026, 3, 1), date(2026, 4, 15))),
		("1-15 MAY 2026", None, (date(2026, 5, 1), date(2026, 5, 15))),
		("BEFORE 15 MARCH 2026", None, (None, date(2026, 3, 14))),
		("AFTER 15 MARCH 2026", None, (date(2026, 3, 16), None)),
		("NOT LATER THAN 2026-03-31", None, (None, date(2026, 3, 31))),
		("UNTIL 31.03.2026", None, (None, date(2026, 3, 31))),
		("LATEST BY 31ST MARCH 2026", None, (None, date(2026, 3, 31))),
		("NOT BEFORE 01/03/2026 AND NOT LATER THAN 31/03/2026", None, (date(2026, 3, 1), date(2026, 3, 31))),
		("FIRST HALF OF MARCH 2026", None, (date(2026, 3, 1), date(2026, 3, 15))),
		("SECOND HALF OF FEB 2026", None, (date(2026, 2, 16), date(2026, 2, 28))),
		("BEGINNING OF APRIL 2026", None, (date(2026, 4, 1), date(2026, 4, 10))),
		("MIDDLE OF APRIL 2026", None, (date(2026, 4, 11), date(2026, 4, 20))),
		("END OF APRIL 2026", None, (date(2026, 4, 21), date(2026, 4, 30))),
		("DURING JUNE 2026", None, (date(2026, 6, 1), date(2026, 6, 30))),
		("SHIPMENT MAY BE EFFECTED DURING JUNE 2026", None, (date(2026, 6, 1), date(2026, 6, 30))),
		("260315", None, (date(2026, 3, 15), date(2026, 3, 15))),
		("IN MAY", date(2026, 1, 5), (date(2026, 5, 1), date(2026, 5, 31))),  # year from the issue date
		("IN MAY", date(2026, 6, 1), (date(2027, 5, 1), date(2027, 5, 31))),
		("IN MAY", None, None),
		("AS SOON AS POSSIBLE", None, None),
		("31 FEB 2026", None, None),
	],
)
def test_shipment_window(text, reference, window):
	assert lc.shipment_window(text, reference) == window


# ---------------------------------------------------------------- shipment date


@pytest.mark.parametrize(
	"latest, shipped, planned, expected",
	[
		(FRI_0410, FRI_0410, False, []),
		(FRI_0410, SAT_0411, False, [("14(a)", "shipped_after_latest")]),
		(FRI_0410, SAT_0411, True, [("14(a)", "planned_after_latest")]),
		(SAT_0411, SAT_0411, False, []),
		# the latest shipment date is not extended when the bank is closed (art. 29(c))
		(SAT_0411, MON_0413, False, [("29(c)", "shipped_after_latest_holiday")]),
		(SAT_0411, date(2026, 4, 14), False, [("14(a)", "shipped_after_latest")]),
	],
)
def test_latest_shipment_date(latest, shipped, planned, expected):
	terms = credit(latest_shipment_date=latest)
	found = lc.check(terms, drawing(shipment_date=shipped, planned=planned, presentation_date=shipped))
	assert [(f.article, f.code) for f in found] == expected
	assert all(f.blocking for f in found)


@pytest.mark.parametrize(
	"period, shipped, inside",
	[
		("ON OR ABOUT 01 APRIL 2026", date(2026, 3, 27), True),
		("ON OR ABOUT 01 APRIL 2026", date(2026, 3, 26), False),
		("ON OR ABOUT 01 APRIL 2026", date(2026, 4, 6), True),
		("ON OR ABOUT 01 APRIL 2026", date(2026, 4, 7), False),
		("BEFORE 01 APRIL 2026", date(2026, 3, 31), True),
		("BEFORE 01 APRIL 2026", date(2026, 4, 1), False),
		("AFTER 31 MARCH 2026", date(2026, 3, 31), False),
		("AFTER 31 MARCH 2026", date(2026, 4, 1), True),
		("FROM 01 APRIL 2026 TO 15 APRIL 2026", date(2026, 4, 1), True),
		("FROM 01 APRIL 2026 TO 15 APRIL 2026", date(2026, 3, 31), False),
		("FIRST HALF OF APRIL 2026", date(2026, 4, 15), True),
		("FIRST HALF OF APRIL 2026", date(2026, 4, 16), False),
		("SECOND HALF OF MARCH 2026", date(2026, 3, 15), False),
		("END OF MARCH 2026", date(2026, 3, 21), True),
		("END OF MARCH 2026", date(2026, 3, 20), False),
	],
)
def test_shipment_period(period, shipped, inside):
	terms = credit(latest_shipment_date=None, shipment_period=period)
	found = lc.check(terms, drawing(shipment_date=shipped, presentation_date=shipped + timedelta(days=3)))
	assert codes(found) == ([] if inside else ["outside_shipment_period"])
	if not inside:
		assert found[0].article == "3"


def test_unreadable_shipment_period_is_a_note():
	found = lc.check(credit(shipment_period="PROMPT SHIPMENT"), drawing())
	assert [(f.code, f.blocking) for f in found] == [("shipment_period_unread", False)]


# ---------------------------------------------------------------- presentation


@pytest.mark.parametrize(
	"expiry, shipped, presented, expected",
	[
		(THU_0430, date(2026, 4, 1), date(2026, 4, 22), []),  # day 21
		(THU_0430, date(2026, 4, 1), date(2026, 4, 23), [("14(c)", "presented_late")]),
		# day 21 is Saturday 11 April: presentation on Monday is in time (29(a)), Tuesday is not
		(THU_0430, date(2026, 3, 21), MON_0413, []),
		(THU_0430, date(2026, 3, 21), date(2026, 4, 14), [("14(c)", "presented_late")]),
		(THU_0430, FRI_0410, THU_0430, []),
		(THU_0430, FRI_0410, date(2026, 5, 1), [("6(e)", "presented_after_expiry")]),
		# expiry on Saturday: Monday is in time, Tuesday is not
		(SAT_0502, date(2026, 4, 20), date(2026, 5, 4), []),
		(SAT_0502, date(2026, 4, 20), date(2026, 5, 5), [("6(e)", "presented_after_expiry")]),
		(THU_0430, FRI_0410, date(2026, 4, 9), [("14(i)", "presented_before_shipment")]),
	],
)
def test_presentation_dates(expiry, shipped, presented, expected):
	terms = credit(expiry_date=expiry, latest_shipment_date=None)
	found = lc.check(terms, drawing(shipment_date=shipped, presentation_date=presented))
	assert [(f.article, f.code) for f in found] == expected


@pytest.mark.parametrize(
	"shipped, today, expected",
	[
		(date(2026, 4, 1), date(2026, 4, 22), []),
		(date(2026, 4, 1), date(2026, 4, 23), [("14(c)", "presentation_day_passed", True)]),
		# 21 days after 20 April run past the expiry: present by the expiry (a note), then too late
		(date(2026, 4, 20), date(2026, 4, 21), [("6(e)", "presentation_cut_by_expiry", False)]),
		(
			date(2026, 4, 20),
			date(2026, 5, 1),
			[("6(e)", "presentation_cut_by_expiry", False), ("6(e)", "presentation_day_passed", True)],
		),
		(date(2026, 5, 1), date(2026, 4, 1), [("6(e)", "shipped_after_expiry", True)]),
	],
)
def test_last_day_for_presentation_before_presentation(shipped, today, expected):
	terms = credit(latest_shipment_date=None)
	found = lc.check(terms, drawing(shipment_date=shipped, presentation_date=None, planned=True), today=today)
	assert [(f.article, f.code, f.blocking) for f in found] == expected


def test_no_shipment_date_is_a_note_and_findings_are_problems():
	(finding,) = lc.check(credit(), drawing(shipment_date=None))
	assert (finding.code, finding.article, finding.blocking) == ("no_shipment_date", "14(c)", False)
	assert isinstance(finding, lc.Problem) and finding.render().startswith("The notice has no shipment date")


def test_last_presentation_day():
	terms = credit()
	assert lc.last_presentation_day(terms, date(2026, 3, 21)) == MON_0413
	assert lc.last_presentation_day(terms, date(2026, 4, 20)) == THU_0430
	assert lc.last_presentation_day(replace(terms, presentation_days=10), date(2026, 4, 1)) == date(
		2026, 4, 13
	)


# ---------------------------------------------------------------- amount tolerance


@pytest.mark.parametrize(
	"changes, earlier, amount, article",
	[
		({"tolerance_plus": D(5), "tolerance_minus": D(5)}, [], "11550.00", None),
		({"tolerance_plus": D(5), "tolerance_minus": D(5)}, [], "11550.01", "18(b)"),
		({}, [], "11000.00", None),
		({}, [], "11000.01", "18(b)"),
		({"about_amount": True}, [], "12100.00", None),  # art. 30(a)
		({"about_amount": True}, [], "12100.01", "30(a)"),
		({"tolerance_plus": D(5), "tolerance_minus": D(5)}, ["6000"], "5550.00", None),  # cumulative
		({"tolerance_plus": D(5), "tolerance_minus": D(5)}, ["6000"], "5550.01", "18(b)"),
		({}, ["4000", "4000"], "3000.00", None),
		({}, ["4000", "4000"], "3000.01", "18(b)"),
	],
)
def test_amount_with_tolerance(changes, earlier, amount, article):
	terms = credit(**changes)
	found = lc.check(terms, bare(amount), [bare(a) for a in earlier])
	over = [f for f in found if f.code == "amount_over_maximum"]
	assert [f.article for f in over] == ([article] if article else [])
	assert codes(found) == codes(over)


def test_amount_finding_names_the_figures():
	(finding,) = lc.check(credit(tolerance_plus=D(5), tolerance_minus=D(5)), bare("5550.01"), [bare("6000")])
	assert finding.render() == (
		"This drawing of USD 5550.01 with USD 6000 drawn before comes to USD 11550.01, above the most the credit "
		"allows, USD 11550.00 (amount 11000 + 5%)"
	)


# ---------------------------------------------------------------- quantity tolerance


@pytest.mark.parametrize(
	"goods_changes, towels, yarn, amount, expected",
	[
		({}, "1000", "500", "11000", []),
		({}, "1001", "500", "11000", [("30(b)", 1)]),  # counted in pieces: no tolerance
		({}, "1000", "525", "11000", []),  # bulk: +5 % while the drawings stay within the amount
		({}, "1000", "525.001", "11000", [("30(b)", 2)]),
		({}, "1000", "501", "11000.01", [("18(b)", 0), ("30(b)", 2)]),  # amount exceeded: no 5 %
		({"tolerance_plus": D(10)}, "1000", "501", "11002", [("30(b)", 2)]),
		({"goods": GOODS.replace("+ 1,000 PCS", "+ ABOUT 1,000 PCS")}, "1100", "500", "11000", []),
		(
			{"goods": GOODS.replace("+ 1,000 PCS", "+ ABOUT 1,000 PCS")},
			"1100.5",
			"500",
			"11000",
			[("30(a)", 1)],
		),
		({"additional_conditions": "10 PCT MORE OR LESS IN QUANTITY ALLOWED"}, "1100", "550", "11000", []),
		(
			{"additional_conditions": "10 PCT MORE OR LESS IN QUANTITY ALLOWED"},
			"1101",
			"500",
			"11000",
			[("30(b)", 1)],
		),
	],
)
def test_quantity_tolerance(goods_changes, towels, yarn, amount, expected):
	terms = credit(**goods_changes)
	found = lc.check(terms, drawing(lines=lines(towels, yarn), amount=D(amount)))
	assert [(f.article, f.idx) for f in found] == expected


@pytest.mark.parametrize("this, flagged", [("400", False), ("401", True)])
def test_quantity_counts_earlier_drawings(this, flagged):
	earlier = drawing(lines=lines("600", "0"), amount=D(6000))
	found = lc.check(credit(), drawing(lines=lines(this, "0"), amount=D(4000)), [earlier])
	assert codes(found) == (["quantity_over"] if flagged else [])
	if flagged:
		assert found[0].args[5:8] == (D(600), D(1001), D(1000))


# ---------------------------------------------------------------- partial shipments


@pytest.mark.parametrize(
	"changes, towels, yarn, towel_price, amount, expected",
	[
		({}, "1000", "500", "10.00", "11000", []),
		({}, "1000", "475", "10.00", "10950", []),  # bulk −5 % (30(b)) is still the whole quantity
		({}, "1000", "500", "10.00", "10450.00", []),  # 30(c): 5 % less, quantity in full
		({}, "1000", "500", "10.00", "10449.99", [("30(c)", "partial_amount")]),
		({}, "999", "500", "10.00", "10990", [("31(a)", "partial_quantity")]),
		({}, "1000", "474", "10.00", "10948", [("31(a)", "partial_quantity")]),
		({}, "1000", "500", "9.90", "10900", [("30(c)", "partial_amount")]),  # unit price reduced
		({"tolerance_plus": D(5), "tolerance_minus": D(5)}, "1000", "500", "10.00", "10450.00", []),
		(
			{"tolerance_plus": D(5), "tolerance_minus": D(5)},
			"1000",
			"500",
			"10.00",
			"10449.99",
			[("31(a)", "partial_amount")],
		),
		({"about_amount": True}, "1000", "500", "10.00", "9900", []),
		({"about_amount": True}, "1000", "500", "10.00", "9899.99", [("30(a)", "partial_amount")]),
	],
)
def test_partial_shipments_not_allowed(changes, towels, yarn, towel_price, amount, expected):
	terms = credit(partial_shipments=lc.NOT_ALLOWED, **changes)
	found = lc.check(terms, drawing(lines=lines(towels, yarn, towel_price), amount=D(amount)))
	assert [(f.article, f.code) for f in found] == expected


def test_partial_shipment_30c_message_says_why():
	terms = credit(partial_shipments=lc.NOT_ALLOWED)
	(finding,) = lc.check(terms, drawing(lines=lines(towel_price="9.90"), amount=D(10900)))
	assert "does not apply because a unit price is below the credit's" in finding.render()


def test_partial_shipment_after_an_earlier_drawing():
	terms = credit(partial_shipments=lc.NOT_ALLOWED)
	found = lc.check(terms, drawing(), [bare("100")])
	assert ("31(a)", "partial_after_earlier") in [(f.article, f.code) for f in found]


def test_conditional_partial_shipment_is_one_note():
	terms = credit(partial_shipments=lc.CONDITIONAL)
	found = lc.check(terms, drawing(lines=lines("500", "250"), amount=D(5500)))
	assert [(f.code, f.blocking) for f in found] == [("partial_conditional", False)]
	assert lc.check(terms, drawing()) == []


def test_partial_shipments_allowed_accept_a_part():
	assert lc.check(credit(), drawing(lines=lines("500", "250"), amount=D(5500))) == []


# ---------------------------------------------------------------- ports, transhipment, terms


@pytest.mark.parametrize(
	"credit_place, actual, matches, unknown",
	[
		("SHANGHAI, CHINA", "SHANGHAI", True, False),
		("SHANGHAI, CHINA", "Shanghai Port", True, False),
		("Port of Shanghai", "SHANGHAI, P.R. CHINA", True, False),
		("SHANGHAI", "NINGBO", False, False),
		("HAMBURG, GERMANY", "HAMBURG, USA", False, False),
		("SHANGHAI OR NINGBO, CHINA", "NINGBO", True, False),
		("SHANGHAI/NINGBO", "QINGDAO", False, False),
		("ANY CHINESE PORT", "NINGBO", True, False),
		("ANY PORT IN CHINA", "QINGDAO, CHINA", True, False),
		("ANY CHINESE PORT", "HAMBURG", False, False),
		("ANY CHINESE PORT", "HAIPHONG, VIETNAM", False, False),
		("ANY CHINESE PORT", "JIUJIANG", True, True),  # not a port this module knows: a note
		("ANY EUROPEAN PORT", "ROTTERDAM", True, False),
		("ANY EUROPEAN PORT", "NEW YORK", False, False),
		("ANY PORT", "ANYWHERE", True, False),
		("PORT KLANG", "KLANG PORT, MALAYSIA", True, False),
	],
)
def test_place_matches(credit_place, actual, matches, unknown):
	assert lc.place_matches(credit_place, actual) == (matches, unknown)


def test_ports_named_place_incoterm_currency():
	found = lc.check(
		credit(),
		drawing(
			currency="EUR",
			port_of_loading="NINGBO",
			port_of_discharge="ROTTERDAM",
			incoterm="CIF",
			named_place="HAMBURG",
		),
	)
	assert [(f.article, f.code) for f in found] == [
		("18(a)(iii)", "currency_differs"),
		("20(a)(ii)", "port_of_loading_differs"),
		("20(a)(iii)", "port_of_discharge_differs"),
		("14(d)", "named_place_differs"),
		("14(d)", "incoterm_differs"),
	]
	assert found[1].render() == "Port of loading NINGBO is not the credit's SHANGHAI, CHINA (44E)"


def test_port_of_unknown_country_is_a_note():
	found = lc.check(credit(port_of_loading="ANY CHINESE PORT"), drawing(port_of_loading="JIUJIANG"))
	assert [(f.code, f.blocking) for f in found] == [("port_of_loading_country_unknown", False)]


@pytest.mark.parametrize(
	"permission, containerised, expected",
	[
		(lc.ALLOWED, None, []),
		(None, None, []),  # silent credit: transhipment allowed
		(lc.NOT_ALLOWED, None, [("20(c)", True)]),
		(lc.NOT_ALLOWED, False, [("20(c)", True)]),
		(lc.NOT_ALLOWED, True, [("20(c)(ii)", False)]),  # container exception
		(lc.CONDITIONAL, None, [("20(c)", False)]),
	],
)
def test_transhipment(permission, containerised, expected):
	found = lc.check(credit(transhipment=permission), drawing(transhipped=True, containerised=containerised))
	assert [(f.article, f.blocking) for f in found] == expected


# ---------------------------------------------------------------- goods and unit prices


@pytest.mark.parametrize(
	"line, goods_line",
	[
		(DrawingLine(1, 10, "10", "Something else", "PCS", "atl red"), 1),  # buyer's code, spacing ignored
		(DrawingLine(1, 10, "10", "Red towels, 100% cotton, 50x100 cm", "PCS"), 1),  # credit's words in it
		(DrawingLine(1, 10, "10", "towel", "PCS"), 1),  # its words on one goods line
		(DrawingLine(1, 10, "2", "COTTON-YARN", "KGS"), 2),
		(DrawingLine(1, 10, "10", "export cartons", "PCS"), None),  # in 45A, not a goods line
		(DrawingLine(1, 10, "10", "anything", "PCS", credit_line=2), 2),  # the line the notice names
	],
)
def test_goods_matching(line, goods_line):
	index = lc._GoodsIndex(credit())
	found, described = index.match(line)
	assert described
	assert (found.idx if found else None) == goods_line


def test_goods_not_in_the_credit():
	extra = DrawingLine(3, 10, "5", "GREEN MUGS", "PCS", "MUG-1")
	found = lc.check(credit(), drawing(lines=(*lines(), extra), amount=D(11000)))
	assert [(f.article, f.code, f.idx) for f in found] == [("18(c)", "goods_not_in_credit", 3)]
	assert (
		found[0].render()
		== "Row 3: GREEN MUGS (buyer's code MUG-1) is not in the credit's description of goods"
	)


@pytest.mark.parametrize(
	"goods, price, article",
	[
		(GOODS, "10.00", None),
		(GOODS, "9.50", None),
		(GOODS, "10.01", "18(c)"),
		(GOODS.replace("AT USD10.00", "AT ABOUT USD10.00"), "11.00", None),  # art. 30(a)
		(GOODS.replace("AT USD10.00", "AT ABOUT USD10.00"), "11.01", "30(a)"),
	],
)
def test_unit_price(goods, price, article):
	found = lc.check(credit(goods=goods), drawing(lines=lines(towel_price=price), amount=D(1000)))
	over = [f for f in found if f.code == "unit_price_over"]
	assert [f.article for f in over] == ([article] if article else [])
	assert all(f.idx == 1 for f in over)


def test_unit_that_differs_is_a_note_and_not_counted():
	odd = (DrawingLine(1, 5000, "10", "RED TOWELS", "SETS", "ATL-RED"),)
	found = lc.check(credit(), drawing(lines=odd, amount=D(5000)))
	assert [(f.code, f.blocking) for f in found] == [("unit_differs", False)]


# ---------------------------------------------------------------- amendments


def test_amendment_increase_and_decrease_are_exact():
	terms = credit()
	up = lc.apply_amendment(terms, Amendment(number=1, currency="USD", increase=D("0.10")))
	assert up.amount == D("11000.10")
	down = lc.apply_amendment(up, Amendment(number=2, currency="USD", decrease=D("0.10")))
	assert down == terms
	assert lc.apply_amendment(terms, Amendment(new_amount=D("9000.00"))).amount == D("9000.00")


@pytest.mark.parametrize(
	"amendment, drawn, expected",
	[
		(Amendment(number=1, currency="USD", decrease=D("1000")), "10000", []),
		(Amendment(number=1, currency="USD", decrease=D("1000")), "10000.01", ["amount_below_drawn"]),
		(Amendment(number=1, currency="USD", decrease=D("11000.01")), "0", ["amount_below_zero"]),
		(Amendment(number=1, currency="EUR", increase=D("1")), "0", ["amendment_currency"]),
		(Amendment(number=1, issuing_bank_reference="LC2"), "0", ["amendment_other_credit"]),
		(Amendment(number=1, issuing_bank_reference="lc1 "), "0", []),
		(
			Amendment(number=1, currency="USD", new_amount=D("12000"), increase=D("500")),
			"0",
			["amendment_amounts_disagree"],
		),
		(
			Amendment(number=1, conditions_changes=(TextChange(lc.DELETE, "NO SUCH TEXT"),)),
			"0",
			["delete_text_not_found"],
		),
		# SWIFT MT707 usage rules: brief details only are announced with DETAILS TO FOLLOW in 72Z
		(Amendment(number=1, sender_to_receiver="DETAILS TO\nFOLLOW"), "0", ["details_to_follow"]),
	],
)
def test_amendment_problems(amendment, drawn, expected):
	assert codes(lc.amendment_problems(credit(), amendment, D(drawn))) == expected


def test_decrease_below_drawn_names_the_figures():
	terms = credit(tolerance_plus=D(5), tolerance_minus=D(5))
	(problem,) = lc.amendment_problems(
		terms, Amendment(number=3, currency="USD", decrease=D(2000)), D("9500")
	)
	assert problem.render() == (
		"Amendment 3 brings the most that may be drawn to USD 9450.00, below the USD 9500 already drawn"
	)


def test_amendment_shipment_date_replaces_the_period_and_cancellation():
	terms = credit(latest_shipment_date=None, shipment_period="FIRST HALF OF APRIL 2026")
	amended = lc.apply_amendment(terms, Amendment(number=1, latest_shipment_date=date(2026, 4, 20)))
	assert (amended.latest_shipment_date, amended.shipment_period) == (date(2026, 4, 20), "")
	back = lc.apply_amendment(amended, Amendment(number=2, shipment_period="IN MAY 2026"))
	assert (back.latest_shipment_date, back.shipment_period) == (None, "IN MAY 2026")
	cancelled = lc.apply_amendment(terms, Amendment(number=3, cancellation=True))
	assert lc.credit_status(cancelled, 0) == lc.CANCELLED
	assert codes(lc.check(cancelled, drawing())) == ["credit_cancelled"]


@pytest.mark.parametrize(
	"text, changes, bullets, expected, problems",
	[
		("+A\n+B", [TextChange(lc.ADD, "C")], True, "+A\n+B\n+C", 0),
		("+A\n+B", [TextChange(lc.ADD, "+C")], True, "+A\n+B\n+C", 0),
		("A. B.", [TextChange(lc.ADD, "C.")], False, "A. B.\nC.", 0),
		("+A ONE\nTWO\n+B", [TextChange(lc.DELETE, "+A ONE TWO")], True, "+B", 0),
		("+A ONE\nTWO\n+B", [TextChange(lc.DELETE, "a one\ntwo")], True, "+B", 0),
		("+A\n+B", [TextChange(lc.DELETE, "+C")], True, "+A\n+B", 1),
		("+A\n+B", [TextChange(lc.REPALL, "+Z")], True, "+Z", 0),
		("", [TextChange(lc.ADD, "X")], False, "X", 0),
	],
)
def test_apply_text_changes(text, changes, bullets, expected, problems):
	new, found = lc.apply_text_changes(text, changes, "47B", bullets)
	assert (new, len(found)) == (expected, problems)


# ---------------------------------------------------------------- properties

amounts = st.decimals(min_value=D("0.01"), max_value=D(20000), places=2)


@st.composite
def terms_strategy(draw):
	plus = draw(st.none() | st.integers(0, 20))
	return credit(
		amount=draw(st.decimals(min_value=1, max_value=10**7, places=2)),
		tolerance_plus=None if plus is None else D(plus),
		tolerance_minus=None if plus is None else D(draw(st.integers(0, 20))),
		partial_shipments=draw(st.sampled_from([None, lc.ALLOWED, lc.NOT_ALLOWED, lc.CONDITIONAL])),
		latest_shipment_date=draw(st.none() | st.dates(date(2026, 1, 1), date(2026, 12, 31))),
		port_of_loading=draw(st.sampled_from(["", "SHANGHAI", "ANY CHINESE PORT"])),
		about_amount=draw(st.booleans()),
	)


@settings(max_examples=150, deadline=None)
@given(terms_strategy())
def test_amendment_without_changes_is_the_identity(terms):
	assert lc.apply_amendment(terms, Amendment(number=1, amendment_date=date(2026, 2, 1))) == terms
	assert lc.amendment_problems(terms, Amendment(number=1)) == []


@settings(max_examples=150, deadline=None)
@given(terms_strategy(), amounts)
def test_increase_then_decrease_restores_the_amount(terms, delta):
	up = lc.apply_amendment(terms, Amendment(number=1, currency="USD", increase=delta))
	assert up.amount == terms.amount + delta
	assert lc.apply_amendment(up, Amendment(number=2, currency="USD", decrease=delta)).amount == terms.amount


@settings(max_examples=200, deadline=None)
@given(
	towels=st.integers(1, 1000),
	yarn=st.decimals(min_value=1, max_value=500, places=3),
	shipped=st.dates(date(2026, 1, 5), FRI_0410),
	days=st.integers(0, 21),
)
def test_a_drawing_within_every_limit_has_no_finding(towels, yarn, shipped, days):
	presented = min(shipped + timedelta(days=days), THU_0430)
	amount = D(towels) * D("10.00") + yarn * D("2.00")
	d = drawing(
		lines=lines(str(towels), str(yarn)), amount=amount, shipment_date=shipped, presentation_date=presented
	)
	assert lc.check(credit(), d) == []


@settings(max_examples=200, deadline=None)
@given(terms_strategy(), amounts, amounts)
def test_splitting_a_drawing_does_not_change_the_amount_finding(terms, first, second):
	whole = lc.check(terms, bare(first + second))
	split = lc.check(terms, bare(second), [bare(first)])
	assert ("amount_over_maximum" in codes(whole)) == ("amount_over_maximum" in codes(split))


# ---------------------------------------------------------------- performance


def test_200_notice_lines_against_200_goods_lines_is_fast():
	goods = "\n".join(f"+ 100 PCS OF MODEL{i} WIDGET (BUYER CODE C{i}) AT USD1.00 PER PC" for i in range(200))
	terms = credit(
		goods=goods, amount=D(20000), partial_shipments=lc.NOT_ALLOWED, incoterm=None, named_place=""
	)
	assert len(terms.goods_lines) == 200
	notice = tuple(DrawingLine(i + 1, 100, "1.00", f"Model{199 - i} widget", "PCS") for i in range(200))
	d = drawing(lines=notice, amount=D(20000))
	assert lc.check(terms, d) == []
	timings = []
	for _ in range(3):
		start = time.perf_counter()
		lc.check(terms, d, [drawing(lines=notice[:50], amount=D(0))])
		timings.append(time.perf_counter() - start)
	assert min(timings) < 0.05
