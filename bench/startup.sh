#!/usr/bin/env bash
# Start-up times of the command line, the median of N runs each (after one warm-up run, which also makes the class
# data sharing archive bin/online-backup keeps):
#   --help, --version, list IMAGE, history      the whole command, wall time
#   backup to its first progress line            in a pseudo-terminal, as a DBA sees it: from exec to the first
#                                                 byte the command writes (the progress view's first line)
#   backup, whole                                 of a 100,000-row table, for scale
#   refused restore                               a restore of that image while its database exists (OBK-4001)
# Several builds side by side in one run: --build DIR (repeatable) names a checkout built with mvn package; a
# command a build does not have is shown as n/a.
#
# Usage: bench/startup.sh [--runs N] [--build DIR]... [-- CONNECTION OPTIONS]
#   connection options default to: -u root --socket /run/mysqld/mysqld.sock
# Creates database obk_bench_startup (100,000 rows) on that server and drops it at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=5
BUILDS=()
while [ $# -gt 0 ]; do
  case $1 in
    --runs) RUNS=$2; shift ;;
    --build) BUILDS+=("$(cd "$2" && pwd)"); shift ;;
    --) shift; break ;;
    *) echo "startup.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ ${#BUILDS[@]} -gt 0 ] || BUILDS=("$(pwd)")
CONN=("$@")
[ ${#CONN[@]} -gt 0 ] || CONN=(-u root --socket /run/mysqld/mysqld.sock)
DB=obk_bench_startup
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"; mariadb "${CONN[@]}" -e "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true' EXIT

mariadb "${CONN[@]}" -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB"
mariadb "${CONN[@]}" "$DB" -e "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(60)) ENGINE=InnoDB;
  INSERT INTO t SELECT seq, REPEAT('x', 50) FROM seq_1_to_100000; ANALYZE TABLE t" >/dev/null

python3 - "$RUNS" "$WORK" "$DB" "${#CONN[@]}" "${CONN[@]}" "${BUILDS[@]}" <<'EOF'
import os, pty, select, statistics, subprocess, sys, time

runs, work, db, nconn = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
conn = sys.argv[5:5 + nconn]
builds = sys.argv[5 + nconn:]

def whole(cmd):
    t = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return time.monotonic() - t, p.returncode, p.stderr

def first_output(cmd):
    """Seconds from start to the first byte written to the terminal, and the whole run's exit status."""
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm"
        os.execvp(cmd[0], cmd)
    t = time.monotonic()
    first = None
    while True:
        try:
            r, _, _ = select.select([fd], [], [], 120)
            if not r:
                break
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        if first is None:
            first = time.monotonic() - t
    _, status = os.waitpid(pid, 0)
    return first, os.waitstatus_to_exitcode(status)

rows = []
for b in builds:
    tool = os.path.join(b, "bin", "online-backup")
    image = os.path.join(work, "startup-%d.obk" % builds.index(b))
    results = {}
    def measure(name, fn):
        samples = []
        for i in range(runs + 1):
            s = fn(i)
            if s is None:
                results[name] = None
                return
            if i > 0:
                samples.append(s)
        results[name] = statistics.median(samples)
    def backup_whole(i):
        if os.path.exists(image):
            os.remove(image)
        s, code, err = whole([tool, "backup", *conn, "--databases", db, "--to", image])
        if code != 0:
            sys.exit("backup failed with " + b + ": " + err)
        return s
    def backup_first(i):
        target = image + ".tty.obk"
        if os.path.exists(target):
            os.remove(target)
        s, code = first_output([tool, "backup", *conn, "--databases", db, "--to", target])
        return s if code == 0 else None
    def plain(args, ok=(0,)):
        def run(i):
            s, code, err = whole([tool, *args])
            return s if code in ok else None
        return run
    measure("backup, whole", backup_whole)
    measure("backup to first progress line", backup_first)
    measure("--help", plain(["--help"]))
    measure("--version", plain(["--version"]))
    measure("list IMAGE", plain(["list", image]))
    measure("history", plain(["history", *conn]))
    measure("refused restore (database exists)", plain(["restore", *conn, "--from", image], ok=(1,)))
    rows.append((b, results))

names = list(rows[0][1].keys())
print("median of %d runs, seconds" % runs)
print("%-36s" % "" + "".join("%14s" % ("build %d" % (i + 1)) for i in range(len(rows))))
for n in names:
    print("%-36s" % n + "".join("%14s" % ("n/a" if r[n] is None else "%.2f" % r[n]) for _, r in rows))
for i, (b, _) in enumerate(rows):
    commit = subprocess.run(["git", "-C", b, "log", "-1", "--format=%h %s"], capture_output=True, text=True).stdout.strip()
    print("build %d: %s (%s)" % (i + 1, b, commit[:80]))
EOF
