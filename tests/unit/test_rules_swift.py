"""Pure tests of the SWIFT MT700/701/707/708 reader: no Frappe, milliseconds.

The messages follow the field formats of SWIFT's Standards MT Category 7 Message Reference Guide (2018+
release; swift.com/swift-resource/202476): 32B/33B/34B ``3!a15d`` (decimal comma mandatory and counted
in the 15), 39A ``2n/2n``, 31D ``6!n29x``, 41a option A (BIC) or D (name and address) followed by
"BY ..." (14x), 48 ``3n[/35x]``, 49 CONFIRM / MAY ADD / WITHOUT, 27 ``1!n/1!n``, and in the MT707
45B/46B/47B lines that begin with the codes /ADD/, /DELETE/ or /REPALL/ ("REPALL ... No other code may be
used", MT707 field 47B usage rules).
"""

import re
import time
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foreign_trade_crm.rules import letter_of_credit as lc
from foreign_trade_crm.rules import swift

D = Decimal

# An MT700 as received (output block 2: O + MT + input time + MIR with the Sender's LT address), in CRLF,
# with a bank print-out header before block 1; 45A and 46A continue in the MT701 below.
MT700_FIN = "\r\n".join(
	[
		"BANK OF CHINA NINGBO BRANCH - SWIFT INCOMING - PRINTED 2026-01-15",
		"----------------------------------------------------------------",
		"{1:F01BKCHCNBJAXXX0000000000}{2:O7001034260115DEUTDEFFAXXX12345678902601151634N}"
		"{3:{108:LC26ATL0001}}{4:",
		":27:1/2",
		":40A:IRREVOCABLE",
		":20:LC26ATL0001",
		":31C:260115",
		":40E:UCP LATEST VERSION",
		":31D:260430IN CHINA",
		":50:ATLANTIC HOME TEXTILES GMBH",
		"HAFENSTRASSE 12",
		"20457 HAMBURG, GERMANY",
		":59:/CN12345678901234",
		"NINGBO BRIGHT TEXTILES CO., LTD.",
		"NO. 88 JIANGNAN ROAD",
		"NINGBO, ZHEJIANG, CHINA",
		":32B:USD121250,",
		":39A:05/05",
		":41D:ANY BANK IN CHINA",
		"BY NEGOTIATION",
		":42C:AT SIGHT",
		":42A:DEUTDEFF",
		":43P:NOT ALLOWED",
		":43T:ALLOWED",
		":44E:NINGBO, CHINA",
		":44F:HAMBURG, GERMANY",
		":44C:260331",
		":45A:+ 20,000 PCS OF RED TOWELS (BUYER CODE ATL-TOWEL-RED) AT USD3.25 PER PC",
		"+ 15,000 PCS OF BLUE TOWELS (BUYER CODE ATL-TOWEL-BLU) AT USD3.75 PER PC",
		":46A:+SIGNED COMMERCIAL INVOICE IN 3 ORIGINALS AND 2 COPIES",
		"+FULL SET (3/3) OF CLEAN ON BOARD OCEAN BILLS OF LADING MADE OUT",
		"TO ORDER OF DEUTSCHE BANK AG, MARKED FREIGHT COLLECT",
		":47A:+ALL DOCUMENTS MUST INDICATE THIS CREDIT NUMBER.",
		"+THIRD PARTY DOCUMENTS ARE NOT ACCEPTABLE.",
		":71D:ALL BANKING CHARGES OUTSIDE GERMANY ARE FOR",
		"ACCOUNT OF BENEFICIARY",
		":48:21/FROM THE DATE OF SHIPMENT",
		":49:CONFIRM",
		":58A:DEUTDEFF",
		":78:DOCUMENTS TO BE SENT BY COURIER IN ONE LOT.",
		":57A:BKCHCNBJ92A",
		":72Z:/PHONBEN/",
		"-}{5:{CHK:123456789ABC}}",
		"",
	]
)
MT701_FIN = "\r\n".join(
	[
		"{1:F01BKCHCNBJAXXX0000000000}{2:O7011035260115DEUTDEFFAXXX12345678912601151635N}{4:",
		":27:2/2",
		":20:LC26ATL0001",
		":45A:TOTAL USD121,250.00 FOB NINGBO, CHINA INCOTERMS 2020",
		":46A:+PACKING LIST IN TRIPLICATE",
		"+CERTIFICATE OF ORIGIN ISSUED BY CCPIT IN 1 ORIGINAL AND 1 COPY",
		":47A:+PARTIAL SHIPMENTS OF EACH COLOUR ARE NOT ACCEPTABLE.",
		"-}",
	]
)

# The same kind of credit as bare tags, LF, with leading and trailing blank lines and a heading.
MT700_BARE = """

   Issue of a Documentary Credit (copy for the beneficiary)
:27:1/1
:40A:IRREVOCABLE TRANSFERABLE
:20:EXP-2026-0042
:23:PREADV/0042
:31C:260301
:40E:UCP LATEST VERSION
:31D:261231 IN SINGAPORE
:51A:DBSSSGSG
:50:PACIFIC TRADING PTE LTD
10 MARINA BOULEVARD
SINGAPORE 018983
:59:GLOBAL EXPORT CO.
PO BOX 12
HAMBURG
:32B:EUR1234,56
:41A:BKCHCNBJXXX
BY DEF PAYMENT
:42P:AT 90 DAYS AFTER B/L DATE
:43P:PROHIBITED
:43T:PERMITTED
:44A:HAMBURG WAREHOUSE
:44E:ANY EUROPEAN PORT
:44F:SINGAPORE
:44B:SINGAPORE
:44D:SHIPMENT DURING SECOND HALF OF JUNE 2026
:45A:ABOUT 500 MT OF WHEAT FLOUR IN 50 KG BAGS
AT ABOUT EUR 2,46 PER MT CIF SINGAPORE
:46A:1. SIGNED COMMERCIAL INVOICE IN DUPLICATE
2. 2/3 SET OF CLEAN ON BOARD BILLS OF LADING
3) INSURANCE POLICY FOR 110 PCT OF CIF VALUE
:47A:DOCUMENTS ISSUED BEFORE THE CREDIT DATE ARE ACCEPTABLE.
QUANTITY 5 PCT MORE OR LESS ALLOWED.
:71D:ALL CHARGES FOR BENEFICIARY
:48:WITHIN 15 DAYS AFTER THE DATE OF SHIPMENT BUT WITHIN THE VALIDITY OF THE CREDIT
:49:WITHOUT

"""


def _mt700(replacements: dict[str, str | None]) -> str:
	"""MT700_BARE with some fields replaced (value) or removed (None); a tag it lacks is appended."""
	lines = MT700_BARE.strip().split("\n")
	out, skip, seen = [], False, set()
	for line in lines:
		m = re.match(r"^:(\d{2}[A-Z]?):", line)
		if m:
			skip = False
			if m[1] in replacements:
				seen.add(m[1])
				skip = True
				if replacements[m[1]] is not None:
					out.append(f":{m[1]}:{replacements[m[1]]}")
				continue
		if not skip:
			out.append(line)
	out += [f":{tag}:{value}" for tag, value in replacements.items() if tag not in seen and value is not None]
	return "\n".join(out)


def _codes(problems):
	return sorted(p.code for p in problems)


# ---------------------------------------------------------------- parsing the message


def test_parse_message_takes_type_and_banks_from_the_blocks():
	message, problems = swift.parse_message(MT700_FIN)
	assert problems == []
	assert message.mt == "700" and message.direction == "O"
	assert message.sender == "DEUTDEFF" and message.receiver == "BKCHCNBJ"
	assert [f.tag for f in message.fields][:5] == ["27", "40A", "20", "31C", "40E"]
	assert message.first("50").lines == (
		"ATLANTIC HOME TEXTILES GMBH",
		"HAFENSTRASSE 12",
		"20457 HAMBURG, GERMANY",
	)
	# the block end "-}{5:...}" is not part of the last field
	assert message.value("72Z") == "/PHONBEN/"


def test_parse_message_input_direction_reads_sender_from_block_1():
	text = "{1:F01DEUTDEFFAXXX0000000000}{2:I700BKCHCNBJX92AN}{4:\n:20:X\n-}"
	message, _ = swift.parse_message(text)
	assert (message.direction, message.sender, message.receiver) == ("I", "DEUTDEFF", "BKCHCNBJ92A")


def test_parse_message_keeps_repeats_in_order_and_ignores_leading_text():
	message, problems = swift.parse_message("header line\n:20:A\n:79:ONE\nTWO\n:79:THREE\n")
	assert problems == []
	assert message.mt is None
	assert [(f.tag, f.lines) for f in message.all("79")] == [("79", ("ONE", "TWO")), ("79", ("THREE",))]


@pytest.mark.parametrize(
	"text, code",
	[
		("", "no_fields"),
		("just some words\nno tags", "no_fields"),
		(":20:" + "X" * (swift.MAX_CHARS + 1), "too_long"),
	],
)
def test_parse_message_refuses(text, code):
	message, problems = swift.parse_message(text)
	assert message is None and _codes(problems) == [code]


def test_split_messages():
	parts = swift.split_messages(MT700_FIN + MT701_FIN)
	assert len(parts) == 2 and "{2:O701" in parts[1]
	assert swift.split_messages(MT700_BARE) == [MT700_BARE]


# ---------------------------------------------------------------- field values


@pytest.mark.parametrize(
	"value, expected",
	[
		("USD125000,", ("USD", D("125000"))),
		("EUR1234,56", ("EUR", D("1234.56"))),
		("JPY5000000,", ("JPY", D("5000000"))),
		("KWD10,125", ("KWD", D("10.125"))),  # three decimals
		("USD 125000,00", ("USD", D("125000.00"))),  # a space after the code is tolerated
		("USD0,", ("USD", D("0"))),
		("USD12345678901234,", ("USD", D("12345678901234"))),  # 15 characters with the comma
		("USD125000", None),  # the comma is mandatory
		("USD125.000,00", None),  # no thousands separators
		("USD125,000.00", None),
		("USD1234567890123456,", None),  # 17 characters
		("JPY5000000,5", None),  # the yen has no decimals
		("USD1,234", None),  # three decimals for the dollar
		("USX100,", None),  # not ISO 4217
		("usd100,", None),
		("USD,50", None),  # at least one digit before the comma
		("125000,", None),
		("", None),
	],
)
def test_read_amount(value, expected):
	assert swift.read_amount(value) == expected


@pytest.mark.parametrize(
	"value, expected",
	[
		("260115", date(2026, 1, 15)),
		("000229", date(2000, 2, 29)),
		("790101", date(2079, 1, 1)),  # century rule: YY < 80 is 20YY
		("791231", date(2079, 12, 31)),
		("800101", date(1980, 1, 1)),  # 80 and above is 19YY
		("991231", date(1999, 12, 31)),
		("260230", None),
		("261301", None),
		("26013", None),
		("2026-01-15", None),
		("20260115", None),
	],
)
def test_read_date(value, expected):
	assert swift.read_date(value) == expected


@pytest.mark.parametrize(
	"value, expected",
	[
		("05/05", (D(5), D(5))),
		("10/00", (D(10), D(0))),
		("5/5", (D(5), D(5))),
		("10", None),
		("10%/10%", None),
		("+10/-10", None),
		("100/10", None),
		("", None),
	],
)
def test_read_tolerance(value, expected):
	assert swift.read_tolerance(value) == expected


# ---------------------------------------------------------------- MT700 + MT701


def test_credit_from_fin_mt700_with_mt701():
	terms, problems = swift.credit_from_mt700(MT700_FIN, [MT701_FIN])
	assert problems == []
	assert terms.number == "LC26ATL0001"
	assert (terms.currency, terms.amount) == ("USD", D("121250"))
	assert (terms.tolerance_plus, terms.tolerance_minus) == (D(5), D(5))
	assert terms.form == "IRREVOCABLE" and terms.rules == "UCP LATEST VERSION"
	assert terms.issue_date == date(2026, 1, 15)
	assert (terms.expiry_date, terms.expiry_place) == (date(2026, 4, 30), "CHINA")
	assert terms.applicant.split("\n") == [
		"ATLANTIC HOME TEXTILES GMBH",
		"HAFENSTRASSE 12",
		"20457 HAMBURG, GERMANY",
	]
	assert terms.beneficiary.startswith("NINGBO BRIGHT TEXTILES CO., LTD.\nNO. 88")
	assert terms.beneficiary_account == "CN12345678901234"
	assert terms.issuing_bank == lc.Party(bic="DEUTDEFF")  # the Sender
	assert terms.advising_bank == lc.Party(bic="BKCHCNBJ")  # the Receiver
	assert terms.advise_through_bank.bic == "BKCHCNBJ92A"
	assert terms.confirming_bank.bic == "DEUTDEFF" and terms.confirmation == lc.CONFIRM
	assert terms.available_with == lc.Party(name="ANY BANK IN CHINA")
	assert terms.available_by == lc.BY_NEGOTIATION
	assert (terms.drafts_at, terms.usance_days) == ("AT SIGHT", 0)
	assert (terms.partial_shipments, terms.transhipment) == (lc.NOT_ALLOWED, lc.ALLOWED)
	assert (terms.port_of_loading, terms.port_of_discharge) == ("NINGBO, CHINA", "HAMBURG, GERMANY")
	assert terms.latest_shipment_date == date(2026, 3, 31)
	assert (terms.presentation_days, terms.presentation_narrative) == (21, "FROM THE DATE OF SHIPMENT")
	assert terms.charges == "ALL BANKING CHARGES OUTSIDE GERMANY ARE FOR\nACCOUNT OF BENEFICIARY"
	assert terms.sender_to_receiver == "/PHONBEN/"
	# 45A of the MT701 is appended: the Incoterm stands there
	assert terms.goods.endswith("TOTAL USD121,250.00 FOB NINGBO, CHINA INCOTERMS 2020")
	assert (terms.incoterm, terms.named_place, terms.incoterms_version) == ("FOB", "NINGBO, CHINA", "2020")
	red, blue = terms.goods_lines
	assert (red.quantity, red.unit, red.description, red.unit_price, red.buyer_code) == (
		D(20000),
		"PCS",
		"RED TOWELS",
		D("3.25"),
		"ATL-TOWEL-RED",
	)
	assert red.counted and not red.about_quantity
	assert (blue.quantity, blue.unit_price, blue.buyer_code) == (D(15000), D("3.75"), "ATL-TOWEL-BLU")
	# 46A continued: four documents; "IN TRIPLICATE" is one original and two copies (UCP 600 art. 17(e))
	assert [(d.kind, d.originals, d.copies) for d in terms.documents] == [
		(lc.DOC_INVOICE, 3, 2),
		(lc.DOC_BILL_OF_LADING, 3, None),
		(lc.DOC_PACKING_LIST, 1, 2),
		(lc.DOC_ORIGIN, 1, 1),
	]
	assert terms.documents[1].full_set and terms.documents[1].set_of == 3
	assert "TO ORDER OF DEUTSCHE BANK AG" in terms.documents[1].text
	assert terms.additional_conditions.count("\n") == 2  # 47A: two lines of the MT700, one of the MT701


def test_credit_from_bare_tags():
	terms, problems = swift.credit_from_mt700(MT700_BARE)
	# 48 in the older free-text form: the days are taken from it
	assert problems == []
	assert terms.number == "EXP-2026-0042" and terms.pre_advice_reference == "PREADV/0042"
	assert terms.form == "IRREVOCABLE TRANSFERABLE"
	assert (terms.currency, terms.amount) == ("EUR", D("1234.56"))
	assert terms.tolerance_plus is None
	assert (terms.expiry_date, terms.expiry_place) == (date(2026, 12, 31), "SINGAPORE")
	assert terms.applicant_bank == lc.Party(bic="DBSSSGSG")
	assert terms.issuing_bank is None and terms.advising_bank is None  # no header blocks
	assert terms.available_with == lc.Party(bic="BKCHCNBJXXX") and terms.available_by == lc.BY_DEF_PAYMENT
	assert terms.usance_days == 90
	assert (terms.partial_shipments, terms.transhipment) == (lc.NOT_ALLOWED, lc.ALLOWED)
	assert terms.place_of_receipt == "HAMBURG WAREHOUSE" and terms.final_destination == "SINGAPORE"
	assert terms.shipment_period == "SHIPMENT DURING SECOND HALF OF JUNE 2026"
	assert terms.presentation_days == 15
	assert terms.presentation_narrative.startswith("WITHIN 15 DAYS")
	assert terms.confirmation == lc.WITHOUT
	(flour,) = terms.goods_lines
	assert (flour.quantity, flour.unit, flour.counted, flour.about_quantity) == (D(500), "MT", False, True)
	assert (flour.unit_price, flour.about_price) == (D("2.46"), True)
	assert (terms.incoterm, terms.named_place) == ("CIF", "SINGAPORE")
	assert terms.quantity_tolerance == D(5)
	assert [(d.kind, d.originals, d.copies, d.set_of) for d in terms.documents] == [
		(lc.DOC_INVOICE, 1, 1, None),
		(lc.DOC_BILL_OF_LADING, 2, None, 3),
		(lc.DOC_INSURANCE, None, None, None),
	]


@pytest.mark.parametrize(
	"text, days, assumed",
	[
		("21", 21, False),
		("15/FROM THE INVOICE DATE", 15, False),
		("WITHIN 21 DAYS AFTER THE DATE OF SHIPMENT BUT WITHIN THE VALIDITY OF THE CREDIT", 21, False),
		("DOCUMENTS TO BE PRESENTED WITHIN 10 (TEN) DAYS AFTER SHIPMENT", 10, False),
		("DOCUMENTS TO BE PRESENTED WITHIN THE VALIDITY OF THE CREDIT", 21, True),
	],
)
def test_period_for_presentation(text, days, assumed):
	terms, problems = swift.credit_from_mt700(_mt700({"48": text}))
	assert terms.presentation_days == days
	assert [p.code for p in problems] == (["presentation_days_assumed"] if assumed else [])
	assert all(not p.blocking for p in problems)


def test_presentation_days_default_when_48_is_absent():
	terms, _ = swift.credit_from_mt700(_mt700({"48": None}))
	assert terms.presentation_days == 21 and terms.presentation_narrative == ""


@pytest.mark.parametrize(
	"field, value, expected",
	[
		("41D", "ANY BANK\nBY NEGOTIATION", (lc.Party(name="ANY BANK"), lc.BY_NEGOTIATION)),
		("41D", "ANY BANK IN CHINA BY NEGOTIATION", (lc.Party(name="ANY BANK IN CHINA"), lc.BY_NEGOTIATION)),
		("41D", "ISSUING BANK\nBY DEFERRED PAYMENT", (lc.Party(name="ISSUING BANK"), lc.BY_DEF_PAYMENT)),
		("41A", "DEUTDEFFXXX\nBY PAYMENT", (lc.Party(bic="DEUTDEFFXXX"), lc.BY_PAYMENT)),
		("41A", "DEUTDEFF\nBY ACCEPTANCE", (lc.Party(bic="DEUTDEFF"), lc.BY_ACCEPTANCE)),
		("41A", "DEUTDEFF\nBY MIXED PYMT", (lc.Party(bic="DEUTDEFF"), lc.BY_MIXED_PYMT)),
	],
)
def test_available_with_by(field, value, expected):
	text = _mt700({"41A": None}) + f"\n:{field}:{value}"
	terms, problems = swift.credit_from_mt700(text)
	assert problems == []
	assert (terms.available_with, terms.available_by) == expected


@pytest.mark.parametrize(
	"value, days",
	[
		("AT SIGHT", 0),
		("SIGHT", 0),
		("90 DAYS AFTER B/L DATE", 90),
		("AT 60 DAYS SIGHT", 60),
		("SEE 47A", None),
	],
)
def test_drafts_at_usance_days(value, days):
	terms, _ = swift.credit_from_mt700(_mt700({"42P": None}) + f"\n:42C:{value}")
	assert terms.usance_days == days


@pytest.mark.parametrize(
	"value, expected",
	[
		("ALLOWED", lc.ALLOWED),
		("NOT ALLOWED", lc.NOT_ALLOWED),
		("CONDITIONAL", lc.CONDITIONAL),
		("PERMITTED", lc.ALLOWED),
		("PROHIBITED", lc.NOT_ALLOWED),
		("NOT PERMITTED", lc.NOT_ALLOWED),
		("Allowed.", lc.ALLOWED),
	],
)
def test_partial_shipments_wording(value, expected):
	terms, _ = swift.credit_from_mt700(_mt700({"43P": value}))
	assert terms.partial_shipments == expected


@pytest.mark.parametrize(
	"value, expiry, place",
	[
		("261231CHINA", date(2026, 12, 31), "CHINA"),
		("261231 IN CHINA", date(2026, 12, 31), "CHINA"),
		(
			"261231 AT THE COUNTERS OF THE NEGOTIATING BANK",
			date(2026, 12, 31),
			"THE COUNTERS OF THE NEGOTIATING BANK",
		),
		("261231INDIA", date(2026, 12, 31), "INDIA"),
	],
)
def test_date_and_place_of_expiry(value, expiry, place):
	terms, _ = swift.credit_from_mt700(_mt700({"31D": value}))
	assert (terms.expiry_date, terms.expiry_place) == (expiry, place)


# ---------------------------------------------------------------- problems


@pytest.mark.parametrize(
	"replacements, code, tag",
	[
		({"31C": "26011"}, "bad_date", "31C"),
		({"31C": "260231"}, "bad_date", "31C"),
		({"31D": "20261231 SINGAPORE"}, "bad_date", "31D"),
		({"32B": "EUR1234.56"}, "amount_without_comma", "32B"),
		({"32B": "EUR1.234,56"}, "bad_amount", "32B"),
		({"32B": "XYZ1234,56"}, "bad_currency", "32B"),
		({"32B": "JPY1234,5"}, "too_many_decimals", "32B"),
		({"32B": "EUR12345678901234,5"}, "amount_too_long", "32B"),
		({"44C": "2603"}, "bad_date", "44C"),
		({"27": "1"}, "bad_sequence", "27"),
		({"49": "MAYBE"}, "bad_code", "49"),
		({"43P": "SEE 47A"}, "bad_code", "43P"),
		({"41A": "DEUTDE\nBY PAYMENT"}, "bad_bic", "41A"),
		({"41A": "DEUTDEFF"}, "no_available_by", "41A"),
		({"51A": "NOT A BIC"}, "bad_bic", "51A"),
		({"50": None}, "missing_field", "50"),
		({"40E": None}, "missing_field", "40E"),
		({"41A": None}, "missing_field", "41a"),
		({"27": None}, "missing_field", "27"),
		({"31D": "261231 SINGAPORE", "31C": "270101"}, "expiry_before_issue", None),
	],
)
def test_each_malformed_field_is_named(replacements, code, tag):
	terms, problems = swift.credit_from_mt700(_mt700(replacements))
	assert terms is None
	assert [p.code for p in problems] == [code]
	if tag is not None:
		assert problems[0].args[0] == tag
		assert problems[0].render().startswith(f"Field {tag} (")


def test_39a_not_nn_nn():
	terms, problems = swift.credit_from_mt700(MT700_BARE.replace(":41A:", ":39A:10 PCT\n:41A:"))
	assert terms is None
	assert [(p.code, p.args[:3]) for p in problems] == [
		("bad_tolerance", ("39A", "Percentage Credit Amount Tolerance", "10 PCT"))
	]


def test_every_problem_is_reported_at_once():
	text = _mt700(
		{
			"31C": "261301",
			"32B": "USD125000",
			"40E": None,
			"50": None,
			"49": "PERHAPS",
			"41A": "BADBIC\nBY PAYMENT",
		}
	)
	text += "\n:39A:+10/-10\n:44C:260101\n:44C:260102"
	terms, problems = swift.credit_from_mt700(text)
	assert terms is None
	assert {(p.code, p.args[0]) for p in problems} == {
		("missing_field", "40E"),
		("missing_field", "50"),
		("repeated_field", "44C"),
		("bad_date", "31C"),
		("amount_without_comma", "32B"),
		("bad_tolerance", "39A"),
		("bad_bic", "41A"),
		("bad_code", "49"),
	}
	rendered = [p.render() for p in problems]
	assert "Field 31C (Date of Issue): 261301 is not a date in the form YYMMDD" in rendered
	assert any("USD125000 has no decimal comma" in r for r in rendered)


def test_mt707_is_not_an_mt700():
	terms, problems = swift.credit_from_mt700(MT707_FIN)
	assert terms is None
	assert ("wrong_type", ("707", "700")) in [(p.code, p.args) for p in problems]


def test_bare_amendment_looks_like_an_mt707():
	terms, problems = swift.credit_from_mt700(":27:1/1\n:20:X\n:26E:1\n:30:260301\n:32B:USD1,")
	assert terms is None
	assert problems[0].code == "wrong_type" and problems[0].args == ("707", "700", "26E")


def test_mt700_is_not_an_mt707():
	amendment, problems = swift.amendment_from_mt707(MT700_FIN)
	assert amendment is None
	assert ("wrong_type", ("700", "707")) in [(p.code, p.args) for p in problems]


def test_continuation_count_and_reference():
	_, problems = swift.credit_from_mt700(MT700_FIN)
	assert [(p.code, p.args) for p in problems] == [("continuation_count", (2, 1))]
	other = MT701_FIN.replace(":20:LC26ATL0001", ":20:LC26ATL0002")
	_, problems = swift.credit_from_mt700(MT700_FIN, [other])
	assert [(p.code, p.args) for p in problems] == [
		("continuation_reference", (1, "LC26ATL0002", "LC26ATL0001"))
	]
	assert swift.credit_from_mt700(MT700_FIN, [MT700_FIN])[0] is None  # an MT700 is no continuation


def test_continuations_are_put_in_sequence_order():
	first = MT700_FIN.replace(":27:1/2", ":27:1/3")
	two = MT701_FIN.replace(":27:2/2", ":27:2/3")
	three = "\n".join(
		[":27:3/3", ":20:LC26ATL0001", ":46A:+WEIGHT LIST IN 2 COPIES", ":45A:PACKED IN CARTONS"]
	)
	terms, problems = swift.credit_from_mt700(first, [three, two])
	assert problems == []
	assert [d.kind for d in terms.documents][-1] == lc.DOC_WEIGHT_LIST
	assert terms.goods.endswith("INCOTERMS 2020\nPACKED IN CARTONS")


def test_too_many_continuations_are_refused_before_reading():
	terms, problems = swift.credit_from_mt700(MT700_FIN, [MT701_FIN] * (swift.MAX_CONTINUATIONS + 1))
	assert terms is None and _codes(problems) == ["too_many_continuations"]


# ---------------------------------------------------------------- MT707

MT707_FIN = "\r\n".join(
	[
		"{1:F01BKCHCNBJAXXX0000000000}{2:O7070915260301DEUTDEFFAXXX12345678922603010915N}{4:",
		":27:1/1",
		":20:LC26ATL0001",
		":21:BOCNB26-0042",
		":23:LC26ATL0001",
		":31C:260115",
		":26E:1",
		":30:260301",
		":22A:ISSU",
		":31D:260531IN CHINA",
		":32B:USD12125,",
		":44C:260430",
		":45B:/ADD/+ 2,000 PCS OF GREEN TOWELS (BUYER CODE ATL-TOWEL-GRN) AT USD3.40 PER PC",
		":46B:/ADD/BENEFICIARY'S CERTIFICATE THAT ONE SET OF NON-NEGOTIABLE",
		"DOCUMENTS HAS BEEN SENT TO THE APPLICANT BY COURIER",
		":47B:/DELETE/+THIRD PARTY DOCUMENTS ARE NOT ACCEPTABLE.",
		"/ADD/+THIRD PARTY DOCUMENTS EXCEPT INVOICE AND DRAFTS ARE ACCEPTABLE.",
		":71N:APPL",
		":72Z:PLEASE ADVISE THE BENEFICIARY",
		"-}{5:{CHK:ABCDEF123456}}",
	]
)


def test_amendment_from_mt707():
	amendment, problems = swift.amendment_from_mt707(MT707_FIN)
	assert problems == []
	assert (amendment.number, amendment.amendment_date, amendment.purpose) == (1, date(2026, 3, 1), "ISSU")
	assert (
		amendment.issuing_bank_reference == "LC26ATL0001" and amendment.receiver_reference == "BOCNB26-0042"
	)
	assert (amendment.currency, amendment.increase, amendment.decrease) == ("USD", D(12125), None)
	assert (amendment.expiry_date, amendment.expiry_place) == (date(2026, 5, 31), "CHINA")
	assert amendment.latest_shipment_date == date(2026, 4, 30)
	assert amendment.documents_changes == (
		lc.TextChange(
			lc.ADD,
			"BENEFICIARY'S CERTIFICATE THAT ONE SET OF NON-NEGOTIABLE\n"
			"DOCUMENTS HAS BEEN SENT TO THE APPLICANT BY COURIER",
		),
	)
	assert [c.code for c in amendment.conditions_changes] == [lc.DELETE, lc.ADD]
	assert amendment.amendment_charges_by == "APPL"
	assert amendment.sender_to_receiver == "PLEASE ADVISE THE BENEFICIARY"
	# unchanged terms stay None
	assert (
		amendment.port_of_loading is None
		and amendment.tolerance is None
		and amendment.partial_shipments is None
	)


def test_mt707_applied_to_the_credit():
	terms, _ = swift.credit_from_mt700(MT700_FIN, [MT701_FIN])
	amendment, _ = swift.amendment_from_mt707(MT707_FIN)
	assert lc.amendment_problems(terms, amendment, drawn=0) == []
	amended = lc.apply_amendment(terms, amendment)
	assert amended.amount == D("133375")
	assert amended.expiry_date == date(2026, 5, 31) and amended.latest_shipment_date == date(2026, 4, 30)
	assert [g.buyer_code for g in amended.goods_lines] == ["ATL-TOWEL-RED", "ATL-TOWEL-BLU", "ATL-TOWEL-GRN"]
	assert amended.documents[-1].kind == lc.DOC_BENEFICIARY_CERTIFICATE
	assert amended.documents[-1].text.startswith("BENEFICIARY'S CERTIFICATE")  # added as a row of its own
	assert "THIRD PARTY DOCUMENTS ARE NOT ACCEPTABLE" not in amended.additional_conditions
	assert amended.additional_conditions.endswith("EXCEPT INVOICE AND DRAFTS ARE ACCEPTABLE.")
	assert amended.port_of_loading == terms.port_of_loading and amended.number == terms.number


def test_mt707_repall_and_old_fields():
	text = "\n".join(
		[
			":27:1/1",
			":20:LC26ATL0001",
			":21:NONREF",
			":23:LC26ATL0001",
			":31C:260115",
			":26E:2",
			":30:260310",
			":22A:ISSU",
			":34B:USD100000,",
			":33B:USD21250,",
			":39A:10/10",
			":43P:ALLOWED",
			":44E:ANY CHINESE PORT",
			":45B:/REPALL/+ 30,769 PCS OF RED TOWELS (BUYER CODE ATL-TOWEL-RED) AT USD3.25 PER PC",
			"CFR HAMBURG INCOTERMS 2020",
			":48:15",
			":79:THE BENEFICIARY'S NAME IS AMENDED TO NINGBO BRIGHT TEXTILE GROUP",
		]
	)
	amendment, problems = swift.amendment_from_mt707(text)
	assert problems == []
	assert (amendment.new_amount, amendment.decrease) == (D(100000), D(21250))
	terms, _ = swift.credit_from_mt700(MT700_FIN, [MT701_FIN])
	amended = lc.apply_amendment(terms, amendment)
	assert amended.amount == D(100000)
	assert (amended.tolerance_plus, amended.tolerance_minus) == (D(10), D(10))
	assert amended.partial_shipments == lc.ALLOWED and amended.port_of_loading == "ANY CHINESE PORT"
	assert [g.quantity for g in amended.goods_lines] == [D(30769)]
	assert (amended.incoterm, amended.named_place) == ("CFR", "HAMBURG")
	assert amended.presentation_days == 15
	problems = lc.amendment_problems(terms, amendment)
	assert [(p.code, p.blocking) for p in problems] == [("narrative_to_apply", False)]


@pytest.mark.parametrize(
	"field_lines, code",
	[
		([":45B:+ADDITIONAL GOODS"], "change_without_code"),
		([":47B:/REPLACE/NEW TEXT"], "bad_code"),
		([":47B:/REPALL/NEW TEXT", "/ADD/MORE TEXT"], "repall_not_alone"),
		([":22A:AMND"], "bad_code"),
		([":26E:ONE"], "bad_number"),
		([":71N:SELLER"], "bad_code"),
		([":23S:CANCELLED"], "bad_code"),
		([":33B:USD1.000,00"], "bad_amount"),
	],
)
def test_mt707_malformed_fields(field_lines, code):
	lines = [
		":27:1/1",
		":20:LC1",
		":21:NONREF",
		":23:LC1",
		":31C:260115",
		":26E:1",
		":30:260301",
		":22A:ISSU",
	]
	tags = {line.split(":")[1] for line in field_lines if line.startswith(":")}
	lines = [line for line in lines if line.split(":")[1] not in tags] + field_lines
	amendment, problems = swift.amendment_from_mt707("\n".join(lines))
	assert amendment is None
	assert [p.code for p in problems] == [code]


def test_mt707_mandatory_fields_all_reported():
	amendment, problems = swift.amendment_from_mt707(":20:LC1\n:32B:USD100,\n:26E:1")
	assert amendment is None
	assert sorted(p.args[0] for p in problems if p.code == "missing_field") == [
		"21",
		"22A",
		"23",
		"27",
		"30",
		"31C",
	]


def test_mt707_cancellation_and_mt708_continuation():
	head = [":27:1/2", ":20:LC1", ":21:NONREF", ":23:LC1", ":31C:260115", ":26E:3", ":30:260401", ":22A:ISSU"]
	mt708 = "\n".join([":27:2/2", ":20:LC1", ":26E:3", ":30:260401", ":46B:/ADD/+PACKING LIST IN 2 COPIES"])
	amendment, problems = swift.amendment_from_mt707("\n".join([*head, ":23S:CANCEL"]), [mt708])
	assert problems == []
	assert amendment.cancellation
	assert amendment.documents_changes == (lc.TextChange(lc.ADD, "+PACKING LIST IN 2 COPIES"),)
	wrong = mt708.replace(":26E:3", ":26E:4")
	_, problems = swift.amendment_from_mt707("\n".join([*head, ":23S:CANCEL"]), [wrong])
	assert [(p.code, p.args) for p in problems] == [("continuation_number", (1, 4, 3))]


# ---------------------------------------------------------------- properties


@settings(max_examples=200, deadline=None)
@given(
	st.sampled_from(["USD", "EUR", "JPY", "KWD", "CNY"]),
	st.integers(min_value=0, max_value=10**11),
	st.integers(min_value=0, max_value=3),
)
def test_amount_round_trip(currency, units, decimals):
	decimals = min(decimals, lc.currency_decimals(currency))
	value = Decimal(units).scaleb(-decimals)
	number = format(value, "f").replace(".", ",")
	if "," not in number:
		number += ","
	assert swift.read_amount(f"{currency}{number}") == (currency, value)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(":0123456789ABCDXYZ/-{}\r\n ,")), max_size=300))
def test_reader_never_raises_and_never_returns_terms_with_blocking_problems(text):
	terms, problems = swift.credit_from_mt700(text)
	assert (terms is None) == any(p.blocking for p in problems)
	amendment, problems = swift.amendment_from_mt707(text)
	if amendment is not None:
		assert not any(p.blocking for p in problems)


@pytest.mark.parametrize(
	"tag, body",
	[
		("45A", "+1 PCS " + "1" * 95_000),
		("45A", "+1 PCS " + "1." * 47_000),
		("46A", "+FULL SET " + "1/" * 47_000),
		("44D", "ON OR ABOUT 1 MAR 2026 " * 4_000),
		("47A", "10 PCT " * 13_000),
	],
)
def test_long_hostile_fields_are_read_in_linear_time(tag, body):
	text = (MT700_BARE.strip() + f"\n:{tag}:" + body)[: swift.MAX_CHARS]
	start = time.perf_counter()
	swift.credit_from_mt700(text)
	assert time.perf_counter() - start < 2  # quadratic backtracking would take minutes


def test_long_deletion_is_linear():
	start = time.perf_counter()
	_, problems = lc.apply_text_changes("A " * 50_000 + "B", [lc.TextChange(lc.DELETE, "A " * 25_000 + "C")])
	assert [p.code for p in problems] == ["delete_text_not_found"]
	assert time.perf_counter() - start < 2
