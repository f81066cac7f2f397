"""Letters of credit in the sample world: the SWIFT messages a bank sends for the US buyer's credits (MT700
with its MT701, MT707), as the demo, the tests and the benchmark paste them, and ``make_*`` helpers on top
of the product's own services.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import frappe
from frappe.utils import getdate, nowdate

from foreign_trade_crm.sample_world.world import COMPANY, CUSTOMERS, make_contract

#: (quantity, buyer's code, description, unit price) of the towels under the US buyer's credit
GOODS = (
	(20_000, "ATL-TOWEL-RED", "RED TOWELS", "3.25"),
	(15_000, "ATL-TOWEL-BLUE", "BLUE TOWELS", "3.75"),
)
#: the buyer's code of each of our items
ITEMS = {"ATL-TOWEL-RED": "FTC-TOWEL-RED", "ATL-TOWEL-BLUE": "FTC-TOWEL-BLUE"}


# ---------------------------------------------------------------- the bank's messages


def yymmdd(day: date) -> str:
	return day.strftime("%y%m%d")


def goods_text(goods=GOODS, incoterm: str = "FOB SHANGHAI, CHINA INCOTERMS 2020") -> str:
	"""A description of goods (45A): a line per goods line, then the Incoterm."""
	lines = [
		f"+ {qty:,} PCS OF {description} (BUYER CODE {code}) AT USD{price} PER PC"
		for qty, code, description, price in goods
	]
	return "\n".join([*lines, incoterm])


def amount_of(goods=GOODS) -> str:
	"""The credit amount of these goods, as SWIFT writes it (decimal comma)."""
	total = sum(Decimal(qty) * Decimal(price) for qty, _code, _d, price in goods)
	return f"{total:.2f}".replace(".", ",")


def mt700(
	number: str,
	today: date | None = None,
	goods=GOODS,
	amount: str | None = None,
	tolerance: str | None = "05/05",
	partial: str = "ALLOWED",
	latest_days: int = 60,
	expiry_days: int = 90,
	presentation: str = "21/FROM THE DATE OF SHIPMENT",
	fin: bool = True,
	currency: str = "USD",
) -> tuple[str, str]:
	"""An MT700 and its MT701 (45A, 46A and 47A continue there) for the US buyer: as received in FIN blocks
	(CRLF, a print-out header before them), or as bare tags."""
	today = today or getdate(nowdate())
	goods_lines = goods_text(goods).splitlines()
	body = [
		":27:1/2",
		":40A:IRREVOCABLE",
		f":20:{number}",
		f":31C:{yymmdd(today)}",
		":40E:UCP LATEST VERSION",
		f":31D:{yymmdd(today + timedelta(days=expiry_days))}IN CHINA",
		":50:FTC BUYER ATLANTIC",
		"100 HARBOR BLVD",
		"LOS ANGELES, USA",
		":59:/CN12345678901234",
		"FTC EXPORT TRADING CO",
		"NO. 88 JIANGNAN ROAD, NINGBO, CHINA",
		f":32B:{currency}{amount or amount_of(goods)}",
		*([f":39A:{tolerance}"] if tolerance else []),
		":41D:ANY BANK IN CHINA",
		"BY NEGOTIATION",
		":42C:AT SIGHT",
		":42A:CITIUS33",
		f":43P:{partial}",
		":43T:ALLOWED",
		":44E:SHANGHAI, CHINA",
		":44F:LOS ANGELES, USA",
		f":44C:{yymmdd(today + timedelta(days=latest_days))}",
		f":45A:{goods_lines[0]}",
		*goods_lines[1:-1],
		":46A:+SIGNED COMMERCIAL INVOICE IN 3 ORIGINALS AND 2 COPIES",
		"+FULL SET (3/3) OF CLEAN ON BOARD OCEAN BILLS OF LADING MADE OUT",
		"TO ORDER OF CITIBANK N.A., MARKED FREIGHT COLLECT",
		":47A:+ALL DOCUMENTS MUST INDICATE THIS CREDIT NUMBER.",
		":71D:ALL BANKING CHARGES OUTSIDE USA ARE FOR",
		"ACCOUNT OF BENEFICIARY",
		f":48:{presentation}",
		":49:CONFIRM",
		":58A:BKCHCNBJ",
		":78:DOCUMENTS TO BE SENT BY COURIER IN ONE LOT.",
		":72Z:/PHONBEN/",
	]
	continuation = [
		":27:2/2",
		f":20:{number}",
		f":45A:{goods_lines[-1]}",
		":46A:+PACKING LIST IN TRIPLICATE",
		"+CERTIFICATE OF ORIGIN ISSUED BY CCPIT IN 1 ORIGINAL AND 1 COPY",
		":47A:+THIRD PARTY DOCUMENTS ARE NOT ACCEPTABLE.",
	]
	if not fin:
		return "\n".join(body), "\n".join(continuation)
	stamp = yymmdd(today)
	first = "\r\n".join(
		[
			"CITIBANK N.A. NEW YORK - SWIFT INCOMING - PRINTED",
			f"{{1:F01BKCHCNBJAXXX0000000000}}{{2:O7001034{stamp}CITIUS33AXXX1234567890{stamp}1634N}}{{4:",
			*body,
			"-}{5:{CHK:123456789ABC}}",
		]
	)
	second = "\r\n".join(
		[
			f"{{1:F01BKCHCNBJAXXX0000000000}}{{2:O7011035{stamp}CITIUS33AXXX1234567891{stamp}1635N}}{{4:",
			*continuation,
			"-}",
		]
	)
	return first, second


def mt707(
	number: str,
	amendment_no: int = 1,
	today: date | None = None,
	increase: str | None = "12125,",
	expiry_days: int = 120,
	latest_days: int = 90,
	extra: tuple[str, ...] = (),
) -> str:
	"""An MT707 for the credit ``number``: more amount, later expiry and latest shipment date, a document
	added, a condition replaced."""
	today = today or getdate(nowdate())
	return "\n".join(
		[
			":27:1/1",
			f":20:{number}",
			":21:BOCNB-ADV-0042",
			f":23:{number}",
			f":31C:{yymmdd(today)}",
			f":26E:{amendment_no}",
			f":30:{yymmdd(today)}",
			":22A:ISSU",
			f":31D:{yymmdd(today + timedelta(days=expiry_days))}IN CHINA",
			*([f":32B:USD{increase}"] if increase else []),
			f":44C:{yymmdd(today + timedelta(days=latest_days))}",
			":46B:/ADD/BENEFICIARY'S CERTIFICATE THAT ONE SET OF NON-NEGOTIABLE",
			"DOCUMENTS HAS BEEN SENT TO THE APPLICANT BY COURIER",
			":47B:/DELETE/+THIRD PARTY DOCUMENTS ARE NOT ACCEPTABLE.",
			"/ADD/+THIRD PARTY DOCUMENTS EXCEPT INVOICE AND DRAFTS ARE ACCEPTABLE.",
			*extra,
			":71N:APPL",
		]
	)


# ---------------------------------------------------------------- credits


ATLANTIC = CUSTOMERS[0][0]
RHEIN = CUSTOMERS[1][0]


def unique_number(prefix: str = "LC") -> str:
	return f"{prefix}{frappe.generate_hash(length=8).upper()}"


def credit_contract(goods=GOODS, customer: str = ATLANTIC, **kw):
	"""A countersigned contract of the goods at the credit's prices."""
	return make_contract(customer, [(ITEMS[code], qty, float(price)) for qty, code, _d, price in goods], **kw)


def make_credit(
	number: str | None = None,
	contracts=(),
	submit: bool = True,
	customer: str = ATLANTIC,
	**kw,
):
	"""A credit made from its MT700 + MT701 through the product's own service, paying ``contracts``."""
	from foreign_trade_crm.services.letter_of_credit import credit_from_swift

	number = number or unique_number()
	first, second = mt700(number, **kw)
	name = credit_from_swift(first + "\r\n" + second, customer=customer, company=COMPANY)
	doc = frappe.get_doc("Letter of Credit", name)
	for contract in contracts:
		doc.append("contracts", {"export_contract": getattr(contract, "name", contract)})
	if contracts:
		doc.save()
	if submit:
		doc.submit()
	return doc


def use_credit(notice, credit, submit: bool = False, **values):
	"""A draft notice set to draw on the credit (and saved)."""
	notice.letter_of_credit = getattr(credit, "name", credit)
	notice.update(values)
	notice.save()
	if submit:
		notice.submit()
	return notice
