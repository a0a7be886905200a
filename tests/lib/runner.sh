#!/usr/bin/env bash
# tests/lib/runner.sh SUITE — runs every test_* function of SUITE in its own subshell, each with a fresh
# $WORK directory and $STORE, and prints "PASS name" / "FAIL name", then "N passed, N failed".
set -uo pipefail
suite=$1
here=$(cd "$(dirname "$0")" && pwd)
export REPO; REPO=$(cd "$here/../.." && pwd)
export DATA="$REPO/tests/data"
export SHARED_DATA="$REPO/../shared/data"
# In a git worktree the shared data sits next to the main checkout instead.
if [ ! -d "$SHARED_DATA" ] && common=$(git -C "$REPO" rev-parse --path-format=absolute --git-common-dir 2>/dev/null); then
  SHARED_DATA="$(dirname "$common")/../shared/data"
fi
: "${TEST_ROOT:=$(mktemp -d)}"
# shellcheck source=/dev/null
. "$here/assert.sh"
# shellcheck source=/dev/null
. "$suite"
name=$(basename "$suite" .sh)
passed=0; failed=0
for t in $(declare -F | awk '{print $3}' | grep '^test_'); do
  export WORK="$TEST_ROOT/$name/$t"
  rm -rf "$WORK"; mkdir -p "$WORK"
  export STORE="$WORK/store"
  if ( cd "$WORK" && set -e && "$t" ) >"$WORK/log" 2>&1; then
    passed=$((passed + 1))
    [ -n "${VERBOSE:-}" ] && echo "PASS $name.$t"
  else
    failed=$((failed + 1))
    echo "FAIL $name.$t"
    sed 's/^/  /' "$WORK/log" | tail -25
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
