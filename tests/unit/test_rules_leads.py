"""Lead import planning (seed 001): each row is created, merged, skipped or set aside, with a reason."""

import pytest

from foreign_trade_crm.rules import excel, sheet_reader
from foreign_trade_crm.rules import leads as rules
from foreign_trade_crm.rules.leads import CREATE, MERGE, SET_ASIDE, SKIP, Known


def index(*records: tuple[Known, dict]) -> dict:
	"""What the service builds: every key of every existing record → the record."""
	out = {}
	for known, values in records:
		for key in rules.keys_of(values, "49"):
			out.setdefault(key, known)
	return out


def rows(*values: dict) -> list[dict]:
	return [{"_row": i + 2, **v} for i, v in enumerate(values)]


def test_new_leads_are_created_with_clean_values():
	(d,) = rules.plan(rows({"company_name": "  Nordic   Tools AB ", "phone": 4930123456.0}), {})
	assert d.action == CREATE
	assert d.values == {"company_name": "Nordic Tools AB", "phone": "4930123456"}


def test_rows_of_the_same_lead_in_one_file_are_merged_into_the_first():
	plan = rules.plan(
		rows(
			{"company_name": "ACME Trading GmbH", "email_id": "buyer@acme.de"},
			{"company_name": "Acme Trading", "phone": "+49 30 123456"},  # same company, new phone
			{"lead_name": "Jan", "phone": "0049 (0)30 123456"},  # same phone as the row above
			{"company_name": "Other Ltd"},
		),
		{},
		lambda values: "49",
	)
	assert [d.action for d in plan] == [CREATE, MERGE, MERGE, CREATE]
	assert plan[1].target_row == plan[2].target_row == 2
	# the first row gains what it lacked, and keeps what it had
	assert plan[0].values == {
		"company_name": "ACME Trading GmbH",
		"email_id": "buyer@acme.de",
		"phone": "+49 30 123456",
		"lead_name": "Jan",
	}
	assert "row 2" in plan[2].reason.render() and "phone" in plan[2].reason.render()
	assert [d.label for d in plan] == ["ACME Trading GmbH", "Acme Trading", "Jan", "Other Ltd"]
	assert rules.summary(plan) == {CREATE: 2, MERGE: 2, SKIP: 0, SET_ASIDE: 0}


def test_existing_lead_gets_only_its_blank_fields_filled_once():
	lead = Known("Lead", "CRM-LEAD-0001", values={"company_name": "Rhein Handel", "phone": "030 99999"})
	existing = index((lead, lead.values))
	plan = rules.plan(
		rows(
			{"company_name": "RHEIN-HANDEL", "phone": "+49 30 11111", "email_id": "a@rhein.de"},
			{"email_id": "A@Rhein.de", "lead_name": "Anna", "city": "Köln"},
		),
		existing,
		lambda values: "49",
	)
	assert [d.action for d in plan] == [MERGE, MERGE]
	assert {d.target for d in plan} == {"CRM-LEAD-0001"}
	# the phone it has is kept; one update carries everything new, the second row adds nothing itself
	assert plan[0].values == {"email_id": "a@rhein.de", "lead_name": "Anna", "city": "Köln"}
	assert plan[1].values == {}
	assert "CRM-LEAD-0001" in plan[0].reason.render()


def test_customers_and_their_contacts_are_set_aside():
	customer = Known("Customer", "Atlantic Imports")
	existing = index(
		(customer, {"company_name": "Atlantic Imports Inc."}),
		(customer, {"email_id": "buyer@atlantic.example"}),  # a contact of the customer
		(customer, {"fax": "+1 212 555 0100"}),  # the fax of its address
	)
	plan = rules.plan(
		rows(
			{"company_name": "atlantic imports"},
			{"company_name": "New Name LLC", "email_id": "BUYER@atlantic.example"},
			{"company_name": "Fax Match", "phone": "+1 (212) 555-0100"},
		),
		existing,
	)
	assert [d.action for d in plan] == [SET_ASIDE] * 3
	assert {d.target for d in plan} == {"Atlantic Imports"}
	assert "company name" in plan[0].reason.render()
	assert "e-mail" in plan[1].reason.render()


def test_a_customer_match_wins_over_a_lead_match():
	lead = Known("Lead", "CRM-LEAD-0002")
	customer = Known("Customer", "Atlantic Imports")
	existing = index((lead, {"email_id": "x@shared.example"}), (customer, {"phone": "+1 212 555 0199"}))
	(d,) = rules.plan(
		rows({"company_name": "Shared", "email_id": "x@shared.example", "phone": "+1 212 555 0199"}),
		existing,
	)
	assert (d.action, d.target) == (SET_ASIDE, "Atlantic Imports")


def test_leads_that_became_opportunities_or_customers_are_set_aside():
	opportunity = Known("Lead", "CRM-LEAD-0003", became="Opportunity")
	converted = Known("Lead", "CRM-LEAD-0004", became="Converted", customer="Baltic Foods")
	existing = index(
		(opportunity, {"company_name": "Quick Deal"}), (converted, {"email_id": "b@baltic.example"})
	)
	plan = rules.plan(
		rows({"company_name": "Quick Deal Ltd."}, {"lead_name": "B", "email_id": "b@baltic.example"}),
		existing,
	)
	assert [(d.action, d.target) for d in plan] == [
		(SET_ASIDE, "CRM-LEAD-0003"),
		(SET_ASIDE, "Baltic Foods"),
	]
	assert "Opportunity" in plan[0].reason.render()


def test_a_row_sharing_a_phone_with_a_set_aside_row_is_set_aside_too():
	customer = Known("Customer", "Atlantic Imports")
	existing = index((customer, {"company_name": "Atlantic Imports"}))
	plan = rules.plan(
		rows(
			{"company_name": "Atlantic Imports", "phone": "+1 212 555 0123"},
			{"lead_name": "Their buyer", "phone": "+1 212 555 0123"},
		),
		existing,
	)
	assert [d.action for d in plan] == [SET_ASIDE, SET_ASIDE]


@pytest.mark.parametrize(
	("values", "reason"),
	[
		({"email_id": "x@y.example", "phone": "123456"}, "neither a company"),
		({"company_name": "Bad Mail", "email_id": "not an e-mail"}, "is not an e-mail"),
	],
)
def test_rows_that_cannot_be_leads_are_skipped_with_the_reason(values, reason):
	(d,) = rules.plan(rows(values), {})
	assert d.action == SKIP and reason in d.reason.render()


def test_csv_in_utf8_gbk_and_semicolons_reads_as_rows():
	assert sheet_reader.read_csv_rows("公司,邮箱\n华美贸易,a@b.cn\n".encode("gb18030")) == [
		("公司", "邮箱"),
		("华美贸易", "a@b.cn"),
	]
	assert sheet_reader.read_csv_rows("\ufeffCompany;Email\nACME;=1+1\n\n".encode()) == [
		("Company", "Email"),
		("ACME", "=1+1"),  # text, never evaluated
	]


@pytest.mark.parametrize(
	("content", "message"),
	[
		(b"", "empty"),
		(b"PK\x03\x04\x00\x00binary", "not a CSV"),
		(b"a,b\n" * 200, "more than 100 rows"),
		(b"x" * (2 * 2**20 + 1), "larger than 2 MB"),
	],
)
def test_hostile_csv_files_are_refused(content, message):
	with pytest.raises(sheet_reader.UnsafeWorkbook) as error:
		sheet_reader.read_table(content, "leads.csv", max_rows=50, max_bytes=2 * 2**20)
	assert message.replace("100", "50") in str(error.value)


def test_lead_sheet_headers_in_any_order_and_language():
	sheet = [("Lead list 2026",), ("备注", "E-Mail", "公司名称", "Tel."), ("vip", "a@b.cn", "华美", "021 1")]
	mapping = excel.find_header(sheet, rules.HEADERS, {"company_name"})
	assert mapping.header_row == 1
	assert mapping.columns == {0: "notes", 1: "email_id", 2: "company_name", 3: "phone"}


def test_a_sheets_markup_never_reaches_a_lead():
	"""What a spreadsheet from outside brings is plain text (rules/text.py): no tags, no quotes in names, no
	characters that reorder the text."""
	(decision,) = rules.plan(
		[
			{
				"_row": 2,
				"company_name": "<img src=x onerror=alert(1)>Nordic Towels",
				"lead_name": 'Eve" onmouseover="alert(1)',
				"website": 'https://nordic.example.com/"><svg onload=alert(1)>',
				"city": "Oslo\u202e",
			}
		],
		{},
	)
	assert decision.action == CREATE
	assert decision.values == {
		"company_name": "Nordic Towels",
		"lead_name": "Eve onmouseover=alert(1)",
		"website": "https://nordic.example.com/",
		"city": "Oslo",
	}
