#!/usr/bin/env bash
# The small cases of #25, ours and the peers alternating in one run, on the server of the connection options:
#   one small database (5 tables, 370 rows, a view, a procedure, a trigger): backup, ours against mariadb-dump;
#   N such databases in one run (--dbs, default 100): backup against mariadb-dump, restore against `mariadb < dump`.
# Each restore is checked equal to the source (CHECKSUM TABLE of every table). Prints the median wall and CPU
# (user + system) of each, and the ratio. Databases obk_small_* are created and dropped.
#
# Usage: bench/small.sh [--runs N] [--dbs N] [-- CONNECTION OPTIONS]
#        (connection options default to -u root --socket /run/mysqld/mysqld.sock)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=5 DBS=100
. bench/common.sh
bench_args small.sh "--runs=RUNS --dbs=DBS" "$@"
WORK=$(mktemp -d)
export OBK_REPOSITORY=$WORK/repository.db OBK_LOG_FILE=$WORK/log
names() { for i in $(seq -w 1 "$DBS"); do printf 'obk_small_%s\n' "$i"; done; }
drop_all() {
  { echo "DROP DATABASE IF EXISTS obk_small_one;"; names | sed 's/.*/DROP DATABASE IF EXISTS &;/'; } | mariadb "${CONN[@]}"
}
trap 'drop_all >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT

schema() {
  cat <<SQL
CREATE DATABASE $1; USE $1;
CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(50), email VARCHAR(80), KEY (email));
CREATE TABLE orders (id INT PRIMARY KEY, customer INT, total DECIMAL(10,2), at DATETIME, KEY (customer));
CREATE TABLE items (id INT PRIMARY KEY, ord INT, sku VARCHAR(20), qty INT);
CREATE TABLE products (sku VARCHAR(20) PRIMARY KEY, title VARCHAR(100), price DECIMAL(10,2));
CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, what VARCHAR(100));
INSERT INTO customers SELECT seq, CONCAT('c', seq), CONCAT('c', seq, '@example.org') FROM seq_1_to_50;
INSERT INTO orders SELECT seq, seq % 50 + 1, seq * 1.5, '2026-01-01 00:00:00' + INTERVAL seq HOUR FROM seq_1_to_100;
INSERT INTO items SELECT seq, seq % 100 + 1, CONCAT('s', seq % 20), seq % 5 + 1 FROM seq_1_to_150;
INSERT INTO products SELECT CONCAT('s', seq), CONCAT('p', seq), seq FROM seq_0_to_19;
INSERT INTO audit (what) SELECT CONCAT('a', seq) FROM seq_1_to_50;
CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100;
CREATE PROCEDURE add_audit(w VARCHAR(100)) INSERT INTO audit (what) VALUES (w);
CREATE TRIGGER orders_ai AFTER INSERT ON orders FOR EACH ROW INSERT INTO audit (what) VALUES ('order');
SQL
}
checksums() {
  for db in "$@"; do
    for t in customers orders items products audit; do echo "CHECKSUM TABLE $db.$t EXTENDED;"; done
  done | mariadb "${CONN[@]}" -N
}

drop_all
{ schema obk_small_one; names | while read -r db; do schema "$db"; done; } | mariadb "${CONN[@]}"
mapfile -t ALL < <(names)
LIST=$(IFS=,; echo "${ALL[*]}")
before=$(checksums "${ALL[@]}")

# one timed command: appends "label wall cpu" to $WORK/times
timed() {
  local label=$1; shift
  /usr/bin/time -f "$label %e %U %S" -a -o "$WORK/times" "$@" > /dev/null 2>> "$WORK/err" || {
    echo "small.sh: $label failed: $(tail -1 "$WORK/err")" >&2; exit 1; }
}
bin/online-backup backup "${CONN[@]}" --databases obk_small_one --to "$WORK/warm.obk" --quiet 2>/dev/null

for r in $(seq 1 "$RUNS"); do
  rm -f "$WORK/one.obk" "$WORK/all.obk"
  timed "one-db-backup ours" bin/online-backup backup "${CONN[@]}" --quiet --databases obk_small_one --to "$WORK/one.obk"
  timed "one-db-backup mariadb-dump" mariadb-dump "${CONN[@]}" --routines --triggers --databases obk_small_one
  timed "$DBS-db-backup ours" bin/online-backup backup "${CONN[@]}" --quiet --databases "$LIST" --to "$WORK/all.obk"
  timed "$DBS-db-backup mariadb-dump" sh -c "mariadb-dump $(printf '%q ' "${CONN[@]}") --routines --triggers --databases ${ALL[*]} > $WORK/all.sql"
  names | sed 's/.*/DROP DATABASE &;/' | mariadb "${CONN[@]}"
  timed "$DBS-db-restore ours" bin/online-backup restore "${CONN[@]}" --quiet --from "$WORK/all.obk"
  [ "$(checksums "${ALL[@]}")" = "$before" ] || { echo "small.sh: our restore differs from the source" >&2; exit 1; }
  names | sed 's/.*/DROP DATABASE &;/' | mariadb "${CONN[@]}"
  timed "$DBS-db-restore mariadb<dump" sh -c "mariadb $(printf '%q ' "${CONN[@]}") < $WORK/all.sql"
  [ "$(checksums "${ALL[@]}")" = "$before" ] || { echo "small.sh: mariadb < dump differs from the source" >&2; exit 1; }
done

python3 - "$WORK/times" <<'PY'
import collections, statistics, sys
d = collections.OrderedDict()
for line in open(sys.argv[1]):
    *label, wall, user, sys_ = line.split()
    d.setdefault(' '.join(label), []).append((float(wall), float(user) + float(sys_)))
med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v), len(v)) for k, v in d.items()}
print('%-34s %8s %8s %5s %8s' % ('work', 'wall s', 'cpu s', 'runs', 'ratio'))
for k, (w, c, n) in med.items():
    work, tool = k.rsplit(' ', 1)
    ours = med.get(work + ' ours')
    ratio = '' if tool == 'ours' else '%.2f' % (ours[0] / w)
    print('%-34s %8.2f %8.2f %5d %8s' % (k, w, c, n, ratio))
print('ratio: ours / the peer, median wall')
PY
