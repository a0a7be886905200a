# tests/cli/test_revocation.sh — the CRL manager's master list answers revocation for `cert import`,
# `cert verify` and `check`: a CRL from an OpenSSL-made CA, refreshed from a file:// source.
# shellcheck source=tests/crl/lib_crl.sh
. "$REPO/tests/crl/lib_crl.sh"

leaf() {  # leaf NAME -> NAME.pem signed by ca (EC P-256, TLS server)
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -out "$1.csr" \
    -subj "/CN=$1.example.net" 2>/dev/null
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:%s.example.net\n' "$1" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 90 -extfile "$1.ext" \
    -out "$1.pem" 2>/dev/null
}
serial_of() { openssl x509 -in "$1" -noout -serial | cut -d= -f2 | tr 'A-F' 'a-f'; }

lab_with_revoked_leaf() {
  make_ca ca
  leaf revoked; leaf good
  must certctl init
  run certctl trust add lab ca.pem
  expect_exit 0
  make_crl ca lab.crl --number 1 --revoke "$(serial_of revoked.pem):key_compromise"
  run certctl crl add lab "file://$WORK/lab.crl" --issuer ca.pem
  expect_exit 0
  run certctl crl refresh
  expect_exit 0
}

test_strict_import_refuses_a_revoked_certificate() {
  lab_with_revoked_leaf
  snapshot_store
  run certctl cert import revoked revoked.pem --trust lab --validation-mode strict
  expect_exit 65
  expect_stderr "revoked"
  run certctl cert import good good.pem --trust lab --validation-mode strict
  expect_exit 0
}

test_verify_says_revoked_and_good() {
  lab_with_revoked_leaf
  run certctl cert verify revoked.pem --trust lab
  expect_exit 1
  grep -qi "revoked" "$WORK/out" "$WORK/err" || fail "no revocation reason printed"
  run certctl cert verify good.pem --trust lab
  expect_exit 0
}

test_check_reports_a_revoked_certificate_as_critical() {
  lab_with_revoked_leaf
  run certctl cert import revoked revoked.pem --trust lab --validation-mode warn
  expect_exit 0
  run certctl check revoked
  expect_exit 3
  grep -qi "revoked" "$WORK/out" || fail "check does not say revoked"
}
