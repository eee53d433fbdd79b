#!/usr/bin/env bash
# Online Backup side by side with the peers, on the standard dataset (../shared/bench/gen-dataset.sh, or a copy
# of it next to this script), alternating in one run:
#   backup            ours --compression none  |  mydumper -t N -r 250000  |  mariadb-dump --single-transaction
#   compressed backup ours (zstd, the default)  |  mydumper -t N -r 250000 -c
#   restore           ours --parallel N        |  myloader -t N            |  mariadb < dump
# Every restore is checked against the source with CHECKSUM TABLE EXTENDED of every table. Prints, per work and
# tool, the medians of wall time, client CPU, server CPU (mariadbd's own user+system time), the peak RSS of the
# client, the output size and MB/s (the dataset's InnoDB/Aria size, data+indexes, over the wall time: the same
# numerator for every tool), and each ratio ours/peer. Then runs bench/commit-stall.sh on the same server.
#
# By default it starts a private server of its own (--no-defaults, 4 GiB buffer pool, binlog off, port 3307,
# datadir target/bench/data, kept between runs) and builds the dataset there when missing or of another size.
# Peers and sysbench are installed with apt-get when missing; our build with mvn when target/ lacks it.
#
# Usage: bench/compare.sh [--small] [--runs N] [--threads N] [--tools ours,mydumper,mariadb-dump]
#                         [--work backup,compressed,restore,smalldb] [--no-stall] [--socket PATH --port P]
#   smalldb       bench/small.sh on the same server, with 100 and then 1,000 small databases (ours against
#                 mariadb-dump and `mariadb < dump`; --tools does not apply)
#   --small       8 x 100,000 sysbench rows instead of 8 x 1,000,000 (SB_ROWS also sets it)
#   --socket/--port  use a running server instead (root, empty password on the socket; a 'bench' account is made)
# Environment: BENCH_DIR (default target/bench), BENCH_PORT (3307), BENCH_POOL (4G).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUNS=3 THREADS=2 SMALL=0 STALL=1 SOCKET="" PORT=${BENCH_PORT:-3307}
TOOLS=ours,mydumper,mariadb-dump WORK=backup,compressed,restore,smalldb
while [ $# -gt 0 ]; do
  case $1 in
    --small) SMALL=1 ;;
    --runs) RUNS=$2; shift ;;
    --threads) THREADS=$2; shift ;;
    --tools) TOOLS=$2; shift ;;
    --work) WORK=$2; shift ;;
    --no-stall) STALL=0 ;;
    --socket) SOCKET=$2; shift ;;
    --port) PORT=$2; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
has() { [[ ",$1," == *",$2,"* ]]; }
ROWS=${SB_ROWS:-1000000}
[ "$SMALL" = 1 ] && ROWS=100000
DIR=${BENCH_DIR:-$ROOT/target/bench}
OUT=$DIR/out
rm -rf "$OUT"
mkdir -p "$DIR" "$OUT"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

need() { # command package
  command -v "$1" >/dev/null 2>&1 && return
  echo "compare.sh: installing $2" >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null 2>&1 ||
    { $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }
}
need sysbench sysbench
has "$TOOLS" mydumper && { need mydumper mydumper; need myloader mydumper; }
need /usr/bin/time time
need bc bc
if [ ! -f target/online-backup.jar ] || [ ! -d target/lib ]; then
  echo "compare.sh: building online-backup" >&2
  mvn -B -q -DskipTests package
fi

# --- the server ----------------------------------------------------------------------------------------------
if [ -z "$SOCKET" ]; then
  SOCKET=$DIR/mysqld.sock
  if ! mariadb-admin --no-defaults -S "$SOCKET" -uroot ping >/dev/null 2>&1; then
    if [ ! -d "$DIR/data/mysql" ]; then
      echo "compare.sh: creating a private server in $DIR/data" >&2
      mariadb-install-db --no-defaults --user="$(id -un)" --datadir="$DIR/data" \
        --auth-root-authentication-method=normal >"$DIR/install.log" 2>&1
    fi
    echo "compare.sh: starting the private server on port $PORT" >&2
    mariadbd --no-defaults --user="$(id -un)" --datadir="$DIR/data" --socket="$SOCKET" --port="$PORT" \
      --bind-address=127.0.0.1 --pid-file="$DIR/mysqld.pid" --log-error="$DIR/mysqld.err" \
      --innodb-buffer-pool-size="${BENCH_POOL:-4G}" --innodb-log-file-size=1G --max-allowed-packet=1G \
      --local-infile=1 --skip-log-bin --event-scheduler=OFF --innodb-io-capacity=2000 &
    for _ in $(seq 1 60); do mariadb-admin --no-defaults -S "$SOCKET" -uroot ping >/dev/null 2>&1 && break; sleep 1; done
  fi
fi
ROOTSQL() { mariadb --no-defaults -S "$SOCKET" -uroot "$@"; }
ROOTSQL -e 'SELECT 1' >/dev/null || { echo "compare.sh: cannot reach the server on $SOCKET as root" >&2; exit 1; }
SERVER_PID=$(ROOTSQL -N -e "SELECT @@pid_file" | xargs cat 2>/dev/null || pgrep -f "socket=$SOCKET" | head -1)
ROOTSQL -e "SET GLOBAL innodb_buffer_pool_size = GREATEST(@@innodb_buffer_pool_size, 4294967296);
  SET GLOBAL innodb_io_capacity = GREATEST(@@innodb_io_capacity, 2000);
  SET GLOBAL local_infile = 1;
  CREATE USER IF NOT EXISTS 'bench'@'127.0.0.1' IDENTIFIED BY 'bench-pw';
  CREATE USER IF NOT EXISTS 'bench'@'localhost' IDENTIFIED BY 'bench-pw';
  GRANT ALL ON *.* TO 'bench'@'127.0.0.1' WITH GRANT OPTION; GRANT ALL ON *.* TO 'bench'@'localhost' WITH GRANT OPTION"
CNF=$DIR/bench.cnf
printf '[client]\nuser=bench\npassword=bench-pw\nhost=127.0.0.1\nport=%s\n' "$PORT" >"$CNF"
SQL() { mariadb --defaults-file="$CNF" "$@"; }

# --- the dataset ---------------------------------------------------------------------------------------------
gen=$ROOT/../shared/bench/gen-dataset.sh
[ -x "$gen" ] || gen=$ROOT/bench/gen-dataset.sh
have=$(ROOTSQL -N -e "SELECT COUNT(*) FROM bench_sb.sbtest8" 2>/dev/null || echo 0)
mixed=$(ROOTSQL -N -e "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'bench_mixed'" 2>/dev/null || echo 0)
if [ "$have" != "$ROWS" ] || [ "$mixed" = 0 ]; then
  [ -x "$gen" ] || { echo "compare.sh: no gen-dataset.sh in ../shared/bench or bench/" >&2; exit 1; }
  echo "compare.sh: generating the dataset (8 x $ROWS sysbench rows + bench_mixed)" >&2
  MYSQL="mariadb --no-defaults -S $SOCKET -uroot" SB_SOCKET=$SOCKET SB_ROWS=$ROWS "$gen" >&2
fi
ROOTSQL -e "SET GLOBAL event_scheduler = OFF"
DATA_MB=$(ROOTSQL -N -e "SELECT ROUND(SUM(data_length + index_length) / 1e6) FROM information_schema.tables
  WHERE table_schema IN ('bench_sb', 'bench_mixed') AND table_type = 'BASE TABLE'")
checksums() { # db -> "table checksum" lines, sorted
  local tables
  tables=$(ROOTSQL -N -e "SELECT GROUP_CONCAT(CONCAT('\`$1\`.\`', table_name, '\`') ORDER BY table_name)
    FROM information_schema.tables WHERE table_schema = '$1' AND table_type = 'BASE TABLE'")
  ROOTSQL -N -e "CHECKSUM TABLE $tables EXTENDED" | sed "s/^$1\.//" | sort
}
checksums bench_sb >"$DIR/src_sb.sum"
checksums bench_mixed >"$DIR/src_mixed.sum"
# The restores write as much as the buffer pool holds and push the source out of it: every backup starts with the
# source read once (as the checksums did), so none runs on pages another tool's run brought back in.
warm() {
  checksums bench_sb >/dev/null
  checksums bench_mixed >/dev/null
}
# After a restore and its DROP DATABASE the server flushes and purges for a while: each measurement starts once
# mariadbd has been idle (under 5 % of a core) for a second, or after 120 s.
quiesce() {
  local a b
  for _ in $(seq 120); do
    a=$(server_ticks); sleep 1; b=$(server_ticks)
    [ $((b - a)) -lt 5 ] && return
  done
}

# --- one measured command ------------------------------------------------------------------------------------
RESULTS=$DIR/results.tsv
: >"$RESULTS"
server_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
measure() { # work tool run output command... ; appends a line to results.tsv
  local work=$1 tool=$2 run=$3 output=$4; shift 4
  local t0 t1 s0 s1 status=ok
  [ "$work" = restore ] || warm
  ROOTSQL -e "FLUSH TABLES" >/dev/null
  sync
  quiesce
  s0=$(server_ticks)
  t0=$(date +%s.%N)
  if ! /usr/bin/time -f '%U %S %M' -o "$DIR/time.txt" "$@" >"$DIR/cmd.out" 2>"$DIR/cmd.err"; then
    status=failed
    echo "compare.sh: $work $tool run $run failed: $(tail -3 "$DIR/cmd.err" | tr '\n' ' ')" >&2
  fi
  t1=$(date +%s.%N)
  s1=$(server_ticks)
  local user sys rss size=0
  read -r user sys rss <"$DIR/time.txt" || true
  [ -n "$output" ] && [ -e "$output" ] && size=$(du -sb "$output" | cut -f1)
  printf '%s\t%s\t%s\t%.2f\t%.2f\t%.2f\t%s\t%s\t%s\n' "$work" "$tool" "$run" "$(echo "$t1 - $t0" | bc)" \
    "$(echo "${user:-0} + ${sys:-0}" | bc)" "$(echo "($s1 - $s0) / $(getconf CLK_TCK)" | bc -l)" "${rss:-0}" "$size" \
    "$status" >>"$RESULTS"
  printf '  %-11s %-13s run %s: %6.1f s %s\n' "$work" "$tool" "$run" "$(echo "$t1 - $t0" | bc)" "$status" >&2
}
verify_restore() { # work tool run sbdb mixeddb
  local bad=0
  checksums "$4" | diff -q - "$DIR/src_sb.sum" >/dev/null || bad=1
  checksums "$5" | diff -q - "$DIR/src_mixed.sum" >/dev/null || bad=1
  if [ "$bad" = 1 ]; then
    echo "compare.sh: $2 restore run $3: CHECKSUM TABLE EXTENDED differs from the source" >&2
    awk -F'\t' -v w="$1" -v t="$2" -v r="$3" 'BEGIN{OFS="\t"} $1==w && $2==t && $3==r {$9="differs"} 1' \
      "$RESULTS" >"$RESULTS.new" && mv "$RESULTS.new" "$RESULTS"
  fi
  ROOTSQL -e "DROP DATABASE IF EXISTS \`$4\`; DROP DATABASE IF EXISTS \`$5\`"
}
drop_targets() {
  ROOTSQL -e "DROP DATABASE IF EXISTS r_sb; DROP DATABASE IF EXISTS r_mixed; DROP DATABASE IF EXISTS m_sb;
    DROP DATABASE IF EXISTS m_mixed; DROP DATABASE IF EXISTS d_sb; DROP DATABASE IF EXISTS d_mixed"
}

OBK=(env OBK_LOG_FILE="$DIR/online-backup.log" "$ROOT/bin/online-backup")
CONN=(--defaults-file "$CNF")
MYD=(-h 127.0.0.1 -P "$PORT" -u bench -p bench-pw)
# The launcher writes its class-data archive on the first backup of a build: not in a measured run.
"${OBK[@]}" backup "${CONN[@]}" --databases bench_mixed --compression none --to "$OUT/warmup.obk" --quiet >/dev/null 2>&1 || true
rm -f "$OUT/warmup.obk"
drop_targets

echo "compare.sh: $RUNS run(s), $THREADS threads, 8 x $ROWS rows, $DATA_MB MB of tables" >&2
for run in $(seq "$RUNS"); do
  if has "$WORK" backup; then
    rm -rf "$OUT/ours.obk" "$OUT/md" "$OUT/dump"
    measure backup ours "$run" "$OUT/ours.obk" "${OBK[@]}" backup "${CONN[@]}" --databases bench_sb,bench_mixed \
      --compression none --parallel "$THREADS" --to "$OUT/ours.obk" --quiet
    has "$TOOLS" mydumper && measure backup mydumper "$run" "$OUT/md" \
      mydumper "${MYD[@]}" -t "$THREADS" -r 250000 -G -R -E -x '^bench_(sb|mixed)\.' -o "$OUT/md"
    if has "$TOOLS" mariadb-dump; then
      mkdir -p "$OUT/dump"
      measure backup mariadb-dump "$run" "$OUT/dump" bash -c "mariadb-dump --defaults-file='$CNF' --single-transaction \
        --routines --triggers --events bench_sb >'$OUT/dump/sb.sql' && mariadb-dump --defaults-file='$CNF' \
        --single-transaction --routines --triggers --events bench_mixed >'$OUT/dump/mixed.sql'"
    fi
  fi
  if has "$WORK" compressed; then
    rm -rf "$OUT/ours.zst.obk" "$OUT/mdc"
    measure compressed ours "$run" "$OUT/ours.zst.obk" "${OBK[@]}" backup "${CONN[@]}" --databases bench_sb,bench_mixed \
      --parallel "$THREADS" --to "$OUT/ours.zst.obk" --quiet
    has "$TOOLS" mydumper && measure compressed mydumper "$run" "$OUT/mdc" \
      mydumper "${MYD[@]}" -t "$THREADS" -r 250000 -c -G -R -E -x '^bench_(sb|mixed)\.' -o "$OUT/mdc"
  fi
  if has "$WORK" restore; then
    [ -f "$OUT/ours.obk" ] || "${OBK[@]}" backup "${CONN[@]}" --databases bench_sb,bench_mixed --compression none \
      --parallel "$THREADS" --to "$OUT/ours.obk" --quiet
    drop_targets
    measure restore ours "$run" "" "${OBK[@]}" restore "${CONN[@]}" --from "$OUT/ours.obk" --parallel "$THREADS" \
      --rename bench_sb=r_sb --rename bench_mixed=r_mixed --quiet
    verify_restore restore ours "$run" r_sb r_mixed
    if has "$TOOLS" mydumper; then
      [ -d "$OUT/md" ] || mydumper "${MYD[@]}" -t "$THREADS" -r 250000 -G -R -E -x '^bench_(sb|mixed)\.' -o "$OUT/md"
      measure restore myloader "$run" "" bash -c "myloader -h 127.0.0.1 -P $PORT -u bench -p bench-pw -t $THREADS \
        -d '$OUT/md' -s bench_sb -B m_sb && myloader -h 127.0.0.1 -P $PORT -u bench -p bench-pw -t $THREADS \
        -d '$OUT/md' -s bench_mixed -B m_mixed"
      verify_restore restore myloader "$run" m_sb m_mixed
    fi
    if has "$TOOLS" mariadb-dump; then
      if [ ! -f "$OUT/dump/mixed.sql" ]; then
        mkdir -p "$OUT/dump"
        mariadb-dump --defaults-file="$CNF" --single-transaction --routines --triggers --events bench_sb >"$OUT/dump/sb.sql"
        mariadb-dump --defaults-file="$CNF" --single-transaction --routines --triggers --events bench_mixed >"$OUT/dump/mixed.sql"
      fi
      SQL -e "CREATE DATABASE d_sb; CREATE DATABASE d_mixed"
      measure restore mariadb "$run" "" bash -c "mariadb --defaults-file='$CNF' d_sb <'$OUT/dump/sb.sql' &&
        mariadb --defaults-file='$CNF' d_mixed <'$OUT/dump/mixed.sql'"
      verify_restore restore mariadb "$run" d_sb d_mixed
    fi
  fi
done
rm -rf "$OUT"/*

# --- the table -----------------------------------------------------------------------------------------------
echo
echo "Standard dataset: 8 x $ROWS sysbench rows + bench_mixed, $DATA_MB MB of tables; $THREADS threads; medians of $RUNS run(s); $(date -u +%F), $(nproc) cores, MariaDB $(ROOTSQL -N -e 'SELECT VERSION()')"
echo
awk -F'\t' -v mb="$DATA_MB" '
function median(list,   n, a, i, j, t) {
  n = split(list, a, " ")
  for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{
  k = $1 SUBSEP $2
  if (!(k in wall)) { order[++n] = k }
  wall[k] = wall[k] " " $4; cpu[k] = cpu[k] " " $5; srv[k] = srv[k] " " $6
  if ($7 > rss[k]) rss[k] = $7
  size[k] = size[k] " " $8
  if ($9 != "ok") bad[k] = bad[k] " run " $3 ": " $9
}
END {
  printf "| work | tool | wall s | client CPU s | server CPU s | peak RSS MiB | output GB | MB/s | ours/this tool | check |\n"
  printf "|---|---|---|---|---|---|---|---|---|---|\n"
  for (i = 1; i <= n; i++) { split(order[i], p, SUBSEP); w[order[i]] = median(wall[order[i]]) }
  for (i = 1; i <= n; i++) {
    k = order[i]; split(k, p, SUBSEP)
    ratio = "-"
    if (p[2] != "ours" && ((p[1] SUBSEP "ours") in w)) ratio = sprintf("%.2f", w[p[1] SUBSEP "ours"] / w[k])
    s = median(size[k]); out = "-"
    if (s > 0) out = sprintf("%.2f", s / 1e9)
    check = "equal"
    if (k in bad) check = "FAILED" bad[k]
    else if (p[1] != "restore") check = "-"
    printf "| %s | %s | %.1f | %.1f | %.1f | %d | %s | %.0f | %s | %s |\n", p[1], p[2], w[k], median(cpu[k]),
      median(srv[k]), rss[k] / 1024, out, mb / w[k], ratio, check
  }
}' "$RESULTS"

if has "$WORK" smalldb; then
  echo
  echo "Small databases (bench/small.sh on the same server: one small database, then N of them in one run):"
  for n in 100 1000; do
    echo
    "$ROOT/bench/small.sh" --runs "$RUNS" --dbs "$n" -- --no-defaults -u root --socket "$SOCKET"
  done
fi

if [ "$STALL" = 1 ]; then
  echo
  echo "Writer stalls (bench/commit-stall.sh, same server):"
  STALL_HOST=127.0.0.1 STALL_PORT=$PORT STALL_USER=bench STALL_PASSWORD=bench-pw "$ROOT/bench/commit-stall.sh" "$RUNS"
fi
