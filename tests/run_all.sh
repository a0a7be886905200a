#!/usr/bin/env bash
# tests/run_all.sh BUILD_DIR — runs the unit tests (doctest) and every shell suite (tests/cli, tests/interop,
# tests/crl, tests/api, tests/conformance,
# tests/crash), then prints one line "N passed, N failed" over all of them and exits
# non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
build=$(cd "${1:-build}" && pwd)
export CERTCTL="$build/cli/certctl"
export TEST_ROOT
TEST_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/certctl-tests-XXXXXX")
passed=0
failed=0

# Unit tests: doctest's summary line gives the case counts.
export CERTCTL_TEST_DIR="$TEST_ROOT/unit"
unit_log="$TEST_ROOT/unit.log"
"$build/tests/certctl_unit" --no-colors=true >"$unit_log" 2>&1
unit_rc=$?
summary=$(grep -E '^\[doctest\] test cases:' "$unit_log" | tail -1)
up=$(sed -E 's/.*\| *([0-9]+) passed.*/\1/' <<<"$summary")
uf=$(sed -E 's/.*\| *([0-9]+) failed.*/\1/' <<<"$summary")
if [ -z "$summary" ]; then up=0; uf=1; fi
if [ "$unit_rc" -ne 0 ] && [ "$uf" -eq 0 ]; then uf=1; fi
[ "$uf" -ne 0 ] && { grep -v '^\[doctest\]' "$unit_log" | head -200; }
echo "unit: $up passed, $uf failed"
passed=$((passed + up)); failed=$((failed + uf))

# Shell suites: each test_*.sh defines test_* functions; tests/lib/runner.sh runs each in a fresh store.
for suite in tests/cli/test_*.sh tests/interop/test_*.sh tests/crl/test_*.sh tests/api/test_*.sh tests/conformance/test_*.sh tests/crash/test_*.sh; do
  [ -f "$suite" ] || continue
  out=$(bash tests/lib/runner.sh "$suite" 2>&1)
  rc=$?
  echo "$out" | grep -E '^(FAIL|SKIP|  )' || true
  line=$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -1)
  sp=${line%% passed*}; sf=${line#*, }; sf=${sf%% failed*}
  if [ -z "$line" ]; then sp=0; sf=1; echo "$out" | tail -20; fi
  if [ "$rc" -ne 0 ] && [ "$sf" -eq 0 ]; then sf=1; fi
  echo "$(basename "$suite"): $sp passed, $sf failed"
  passed=$((passed + sp)); failed=$((failed + sf))
done

if [ "$failed" -eq 0 ]; then
  rm -rf "$TEST_ROOT"
else
  echo "test data kept in $TEST_ROOT"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
