# tests/conformance/test_limbo.sh — certctl on the x509-limbo core suite must stay at or above the agreement
# recorded in tests/conformance/limbo-floor.txt (the whole suite and the groups that must never regress).
# The side-by-side report with OpenSSL is `python3 tests/conformance/limbo.py --certctl build/cli/certctl`.

test_limbo_agreement_at_or_above_the_floor() {
  if ! python3 "$REPO/tests/conformance/limbo.py" --certctl "$CERTCTL" --no-openssl \
      --floor "$REPO/tests/conformance/limbo-floor.txt" --report "$WORK/limbo.json" > "$WORK/out" 2>"$WORK/err"; then
    fail "certctl's agreement with x509-limbo fell below the floor (or the suite could not run)"
  fi
  expect_stdout "at or above the floor"
  # No case may take a second (a hang would show here first).
  expect_no_stdout "slow:"
}
