# tests/cli/test_exchange.sh — exchange verify/show on files written by python3 + OpenSSL (tests/data/exchange),
# and every kind of bad input: exit code, message, store unchanged.
. "$DATA/exchange/lab.sh"

LAB="$TEST_ROOT/test_exchange.lab"   # one OpenSSL hierarchy for the whole suite (built on first use)
OTHER="$TEST_ROOT/test_exchange.other"

lab() { lab_make "$LAB"; }
good_auth() { lab; lab_response "$LAB" "$WORK/auth.yml" "$@"; }

# A trust bundle row as the trust area stores it (tables of migration 1), without depending on `trust add`.
add_bundle() {  # add_bundle NAME PEM
  must certctl init
  python3 - "$STORE/certctl.db" "$1" "$2" <<'PY'
import hashlib, ssl, sqlite3, sys
db, name, pem = sys.argv[1:]
der = ssl.PEM_cert_to_DER_cert(open(pem).read())
c = sqlite3.connect(db)
c.execute("insert or ignore into trust_bundles values (?, 'strict', '2026-01-01T00:00:00Z')", (name,))
c.execute("insert into trust_certs values (?, ?, 'CN=root', '2036-01-01T00:00:00Z', ?, '2026-01-01T00:00:00Z')",
          (name, hashlib.sha256(der).hexdigest(), der))
c.commit()
PY
}

test_verify_python_written_authorization_is_valid() {
  good_auth
  run certctl exchange verify "$WORK/auth.yml" --trust-file "$LAB/root.pem"
  expect_exit 0
  expect_stdout "kind: authorization"
  expect_stdout "Lab Signing -> Lab Sub CA -> Lab Licensing Root (trusted)"
  expect_stdout "tg_ssl_cert"
  expect_stdout "valid"
  run certctl exchange verify "$WORK/auth.yml" --trust-file "$LAB/root.pem" --json
  expect_exit 0
  expect_json 'd["valid"] is True and d["kind"] == "authorization" and all(c["status"] == "ok" for c in d["checks"])'
  expect_json 'd["root"]["subject"] == "Lab Licensing Root" and len(d["root"]["fingerprint"]) == 64'
}

test_verify_sync_response_with_trust_bundle_from_store() {
  lab
  lab_response "$LAB" "$WORK/sync.yml" --kind sync_response
  add_bundle licensing "$LAB/root.pem"
  run certctl exchange verify "$WORK/sync.yml" --trust licensing
  expect_exit 0
  expect_stdout "kind: sync_response"
  run certctl exchange verify "$WORK/sync.yml"          # no option: every bundle of the store
  expect_exit 0
  run certctl exchange verify "$WORK/sync.yml" --trust nosuch
  expect_exit 66
  expect_stderr "no such bundle"
}

test_verify_without_any_trust_is_not_valid() {
  good_auth
  run certctl exchange verify "$WORK/auth.yml"
  expect_exit 1
  expect_stdout "no trusted root given"
}

test_one_changed_byte_in_signed_content_fails_signature() {
  good_auth
  snapshot_store
  for pattern in 's/Ross-SSMS-SCH4.1.2/Ross-SSMS-SCH4.1.3/' 's/:id: 101342/:id: 101343/' 's/^  :sync_type: FULL/  :sync_type: FULL /'; do
    sed "$pattern" "$WORK/auth.yml" >"$WORK/bad.yml"
    cmp -s "$WORK/auth.yml" "$WORK/bad.yml" && fail "pattern $pattern changed nothing"
    run certctl exchange verify "$WORK/bad.yml" --trust-file "$LAB/root.pem"
    expect_exit 1
    expect_stdout "the signature does not match the signed content"
    expect_stdout "NOT VALID"
  done
  # A byte inside a certificate's PEM line (still base64, so YAML and maybe PEM still parse).
  python3 - "$WORK/auth.yml" "$WORK/bad.yml" <<'PY'
import sys
t = open(sys.argv[1]).read()
i = t.index("MII", t.index(":tg_issuer_cert:")) + 40
open(sys.argv[2], "w").write(t[:i] + ("A" if t[i] != "A" else "B") + t[i + 1:])
PY
  run certctl exchange verify "$WORK/bad.yml" --trust-file "$LAB/root.pem"
  expect_exit 1
  expect_stdout "the signature does not match"
  expect_store_unchanged
}

test_signer_not_chaining_to_trusted_root() {
  good_auth
  lab_make "$OTHER" "Other Root"
  run certctl exchange verify "$WORK/auth.yml" --trust-file "$OTHER/root.pem"
  expect_exit 1
  expect_stdout "does not chain to a trusted root"
  expect_stdout "matches no trusted root"
  # Signed by another hierarchy's signing key while claiming ours: signature fails too.
  python3 "$DATA/exchange/write_response.py" --certs "$LAB/certs" --key "$OTHER/signing.key" \
    --signing-cert "$OTHER/signing.pem" --root "$LAB/root.pem" --uuid "$LAB_UUID" >"$WORK/other.yml"
  run certctl exchange verify "$WORK/other.yml" --trust-file "$LAB/root.pem"
  expect_exit 1
  expect_stdout "differs from the one under :authentication:"
}

test_wrong_root_cert_hash() {
  good_auth --root-hash "C3CyNDezXF9nJrp6zLpAnUQOMbxQyeDRn/O0x347an0="
  run certctl exchange verify "$WORK/auth.yml" --trust-file "$LAB/root.pem"
  expect_exit 1
  expect_stdout "is not the hash of the root 'Lab Licensing Root'"
  expect_no_stdout "the signature does not match"
}

test_missing_field() {
  lab
  mkdir -p "$WORK/certs" && cp "$LAB"/certs/*.pem "$WORK/certs/" && rm "$WORK/certs/satellite_cert.pem"
  python3 "$DATA/exchange/write_response.py" --certs "$WORK/certs" --key "$LAB/signing.key" \
    --signing-cert "$LAB/signing.pem" --root "$LAB/root.pem" --uuid "$LAB_UUID" >"$WORK/auth.yml"
  run certctl exchange verify "$WORK/auth.yml" --trust-file "$LAB/root.pem"
  expect_exit 1
  expect_stdout "missing :satellite_cert:"
  expect_stdout "not signed by its expected issuer (satellite_cert"
  grep -v '^:root_cert_hash:' "$WORK/auth.yml" >"$WORK/nohash.yml"
  run certctl exchange verify "$WORK/nohash.yml" --trust-file "$LAB/root.pem"
  expect_exit 1
  expect_stdout "missing :root_cert_hash:"
}

test_certificate_in_wrong_role() {
  lab
  mkdir -p "$WORK/certs" && cp "$LAB"/certs/*.pem "$WORK/certs/"
  cp "$LAB/tg_ssl.pem" "$WORK/certs/id_cert.pem"     # a TLS server certificate where the id cert belongs
  python3 "$DATA/exchange/write_response.py" --certs "$WORK/certs" --key "$LAB/signing.key" \
    --signing-cert "$LAB/signing.pem" --root "$LAB/root.pem" --uuid "$LAB_UUID" >"$WORK/auth.yml"
  run certctl exchange verify "$WORK/auth.yml" --trust-file "$LAB/root.pem"
  expect_exit 1
  expect_stdout "is not fit for id_cert: its extended key usage lacks clientAuth"
}

test_duplicate_keys_refused() {
  good_auth
  sed 's/^  :satellite_name: .*/&\n  :satellite_name: evil/' "$WORK/auth.yml" >"$WORK/dup.yml"
  run certctl exchange verify "$WORK/dup.yml" --trust-file "$LAB/root.pem"
  expect_exit 65
  expect_stderr "the key ':satellite_name' appears twice"
  sed 's/^:root_cert_hash:/:root-cert-hash: x\n&/' "$WORK/auth.yml" >"$WORK/dup2.yml"
  run certctl exchange show "$WORK/dup2.yml"
  expect_exit 65
  expect_stderr "appears twice"
}

test_registration_with_bad_csr_signature() {
  lab
  lab_registration "$LAB" "$WORK/reg.yml"
  run certctl exchange verify "$WORK/reg.yml"
  expect_exit 0
  expect_stdout "kind: registration"
  expect_stdout "'tg.lab.example', ECDSA, signature ok"
  # Flip a character of the tg CSR's signature (the end of its base64 body).
  python3 - "$WORK/reg.yml" "$WORK/bad.yml" <<'PY'
import sys
t = open(sys.argv[1]).read()
i = t.index("-----END", t.index(":tg_csr:")) - 12
open(sys.argv[2], "w").write(t[:i] + ("A" if t[i] != "A" else "B") + t[i + 1:])
PY
  run certctl exchange verify "$WORK/bad.yml"
  expect_exit 1
  expect_stdout "tg_csr"
  expect_stdout "signature is bad"
  sed 's/^:instance_id: .*/:instance_id: 4cdd0470-zzzz-0132-a310-005056841670/' "$WORK/reg.yml" >"$WORK/baduuid.yml"
  run certctl exchange verify "$WORK/baduuid.yml"
  expect_exit 1
  expect_stdout "is not a UUID"
}

test_yaml_bomb_refused_quickly() {
  python3 - "$WORK/bomb.yml" <<'PY'
import sys
lines = [':a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
for i in range(1, 40):
    lines.append(":a%d: &a%d [%s]" % (i, i, ", ".join(["*a%d" % (i - 1)] * 9)))
open(sys.argv[1], "w").write("---\n:data:\n" + "".join("  " + l + "\n" for l in lines))
PY
  run certctl exchange verify "$WORK/bomb.yml"
  expect_exit 65
  expect_stderr "YAML anchor"
  printf -- '---\n:instance_id: *x\n' >"$WORK/alias.yml"
  run certctl exchange show "$WORK/alias.yml"
  expect_exit 65
}

test_100mb_file_refused_before_reading() {
  truncate -s 100M "$WORK/big.yml"
  run certctl exchange verify "$WORK/big.yml"
  expect_exit 65
  expect_stderr "file is too large (104857600 bytes, limit 16777216)"
}

test_not_an_exchange_file_and_missing_file() {
  printf -- '---\n:hello: world\n' >"$WORK/other.yml"
  run certctl exchange verify "$WORK/other.yml"
  expect_exit 65
  expect_stderr "not an exchange file"
  run certctl exchange verify "$WORK/none.yml"
  expect_exit 66
  run certctl exchange verify "$WORK/other.yml" --trust a --trust-file b
  expect_exit 64
}

test_show_summarises_each_certificate() {
  good_auth
  run certctl exchange show "$WORK/auth.yml"
  expect_exit 0
  expect_stdout "collector_instance_id:"
  expect_stdout "local_sub_ca_cert:"
  expect_stdout "not yet issued"
  expect_stdout "tg_issuer_cert"
  run certctl exchange show "$WORK/auth.yml" --json
  expect_exit 0
  expect_json 'd["kind"] == "authorization" and len([i for i in d["items"] if i["type"] == "certificate"]) == 8'
  expect_json 'all(i["signed"] and len(i["fingerprint"]) == 64 for i in d["items"])'
  expect_json 'd["fields"]["uuid"] == "4cdd0470-e5e4-0132-a310-005056841670" and d["signed_bytes"] > 1000'
}

# Botan's X509_Time::to_std_timepoint() throws for years from 2400 on; certctl reads such dates itself.
test_certificates_valid_past_the_year_2400_verify_show_and_import() {
  local far="$WORK/far"
  LAB_LEAF_DAYS=180000 lab_make "$far"
  lab_response "$far" "$WORK/auth.yml"
  local year; year=$(openssl x509 -in "$far/certs/tg_ssl_cert.pem" -noout -enddate | awk '{print $4}')
  [ "$year" -ge 2400 ] || fail "the lab's certificate ends in $year, not after 2400"
  run certctl exchange verify "$WORK/auth.yml" --trust-file "$far/root.pem" --json
  expect_exit 0
  expect_json 'd["valid"] is True'
  run certctl exchange show "$WORK/auth.yml" --json
  expect_exit 0
  expect_json "[i for i in d['items'] if i.get('field') == 'tg_ssl_cert'][0]['not_after'].startswith('$year-')"
  run certctl exchange import "$WORK/auth.yml" --trust-file "$far/root.pem" --json
  expect_exit 0
  expect_json "[c for c in d['certificates'] if c['name'] == 'tg_ssl_cert'][0]['not_after'].startswith('$year-')"
  run certctl cert show tg_ssl_cert --json
  expect_exit 0
  expect_json "d['not_after'].startswith('$year-')"
  must certctl status
}

test_unsigned_top_level_keys_are_reported() {
  good_auth
  printf ':sync_type: PARTIAL\n' >>"$WORK/auth.yml"
  run certctl exchange verify "$WORK/auth.yml" --trust-file "$LAB/root.pem"
  expect_exit 0
  expect_stdout "top-level keys outside the signature, ignored: :sync_type"
}


test_registration_makes_keys_and_csrs_that_verify() {
  run certctl exchange registration lab --instance-id "$LAB_UUID" --out "$WORK/reg.yml"
  expect_exit 0
  grep -q "^:instance_id: $LAB_UUID$" "$WORK/reg.yml" || fail "instance id"
  grep -q '^:exported_timestamp: 20[0-9][0-9]-[A-Z][a-z][a-z]-[0-9][0-9] [0-9:]* UTC$' "$WORK/reg.yml" || fail "timestamp"
  grep -q '^:lcs_csr: |-$' "$WORK/reg.yml" || fail "literal block"
  run certctl exchange verify "$WORK/reg.yml"
  expect_exit 0
  expect_stdout "'$LAB_UUID', ECDSA, signature ok"
  [ "$(audit_count system.generate_csr 1)" = 3 ] || fail "three CSRs audited"
  [ "$(counter csr_success)" = 3 ] || fail "csr counter"
  must certctl key list --json
  expect_json 'sorted(k["name"] for k in d["keys"]) == ["lab-lcs", "lab-ssms", "lab-tg"]'
  # The CSR read back by OpenSSL (an independent parser) verifies too.
  python3 -c 'import sys,re; t=open(sys.argv[1]).read(); m=re.search(r"^:lcs_csr: \|-\n((?:  .*\n)+)", t, re.M); print("".join(l[2:]+"\n" for l in m.group(1).splitlines()), end="")' "$WORK/reg.yml" >"$WORK/lcs.csr"
  openssl req -in "$WORK/lcs.csr" -verify -noout 2>&1 | grep -q "verify OK" || fail "openssl req -verify"
  # Given CSR files are used as they are.
  lab
  run certctl exchange registration lab2 --instance-id "$LAB_UUID" --lcs-csr "$LAB/sub_ca.csr" --tg-csr "$LAB/tg_ssl.csr" --ssms-csr "$LAB/ssms_ssl.csr"
  expect_exit 0
  expect_stdout ":instance_id: $LAB_UUID"
}

test_registration_refuses_a_bad_uuid_and_changes_nothing() {
  must certctl init
  snapshot_store
  run certctl exchange registration lab --instance-id 4cdd0470-e5e4-0132-a310
  expect_exit 64
  expect_stderr "not a UUID"
  run certctl exchange registration ../x --instance-id "$LAB_UUID"
  expect_exit 64
  run certctl exchange registration lab --instance-id "$LAB_UUID" --lcs-csr "$WORK/none.csr"
  expect_exit 66
  expect_store_unchanged
}
sql() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); r=c.execute(sys.argv[2]).fetchall(); c.commit(); print("\n".join("|".join(str(x) for x in row) for row in r))' "$STORE/certctl.db" "$1"; }

test_import_authorization_then_sync_request_then_sync_response() {
  good_auth
  run certctl exchange import "$WORK/auth.yml" --trust-file "$LAB/root.pem"
  expect_exit 0
  expect_stderr "imported 8 certificates"
  [ "$(sql "select count(*) from certificates where source='imported'")" = 8 ] || fail "expected 8 rows"
  [ "$(sql "select purpose from certificates where name='id_cert'")" = id-cert ] || fail "id_cert purpose"
  [ "$(sql "select count(*) from exchange_syncs where kind='authorization' and sync_type='FULL'")" = 1 ] || fail "sync row"
  [ "$(counter certificate_import_success)" = 8 ] || fail "counter"
  [ "$(audit_count system.ingest_certificate 1)" = 8 ] || fail "audit"
  chain=$(sql "select chain_pem from certificates where name='tg_ssl_cert'")  # not piped: grep -q would cut python off
  grep -q "BEGIN CERTIFICATE" <<<"$chain" || fail "chain kept"

  run certctl exchange sync-request --out "$WORK/sr.yml" --ssms-version 8-202206
  expect_exit 0
  grep -q "^:collector_id: $LAB_UUID$" "$WORK/sr.yml" || fail "collector_id"
  grep -q '^:sync_type: FULL$' "$WORK/sr.yml" || fail "sync_type copied from the authorization"
  run certctl exchange verify "$WORK/sr.yml"
  expect_exit 0
  expect_stdout "kind: sync_request"

  lab_response "$LAB" "$WORK/resp.yml" --kind sync_response
  run certctl exchange import "$WORK/resp.yml" --trust-file "$LAB/root.pem" --json
  expect_exit 0
  expect_json 'd["kind"] == "sync_response" and d["sync_type"] == "PARTIAL"'
  expect_json '[c for c in d["certificates"] if c["name"] == "id_cert"][0]["replaced"] is True'
  [ "$(sql "select count(*) from exchange_syncs")" = 2 ] || fail "two syncs"
}

test_import_clears_the_sync_alarm() {
  good_auth
  must certctl init
  sql "insert into alarms(kind, subject, severity, reason, raised, updated) values ('exchange_sync', '$LAB_UUID', 2, 'sync overdue', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')" >/dev/null
  run certctl exchange import "$WORK/auth.yml" --trust-file "$LAB/root.pem"
  expect_exit 0
  [ "$(sql "select count(*) from alarms where kind='exchange_sync' and cleared is null")" = 0 ] || fail "alarm still active"
}

test_import_refuses_a_failing_file_and_imports_nothing() {
  good_auth
  must certctl init
  sed 's/Ross-SSMS-SCH4.1.2/Ross-SSMS-SCH4.1.3/' "$WORK/auth.yml" >"$WORK/bad.yml"
  snapshot_store
  run certctl exchange import "$WORK/bad.yml" --trust-file "$LAB/root.pem"
  expect_exit 65
  expect_stderr "did not verify"
  expect_stderr "signature: the signature does not match"
  expect_stderr "nothing was imported"
  expect_store_unchanged
  [ "$(counter certificate_import_failure)" = 1 ] || fail "failure counter"
  lab_make "$OTHER" "Other Root"
  run certctl exchange import "$WORK/auth.yml" --trust-file "$OTHER/root.pem"
  expect_exit 65
  expect_store_unchanged
  lab_registration "$LAB" "$WORK/reg.yml"
  run certctl exchange import "$WORK/reg.yml"
  expect_exit 64
  expect_stderr "carries no certificates"
  expect_store_unchanged
}

test_sync_request_before_any_authorization_is_not_found() {
  must certctl init
  run certctl exchange sync-request
  expect_exit 66
  expect_stderr "no authorization imported yet"
}
