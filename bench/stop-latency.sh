#!/usr/bin/env bash
# How long a restore takes to end after SIGTERM while it streams a table (its data step), over N runs: from the
# signal to the process's exit, and the exit status each time. A 600,000-row table is backed up once, then restored
# N times; each restore is signalled MS milliseconds after the server shows its LOAD DATA (--after, default 500: well
# into the stream), and its database is dropped after.
#
# Usage: bench/stop-latency.sh [--runs N] [--after MS] [-- CONNECTION OPTIONS]
#        (connection options default to -u root --socket /run/mysqld/mysqld.sock)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=10 AFTER=500
. bench/common.sh
bench_args stop-latency.sh "--runs=RUNS --after=AFTER" "$@"
DB=obk_bench_stop
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"; mariadb "${CONN[@]}" -e "DROP DATABASE IF EXISTS $DB; DROP DATABASE IF EXISTS ${DB}_r" >/dev/null 2>&1 || true' EXIT
export OBK_REPOSITORY=$WORK/repository.db OBK_LOG_FILE=$WORK/log
mariadb "${CONN[@]}" -e "DROP DATABASE IF EXISTS $DB; DROP DATABASE IF EXISTS ${DB}_r; CREATE DATABASE $DB;
  CREATE TABLE $DB.big (id INT PRIMARY KEY, v VARCHAR(64)) ENGINE=InnoDB;
  INSERT INTO $DB.big SELECT seq, REPEAT('x', 60) FROM $DB.seq_1_to_600000"
bin/online-backup backup "${CONN[@]}" --databases $DB --to "$WORK/big.obk" --quiet
for i in $(seq 1 "$RUNS"); do
  bin/online-backup restore "${CONN[@]}" --from "$WORK/big.obk" --rename $DB=${DB}_r --quiet 2>"$WORK/err" &
  pid=$!
  until [ "$(mariadb "${CONN[@]}" -N -e "SELECT COUNT(*) FROM information_schema.PROCESSLIST
      WHERE INFO LIKE 'LOAD DATA LOCAL INFILE%${DB}_r%'")" != 0 ]; do
    kill -0 $pid 2>/dev/null || { echo "run $i: the restore ended before its load was seen" >&2; break; }
  done
  sleep "$(printf '%d.%03d' $((AFTER / 1000)) $((AFTER % 1000)))"
  t0=$(date +%s%N)
  kill -TERM $pid 2>/dev/null || true
  status=0
  wait $pid || status=$?
  t1=$(date +%s%N)
  echo "run $i: exited $(( (t1 - t0) / 1000000 )) ms after SIGTERM, status $status: $(grep -o 'OBK-[0-9]*[^;]*' "$WORK/err" | head -1)"
  mariadb "${CONN[@]}" -e "DROP DATABASE IF EXISTS ${DB}_r"
done
