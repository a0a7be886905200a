# tests/cli/test_concurrency.sh — 8 processes on one store for CONCURRENCY_SECONDS, mixing cert import, crl refresh
# (a real HTTP server on 127.0.0.1 serving the CA's latest CRL), crl lookup, check, ca issue, ca revoke, ca crl and
# watch --once, and beside them a certctl-serve on the same store with a REST client provisioning through it (log
# in, make a key, get its CSR, ingest the certificate an OpenSSL CA signed, list the inventory). Afterwards: the
# database is intact, every command that said "done" and every request that answered 2xx left its audit event,
# the counters agree with the events, no exit code but 0, 1 or 75 (check: its alarm levels 0-3), no HTTP status
# but a success or 503 (the store stayed busy past api.store_wait), and every lookup was answered from a complete
# master list (a serial revoked before the run is revoked in every answer).
#
# CONCURRENCY_SECONDS=60 is the full run; the default suite runs 20 s to keep the whole suite short.
# lib_api.sh first: its start_server/stop_server (certctl serve) give way to the CRL server's of lib_crl.sh, so
# certctl serve is started here by lib_api's start_serve.
. "$REPO/tests/api/lib_api.sh"
. "$REPO/tests/crl/lib_crl.sh"
CONCURRENCY_SECONDS=${CONCURRENCY_SECONDS:-20}

sqlv() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$STORE/certctl.db" "$1"; }
audit_ok() { sqlv "select count(*) from audit where type='$1' and success=1"; }

# worker NAME CMD...: runs CMD (with {i} replaced by the iteration) until the deadline; one exit code a line.
worker() {
  local name=$1 i=0
  shift
  set +e
  while [ "$(date +%s)" -lt "$DEADLINE" ]; do
    i=$((i + 1))
    local args=()
    for a in "$@"; do args+=("${a//\{i\}/$i}"); done
    "$CERTCTL" --store "$STORE" "${args[@]}" >"$WORK/w/$name.$i.out" 2>"$WORK/w/$name.$i.err"
    echo "$? $i" >>"$WORK/w/$name.rc"
  done
}

# revoker: revokes the pool of pre-issued serials, one per iteration, each once.
revoker() {
  set +e
  local serial
  while [ "$(date +%s)" -lt "$DEADLINE" ] && read -r serial; do
    "$CERTCTL" --store "$STORE" ca revoke lab-root "$serial" --reason superseded >"$WORK/w/revoke.$serial.out" 2>"$WORK/w/revoke.$serial.err"
    echo "$? $serial" >>"$WORK/w/revoke.rc"
    sleep 0.1
  done <"$WORK/pool.txt"
}

# rest_call STEP I METHOD PATH [BODY]: one request of the REST client; "STATUS STEP I" goes to rest.rc, the body to
# rest.STEP.I.out. Returns 0 for a 2xx, so the client's next step can use it.
rest_call() {
  local step=$1 i=$2 method=$3 path=$4 body=${5:-} code
  local args=(-sS --cacert "$WORK/ca.pem" -X "$method" -o "$WORK/w/rest.$step.$i.out" -w '%{http_code}')
  [ -z "${REST_TOKEN:-}" ] || args+=(-H "Authorization: Bearer $REST_TOKEN")
  [ -z "$body" ] || args+=(-H 'Content-Type: application/json' --data-binary "$body")
  code=$(curl "${args[@]}" "$API$path" 2>>"$WORK/w/rest.curl.err")
  echo "${code:-000} $step $i" >>"$WORK/w/rest.rc"
  case "$code" in 2??) return 0 ;; *) return 1 ;; esac
}

# rest_client: the platform's provisioning flow through certctl serve, one device per iteration, until the deadline.
rest_client() {
  set +e
  local i=0 name
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\n' >"$WORK/rest.ext"
  while [ "$(date +%s)" -lt "$DEADLINE" ]; do
    i=$((i + 1))
    name="rest$i"
    # A fresh login every fifth device: logins are in the mix, yet Argon2 does not take most of the time.
    if [ $((i % 5)) -eq 1 ] || [ -z "${REST_TOKEN:-}" ]; then
      REST_TOKEN=""
      rest_call login "$i" POST /api/v1/login \
        "{\"username\": \"rest\", \"password\": \"$API_PASSWORD\", \"application\": \"concurrency\"}" || continue
      REST_TOKEN=$(json_field token <"$WORK/w/rest.login.$i.out")
    fi
    rest_call key "$i" POST /api/v1/private-key "{\"name\": \"$name\", \"algorithm\": \"ECC\"}" || continue
    rest_call csr "$i" GET /api/v1/certificate-request "{\"name\": \"$name\", \"common_name\": \"$name.example.net\"}" || continue
    json_field csr <"$WORK/w/rest.csr.$i.out" >"$WORK/w/$name.csr"
    openssl x509 -req -in "$WORK/w/$name.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" -set_serial "0x$(openssl rand -hex 8)" \
      -days 365 -extfile "$WORK/rest.ext" -out "$WORK/w/$name.pem" 2>>"$WORK/w/rest.openssl.err" || {
      echo "openssl $i" >>"$WORK/w/rest.rc"
      continue
    }
    rest_call cert "$i" POST /api/v1/certificate \
      "$(python3 -c 'import json,sys; print(json.dumps({"name": sys.argv[1], "certificate": open(sys.argv[2]).read()}))' "$name" "$WORK/w/$name.pem")" ||
      continue
    rest_call list "$i" GET /api/v1/certificate
  done
}
json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
rest_count() { grep -c "^$1 $2 " "$WORK/w/rest.rc" || true; }  # STATUS STEP
rest_events() { sqlv "select count(*) from audit where type='$1' and success=1 and user='rest'"; }

make_import_certs() {  # N certificates issued by an OpenSSL CA that the store trusts, valid a year
  python3 - "$1" "$WORK/certs" <<'PY'
import datetime, os, sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID, ExtendedKeyUsageOID
n, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out, exist_ok=True)
now = datetime.datetime.now(datetime.timezone.utc)
ca_key = ec.generate_private_key(ec.SECP256R1())
ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "import CA")])
ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
      .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
      .not_valid_after(now + datetime.timedelta(days=3650))
      .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
      .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), True)
      .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
      .sign(ca_key, hashes.SHA256()))
open(os.path.join(out, "ca.pem"), "wb").write(ca.public_bytes(serialization.Encoding.PEM))
key = ec.generate_private_key(ec.SECP256R1())
for i in range(1, n + 1):
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"imp{i}.example.net")])
    c = (x509.CertificateBuilder().subject_name(name).issuer_name(ca_name).public_key(key.public_key())
         .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
         .not_valid_after(now + datetime.timedelta(days=365))
         .add_extension(x509.BasicConstraints(ca=False, path_length=None), True)
         .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), True)
         .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
         .add_extension(x509.SubjectAlternativeName([x509.DNSName(f"imp{i}.example.net")]), False)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False)
         .sign(ca_key, hashes.SHA256()))
    open(os.path.join(out, f"{i}.pem"), "wb").write(c.public_bytes(serialization.Encoding.PEM))
PY
}

test_eight_processes_on_one_store() {
  mkdir -p "$WORK/w"
  must certctl init
  must certctl ca init lab-root --profile root --cn "Lab Root"
  must certctl ca show lab-root --pem
  cp "$WORK/out" root.pem
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf.key -out leaf.csr -subj /CN=leaf.example.net 2>/dev/null
  # A pool of serials for the revoker, and one serial revoked before the run starts.
  for i in $(seq 1 41); do
    must certctl ca issue lab-root --profile tls-server --csr leaf.csr --json
    json_get 'd["issued"][0]["serial"]' >>all.txt
  done
  revoked_before=$(head -1 all.txt)
  tail -n +2 all.txt >pool.txt
  must certctl ca revoke lab-root "$revoked_before" --reason keyCompromise
  start_server
  must certctl ca crl lab-root --out "$SRV/serve.crl"
  must certctl crl add lab "$URL" --issuer root.pem
  must certctl crl refresh
  make_import_certs 1000
  must certctl trust add importca "$WORK/certs/ca.pem"
  run certctl crl lookup "$revoked_before"
  expect_exit 1
  make_api_cert
  add_user rest operator
  start_serve
  API=$BASE
  trap 'stop_server; stop_serve' EXIT

  issued_before=$(audit_ok system.issue_certificate)
  revoked_events_before=$(audit_ok system.revoke_certificate)
  ingest_before=$(audit_ok system.ingest_certificate)
  DEADLINE=$(($(date +%s) + CONCURRENCY_SECONDS))
  pids=()
  worker import cert import "imp{i}" "$WORK/certs/{i}.pem" --trust importca & pids+=($!)
  worker refresh crl refresh --force & pids+=($!)
  worker lookup crl lookup "$revoked_before" & pids+=($!)
  worker check check & pids+=($!)
  worker issue ca issue lab-root --profile tls-server --csr leaf.csr --out "$WORK/w/issued.{i}.pem" & pids+=($!)
  revoker & pids+=($!)
  worker cacrl ca crl lab-root --out "$SRV/serve.crl" & pids+=($!)
  worker watch watch --once & pids+=($!)
  rest_client & pids+=($!)
  for p in "${pids[@]}"; do wait "$p"; done
  stop_serve

  # Exit codes: 0, 1 or 75 only (check answers with its alarm level, 0-3).
  bad=""
  for f in "$WORK"/w/*.rc; do
    w=$(basename "$f" .rc)
    [ "$w" != rest ] || continue  # HTTP statuses: checked below
    allowed="0 1 75"
    [ "$w" != check ] || allowed="0 1 2 3 75"
    while read -r rc it; do
      case " $allowed " in *" $rc "*) ;; *) bad="$bad\n  $w #$it: exit $rc: $(head -c 300 "$WORK/w/$w.$it.err" 2>/dev/null)" ;; esac
    done <"$f"
  done
  [ -z "$bad" ] || fail "unexpected exit codes:$(printf '%b' "$bad")"
  # HTTP: the documented successes, or 503 for a store that stayed busy past api.store_wait; nothing else (000 is
  # a request curl could not make, "openssl" a CSR that would not sign).
  [ -s "$WORK/w/rest.rc" ] || fail "the REST client never ran"
  bad=$(grep -Ev '^(200 (login|csr|list)|201 (key|cert)|503 [a-z]+) ' "$WORK/w/rest.rc" || true)
  [ -z "$bad" ] || fail "unexpected HTTP answers:
$(echo "$bad" | head -5)
$(for x in $(echo "$bad" | head -3 | awk '{print $2 "." $3}'); do head -c 300 "$WORK/w/rest.$x.out" 2>/dev/null; done)
$(tail -5 "$WORK/w/rest.curl.err" "$WORK/w/rest.openssl.err" 2>/dev/null)"
  [ "$(rest_count 200 list)" -gt 0 ] || fail "the REST client never completed a provisioning flow"
  echo "rest: $(wc -l <"$WORK/w/rest.rc") requests, $(rest_count 201 cert) certificates ingested, $(grep -c '^503 ' "$WORK/w/rest.rc" || true) answered 503"
  for w in import refresh lookup check issue revoke cacrl watch; do
    [ -s "$WORK/w/$w.rc" ] || fail "worker $w never ran"
    echo "$w: $(wc -l <"$WORK/w/$w.rc") runs, $(grep -c '^0 ' "$WORK/w/$w.rc" || true) exit 0, $(grep -c '^75 ' "$WORK/w/$w.rc" || true) exit 75"
  done
  # Every lookup of the serial revoked before the run said "revoked": the master list was never partial.
  not_revoked=$(grep -vc '^1 ' "$WORK/w/lookup.rc" || true)
  [ "$not_revoked" -eq 0 ] || fail "$not_revoked lookups did not answer 'revoked' for $revoked_before"

  # The database is intact.
  [ "$(sqlv 'pragma integrity_check')" = ok ] || fail "integrity_check: $(sqlv 'pragma integrity_check')"
  # Every command that exited 0 left its audit event (and no event without a command).
  issued_ok=$(grep -c '^0 ' "$WORK/w/issue.rc" || true)
  [ "$(audit_ok system.issue_certificate)" -eq $((issued_before + issued_ok)) ] ||
    fail "issue: $issued_ok exits 0, $(($(audit_ok system.issue_certificate) - issued_before)) audit events"
  [ "$(sqlv 'select count(*) from ca_issued')" -eq $((41 + issued_ok)) ] || fail "issued rows do not match"
  revoked_ok=$(grep -c '^0 ' "$WORK/w/revoke.rc" || true)
  [ "$(audit_ok system.revoke_certificate)" -eq $((revoked_events_before + revoked_ok)) ] || fail "revoke: events do not match"
  imported_ok=$(grep -c '^0 ' "$WORK/w/import.rc" || true)
  rest_ingested=$(rest_count 201 cert)
  [ "$(audit_ok system.ingest_certificate)" -eq $((ingest_before + imported_ok + rest_ingested)) ] || fail "import: events do not match"
  # Every REST request that answered 2xx left its event, as the user who made it (and a 503 none).
  [ "$(rest_events system.login)" -eq "$(rest_count 200 login)" ] || fail "REST logins $(rest_count 200 login), events $(rest_events system.login)"
  [ "$(rest_events system.generate_key)" -eq "$(rest_count 201 key)" ] || fail "REST keys $(rest_count 201 key), events $(rest_events system.generate_key)"
  [ "$(rest_events system.generate_csr)" -eq "$(rest_count 200 csr)" ] || fail "REST CSRs $(rest_count 200 csr), events $(rest_events system.generate_csr)"
  [ "$(rest_events system.ingest_certificate)" -eq "$rest_ingested" ] || fail "REST certificates $rest_ingested, events $(rest_events system.ingest_certificate)"
  [ "$(sqlv "select count(*) from keys where name like 'rest%'")" -eq "$(rest_count 201 key)" ] || fail "REST key rows do not match"
  [ "$(find "$STORE/keys" -maxdepth 1 -name 'rest*.key' | wc -l)" -eq "$(rest_count 201 key)" ] || fail "REST key files do not match"
  [ "$(sqlv "select count(*) from certificates where name like 'rest%'")" -eq "$rest_ingested" ] || fail "REST certificate rows do not match"
  [ "$(counter csr_success)" -eq "$(audit_ok system.generate_csr)" ] || fail "csr_success $(counter csr_success), events $(audit_ok system.generate_csr)"
  [ "$(sqlv "select count(*) from certificates where name like 'imp%'")" -eq "$imported_ok" ] || fail "imported certificate rows do not match"
  # Counters equal the events they count.
  [ "$(counter certificate_import_success)" -eq "$(audit_ok system.ingest_certificate)" ] || fail "certificate_import_success"
  [ "$(counter certificate_import_failure)" -eq "$(sqlv "select count(*) from audit where type='system.ingest_certificate' and success=0")" ] ||
    fail "certificate_import_failure"
  updates=$(sqlv "select count(*) from audit where type='system.crl_update'")
  fetches=$(($(counter crl_fetch_success) + $(counter crl_fetch_failure)))
  [ "$fetches" -eq "$updates" ] || fail "crl fetch counters $fetches, crl_update events $updates"
  ingested=$(sqlv "select count(*) from audit where type='system.crl_update' and success=1 and json_extract(detail, '\$.not_modified') = 0")
  [ "$(counter crl_ingestion_success)" -eq "$ingested" ] || fail "crl_ingestion_success $(counter crl_ingestion_success), events $ingested"
  # After the run, one more CRL and refresh: every serial the revoker revoked is in the master list.
  must certctl ca crl lab-root --out "$SRV/serve.crl"
  must certctl crl refresh --force
  while read -r rc serial; do
    [ "$rc" = 0 ] || continue
    run certctl crl lookup "$serial"
    [ "$RC" -eq 1 ] || fail "revoked serial $serial not in the master list (exit $RC)"
  done <"$WORK/w/revoke.rc"
  stop_server
}
