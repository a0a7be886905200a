# tests/cli/test_ca.sh — certctl ca: profiles, init, issue, revoke, crl; refusals leave the store unchanged.

test_profiles_table_and_json() {
  run certctl ca profiles
  expect_exit 0
  for p in root sub-ca signing id-cert satellite local-sub-ca local-sub-ca-1-1 tg-issuer tg-ssl ssms-ssl tls-server tls-client; do
    expect_stdout "$p"
  done
  run certctl ca profiles --json
  expect_exit 0
  expect_json '[p["name"] for p in d["profiles"]][:3] == ["root", "sub-ca", "signing"]'
  expect_json '[p for p in d["profiles"] if p["name"] == "satellite"][0]["path_len"] == 1'
  expect_json '[p for p in d["profiles"] if p["name"] == "id-cert"][0]["default_days"] == 365'
  expect_json '[p for p in d["profiles"] if p["name"] == "id-cert"][0]["extended_key_usage"] == ["clientAuth"]'
  [ ! -e "$STORE" ] || fail "ca profiles created a store"
}

test_profiles_custom_file_adds_and_overrides() {
  printf '[profiles.lab-web]\nbase = "tls-server"\ndefault_days = 30\nmax_days = 90\n\n[profiles.id-cert]\nbase = "id-cert"\ndefault_days = 180\n' > custom.toml
  run certctl ca profiles --profiles custom.toml --json
  expect_exit 0
  expect_json '[p for p in d["profiles"] if p["name"] == "lab-web"][0]["default_days"] == 30'
  expect_json '[p for p in d["profiles"] if p["name"] == "id-cert"][0]["origin"] == "custom.toml"'
  expect_json '[p for p in d["profiles"] if p["name"] == "id-cert"][0]["default_days"] == 180'
}

test_profiles_invalid_file_is_refused_at_load() {
  printf '[profiles.bad]\nbase = "tls-server"\nkey_usage = ["keyCertSign"]\n' > bad.toml
  run certctl ca profiles --profiles bad.toml
  expect_exit 65
  expect_stderr "bad.toml: bad"
  expect_stderr "ca = true"
  printf '[profiles.bad]\nbase = "tls-server"\nvalidity = 3\n' > typo.toml
  run certctl ca profiles --profiles typo.toml
  expect_exit 65
  expect_stderr "unknown field 'validity'"
  run certctl ca profiles --profiles missing.toml
  expect_exit 66
}

# --- helpers -------------------------------------------------------------------------------------------
# make_csr NAME [CN] [extra openssl req args...]: a P-256 key and CSR in the cwd.
make_csr() {
  local name=$1 cn=${2:-$1.example.net}
  shift 2 || shift $#
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$name.key" -out "$name.csr" \
    -subj "/CN=$cn" "$@" 2>/dev/null
}
lab() {  # a root and a sub-CA
  run certctl ca init lab-root --profile root --cn "Lab Root" --org "certctl tests" --crl-url http://127.0.0.1:1/root.crl
  expect_exit 0
  run certctl ca init lab-sub --profile sub-ca --issuer lab-root --cn "Lab Sub"
  expect_exit 0
}
db() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$STORE/certctl.db" "$1"; }
# expect_refused CODE TEXT certctl ...: exit code, message, store unchanged, one more failed audit event.
expect_refused() {
  local code=$1 text=$2 event=${EVENT:-system.issue_certificate}
  shift 2
  snapshot_store
  local before; before=$(audit_count "$event" 0)
  run "$@"
  expect_exit "$code"
  expect_stderr "$text"
  expect_store_unchanged
  [ "$(audit_count "$event" 0)" -eq $((before + 1)) ] || fail "no failed $event audit event"
}

# --- init, list, show ----------------------------------------------------------------------------------
test_init_root_and_sub_list_show() {
  lab
  [ "$(stat -c %a "$STORE/keys/lab-root.key")" = 600 ] || fail "CA key mode"
  run certctl ca list --json
  expect_exit 0
  expect_json '[c["name"] for c in d["cas"]] == ["lab-root", "lab-sub"]'
  expect_json 'd["cas"][1]["issuer"] == "lab-root" and d["cas"][1]["path_len"] == 0 and d["cas"][0]["path_len"] is None'
  expect_json 'd["cas"][0]["issued"] == 1'
  run certctl ca show lab-sub --chain
  expect_exit 0
  [ "$(grep -c 'BEGIN CERTIFICATE' "$WORK/out")" -eq 2 ] || fail "chain is not two certificates"
  cp "$WORK/out" chain.pem
  must certctl ca show lab-root --pem
  cp "$WORK/out" root.pem
  openssl verify -x509_strict -CAfile root.pem chain.pem >/dev/null || fail "sub-CA does not verify"
  [ "$(audit_count system.issue_certificate 1)" -eq 2 ] || fail "init not audited"
  run certctl ca show nope
  expect_exit 66
}

test_init_with_existing_key_rsa_and_subject() {
  run certctl key generate my-ca-key --algorithm rsa:2048
  expect_exit 0
  run certctl ca init corp --profile root --cn "Corp Root" --country DE --org Corp --org-unit PKI --key my-ca-key --days 3650
  expect_exit 0
  must certctl ca show corp --json
  expect_json 'd["key"] == "my-ca-key" and d["subject"] == "C=DE, O=Corp, OU=PKI, CN=Corp Root"'
}

test_init_refusals_leave_store_unchanged() {
  lab
  expect_refused 64 "a CA with this name exists" certctl ca init lab-sub --profile sub-ca --issuer lab-root --cn x
  expect_refused 64 "not a CA profile" certctl ca init web --profile tls-server --issuer lab-root --cn x
  expect_refused 64 "self-signed root" certctl ca init r2 --profile root --issuer lab-root --cn x
  expect_refused 64 "issued by another CA" certctl ca init s2 --profile sub-ca --cn x
  expect_refused 64 "unknown profile" certctl ca init s3 --profile sub-cat --issuer lab-root --cn x
  expect_refused 66 "no such CA" certctl ca init s4 --profile sub-ca --issuer nope --cn x
  expect_refused 65 "path length" certctl ca init s5 --profile sub-ca --issuer lab-sub --cn x
  expect_refused 64 "--days" certctl ca init s6 --profile sub-ca --issuer lab-root --cn x --days 0
  expect_refused 64 "invalid CA name" certctl ca init ../evil --profile root --cn x
  [ ! -e "$STORE/keys/s5.key" ] || fail "a refused init left its key"
}

# --- issue ---------------------------------------------------------------------------------------------
test_issue_one_to_stdout_file_and_inventory() {
  lab
  make_csr web01 web01.example.net -addext "subjectAltName=DNS:web01.example.net,IP:192.0.2.7" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=keyCertSign"
  run certctl ca issue lab-sub --profile tls-server --csr web01.csr
  expect_exit 0
  expect_stdout "BEGIN CERTIFICATE"
  cp "$WORK/out" web01.pem
  openssl x509 -in web01.pem -noout -text > text
  grep -q "CA:FALSE" text || fail "the CSR's CA:TRUE was copied"
  grep -q "Certificate Sign" text && fail "the CSR's keyCertSign was copied"
  grep -q "IP Address:192.0.2.7" text || fail "SAN not copied"
  grep -q "URI:http://127.0.0.1:1/root.crl" text && fail "sub-CA has no CRL URL, yet a CDP appeared"
  [ "$(db "select count(*) from certificates where name='web01' and source='issued'")" = 1 ] || fail "not in inventory"
  run certctl ca issue lab-sub --profile tls-server --csr web01.csr --name web01-b --out web01-b.pem --json
  expect_exit 0
  expect_json 'd["issued"][0]["name"] == "web01-b" and len(d["issued"][0]["serial"]) == 32'
  [ -s web01-b.pem ] || fail "no --out file"
  [ "$(audit_count system.issue_certificate 1)" -eq 4 ] || fail "issue not audited"
}

test_issue_many_in_one_call() {
  lab
  mkdir csrs
  for i in $(seq 1 12); do (cd csrs && make_csr "dev$i" "PID:ASAv SN:$i"); done
  args=()
  for f in csrs/*.csr; do args+=(--csr "$f"); done
  run certctl ca issue lab-sub --profile id-cert "${args[@]}" --out-dir issued
  expect_exit 0
  expect_stdout_empty
  [ "$(ls issued/*.pem | wc -l)" -eq 12 ] || fail "expected 12 certificates"
  [ "$(db "select count(*) from ca_issued where ca='lab-sub'")" = 12 ] || fail "issued rows"
  [ "$(db "select count(distinct serial) from ca_issued")" = 13 ] || fail "serials not unique"
  ls -a issued . | grep -q '\.tmp\.' && fail "temporary files left"
  # a new directory is written whole (staged under a temporary name): it gets the usual mode
  [ "$(umask)" != 0022 ] || [ "$(stat -c %a issued)" = 755 ] || fail "new --out-dir mode $(stat -c %a issued)"
  # into an existing directory the files are replaced one by one
  old_serial=$(openssl x509 -in issued/dev1.pem -noout -serial)
  echo keep > issued/unrelated.txt
  run certctl ca issue lab-sub --profile id-cert --csr csrs/dev1.csr --csr csrs/dev2.csr --out-dir issued
  expect_exit 0
  [ "$(openssl x509 -in issued/dev1.pem -noout -serial)" != "$old_serial" ] || fail "dev1.pem not replaced"
  [ "$(cat issued/unrelated.txt)" = keep ] || fail "an unrelated file was touched"
  [ "$(ls issued/*.pem | wc -l)" -eq 12 ] || fail "re-issue changed the number of files"
  ls -a issued . | grep -q '\.tmp\.' && fail "temporary files left after re-issue"
  run certctl ca issue lab-sub --profile id-cert --csr csrs/dev1.csr --csr csrs/dev2.csr
  expect_exit 64
  expect_stderr "--out-dir"
}

test_issue_bad_inputs_refused_nothing_written() {
  lab
  make_csr good good.example.net
  # a CSR whose signature no longer matches: flip one character of the subject inside the DER
  openssl req -in good.csr -outform DER -out good.der
  python3 - <<'PY'
d = bytearray(open("good.der", "rb").read())
i = d.find(b"good.example")
d[i] ^= 0x01
open("tampered.csr", "wb").write(bytes(d))
PY
  openssl genpkey -algorithm ed25519 -out ed.key 2>/dev/null
  openssl req -new -key ed.key -subj "/CN=ed.example.net" -out ed.csr 2>/dev/null
  openssl req -new -newkey rsa:1024 -nodes -keyout small.key -subj "/CN=small.example.net" -out small.csr 2>/dev/null
  expect_refused 65 "signature does not verify" certctl ca issue lab-sub --profile tls-server --csr good.csr --csr tampered.csr --out-dir issued
  [ ! -e issued ] || fail "output directory created for a refused batch"
  ls -a | grep -q '\.tmp\.' && fail "temporary directory left by a refused batch"
  expect_refused 65 "does not allow" certctl ca issue lab-sub --profile tls-server --csr ed.csr
  expect_refused 65 "rsa:1024" certctl ca issue lab-sub --profile tls-server --csr small.csr
  expect_refused 64 "unknown profile" certctl ca issue lab-sub --profile web --csr good.csr
  expect_refused 64 "--days" certctl ca issue lab-sub --profile tls-server --csr good.csr --days 0
  expect_refused 64 "--days" certctl ca issue lab-sub --profile tls-server --csr good.csr --days 826
  expect_refused 65 "path length" certctl ca issue lab-sub --profile local-sub-ca --csr good.csr
  expect_refused 64 "self-signed roots only" certctl ca issue lab-root --profile root --csr good.csr
  expect_refused 66 "no such CA" certctl ca issue nope --profile tls-server --csr good.csr
  expect_refused 66 "missing.csr" certctl ca issue lab-sub --profile tls-server --csr good.csr --csr missing.csr --out-dir issued
  [ ! -e issued ] || fail "output directory created for a batch with a missing CSR file"
  echo garbage > garbage.csr
  expect_refused 65 "not a certificate request" certctl ca issue lab-sub --profile tls-server --csr garbage.csr
  expect_refused 64 "both be called" certctl ca issue lab-sub --profile tls-server --csr good.csr --csr ./good.csr --out-dir o
}

test_issue_past_ca_not_after_and_missing_or_locked_key() {
  run certctl ca init short-root --profile root --cn "Short Root" --days 30
  expect_exit 0
  make_csr dev dev
  expect_refused 65 "outlive the CA" certctl ca issue short-root --profile id-cert --csr dev.csr --days 100
  run certctl ca issue short-root --profile id-cert --csr dev.csr --out dev.pem
  expect_exit 0
  enddate() { openssl x509 -noout -enddate -in "$1" | cut -d= -f2; }
  must certctl ca show short-root --pem
  cp "$WORK/out" short.pem
  [ "$(enddate dev.pem)" = "$(enddate short.pem)" ] || fail "lifetime not capped at the CA's notAfter"
  # encrypted CA key: without the passphrase it is refused
  echo "s3cret passphrase" > pass.txt
  run certctl ca init locked --profile root --cn Locked --passphrase-file pass.txt
  expect_exit 0
  expect_refused 65 "passphrase" certctl ca issue locked --profile id-cert --csr dev.csr --name dev2
  run certctl ca issue locked --profile id-cert --csr dev.csr --name dev2 --passphrase-file pass.txt
  expect_exit 0
  # the key file gone from the store
  rm "$STORE/keys/short-root.key"
  python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("delete from keys where name=?", ("short-root",)); c.commit()' "$STORE/certctl.db"
  expect_refused 65 "missing from the store" certctl ca issue short-root --profile id-cert --csr dev.csr --name dev3
}

# --- revoke and crl ------------------------------------------------------------------------------------
test_revoke_and_crl_numbers() {
  lab
  make_csr a a.example.net
  must certctl ca issue lab-root --profile ssms-ssl --csr a.csr --json --out a.pem
  serial=$(json_get 'd["issued"][0]["serial"]')
  run certctl ca revoke lab-root "$(echo "$serial" | tr a-f A-F | sed 's/../&:/g; s/:$//')" --reason keyCompromise
  expect_exit 0
  expect_stdout_empty
  EVENT=system.revoke_certificate expect_refused 65 "already revoked" certctl ca revoke lab-root "$serial"
  EVENT=system.revoke_certificate expect_refused 66 "never issued" certctl ca revoke lab-root 0badc0de
  EVENT=system.revoke_certificate expect_refused 66 "never issued" certctl ca revoke lab-sub "$serial"
  run certctl ca revoke lab-root "$serial" --reason sorry
  expect_exit 64
  expect_stderr "keyCompromise"
  run certctl ca crl lab-root --out one.crl --json
  expect_exit 0
  expect_json 'd["crl_number"] == 1 and d["entries"] == 1'
  run certctl ca crl lab-root --out two.pem --pem
  expect_exit 0
  openssl crl -in two.pem -noout -text > text
  grep -q "X509v3 CRL Number: *$" text
  grep -A1 "CRL Number" text | grep -q " 2$" || fail "CRL number did not grow"
  grep -q "Key Compromise" text || fail "reason code missing"
  run certctl ca crl lab-root
  expect_exit 0
  expect_stdout "BEGIN X509 CRL"
  [ "$(db "select crl_number from cas where name='lab-root'")" = 3 ] || fail "CRL number not persisted"
  run certctl ca crl nope --out x.crl
  expect_exit 66
  [ ! -e x.crl ] || fail "CRL written for an unknown CA"
}

test_issue_from_certctl_csrs_honours_requested_validity() {
  lab
  run certctl csr create dev7 --cn "PID:ASAv SN:7" --validity-days 30 --out dev7.csr
  expect_exit 0
  run certctl csr create dev8 --cn "PID:ASAv SN:8" --validity-days 9999
  expect_exit 0
  run certctl ca issue lab-sub --profile id-cert --csr dev7.csr --csr-name dev8 --out-dir issued --json
  expect_exit 0
  python3 - "$WORK/out" <<'PY' || fail "requested validity not honoured (30 days; 9999 capped at 3650)"
import json, sys, datetime
d = json.load(open(sys.argv[1]))
got = {i["name"]: datetime.datetime.fromisoformat(i["not_after"].replace("Z", "+00:00")) for i in d["issued"]}
now = datetime.datetime.now(datetime.timezone.utc)
assert abs((got["dev7"] - now).days - 30) <= 1, got
assert abs((got["dev8"] - now).days - 3650) <= 1, got
PY
  run certctl ca issue lab-sub --profile id-cert --csr-name nope
  expect_exit 66
}

test_reissue_replaces_issued_row_but_never_an_imported_one() {
  lab
  make_csr a a.example.net
  run certctl ca issue lab-sub --profile tls-server --csr a.csr --out a1.pem
  expect_exit 0
  run certctl ca issue lab-sub --profile tls-server --csr a.csr --out a2.pem
  expect_exit 0
  [ "$(db "select count(*) from certificates where name='a'")" = 1 ] || fail "renewal duplicated the inventory row"
  [ "$(db "select serial from certificates where name='a'")" = "$(openssl x509 -in a2.pem -noout -serial | cut -d= -f2 | tr A-F a-f)" ] \
    || fail "inventory row not the renewed certificate"
  [ "$(db "select count(*) from ca_issued where name='a'")" = 2 ] || fail "both issues must stay revocable"
  run certctl cert import imp a1.pem --validation-mode warn
  expect_exit 0
  expect_refused 64 "in the inventory (imported)" certctl ca issue lab-sub --profile tls-server --csr a.csr --name imp --out x.pem
  [ ! -e x.pem ] || fail "file written for a refused issue"
}
