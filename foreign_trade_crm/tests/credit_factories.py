"""Letters of credit for the tests: the sample world's (``foreign_trade_crm.sample_world.credit``)."""

from foreign_trade_crm.sample_world.credit import *  # the SWIFT messages and the makers, for the tests
