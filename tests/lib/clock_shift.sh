# tests/lib/clock_shift.sh — `later SECONDS certctl ARGS...` runs certctl with its wall clock SECONDS ahead
# (tests/lib/clock_shift.cpp, built next to the unit tests), so renewal windows open and backoffs run out
# without waiting. Sourced by the suites that step time.
CLOCK_SHIFT_LIB=${CLOCK_SHIFT_LIB:-$(dirname "$CERTCTL")/../tests/libclock_shift.so}

# later SECONDS CMD ARGS...: CMD is `certctl` (the store of the test) or any program.
later() {
  local s=$1; shift
  [ -f "$CLOCK_SHIFT_LIB" ] || fail "no $CLOCK_SHIFT_LIB: build the tests (ninja -C build)"
  if [ "$1" = certctl ]; then shift; set -- "$CERTCTL" --store "$STORE" "$@"; fi
  # A sanitizer build wants its runtime first; the shim uses none of it.
  env LD_PRELOAD="$CLOCK_SHIFT_LIB" CERTCTL_TEST_CLOCK_SHIFT="$s" \
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" "$@"
}
