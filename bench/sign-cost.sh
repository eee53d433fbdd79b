#!/usr/bin/env bash
# What signing costs: backups of one database unsigned and signed (--sign-key), then restores of the signed image
# trusted (--trust-key: every chunk's SHA-256 checked as it loads) and untrusted (the seal's signature checked
# only), alternating in one run on the same server. Prints each run's wall time and the medians.
# Usage: bench/sign-cost.sh [--rows N] [--runs N]   (root on the socket; database obk_sign_bench is made and dropped)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=2000000 RUNS=3
while [ $# -gt 0 ]; do
  case $1 in
    --rows) ROWS=$2; shift ;;
    --runs) RUNS=$2; shift ;;
    *) echo "usage: bench/sign-cost.sh [--rows N] [--runs N]" >&2; exit 2 ;;
  esac
  shift
done
[ -f target/online-backup.jar ] || mvn -B -q -DskipTests package
work=$(mktemp -d)
trap 'rm -rf "$work"; mariadb -uroot -e "DROP DATABASE IF EXISTS obk_sign_bench; DROP DATABASE IF EXISTS obk_sign_bench_r"' EXIT
mariadb -uroot -e "DROP DATABASE IF EXISTS obk_sign_bench; CREATE DATABASE obk_sign_bench;
  CREATE TABLE obk_sign_bench.t (id INT PRIMARY KEY, k INT, c CHAR(128), pad CHAR(60)) ENGINE=InnoDB;
  INSERT INTO obk_sign_bench.t SELECT seq, seq % 1000, SHA2(seq, 512), MD5(seq) FROM mysql.seq_1_to_$ROWS;"
bin/online-backup keygen --to "$work/k" >/dev/null
B="bin/online-backup"
declare -A times
run() { # name command...
  local name=$1; shift
  local t0 t1
  t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N)
  local t; t=$(echo "$t1 - $t0" | bc)
  times[$name]="${times[$name]:-} $t"
  echo "$name $t s"
}
for i in $(seq 1 "$RUNS"); do
  rm -f "$work/u.obk" "$work/s.obk"
  run backup-unsigned $B backup -uroot --quiet --databases obk_sign_bench --to "$work/u.obk"
  run backup-signed $B backup -uroot --quiet --databases obk_sign_bench --sign-key "$work/k" --to "$work/s.obk"
  run restore-trusted $B restore -uroot --quiet --from "$work/s.obk" --rename obk_sign_bench=obk_sign_bench_r --trust-key "$work/k.pub"
  mariadb -uroot -e "DROP DATABASE obk_sign_bench_r"
  run restore-untrusted $B restore -uroot --quiet --from "$work/s.obk" --rename obk_sign_bench=obk_sign_bench_r
  mariadb -uroot -e "DROP DATABASE obk_sign_bench_r"
done
echo "image: $(stat -c %s "$work/s.obk") bytes signed, $(stat -c %s "$work/u.obk") unsigned"
for name in backup-unsigned backup-signed restore-trusted restore-untrusted; do
  echo "median $name $(echo ${times[$name]} | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') s"
done
