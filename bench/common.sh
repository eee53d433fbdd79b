# Sourced by the bench scripts that take options and then, after --, the connection options of a server.
#
# bench_args NAME "--opt=VAR ..." ARGS...: sets VAR to the value that follows --opt; a word after -- and the rest
# are the connection options, in CONN (default: root on the local socket). An option not in the list is a usage error.
bench_args() {
  local name=$1 spec=$2 s var
  shift 2
  while [ $# -gt 0 ]; do
    if [ "$1" = -- ]; then shift; break; fi
    var=
    for s in $spec; do [ "${s%%=*}" = "$1" ] && var=${s#*=}; done
    if [ -z "$var" ] || [ $# -lt 2 ]; then echo "$name: unknown option or missing value: $1" >&2; exit 2; fi
    printf -v "$var" '%s' "$2"
    shift 2
  done
  CONN=("$@")
  [ ${#CONN[@]} -gt 0 ] || CONN=(-u root --socket /run/mysqld/mysqld.sock)
}
