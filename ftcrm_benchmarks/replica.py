"""A MariaDB read replica of the bench's own server, on this machine, for showing that the app reads from it
the way Frappe does (``read_from_replica`` in the site config, honoured by code under ``@frappe.read_only()``).

Run as root, from the app folder (plain Python: no Frappe import, the ``benchmarks`` package imports Frappe):

	python3 ftcrm_benchmarks/replica.py up   --site dev.localhost [--bench /home/frappe/frappe-bench]
	python3 ftcrm_benchmarks/replica.py test --site dev.localhost   # the replica test module
	python3 ftcrm_benchmarks/replica.py down --site dev.localhost
	python3 ftcrm_benchmarks/replica.py run  --site dev.localhost   # up, test, down

``up``:
1. the primary (the bench's MariaDB) gets binary logging if it has none (``server_id`` 1, ROW format, in
   /etc/mysql/mariadb.conf.d/98-ftcrm-replication.cnf) and is restarted once for it;
2. a second server starts from its own data directory (/var/tmp/ftcrm-replica), port 3307, read-only,
   replicating the site's database only;
3. the site's database is copied to it with ``mariadb-dump --single-transaction --master-data --gtid``
   (the dump carries the GTID position it was taken at), the site's database user gets SELECT on it, and
   replication starts from that position (GTID, ``slave_pos``);
4. the site config gets ``read_from_replica``, ``replica_host`` and ``replica_db_port``.

``down`` takes the three keys out of the site config, stops the replica server, removes its data and the
replication user. The primary keeps its binary log setting (harmless, and ``scripts/setup`` writes it for
new benches).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

HOME = Path("/var/tmp/ftcrm-replica")
DATA = HOME / "data"
SOCKET = HOME / "replica.sock"
PID = HOME / "replica.pid"
PORT = 3307
BINLOG_CNF = Path("/etc/mysql/mariadb.conf.d/98-ftcrm-replication.cnf")
REPL_USER = "ftcrm_repl"
KEYS = ("read_from_replica", "replica_host", "replica_db_port")


def sh(*args: str, input: str | None = None, check: bool = True) -> str:
	done = subprocess.run(args, input=input, capture_output=True, text=True)
	if check and done.returncode:
		sys.exit(f"replica: {' '.join(args[:3])}… failed: {done.stderr.strip()[-800:]}")
	return done.stdout


def primary(sql: str, root_password: str) -> str:
	return sh("mariadb", "-h", "127.0.0.1", "-uroot", f"-p{root_password}", "-Nse", sql)


def replica(sql: str) -> str:
	return sh("mariadb", "-S", str(SOCKET), "-uroot", "-Nse", sql)


def site_config(bench: Path, site: str) -> tuple[Path, dict]:
	path = bench / "sites" / site / "site_config.json"
	return path, json.loads(path.read_text())


def say(step: str, started: float, what: str) -> None:
	print(f"replica: {step:<10} {time.monotonic() - started:5.1f} s  {what}", flush=True)


def up(bench: Path, site: str, root_password: str) -> None:
	started = time.monotonic()
	path, conf = site_config(bench, site)
	db = conf["db_name"]
	if primary("select @@log_bin", root_password).strip() != "1":
		BINLOG_CNF.write_text(
			"# written by foreign_trade_crm's ftcrm_benchmarks/replica.py: a replica needs the primary's binary log\n"
			"[mysqld]\nserver_id = 1\nlog_bin = mariadb-bin\nbinlog_format = ROW\nexpire_logs_days = 3\n"
		)
		sh("service", "mariadb", "restart")
		for _ in range(60):
			if subprocess.run(["mariadb-admin", "ping"], capture_output=True).returncode == 0:
				break
			time.sleep(1)
		say("binlog", started, "primary restarted with its binary log on")
	else:
		say("binlog", started, "the primary logs already")
	if SOCKET.exists():
		down(bench, site, root_password, quiet=True)
	DATA.mkdir(parents=True, exist_ok=True)
	shutil.chown(HOME, "mysql", "mysql")
	shutil.chown(DATA, "mysql", "mysql")
	sh("mariadb-install-db", "--user=mysql", f"--datadir={DATA}", "--auth-root-authentication-method=socket")
	subprocess.Popen(
		[
			"mariadbd",
			"--no-defaults",
			"--user=mysql",
			f"--datadir={DATA}",
			f"--socket={SOCKET}",
			f"--pid-file={PID}",
			f"--port={PORT}",
			"--bind-address=127.0.0.1",
			"--server-id=2",
			"--read-only=1",
			f"--replicate-do-db={db}",
			"--character-set-server=utf8mb4",
			"--collation-server=utf8mb4_unicode_ci",
			"--innodb-buffer-pool-size=256M",
			f"--log-error={HOME / 'error.log'}",
		],
		stdout=subprocess.DEVNULL,
		stderr=subprocess.DEVNULL,
		start_new_session=True,
	)
	for _ in range(60):
		if (
			SOCKET.exists()
			and subprocess.run(["mariadb-admin", "-S", str(SOCKET), "ping"], capture_output=True).returncode
			== 0
		):
			break
		time.sleep(0.5)
	else:
		sys.exit(f"replica: the server did not start; see {HOME / 'error.log'}")
	say("server", started, f"replica server on 127.0.0.1:{PORT}")
	password = secrets.token_hex(12)
	primary(
		f"create user if not exists '{REPL_USER}'@'127.0.0.1' identified by '{password}';"
		f"alter user '{REPL_USER}'@'127.0.0.1' identified by '{password}';"
		f"grant replication slave on *.* to '{REPL_USER}'@'127.0.0.1'",
		root_password,
	)
	dump = subprocess.Popen(
		[
			"mariadb-dump",
			"-h",
			"127.0.0.1",
			"-uroot",
			f"-p{root_password}",
			"--single-transaction",
			"--master-data=1",
			"--gtid",
			"--databases",
			db,
		],
		stdout=subprocess.PIPE,
	)
	load = subprocess.run(
		["mariadb", "-S", str(SOCKET), "-uroot"], stdin=dump.stdout, capture_output=True, text=True
	)
	dump.wait()
	if dump.returncode or load.returncode:
		sys.exit(f"replica: copying {db} failed: {load.stderr.strip()[-800:]}")
	say("copy", started, f"{db} copied with its GTID position {replica('select @@gtid_slave_pos').strip()}")
	user, secret = conf["db_name"], conf["db_password"]
	replica(
		f"create user if not exists '{user}'@'%' identified by '{secret}';"
		f"create user if not exists '{user}'@'localhost' identified by '{secret}';"
		f"grant select on `{db}`.* to '{user}'@'%'; grant select on `{db}`.* to '{user}'@'localhost'"
	)
	replica(
		f"change master to master_host='127.0.0.1', master_port=3306, master_user='{REPL_USER}',"
		f" master_password='{password}', master_use_gtid=slave_pos; start slave"
	)
	for _ in range(30):
		status = status_of()
		if status.get("Slave_IO_Running") == "Yes" and status.get("Slave_SQL_Running") == "Yes":
			break
		time.sleep(1)
	else:
		sys.exit(
			f"replica: replication did not start: {status.get('Last_Error') or status.get('Last_IO_Error')}"
		)
	conf.update({"read_from_replica": 1, "replica_host": "127.0.0.1", "replica_db_port": PORT})
	path.write_text(json.dumps(conf, indent=1, sort_keys=True) + "\n")
	say("up", started, f"replicating; {site} reads from the replica under @frappe.read_only()")


def status_of() -> dict:
	out = sh("mariadb", "-S", str(SOCKET), "-uroot", "-e", "show slave status\\G", check=False)
	return {k.strip(): v.strip() for k, _sep, v in (line.partition(":") for line in out.splitlines()) if _sep}


def down(bench: Path, site: str, root_password: str, quiet: bool = False) -> None:
	started = time.monotonic()
	path, conf = site_config(bench, site)
	if any(k in conf for k in KEYS):
		for key in KEYS:
			conf.pop(key, None)
		path.write_text(json.dumps(conf, indent=1, sort_keys=True) + "\n")
	if PID.exists():
		try:
			os.kill(int(PID.read_text().strip()), signal.SIGTERM)
		except (ProcessLookupError, ValueError):
			pass
		for _ in range(60):
			if not PID.exists():
				break
			time.sleep(0.5)
	shutil.rmtree(HOME, ignore_errors=True)
	primary(f"drop user if exists '{REPL_USER}'@'127.0.0.1'", root_password)
	if not quiet:
		say("down", started, f"replica stopped and removed; {site} reads from the primary")


def test(bench: Path, site: str) -> int:
	return subprocess.run(
		[
			"runuser",
			"-u",
			"frappe",
			"--",
			"bash",
			"-c",
			"cd sites && CI=true ../env/bin/python -m frappe.utils.bench_helper frappe --site "
			f"{site} run-tests --app foreign_trade_crm --module foreign_trade_crm.tests.integration.test_replica",
		],
		cwd=bench,
	).returncode


def main() -> None:
	parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	parser.add_argument("action", choices=("up", "down", "test", "run"))
	parser.add_argument("--site", default="dev.localhost")
	parser.add_argument("--bench", default="/home/frappe/frappe-bench", type=Path)
	parser.add_argument("--db-root-password", default=None)
	args = parser.parse_args()
	root_password = args.db_root_password or Path("/home/frappe/.ftcrm-db-root-password").read_text().strip()
	if args.action in ("up", "run"):
		up(args.bench, args.site, root_password)
	code = 0
	if args.action in ("test", "run"):
		code = test(args.bench, args.site)
	if args.action in ("down", "run"):
		down(args.bench, args.site, root_password)
	sys.exit(code)


if __name__ == "__main__":
	main()
