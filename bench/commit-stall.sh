#!/usr/bin/env bash
# How long do writers stall while a backup takes its validity point?
# A ticker session inserts a row every 10 ms into a table of its own; the longest gap between two ticks, less
# the 10 ms, is the longest stall a concurrent INSERT saw. Each tool runs with and without a 5-second UPDATE
# already running when it starts, alternating, RUNS times. Online Backup's own commit-blocked window is read
# from its log line "commits were blocked for X ms".
#
# Usage: bench/commit-stall.sh [RUNS]     (mydumper too if installed)
# The server and account: STALL_HOST (127.0.0.1), STALL_PORT (3306), STALL_USER and STALL_PASSWORD (default
# bin/setup-server's test account). bench/compare.sh runs it on its own server.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
HOST=${STALL_HOST:-127.0.0.1} PORT=${STALL_PORT:-3306}
DBUSER=${STALL_USER:-obk_test} PASSWORD=${STALL_PASSWORD:-obk-test-pw}
USER_OPTS=(--no-defaults -h "$HOST" -P "$PORT" -u "$DBUSER" -p"$PASSWORD")
SQL() { mariadb "${USER_OPTS[@]}" "$@"; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
printf '[client]\nuser=%s\npassword=%s\nhost=%s\nport=%s\n' "$DBUSER" "$PASSWORD" "$HOST" "$PORT" > "$WORK/my.cnf"

SQL -e "DROP DATABASE IF EXISTS obk_stall; DROP DATABASE IF EXISTS obk_stall_ticks;
  CREATE DATABASE obk_stall; CREATE DATABASE obk_stall_ticks;
  CREATE TABLE obk_stall_ticks.ticks (id INT AUTO_INCREMENT PRIMARY KEY, t DATETIME(6)) ENGINE=InnoDB;
  CREATE TABLE obk_stall.slow (id INT PRIMARY KEY, v INT) ENGINE=InnoDB;
  INSERT INTO obk_stall.slow VALUES (1,0),(2,0),(3,0),(4,0),(5,0);"
for t in 1 2 3 4 5 6 7 8; do
  SQL obk_stall -e "CREATE TABLE t$t (id INT PRIMARY KEY, k INT, c CHAR(120), pad CHAR(60)) ENGINE=InnoDB;
    INSERT INTO t$t SELECT seq, seq MOD 1000, REPEAT('c', 120), REPEAT('p', 60) FROM seq_1_to_100000;"
done
SQL obk_stall_ticks --delimiter=// -e "CREATE PROCEDURE tick(secs INT) BEGIN
  DECLARE until_t DATETIME(6) DEFAULT NOW(6) + INTERVAL secs SECOND;
  WHILE NOW(6) < until_t DO INSERT INTO ticks (t) VALUES (UTC_TIMESTAMP(6)); DO SLEEP(0.01); END WHILE; END//"

run() { # tool update(0|1) -> prints "tool update stall_ms window_ms backup_s"
  local tool=$1 update=$2 window="-" vp="" start end
  SQL -e "TRUNCATE obk_stall_ticks.ticks"
  SQL obk_stall_ticks -e "CALL tick(14)" & local ticker=$!
  sleep 1.5
  if [ "$update" = 1 ]; then
    SQL -e "UPDATE obk_stall.slow SET v = v + 1 WHERE SLEEP(1) = 0" & local upd=$!
    sleep 0.5
  fi
  rm -rf "$WORK/out" "$WORK/img.obk"
  start=$(date +%s.%N)
  case $tool in
    online-backup)
      OBK_LOG_FILE="$WORK/obk.log" bin/online-backup backup --defaults-file "$WORK/my.cnf" --parallel 2 \
        --databases obk_stall --to "$WORK/img.obk" > /dev/null
      window=$(grep -o 'commits were blocked for [0-9.]* ms' "$WORK/obk.log" | tail -1 | grep -o '[0-9.]* ms' | cut -d' ' -f1)
      vp=$(grep -o 'Validity point at [0-9T:.-]*' "$WORK/obk.log" | tail -1 | cut -d' ' -f4 | tr 'T' ' ') ;;
    mydumper)
      mydumper -h "$HOST" -P "$PORT" -u "$DBUSER" -p "$PASSWORD" -t 2 -r 250000 -B obk_stall -o "$WORK/out" > /dev/null 2>&1 ;;
  esac
  end=$(date +%s.%N)
  [ "$update" = 1 ] && wait $upd
  wait $ticker
  local stall at="-"
  stall=$(SQL -N -e "SELECT ROUND(MAX(TIMESTAMPDIFF(MICROSECOND, prev, t)) / 1000 - 10) FROM
    (SELECT t, LAG(t) OVER (ORDER BY id) AS prev FROM obk_stall_ticks.ticks) g")
  if [ -n "$vp" ]; then
    # where the longest gap began, in ms after the validity point (both in UTC)
    at=$(SQL -N -e "SELECT ROUND(TIMESTAMPDIFF(MICROSECOND, '$vp', prev) / 1000)
      FROM (SELECT t, LAG(t) OVER (ORDER BY id) AS prev FROM obk_stall_ticks.ticks) g ORDER BY TIMESTAMPDIFF(MICROSECOND, prev, t) DESC LIMIT 1")
  fi
  printf '%-14s %-9s %9s %10s %12s %9.1f\n' "$tool" "$([ "$update" = 1 ] && echo yes || echo no)" "$stall" "$window" "$at" \
    "$(echo "$end - $start" | bc)"
}

tools=(online-backup)
command -v mydumper > /dev/null && tools+=(mydumper)
printf '%-14s %-9s %9s %10s %12s %9s\n' tool "5s-UPDATE" "stall-ms" "commit-ms" "gap-after-vp" "backup-s"
for i in $(seq "$RUNS"); do
  for update in 0 1; do
    for tool in "${tools[@]}"; do
      run "$tool" "$update"
    done
  done
done
SQL -e "DROP DATABASE obk_stall; DROP DATABASE obk_stall_ticks"
