"""The estimate's cost defaults per Incoterm (Foreign Trade Settings → Contract Profit), written on install
where an admin has set none: freight, insurance and other costs as percentages of the contract's sales.

Who pays what follows Incoterms 2020: the seller pays main carriage under C and D terms, insurance under CIF
and CIP (the minimum cover, 110 % of the value at a 0.3 % premium: 0.33 %), both nothing under E and F terms.
Other costs (port, inspection, bank charges, commissions) fall on the seller under every term. The figures
are starting points for a firm to replace with its own.
"""

COST_DEFAULTS = (
	# incoterm, freight %, insurance %, other %
	("EXW", 0, 0, 0.5),
	("FCA", 0, 0, 1),
	("FAS", 0, 0, 1),
	("FOB", 0, 0, 1),
	("CFR", 5, 0, 1),
	("CPT", 5, 0, 1),
	("CIF", 5, 0.33, 1),
	("CIP", 5, 0.33, 1),
	("DAP", 8, 0.33, 1.5),
	("DPU", 8, 0.33, 1.5),
	("DDP", 8, 0.33, 3),
)
