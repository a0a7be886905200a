# tests/api/test_serve.sh — certctl serve end to end with curl on 127.0.0.1: the platform's provisioning
# walk-through, every error status, tokens, TLS versions, signals.
# shellcheck source=tests/api/lib_api.sh
. "$REPO/tests/api/lib_api.sh"

sign_csr_file() {  # CSR_PEM_FILE OUT_PEM: the lab CA signs a client/server certificate
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\n' > leaf.ext
  openssl x509 -req -in "$1" -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -out "$2" -extfile leaf.ext 2>/dev/null \
    || fail "openssl could not sign $1"
}

test_platform_walkthrough_login_key_csr_sign_ingest_list() {
  make_api_cert
  add_user provisioner operator
  start_server
  login provisioner
  [ ${#TOKEN} -eq 64 ] || fail "token is not 64 hex characters: $TOKEN"
  # The device makes the key; rsa_key_size as the platform's sample sends it: a string.
  api_json POST /api/v1/private-key '{"name": "custom_ssr_peering", "algorithm": "RSA", "rsa_key_size": "2048"}'
  expect_status 201
  expect_json 'd["name"] == "custom_ssr_peering" and d["algorithm"] == "rsa:2048"'
  expect_no_stdout "PRIVATE KEY"
  # GET with a JSON body, exactly as the documented curl sends it.
  api_json GET /api/v1/certificate-request '{"name": "custom_ssr_peering", "common_name": "router-1.example.net",
    "country_name": "US", "state_province_name": "MA", "locality_name": "Westford", "organization_name": "Example",
    "organizational_unit_name": "SSR", "email_address": "pki@example.net", "algorithm": "RSA", "rsa_key_size": 2048,
    "validity_period": 365}'
  expect_status 200
  json_get 'd["csr"]' > device.csr
  openssl req -in device.csr -noout -verify 2>&1 | grep -q "verify OK" || fail "the CSR does not verify with openssl"
  openssl req -in device.csr -noout -subject | grep -q "CN = router-1.example.net" || fail "subject lost"
  expect_json 'd["key_name"] == "custom_ssr_peering" and not d["key_generated"]'
  sign_csr_file device.csr device.pem
  cert_json=$(python3 -c 'import json,sys; print(json.dumps({"name": "custom_ssr_peering", "certificate": open(sys.argv[1]).read()}))' device.pem)
  api_json POST /api/v1/certificate "$cert_json"
  expect_status 201
  expect_json 'd["name"] == "custom_ssr_peering" and d["key"] == "custom_ssr_peering"'
  api GET /api/v1/certificate
  expect_status 200
  expect_json '"custom_ssr_peering" in [c["name"] for c in d["certificates"]]'
  api GET /api/v1/certificate/custom_ssr_peering
  expect_status 200
  expect_json 'd["pem"].startswith("-----BEGIN CERTIFICATE-----")'
  api GET /api/v1/certificate-request/custom_ssr_peering
  expect_status 200
  expect_json 'd["csr"].startswith("-----BEGIN CERTIFICATE REQUEST-----")'
  api GET /api/v1/key
  expect_status 200
  expect_json 'sorted(k["name"] for k in d["keys"]) == ["api", "custom_ssr_peering"]'
  expect_no_stdout "PRIVATE KEY"
  # The same store as the CLI, and every write audited with the user and the client address.
  run certctl cert list --json
  expect_json '"custom_ssr_peering" in [c["name"] for c in d["certificates"]]'
  api GET "/api/v1/audit?limit=50"
  expect_status 200
  for t in system.generate_key system.generate_csr system.ingest_certificate system.login; do
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
e=[x for x in d["events"] if x["type"]==sys.argv[2] and x["detail"].get("name") in ("custom_ssr_peering", "provisioner")]
sys.exit(0 if e and all(x["user"]=="provisioner" and x["detail"]["client_address"]=="127.0.0.1" for x in e) else 1)' \
      "$WORK/out" "$t" || fail "audit $t lacks user or client address"
  done
  stop_server
  ! grep -q "PRIVATE KEY" "$WORK/serve.log" || fail "a key in the server log"
  ! grep -q "$TOKEN" "$WORK/serve.log" || fail "a token in the server log"
}

test_ecc_key_and_post_csr_and_reading_routes() {
  make_api_cert
  add_user op operator
  start_server
  login op
  api_json POST /api/v1/private-key '{"name": "r2", "algorithm": "ECC", "ecc_curve": "SECP384R1"}'
  expect_status 201
  expect_json 'd["algorithm"] == "ec:secp384r1"'
  api_json POST /api/v1/certificate-request '{"name": "r2", "common_name": "r2.example.net"}'
  expect_status 201
  expect_json 'd["csr"].startswith("-----BEGIN CERTIFICATE REQUEST-----")'
  api GET /api/v1/alarms
  expect_status 200; expect_json 'd["alarms"] == []'
  api GET /api/v1/crl
  expect_status 200; expect_json 'd["sources"] == [] and d["master_list"]["total_entries"] == 0'
  api GET /metrics
  expect_status 200
  grep -q '^certctl_api_requests_total{method="POST",route="/api/v1/private-key",status="201"} 1$' "$WORK/out" \
    || fail "no request counter for the key"
  grep -q '^certctl_api_request_duration_seconds_bucket' "$WORK/out" || fail "no latency histogram"
  grep -q '^certctl_csr_success_total' "$WORK/out" || fail "the counters of check --format prometheus are missing"
  TOKEN=""
  api GET /healthz
  expect_status 200; expect_json 'd["status"] == "ok"'
}

test_every_error_status() {
  make_api_cert
  add_user op operator
  add_user viewer read-only
  start_server
  # 401 without, with a malformed and with an unknown token; always with WWW-Authenticate: Bearer.
  TOKEN=""
  api GET /api/v1/certificate
  expect_status 401; grep -qi '^WWW-Authenticate: Bearer' "$WORK/headers" || fail "no WWW-Authenticate"
  expect_json 'd["error"]["code"] == "permission" and "no Authorization header" in d["error"]["message"]'
  TOKEN=nonsense; api GET /api/v1/certificate; expect_status 401
  TOKEN=$(printf 'a%.0s' $(seq 1 64)); api GET /api/v1/certificate; expect_status 401
  expect_json '"not known" in d["error"]["message"]'
  # 401 wrong password (and it is audited as a failed login).
  TOKEN=""
  api_json POST /api/v1/login '{"username": "op", "password": "wrong password!", "application": "GUI"}'
  expect_status 401
  # 415 not JSON, 400 malformed JSON, 400 missing or mistyped field.
  login op
  api POST /api/v1/private-key -H 'Content-Type: text/plain' -d '{"name": "k1"}'
  expect_status 415
  api POST /api/v1/private-key -d '{"name": "k1"}'   # curl's default form content type
  expect_status 415
  api_json POST /api/v1/private-key '{"name": "k1",'
  expect_status 400; expect_json '"malformed JSON" in d["error"]["message"]'
  api_json POST /api/v1/private-key '[1, 2]'
  expect_status 400
  api_json POST /api/v1/private-key '{"algorithm": "ECC"}'
  expect_status 400; expect_json 'd["error"]["subject"] == "name"'
  api_json POST /api/v1/private-key '{"name": "k1", "algorithm": "RSA", "rsa_key_size": "big"}'
  expect_status 400; expect_json 'd["error"]["subject"] == "rsa_key_size"'
  api_json POST /api/v1/private-key '{"name": "k1", "algorithm": "RSA", "rsa_key_size": 1024}'
  expect_status 400; expect_json '"rsa:2048" in json.dumps(d)'
  api_json POST /api/v1/private-key '{"name": "../etc", "algorithm": "ECC"}'
  expect_status 400
  # 409: the name exists; nothing is overwritten.
  api_json POST /api/v1/private-key '{"name": "k1", "algorithm": "ECC"}'
  expect_status 201
  before=$(sha256sum "$STORE/keys/k1.key")
  api_json POST /api/v1/private-key '{"name": "k1", "algorithm": "ECC"}'
  expect_status 409
  [ "$before" = "$(sha256sum "$STORE/keys/k1.key")" ] || fail "the key file changed"
  # 404: unknown name, unknown route; 405: known route, other method.
  api GET /api/v1/certificate/nothing; expect_status 404; expect_json 'd["error"]["code"] == "not_found"'
  api GET /api/v1/certificate-request/nothing; expect_status 404
  api GET /api/v1/nothing; expect_status 404
  api DELETE /api/v1/certificate; expect_status 405; grep -qi '^Allow: ' "$WORK/headers" || fail "no Allow header"
  # 413: over the 1 MiB default, refused from Content-Length before the body is read.
  head -c 1100000 /dev/zero | tr '\0' 'a' > big.json
  api POST /api/v1/private-key -H 'Content-Type: application/json' --data-binary @big.json
  expect_status 413; expect_json '"too large" in d["error"]["message"]'
  # 400 for a certificate that carries a private key: cert import's check and message.
  body=$(python3 -c 'import json; print(json.dumps({"name": "x", "certificate": open("api.pem").read() + open("ca.key").read()}))')
  api_json POST /api/v1/certificate "$body"
  expect_status 400; expect_json '"carries a private key" in d["error"]["message"]'
  expect_no_stdout "BEGIN PRIVATE KEY"
  # 403: read-only may read, not provision; the attempt is audited as not permitted.
  login viewer
  api GET /api/v1/certificate; expect_status 200
  api_json POST /api/v1/private-key '{"name": "k2", "algorithm": "ECC"}'
  expect_status 403; expect_json 'd["error"]["code"] == "permission"'
  [ ! -e "$STORE/keys/k2.key" ] || fail "a forbidden key was made"
  n=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from audit where type=? and permitted=0 and user=?",("system.generate_key","viewer")).fetchone()[0])' "$STORE/certctl.db")
  [ "$n" = 1 ] || fail "forbidden attempt audited $n times"
  # 429: repeated failures for one user; Retry-After says how long.
  TOKEN=""
  for _ in 1 2 3 4 5 6; do
    api_json POST /api/v1/login '{"username": "viewer", "password": "not the password", "application": "GUI"}'
  done
  api_json POST /api/v1/login "{\"username\": \"viewer\", \"password\": \"$API_PASSWORD\", \"application\": \"GUI\"}"
  expect_status 429; grep -qi '^Retry-After: [0-9]' "$WORK/headers" || fail "no Retry-After"
}

test_store_busy_is_503() {
  make_api_cert
  add_user op operator
  printf '[api]\nstore_wait = "1s"\n' > "$STORE/certctl.toml"
  start_server
  login op
  # Another process holds the write lock past the wait.
  python3 - "$STORE/certctl.db" "$WORK/locked" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
time.sleep(4)
c.execute("ROLLBACK")
PY
  locker=$!
  for _ in $(seq 1 100); do [ -e "$WORK/locked" ] && break; sleep 0.1; done
  [ -e "$WORK/locked" ] || fail "the locker did not start"
  api_json POST /api/v1/private-key '{"name": "k1", "algorithm": "ECC"}'
  expect_status 503; expect_json 'd["error"]["code"] == "locked"'
  grep -qi '^Retry-After:' "$WORK/headers" || fail "no Retry-After"
  wait "$locker"
  [ ! -e "$STORE/keys/k1.key" ] || fail "a key file without its row"
}

test_token_expiry_and_revocation() {
  make_api_cert
  add_user op operator
  printf '[api]\ntoken_lifetime = "2s"\n' > "$STORE/certctl.toml"
  start_server
  login op
  api GET /api/v1/certificate; expect_status 200
  sleep 3
  api GET /api/v1/certificate; expect_status 401
  expect_json '"expired" in d["error"]["message"]'
  login op
  api GET /api/v1/certificate; expect_status 200
  run certctl user revoke-tokens op
  expect_exit 0
  api GET /api/v1/certificate; expect_status 401
  expect_json '"revoked" in d["error"]["message"]'
  # A new password revokes too, and the old password stops working.
  login op
  printf 'another long password\n' > pw2
  run certctl user passwd op --password-file pw2
  expect_exit 0
  api GET /api/v1/certificate; expect_status 401
  TOKEN=""
  api_json POST /api/v1/login "{\"username\": \"op\", \"password\": \"$API_PASSWORD\"}"
  expect_status 401
  login op "another long password"
}

test_tls_1_2_and_1_3_only() {
  make_api_cert
  start_server
  curl -sS --cacert ca.pem --tlsv1.2 --tls-max 1.2 "$BASE/healthz" >/dev/null || fail "TLS 1.2 refused"
  curl -sS --cacert ca.pem --tlsv1.3 "$BASE/healthz" >/dev/null || fail "TLS 1.3 refused"
  if openssl s_client -connect "127.0.0.1:$PORT" -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0' </dev/null >tls11.out 2>&1; then
    fail "TLS 1.1 handshake succeeded"
  fi
  if openssl s_client -connect "127.0.0.1:$PORT" -tls1 -cipher 'DEFAULT:@SECLEVEL=0' </dev/null >tls10.out 2>&1; then
    fail "TLS 1.0 handshake succeeded"
  fi
  curl -sS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && fail "plain HTTP answered on the HTTPS port"
  return 0
}

test_refusals_to_start() {
  make_api_cert
  run certctl serve --listen 0.0.0.0:0 --insecure-http
  expect_exit 64; expect_stderr "loopback address only"
  run certctl serve --listen 127.0.0.1:0
  expect_exit 64; expect_stderr "--tls-cert"
  run certctl serve --listen 127.0.0.1:0 --tls-cert nothing
  expect_exit 66
  run certctl serve --listen 127.0.0.1 --tls-cert api
  expect_exit 64
}

test_plain_http_on_loopback_with_flag() {
  add_user op operator
  start_server --insecure-http
  grep -q "plain HTTP" "$WORK/serve.log" || fail "no warning for plain HTTP"
  login op
  api GET /api/v1/key; expect_status 200
}

test_sighup_reloads_the_certificate() {
  make_api_cert
  start_server
  old=$(openssl s_client -connect "127.0.0.1:$PORT" </dev/null 2>/dev/null | openssl x509 -noout -serial)
  # Renew: a new certificate for the same key under the same name.
  "$CERTCTL" --store "$STORE" cert remove api >/dev/null
  sleep 1
  openssl x509 -req -in api.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -out api2.pem -extfile api.ext 2>/dev/null
  "$CERTCTL" --store "$STORE" cert import api api2.pem >/dev/null
  kill -HUP "$SERVE_PID"
  for _ in $(seq 1 50); do grep -q "reloaded TLS certificate" "$WORK/serve.log" && break; sleep 0.1; done
  grep -q "reloaded TLS certificate api" "$WORK/serve.log" || fail "no reload: $(cat "$WORK/serve.log")"
  new=$(openssl s_client -connect "127.0.0.1:$PORT" </dev/null 2>/dev/null | openssl x509 -noout -serial)
  want=$(openssl x509 -in api2.pem -noout -serial)
  [ "$new" = "$want" ] && [ "$new" != "$old" ] || fail "served $new after reload, expected $want (was $old)"
  curl -sS --cacert ca.pem "$BASE/healthz" >/dev/null || fail "not serving after reload"
}

test_sigterm_drains_and_exits_0() {
  make_api_cert
  add_user op operator
  start_server
  login op
  # An RSA 4096 key takes a while: SIGTERM arrives while it is being made, and it is still answered.
  api_json POST /api/v1/private-key '{"name": "slow", "algorithm": "RSA", "rsa_key_size": 4096}' &
  client=$!
  sleep 1
  kill -TERM "$SERVE_PID"
  wait "$client" || fail "the request in flight was cut"
  expect_json 'd["name"] == "slow" and d["algorithm"] == "rsa:4096"' 
  wait "$SERVE_PID"; rc=$?
  SERVE_PID=""
  [ "$rc" -eq 0 ] || fail "exit $rc after SIGTERM"
  grep -q "stopped" "$WORK/serve.log" || fail "no stop message"
  [ -e "$STORE/keys/slow.key" ] || fail "the key answered for is not in the store"
}

test_a_body_trickled_past_request_timeout_is_cut_off() {
  # Idle timeout 30 s, whole-request deadline 2 s: a client sending one byte every 0.4 s is never idle long
  # enough for the first, and is cut off by the second; a normal request still works.
  add_user op operator
  printf '[api]\nrequest_timeout = "2s"\nidle_timeout = "30s"\n' > "$STORE/certctl.toml"
  start_server --insecure-http
  python3 - "$PORT" <<'PY' || fail "the trickling client was not cut off"
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n")
start = time.monotonic()
try:
    for _ in range(40):  # 16 s of trickle if nobody stops it
        s.sendall(b" ")
        time.sleep(0.4)
except (BrokenPipeError, ConnectionResetError):
    pass
else:
    s.settimeout(5)
    if s.recv(1) != b"":
        sys.exit("the server answered instead of closing")
elapsed = time.monotonic() - start
sys.exit(0 if elapsed < 8 else "cut off only after %.1f s" % elapsed)
PY
  grep -q "api.request_timeout" "$WORK/serve.log" || fail "the log does not say why the connection was closed"
  login op
  api GET /api/v1/key; expect_status 200
}
