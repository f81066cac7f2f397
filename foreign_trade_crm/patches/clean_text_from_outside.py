"""Values that came from outside before the app made them plain text (``services.text``): quotation
replies, signatories, references, subjects, request lines, file names, website users' names and pictures,
lead names. Sites already attacked are safe and print again."""

from foreign_trade_crm.services.text import clean_stored_values


def execute():
	done = clean_stored_values()
	print(f"Values from outside cleaned: {sum(done.values())} {done}")
