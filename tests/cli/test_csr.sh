# tests/cli/test_csr.sh — certctl csr: create, list, show, export; audit and counters; every refusal.

create_web01() {
  must certctl csr create web01 --cn web01.example.net --org "Example GmbH" --country de --dns web01.example.net \
    --dns www.example.net --ip 192.0.2.10 --ip 2001:db8::10 --validity-days 365 --out "$WORK/web01.csr"
}

test_create_makes_key_stores_csr_audits_and_counts() {
  create_web01
  expect_exit 0
  expect_stdout_empty
  expect_stderr "generated key web01 (ec:secp256r1)"
  head -1 "$WORK/web01.csr" | grep -q "BEGIN CERTIFICATE REQUEST" || fail "not a PEM CSR"
  [ "$(stat -c %a "$STORE/keys/web01.key")" = 600 ] || fail "key mode"
  must certctl csr list --json
  expect_json 'd["csrs"][0]["name"] == "web01" and d["csrs"][0]["key_name"] == "web01"'
  expect_json 'd["csrs"][0]["sans"]["dns"] == ["web01.example.net", "www.example.net"]'
  expect_json 'd["csrs"][0]["sans"]["ip"] == ["192.0.2.10", "2001:db8::10"]'
  expect_json 'd["csrs"][0]["validity_days"] == 365 and d["csrs"][0]["subject_fields"]["country"] == "DE"'
  [ "$(counter csr_success)" = 1 ] || fail "csr_success $(counter csr_success)"
  [ "$(audit_count system.generate_csr 1)" = 1 ] || fail "no audit event"
  must certctl audit list --event system.generate_csr --json
  expect_json 'd["events"][0]["detail"]["key_name"] == "web01" and d["events"][0]["detail"]["algorithm"] == "ec:secp256r1"'
  expect_json 'd["events"][0]["detail"]["subject"] == "C=DE, O=Example GmbH, CN=web01.example.net" and d["events"][0]["success"]'
  must certctl key show web01 --json
  expect_json 'd["used_by"]["csrs"] == ["web01"]'
}

test_create_to_stdout_and_json() {
  run certctl csr create api --cn api.example.net
  expect_exit 0
  expect_stdout "-----BEGIN CERTIFICATE REQUEST-----"
  run certctl csr create api2 --key api --cn api.example.net --json
  expect_exit 0
  expect_json 'd["key_name"] == "api" and d["key_generated"] == False and d["pem"].startswith("-----BEGIN CERTIFICATE REQUEST")'
  expect_json 'd["validity_days"] is None and d["sans"]["dns"] == []'
}

test_create_with_existing_rsa_key_and_algorithm_for_new_key() {
  must certctl key generate gw --algorithm rsa:2048
  run certctl csr create gw-2026 --key gw --cn gw.example.net --json
  expect_exit 0
  expect_json 'd["key_algorithm"] == "rsa:2048"'
  run certctl csr create db --cn db.example.net --algorithm ec:secp384r1 --json
  expect_exit 0
  expect_json 'd["key_algorithm"] == "ec:secp384r1" and d["key_generated"]'
  run certctl csr create db9 --cn db.example.net --algorithm rsa:8192
  expect_exit 64
  expect_stderr "rsa:2048, rsa:2304"
}

test_show_stored_and_file_and_export() {
  create_web01
  run certctl csr show web01
  expect_exit 0
  expect_stdout "CN=web01.example.net"
  expect_stdout "DNS:www.example.net"
  expect_stdout "365 days"
  expect_stdout "valid"
  run certctl csr show "$WORK/web01.csr" --json
  expect_exit 0
  expect_json 'd["source"] == "file" and d["key_name"] == "web01" and d["signature_valid"]'
  expect_json '"2.25.279870610414058052254078412522873475379" in [e["oid"] for e in d["extensions"]]'
  run certctl csr export web01
  expect_exit 0
  cmp -s "$WORK/out" "$WORK/web01.csr" || fail "export differs from create --out"
  run certctl csr export web01 --out "$WORK/again.csr"
  expect_exit 0
  cmp -s "$WORK/again.csr" "$WORK/web01.csr" || fail "export --out differs"
  run certctl csr export web01 --out "$WORK/no/such/dir.csr"
  expect_exit 73
  run certctl csr export nope
  expect_exit 66
}

test_show_works_without_a_store() {
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/o.key" -subj "/CN=openssl.example" \
    -addext "subjectAltName=DNS:openssl.example,IP:198.51.100.1" -out "$WORK/o.csr" 2>/dev/null
  openssl req -in "$WORK/o.csr" -outform DER -out "$WORK/o.der"
  for f in o.csr o.der; do
    run certctl csr show "$WORK/$f" --json
    expect_exit 0
    expect_json 'd["subject"] == "CN=openssl.example" and d["sans"]["ip"] == ["198.51.100.1"] and d["key_name"] is None'
  done
  [ ! -e "$STORE" ] || fail "show created a store"
}

test_show_bad_files() {
  run certctl csr show "$WORK/missing.csr"
  expect_exit 66
  : > "$WORK/empty.csr"
  run certctl csr show "$WORK/empty.csr"
  expect_exit 65
  expect_stderr "empty"
  for i in $(seq 1 50); do echo "garbage line $i"; done > "$WORK/garbage.csr"
  run certctl csr show "$WORK/garbage.csr"
  expect_exit 65
  expect_stderr "not a certificate request"
  create_web01
  head -4 "$WORK/web01.csr" > "$WORK/trunc.csr"
  run certctl csr show "$WORK/trunc.csr"
  expect_exit 65
  expect_stderr "truncated PEM"
  cat "$WORK/web01.csr" "$WORK/web01.csr" > "$WORK/two.csr"
  run certctl csr show "$WORK/two.csr"
  expect_exit 65
  expect_stderr "2 certificate requests"
  # flip one byte of the subject: the signature no longer verifies
  openssl req -in "$WORK/web01.csr" -outform DER -out "$WORK/web01.der"
  python3 - "$WORK/web01.der" "$WORK/tampered.der" <<'PY'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
i = d.find(b"web01.example.net")
d[i] = ord("X")
open(sys.argv[2], "wb").write(d)
PY
  run certctl csr show "$WORK/tampered.der"
  expect_exit 65
  expect_stdout "INVALID"
  expect_stderr "signature does not verify"
  truncate -s 200M "$WORK/big.csr"
  run certctl csr show "$WORK/big.csr"
  expect_exit 65
  expect_stderr "too large"
  rm -f "$WORK/big.csr"
}

test_refusals_change_nothing_but_are_counted_and_audited() {
  create_web01
  snapshot_store
  run certctl csr create web02 --cn ""
  expect_exit 64
  expect_stderr "common name must not be empty"
  run certctl csr create web02 --dns web02.example.net
  expect_exit 64
  expect_stderr "common name must not be empty"
  run certctl csr create web02 --cn x --country DEU
  expect_exit 64
  expect_stderr "two letters"
  run certctl csr create web02 --cn x --country 1A
  expect_exit 64
  run certctl csr create web02 --cn x --dns "bad_name.example"
  expect_exit 64
  expect_stderr "invalid --dns"
  run certctl csr create web02 --cn x --ip 300.1.1.1
  expect_exit 64
  expect_stderr "invalid --ip"
  run certctl csr create web02 --cn x --validity-days 0
  expect_exit 64
  run certctl csr create web02 --cn x --email not-an-address
  expect_exit 64
  run certctl csr create web01 --cn other.example.net
  expect_exit 64
  expect_stderr "already exists"
  run certctl csr create ../x --cn x
  expect_exit 64
  run certctl csr create a/b --cn x
  expect_exit 64
  run certctl csr create web02 --key nokey --cn x
  expect_exit 66
  expect_stderr "no such key"
  run certctl csr create web02 --key ../x --cn x
  expect_exit 64
  run certctl csr create web02 --cn x --passphrase-file "$WORK/missing-pass"
  expect_exit 66
  run certctl csr create web02 --cn x --out "$WORK/no/such/dir/web02.csr"
  expect_exit 73
  expect_store_unchanged
  [ "$(counter csr_success)" = 1 ] || fail "csr_success $(counter csr_success)"
  [ "$(counter csr_failure)" = 15 ] || fail "csr_failure $(counter csr_failure)"
  [ "$(audit_count system.generate_csr 0)" = 15 ] || fail "failures audited: $(audit_count system.generate_csr 0)"
  must certctl audit list --event system.generate_csr --json
  expect_json 'any("already exists" in e["detail"].get("error", "") for e in d["events"] if not e["success"])'
}

test_existing_csr_file_not_overwritten_in_store() {
  create_web01
  before=$(certctl csr export web01)
  run certctl csr create web01 --cn evil.example.net --out "$WORK/web01.csr"
  expect_exit 64
  [ "$(certctl csr export web01)" = "$before" ] || fail "stored CSR changed"
  grep -q "BEGIN CERTIFICATE REQUEST" "$WORK/web01.csr" || fail "--out file damaged"
}

test_encrypted_key_passphrase() {
  printf 'right\n' > "$WORK/right"
  printf 'wrong\n' > "$WORK/wrong"
  must certctl key generate db01 --passphrase-file "$WORK/right"
  snapshot_store
  run certctl csr create db01 --cn db01.example.net --passphrase-file "$WORK/wrong"
  expect_exit 65
  expect_stderr "wrong passphrase"
  run certctl csr create db01 --cn db01.example.net
  expect_exit 65
  expect_stderr "passphrase required"
  expect_store_unchanged
  [ "$(counter csr_failure)" = 2 ] || fail "failures not counted"
  run certctl csr create db01 --cn db01.example.net --passphrase-file "$WORK/right" --out "$WORK/db01.csr"
  expect_exit 0
}

test_list_and_show_missing_store() {
  run certctl csr list
  expect_exit 66
  run certctl csr show nope
  expect_exit 66
  must certctl init
  run certctl csr list --json
  expect_exit 0
  expect_json 'd["csrs"] == []'
}

test_read_only_store_is_73() {
  must certctl key generate web01
  snapshot_store
  chmod -R a-w "$STORE"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R nobody "$STORE"; chmod a+x "$WORK" "$TEST_ROOT" "$(dirname "$WORK")"
    run setpriv --reuid=nobody --regid=nogroup --clear-groups "$CERTCTL" --store "$STORE" csr create web01 --cn x
  else
    run certctl csr create web01 --cn x
  fi
  expect_exit 73
  chmod -R u+w "$STORE"
  expect_store_unchanged
}
