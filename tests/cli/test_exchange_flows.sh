# tests/cli/test_exchange_flows.sh — registration, authorize (lab), import, sync-request, sync-response (lab):
# the whole On-Prem <-> cloud round trip in one store, each answer verified.
UUID=4cdd0470-e5e4-0132-a310-005056841670

# The lab root and its PEM (`ca init` + the CA's certificate from the store).
lab_root() {
  run certctl ca init licensing-root --profile root --cn "Lab Licensing Root"
  expect_exit 0
  python3 - "$STORE/certctl.db" "$WORK/root.pem" <<'PY'
import base64, sqlite3, sys
der = sqlite3.connect(sys.argv[1]).execute("select der from cas where name='licensing-root'").fetchone()[0]
b = base64.b64encode(der).decode()
open(sys.argv[2], "w").write("-----BEGIN CERTIFICATE-----\n" + "\n".join(b[i:i+64] for i in range(0, len(b), 64)) + "\n-----END CERTIFICATE-----\n")
PY
}

test_round_trip_register_authorize_import_sync() {
  run certctl exchange registration lab --instance-id "$UUID" --out "$WORK/reg.yml"
  expect_exit 0
  grep -q "^:instance_id: $UUID$" "$WORK/reg.yml" || fail "instance id"
  grep -q '^:exported_timestamp: 20[0-9][0-9]-[A-Z][a-z][a-z]-[0-9][0-9] [0-9:]* UTC$' "$WORK/reg.yml" || fail "timestamp shape"
  run certctl exchange verify "$WORK/reg.yml"
  expect_exit 0
  expect_stdout "lcs_csr"
  [ "$(audit_count system.generate_csr 1)" = 3 ] || fail "three CSRs audited"

  lab_root
  run certctl exchange authorize "$WORK/reg.yml" --ca licensing-root --out "$WORK/auth.yml"
  expect_exit 0
  run certctl exchange verify "$WORK/auth.yml" --trust-file "$WORK/root.pem" --json
  expect_exit 0
  expect_json 'd["valid"] and d["kind"] == "authorization"'
  for f in id_cert sub_ca_cert signing_cert local_sub_ca_cert_1_1 tg_ssl_cert tg_issuer_cert satellite_cert ssms_ssl_cert; do
    grep -q "^    :$f: |-$" "$WORK/auth.yml" || fail "field $f"
  done
  openssl x509 -in "$WORK/root.pem" -outform DER | openssl dgst -sha256 -binary | base64 >"$WORK/hash"
  grep -q "^:root_cert_hash: $(cat "$WORK/hash")$" "$WORK/auth.yml" || fail "root_cert_hash"

  run certctl exchange import "$WORK/auth.yml" --trust-file "$WORK/root.pem" --json
  expect_exit 0
  expect_json '[c for c in d["certificates"] if c["name"] == "id_cert"][0]["key"] == "lab-lcs"'
  expect_json '[c for c in d["certificates"] if c["name"] == "tg_ssl_cert"][0]["key"] == "lab-tg"'

  run certctl exchange sync-request --out "$WORK/sr.yml"
  expect_exit 0
  run certctl exchange sync-response "$WORK/sr.yml" --ca licensing-root --out "$WORK/sync.yml"
  expect_exit 0
  run certctl exchange verify "$WORK/sync.yml" --trust-file "$WORK/root.pem"
  expect_exit 0
  expect_stdout "kind: sync_response"
  run certctl exchange import "$WORK/sync.yml" --trust-file "$WORK/root.pem" --json
  expect_exit 0
  expect_json 'd["sync_type"] == "PARTIAL"'
  expect_json '[c for c in d["certificates"] if c["name"] == "id_cert"][0]["replaced"] is True'
}

test_authorize_refuses_bad_requests() {
  must certctl exchange registration lab --instance-id "$UUID" --out "$WORK/reg.yml"
  lab_root
  run certctl exchange authorize "$WORK/reg.yml" --ca nosuch
  expect_exit 66
  snapshot_store
  python3 - "$WORK/reg.yml" "$WORK/bad.yml" <<'PY'
import sys
t = open(sys.argv[1]).read()
i = t.index("-----END", t.index(":ssms_csr:")) - 12
open(sys.argv[2], "w").write(t[:i] + ("A" if t[i] != "A" else "B") + t[i + 1:])
PY
  run certctl exchange authorize "$WORK/bad.yml" --ca licensing-root
  expect_exit 65
  expect_stderr "the request does not verify: ssms_csr"
  expect_store_unchanged
  run certctl exchange authorize "$WORK/reg.yml" --ca licensing-root-x
  expect_exit 66
}

test_sync_response_before_authorize_is_not_found() {
  must certctl exchange registration lab --instance-id "$UUID" --out "$WORK/reg.yml"
  lab_root
  must certctl exchange authorize "$WORK/reg.yml" --ca licensing-root --out "$WORK/auth.yml"
  must certctl exchange import "$WORK/auth.yml" --trust-file "$WORK/root.pem"
  must certctl exchange sync-request --out "$WORK/sr.yml"
  must certctl ca init other-root --profile root --cn "Other Root"
  run certctl exchange sync-response "$WORK/sr.yml" --ca other-root
  expect_exit 66
  expect_stderr "has not authorized an On-Prem yet"
}
