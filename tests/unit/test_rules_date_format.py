from datetime import date

import pytest

from foreign_trade_crm.rules.date_format import parse


@pytest.mark.parametrize(
	"text, date_format, expected",
	[
		("05-12-2026", "dd-mm-yyyy", date(2026, 12, 5)),
		("05/12/2026", "dd/mm/yyyy", date(2026, 12, 5)),
		("05.12.2026", "dd.mm.yyyy", date(2026, 12, 5)),
		("12-05-2026", "mm-dd-yyyy", date(2026, 12, 5)),
		("12/05/2026", "mm/dd/yyyy", date(2026, 12, 5)),
		("2026-12-05", "yyyy-mm-dd", date(2026, 12, 5)),
		("5-1-2026", "dd-mm-yyyy", date(2026, 1, 5)),
		("05-12-26", "dd-mm-yyyy", date(2026, 12, 5)),
		(" 05-12-2026 ", "dd-mm-yyyy", date(2026, 12, 5)),
		("05/12/2026", "dd-mm-yyyy", date(2026, 12, 5)),  # any of the separators
		# yyyy-mm-dd, which browsers and links send, whatever the site's format
		("2026-12-05", "dd-mm-yyyy", date(2026, 12, 5)),
		("2026-12-05", "mm/dd/yyyy", date(2026, 12, 5)),
		("", "dd-mm-yyyy", None),
		(None, "dd-mm-yyyy", None),
	],
)
def test_parse(text, date_format, expected):
	assert parse(text, date_format) == expected


@pytest.mark.parametrize(
	"text, date_format",
	[
		("31-02-2026", "dd-mm-yyyy"),
		("13-13-2026", "dd-mm-yyyy"),
		("12-25-2026", "dd-mm-yyyy"),  # a US date in a day-first format is no date, not 12 January of 2027
		("2026/12/05", "dd-mm-yyyy"),
		("05-12", "dd-mm-yyyy"),
		("five-12-2026", "dd-mm-yyyy"),
		("05-12-202", "dd-mm-yyyy"),
	],
)
def test_not_a_date(text, date_format):
	with pytest.raises(ValueError):
		parse(text, date_format)
