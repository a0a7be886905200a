# tests/cli/test_locked_pool.sh — commands that never hold a private key run without Botan's locked memory pool
# (its set-up is about 3 ms of mlock/munlock calls, paid by every cron job and monitoring check): the crl group,
# `cert verify`, the trust commands but `probe`, `ca list`, `ca show`, `csr show` and `exchange verify`. A key's
# command keeps it, and an operator's BOTAN_MLOCK_POOL_SIZE still wins. tests/lib/mlock_count.cpp, preloaded,
# counts the mlock() calls; the control (an encrypted key being made) must show some, or the counter could not
# see the pool at all.
COUNT_LIB=${MLOCK_COUNT_LIB:-$(dirname "$CERTCTL")/../tests/libmlock_count.so}

# mlocks CMD...: certctl CMD with the counter preloaded; prints how many mlock() calls it made.
mlocks() {
  [ -f "$COUNT_LIB" ] || fail "no $COUNT_LIB: build the tests (ninja -C build)"
  rm -f "$WORK/mlocks"
  run env LD_PRELOAD="$COUNT_LIB" CERTCTL_MLOCK_COUNT_FILE="$WORK/mlocks" "$@"
  [ "$RC" -eq 0 ] || fail "exit $RC: $*"
  if [ -f "$WORK/mlocks" ]; then cat "$WORK/mlocks"; else echo 0; fi
}

# The counter sees Botan's pool in this environment (RLIMIT_MEMLOCK may forbid locking; then there is nothing
# to skip and nothing to test).
require_pool() {
  if sanitized; then
    skip "the counter's LD_PRELOAD cannot run beside the sanitizer runtime; the normal build runs it"
  fi
  printf 'a passphrase for the control\n' > pw
  local n
  n=$(mlocks "$CERTCTL" --store "$STORE" key generate control --passphrase-file pw)
  [ "$n" -gt 0 ] || skip "Botan locks no memory here (ulimit -l is $(ulimit -l)): no pool to skip"
}

lab_crl() {  # a CA, its certificate in ca.pem and its CRL in lab.crl, the CRL added as source `lab`
  must certctl ca init lab-root --profile root --cn "pool lab root"
  must certctl ca show lab-root --pem
  cp "$WORK/out" ca.pem
  must certctl ca crl lab-root --out lab.crl
  must certctl crl add lab "file://$WORK/lab.crl" --issuer ca.pem
}

test_crl_commands_skip_the_pool() {
  require_pool
  lab_crl
  [ "$(mlocks "$CERTCTL" --store "$STORE" crl import lab lab.crl)" -eq 0 ] || fail "crl import locked memory"
  [ "$(mlocks "$CERTCTL" --store "$STORE" crl refresh --force)" -eq 0 ] || fail "crl refresh locked memory"
  [ "$(mlocks "$CERTCTL" --store "$STORE" crl list)" -eq 0 ] || fail "crl list locked memory"
}

test_public_key_commands_skip_the_pool() {
  require_pool
  lab_crl
  [ "$(mlocks "$CERTCTL" --store "$STORE" cert verify ca.pem --trust-file ca.pem)" -eq 0 ] ||
    fail "cert verify locked memory"
  [ "$(mlocks "$CERTCTL" --store "$STORE" trust add lab ca.pem)" -eq 0 ] || fail "trust add locked memory"
  [ "$(mlocks "$CERTCTL" --store "$STORE" trust show lab)" -eq 0 ] || fail "trust show locked memory"
  [ "$(mlocks "$CERTCTL" --store "$STORE" ca list)" -eq 0 ] || fail "ca list locked memory"
  [ "$(mlocks "$CERTCTL" --store "$STORE" ca show lab-root)" -eq 0 ] || fail "ca show locked memory"
  must certctl key generate web
  must certctl csr create web --key web --cn web.example
  [ "$(mlocks "$CERTCTL" --store "$STORE" csr show web)" -eq 0 ] || fail "csr show locked memory"
}

test_exchange_verify_skips_the_pool() {
  require_pool
  . "$DATA/exchange/lab.sh"
  lab_make "$WORK/lab"
  lab_response "$WORK/lab" "$WORK/auth.yml"
  local n
  n=$(mlocks "$CERTCTL" --store "$STORE" exchange verify "$WORK/auth.yml" --trust-file "$WORK/lab/root.pem")
  [ "$n" -eq 0 ] || fail "exchange verify locked memory"
}

test_an_operators_pool_size_wins() {
  require_pool
  lab_crl
  [ "$(mlocks env BOTAN_MLOCK_POOL_SIZE=512 "$CERTCTL" --store "$STORE" crl import lab lab.crl)" -gt 0 ] ||
    fail "BOTAN_MLOCK_POOL_SIZE=512 was overridden"
}
