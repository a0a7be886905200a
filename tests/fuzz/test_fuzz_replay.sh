# tests/fuzz/test_fuzz_replay.sh — every fuzz seed and every regression file (inputs that once crashed,
# leaked, hung or ran out of memory under tests/fuzz/run) through the same target code, built by the normal
# build into certctl_fuzz_replay. A crash, an abort (an escaping exception, an internal error) or a hang
# fails the test of that target.
FUZZ_REPLAY="$(dirname "$CERTCTL")/../tests/fuzz/certctl_fuzz_replay"
FUZZ_DIR="$REPO/tests/fuzz"
FUZZ_TARGETS="pem cert_file pkcs7 csr crl master_list exchange yaml config time json_body"

# replay TARGET: the seeds and regressions of TARGET, 120 s at most (a hang is a finding too).
replay() {
  local t=$1 dirs=("$FUZZ_DIR/seeds/$1")
  [ -d "$FUZZ_DIR/regressions/$t" ] && dirs+=("$FUZZ_DIR/regressions/$t")
  [ -x "$FUZZ_REPLAY" ] || fail "no replay executable at $FUZZ_REPLAY (build with the tests enabled)"
  timeout 120 "$FUZZ_REPLAY" "$t" "${dirs[@]}" >out 2>err || { tail -30 err; fail "replay of $t failed"; }
  grep -q "^$t: [1-9][0-9]* inputs replayed$" out || fail "replay of $t ran no input: $(cat out)"
}

for fuzz_target in $FUZZ_TARGETS; do
  eval "test_replay_$fuzz_target() { replay $fuzz_target; }"
done

# Every target has seeds, and every regression folder belongs to a target (a misnamed folder is never replayed).
test_every_target_has_seeds_and_no_stray_regressions() {
  local t d
  for t in $FUZZ_TARGETS; do
    [ -n "$(find "$FUZZ_DIR/seeds/$t" -type f 2>/dev/null)" ] || fail "no seeds for fuzz target $t"
  done
  for d in "$FUZZ_DIR"/regressions/*/; do
    [ -d "$d" ] || continue
    t=$(basename "$d")
    [[ " $FUZZ_TARGETS " == *" $t "* ]] || fail "tests/fuzz/regressions/$t is not a fuzz target"
  done
}

# The replay executable refuses what it cannot replay, so a typo in a suite never passes as "nothing crashed".
test_replay_refuses_unknown_target_and_missing_path() {
  run "$FUZZ_REPLAY" no_such_target "$FUZZ_DIR/seeds/pem"
  expect_exit 64
  run "$FUZZ_REPLAY" pem "$WORK/no-such-file"
  expect_exit 66
}
