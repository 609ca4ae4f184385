#!/usr/bin/env bash
# Runs a command (the test runner) with a PostgreSQL server for the store tests: unless
# TCBSCOPE_TEST_POSTGRES already names one, it starts one (scripts/start-test-postgres.sh), sets
# TCBSCOPE_TEST_POSTGRES to its URL for the command, and stops it afterwards. Without Debian's
# postgresql binaries it runs the command without one: the PostgreSQL cases then skip, or fail
# under CI=true (test/support/test-needs.ts), where `npm run test:setup` installs them.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ -n "${TCBSCOPE_TEST_POSTGRES:-}" ] || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  exec "$@"
fi
dir="$(mktemp -d "${TMPDIR:-/tmp}/tcbscope-test-postgres.XXXXXX")"
trap 'bash "$here/start-test-postgres.sh" --stop "$dir"' EXIT
TCBSCOPE_TEST_POSTGRES="$(bash "$here/start-test-postgres.sh" "$dir")"
export TCBSCOPE_TEST_POSTGRES
"$@"
