#!/usr/bin/env bash
# tests/lib/runner.sh SUITE — runs every test_* function of SUITE in its own subshell, each with a fresh
# $WORK directory and $STORE, and prints "PASS name" / "FAIL name", then "N passed, N failed". A test that
# cannot run here (skip in assert.sh) prints "SKIP name: reason" and counts as neither.
# The test runs as a plain command, never inside an `if` or next to `||`: there bash ignores `set -e`, and a
# command failing in the middle of a test would not fail it.
set -uo pipefail
suite=$1
here=$(cd "$(dirname "$0")" && pwd)
export REPO; REPO=$(cd "$here/../.." && pwd)
export DATA="$REPO/tests/data"
# Data shared by the project's checkouts: beside the main checkout (../shared), or beside the worktrees'
# parent (../../shared); SHARED_DATA in the environment wins.
if [ -z "${SHARED_DATA:-}" ]; then
  SHARED_DATA="$REPO/../shared/data"
  [ -d "$SHARED_DATA" ] || [ ! -d "$REPO/../../shared/data" ] || SHARED_DATA="$REPO/../../shared/data"
fi
export SHARED_DATA
# The suites drive the built binary: say up front when it is missing, or every test that uses it fails alone.
if [ ! -x "${CERTCTL:-}" ]; then
  echo "runner: CERTCTL is not set to an executable certctl (export CERTCTL=\$PWD/build/cli/certctl)" >&2
fi
: "${TEST_ROOT:=$(mktemp -d)}"
# shellcheck source=/dev/null
. "$here/assert.sh"
name=$(basename "$suite" .sh)
# A suite that does not load (a syntax error) or defines no test would otherwise report "0 passed, 0 failed".
# shellcheck source=/dev/null
if ! . "$suite"; then
  echo "FAIL $name: the suite does not load"
  echo "0 passed, 1 failed"
  exit 1
fi
if ! declare -F | awk '{print $3}' | grep -q '^test_'; then
  echo "FAIL $name: no test_* functions"
  echo "0 passed, 1 failed"
  exit 1
fi
passed=0; failed=0; skipped=0
for t in $(declare -F | awk '{print $3}' | grep '^test_'); do
  export WORK="$TEST_ROOT/$name/$t"
  rm -rf "$WORK"; mkdir -p "$WORK"
  export STORE="$WORK/store"
  ( cd "$WORK" || exit 1; set -e; "$t" ) >"$WORK/log" 2>&1
  rc=$?
  if [ "$rc" -eq 0 ] && [ -f "$WORK/skipped" ]; then
    skipped=$((skipped + 1))
    echo "SKIP $name.$t: $(cat "$WORK/skipped")"
  elif [ "$rc" -eq 0 ]; then
    passed=$((passed + 1))
    [ -n "${VERBOSE:-}" ] && echo "PASS $name.$t"
  else
    failed=$((failed + 1))
    echo "FAIL $name.$t (exit $rc)"
    sed 's/^/  /' "$WORK/log" | tail -25
  fi
done
[ "$skipped" -eq 0 ] || echo "$skipped skipped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
