"""The sample world the demo (``foreign_trade_crm.demo``) and the benchmarks (``ftcrm_benchmarks``) stand on,
and the integration tests use too (``tests/factories.py``); it never imports the tests.

- ``world``: the company, its buyers, items and prices, and ``make_*`` helpers for the documents of trade;
- ``credit``: the SWIFT messages of a buyer's letters of credit and credits made from them;
- ``files``: good and hostile uploads made by code (pure: no Frappe), for the upload gate.
"""
