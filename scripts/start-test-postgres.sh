#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the store tests and prints its URL on stdout
# (postgres://tcbscope@127.0.0.1:PORT/postgres), progress on stderr. It installs nothing: it runs
# Debian's own binaries (apt-get install postgresql, listed in scripts/test-packages.txt) on a new
# cluster in a temporary folder, listening on loopback only, on a free port, with trust
# authentication (only local processes can reach it, and it holds nothing but test databases).
# PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user that
# Debian's package creates.
#   scripts/start-test-postgres.sh [DIR]      start in DIR (an empty folder; default a new temporary
#                                             one, named on stderr); prints the URL
#   scripts/start-test-postgres.sh --stop DIR stop the server started in DIR and remove DIR
# scripts/with-test-postgres.sh runs a command with one started and TCBSCOPE_TEST_POSTGRES set.
set -euo pipefail
say() { printf 'test-postgres: %s\n' "$*" >&2; }

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  say "no /usr/lib/postgresql/*/bin/initdb (apt-get install postgresql, or npm run test:setup)"
  exit 1
fi

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = "--stop" ]; then
  dir="${2:?usage: $0 --stop DIR}"
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 0
fi

dir="${1:-$(mktemp -d "${TMPDIR:-/tmp}/tcbscope-test-postgres.XXXXXX")}"
mkdir -p "$dir"
chmod 700 "$dir"
[ "$(id -u)" = 0 ] && chown postgres: "$dir"
# A free port: ask the kernel for one on loopback, then give it to the server.
port="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
as_owner "$bin/initdb" -D "$dir/data" -U tcbscope -A trust --no-sync -E UTF8 --locale C >"$dir/initdb.log" 2>&1 ||
  { say "initdb failed:"; cat "$dir/initdb.log" >&2; exit 1; }
# fsync off: a test server that crashes is thrown away anyway. The benchmark sets
# TCBSCOPE_PG_DURABLE=1 to keep PostgreSQL's durable defaults, as SQLite's are in the same run.
fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
[ "${TCBSCOPE_PG_DURABLE:-}" = 1 ] && fast=""
# The socket stays in the folder too.
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir $fast -c max_connections=200" \
  start >/dev/null ||
  { say "the server did not start:"; cat "$dir/server.log" >&2; exit 1; }
say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, cluster in $dir"
printf 'postgres://tcbscope@127.0.0.1:%s/postgres\n' "$port"
