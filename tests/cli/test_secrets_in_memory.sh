# tests/cli/test_secrets_in_memory.sh — key bytes and passphrases are wiped once used: certctl runs with
# tests/lib/secret_scan.cpp preloaded, which, when the process exits (main() returned, every object destroyed),
# searches all of its writable memory, freed heap and dead stack frames included, for the passphrase, the key's
# secret numbers (as in DER and as in a Botan BigInt) and the base64 text of its PEM. Any copy found is a copy
# that was freed without being wiped. Each run must also find two controls (an argument on the stack, a canary
# in the heap), so a scanner that did not run or could not see the memory fails instead of passing empty.
SCAN_LIB=${SECRET_SCAN_LIB:-$(dirname "$CERTCTL")/../tests/libsecret_scan.so}

# A key made by certctl itself in a store of its own, so the PEM that `key import` writes for it (Botan's
# encoding, deterministic for an unencrypted key) is byte for byte the file it read: the same needles cover the
# reading and the writing side.
make_key() {  # make_key ALGORITHM -> key.pem, pw (passphrase file), needles
  local setup="$WORK/setup-store"
  must "$CERTCTL" --store "$setup" init
  must "$CERTCTL" --store "$setup" key generate src --algorithm "$1"
  cp "$setup/keys/src.key" key.pem
  chmod 600 key.pem
  python3 -c 'import secrets; print("pp-" + secrets.token_urlsafe(30))' > pw
  chmod 600 pw
  CONTROL="ctl-$(python3 -c 'import secrets; print(secrets.token_hex(12))')"
  CANARY=$(python3 -c 'import secrets,sys; print(bytes(b ^ 0x5a for b in ("heap-" + secrets.token_hex(12)).encode()).hex())')
  must python3 "$REPO/tests/lib/secret_needles.py" key.pem pw "$CONTROL" needles
  echo "control-heap $CANARY" >> needles
}

# scanned LABEL CMD...: runs certctl CMD under the scanner; the report is in $WORK/scan.LABEL.
scanned() {
  local label=$1; shift
  [ -f "$SCAN_LIB" ] || fail "no $SCAN_LIB: build the tests (ninja -C build)"
  rm -f "scan.$label"
  # A sanitizer build wants its runtime first, and maps terabytes of shadow the scanner skips: not run there.
  if sanitized; then skip "the memory scanner's LD_PRELOAD cannot run beside the sanitizer runtime; the normal build runs it"; fi
  run env LD_PRELOAD="$SCAN_LIB" CERTCTL_SECRET_SCAN_NEEDLES="$WORK/needles" CERTCTL_SECRET_SCAN_CANARY="$CANARY" \
    CERTCTL_SECRET_SCAN_REPORT="$WORK/scan.$label" "$CERTCTL" --store "$STORE" "$@"
}

# expect_wiped LABEL: the scan ran over a plausible amount of memory, found both controls, and nothing else.
expect_wiped() {
  local report="$WORK/scan.$1"
  [ -s "$report" ] || fail "$1: the scanner wrote no report (did the process exit normally?)"
  local bytes
  bytes=$(sed -n 's/^scanned \([0-9]*\) bytes.*/\1/p' "$report")
  [ -n "$bytes" ] && [ "$bytes" -gt 1000000 ] || fail "$1: the scan covered too little memory: $(tail -1 "$report")"
  grep -q '^found control-argv .* in \[stack\]' "$report" || fail "$1: the stack control was not found: $(cat "$report")"
  grep -q '^found control-heap ' "$report" || fail "$1: the heap control was not found: $(cat "$report")"
  local leaks
  leaks=$(grep '^found ' "$report" | grep -v '^found control-' || true)
  [ -z "$leaks" ] || fail "$1: secret bytes left in memory at exit:
$leaks"
}

check_key_paths() {  # ALGORITHM: every command that reads, writes or uses the key, each scanned
  make_key "$1"
  must certctl init
  # Every name carries the control, so each command line has it.
  scanned import-plain key import "p-$CONTROL" key.pem
  expect_exit 0
  cmp -s key.pem "$STORE/keys/p-$CONTROL.key" || fail "the stored key is not the file imported (the PEM needles would miss it)"
  expect_wiped import-plain
  scanned import-enc key import "e-$CONTROL" key.pem --passphrase-file pw
  expect_exit 0
  expect_wiped import-enc
  scanned csr-plain csr create "c1-$CONTROL" --key "p-$CONTROL" --cn www.example.net --out c1.csr
  expect_exit 0
  expect_wiped csr-plain
  scanned csr-enc csr create "c2-$CONTROL" --key "e-$CONTROL" --passphrase-file pw --cn www.example.net --out c2.csr
  expect_exit 0
  expect_wiped csr-enc
  # A wrong passphrase (which holds the right one): the refusal wipes too.
  echo "wrong-$(head -1 pw)" > wrong.pw
  chmod 600 wrong.pw
  scanned csr-wrong csr create "c3-$CONTROL" --key "e-$CONTROL" --passphrase-file wrong.pw --cn www.example.net --out c3.csr
  expect_exit 65
  expect_wiped csr-wrong
}

test_ec_key_bytes_and_passphrase_are_wiped() { check_key_paths ec:secp256r1; }
test_rsa_key_bytes_and_passphrase_are_wiped() { check_key_paths rsa:2048; }

# The CA's key signs: its self-signed certificate (ca init on the imported key), a batch of certificates
# (ca issue, which signs on every core) and a CRL. Each run reads the key file and must wipe it as the CSR
# path does; with a passphrase, the passphrase too.
check_ca_paths() {  # ALGORITHM
  make_key "$1"
  must certctl init
  must certctl csr create "leaf-$CONTROL" --cn leaf.example.net --algorithm ec:secp256r1 --out leaf.csr
  scanned import-plain key import "p-$CONTROL" key.pem
  expect_exit 0
  scanned import-enc key import "e-$CONTROL" key.pem --passphrase-file pw
  expect_exit 0
  local kind
  for kind in p e; do
    local pass=()
    [ "$kind" = e ] && pass=(--passphrase-file pw)
    scanned "ca-init-$kind" ca init "ca-$kind-$CONTROL" --profile root --cn "CA $kind" --key "$kind-$CONTROL" "${pass[@]}"
    expect_exit 0
    expect_wiped "ca-init-$kind"
    scanned "ca-issue-$kind" ca issue "ca-$kind-$CONTROL" --profile tls-server --csr leaf.csr --name "l-$kind-$CONTROL" \
      --out "leaf-$kind.pem" "${pass[@]}"
    expect_exit 0
    must openssl verify -partial_chain -CAfile <("$CERTCTL" --store "$STORE" ca show "ca-$kind-$CONTROL" --pem) "leaf-$kind.pem"
    expect_wiped "ca-issue-$kind"
    scanned "ca-crl-$kind" ca crl "ca-$kind-$CONTROL" --out "ca-$kind.crl" "${pass[@]}"
    expect_exit 0
    expect_wiped "ca-crl-$kind"
  done
}

test_ec_ca_key_is_wiped_after_signing() { check_ca_paths ec:secp256r1; }
test_rsa_ca_key_is_wiped_after_signing() { check_ca_paths rsa:2048; }

# Exchange flows: `exchange registration` signs its CSRs with the On-Prem's keys (the lcs key is ours, imported
# under the name registration uses), and `exchange authorize` signs with the licensing root (ours too, plain)
# the lab CAs and the answer's certificates.
test_exchange_keys_are_wiped() {
  make_key ec:secp256r1
  must certctl init
  local name="op-$CONTROL" uuid=4cdd0470-e5e4-0132-a310-005056841670
  must certctl key import "$name-lcs" key.pem
  scanned exchange-registration exchange registration "$name" --instance-id "$uuid" --out reg.yml
  expect_exit 0
  expect_wiped exchange-registration
  must certctl ca init "root-$CONTROL" --profile root --cn "Lab Licensing Root" --key "$name-lcs"
  scanned exchange-authorize exchange authorize reg.yml --ca "root-$CONTROL" --out auth.yml
  expect_exit 0
  "$CERTCTL" --store "$STORE" ca show "root-$CONTROL" --pem > root.pem
  must certctl exchange verify auth.yml --trust-file root.pem
  expect_wiped exchange-authorize
}

# `certctl serve` holds its TLS key for its whole life (GnuTLS's copy, for every handshake); what must not be
# left behind is what loading it used (the key file's bytes, Botan's key, the PKCS#8 handed to GnuTLS), and at
# a clean stop (SIGTERM) GnuTLS's own copy too. One HTTPS request makes a handshake sign with the key.
test_serve_tls_key_is_wiped() {
  make_key ec:secp256r1
  must certctl init
  local name="api-$CONTROL"
  must certctl key import "$name" key.pem
  . "$REPO/tests/api/lib_api.sh"
  make_api_cert "$name"
  [ -f "$SCAN_LIB" ] || fail "no $SCAN_LIB: build the tests (ninja -C build)"
  if sanitized; then skip "the memory scanner's LD_PRELOAD cannot run beside the sanitizer runtime; the normal build runs it"; fi
  SERVE_ENV=(LD_PRELOAD="$SCAN_LIB" CERTCTL_SECRET_SCAN_NEEDLES="$WORK/needles" CERTCTL_SECRET_SCAN_CANARY="$CANARY"
    CERTCTL_SECRET_SCAN_REPORT="$WORK/scan.serve")
  start_server --tls-cert "$name"
  TOKEN=""
  api_json POST /api/v1/login '{"username": "nobody", "password": "x", "application": "GUI"}'
  expect_status 401
  kill -TERM "$SERVE_PID"
  local rc=0
  wait "$SERVE_PID" || rc=$?
  SERVE_PID=""
  [ "$rc" -eq 0 ] || fail "certctl serve exited $rc after SIGTERM: $(cat "$WORK/serve.log")"
  expect_wiped serve
}
