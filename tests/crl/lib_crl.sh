# tests/crl/lib_crl.sh — shared setup for the CRL suites: test CAs (OpenSSL), CRLs (python3-cryptography),
# and the scripted HTTP server on 127.0.0.1 (crl_server.py). Sourced by tests/crl/test_*.sh.
CRL_TOOLS="$REPO/tests/crl"

make_ca() {  # make_ca NAME [CN] -> NAME.pem, NAME.key (EC P-256, CA, keyCertSign+cRLSign)
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -out "$1.pem" \
    -days 365 -subj "/CN=${2:-certctl test CA}/O=certctl tests" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

make_crl() {  # make_crl CA OUT --number N [...] (see make_crl.py)
  local ca=$1 out=$2; shift 2
  python3 "$CRL_TOOLS/make_crl.py" "$ca.pem" "$ca.key" "$out" "$@"
}

start_server() {  # serves $SRV/serve.crl; mode in $SRV/mode; sets PORT and URL
  SRV="$WORK/srv"
  mkdir -p "$SRV"
  echo ok > "$SRV/mode"
  python3 "$CRL_TOOLS/crl_server.py" "$SRV" ${TLS_CERT:+"$TLS_CERT" "$TLS_KEY"} &
  SRV_PID=$!
  trap stop_server EXIT
  for _ in $(seq 1 100); do [ -f "$SRV/port" ] && break; sleep 0.05; done
  PORT=$(cat "$SRV/port")
  local scheme=http
  [ -z "${TLS_CERT:-}" ] || scheme=https
  URL="$scheme://127.0.0.1:$PORT/lab.crl"
}

stop_server() {
  touch "$SRV/stop"
  kill "$SRV_PID" 2>/dev/null || true
  wait "$SRV_PID" 2>/dev/null || true
}

serve_mode() { echo "$1" > "$SRV/mode"; }

# Short limits so the timeout faults take seconds, and a small size cap for the over-size fault.
write_config() {
  must certctl init
  printf '[crl]\nconnect_timeout = "1s"\ntotal_timeout = "2s"\nmax_size = "8KiB"\n' > "$STORE/certctl.toml"
}

# A store with source "lab" at the server, refreshed once from a good CRL (number 5, serial 0a1b revoked).
good_baseline() {
  make_ca ca
  start_server
  write_config
  make_crl ca "$SRV/serve.crl" --number 5 --revoke 0a1b:key_compromise --revoke 77:superseded
  run certctl crl add lab "$URL" --issuer ca.pem
  expect_exit 0
  run certctl crl refresh
  expect_exit 0
  published_before=$(published_digest)
}

published_digest() { cat "$STORE/crl/master.idx" "$STORE/crl/master.csv" "$STORE/crl/master-sources.csv" "$STORE/crl/sources/lab.crl" | sha256sum; }
expect_published_unchanged() { [ "$(published_digest)" = "$published_before" ] || fail "the published master list or last good CRL changed"; }

sql() { python3 -c 'import sqlite3,sys; r=sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone(); print("" if r is None or r[0] is None else r[0])' "$STORE/certctl.db" "$1"; }
alarm_severity() { sql "select severity from alarms where kind='crl_source' and subject='${1:-lab}' and cleared is null"; }
alarm_reason() { sql "select reason from alarms where kind='crl_source' and subject='${1:-lab}' and cleared is null"; }
last_crl_event() { sql "select json_extract(detail,'\$.$1') from audit where type='system.crl_update' order by id desc limit 1"; }
last_crl_success() { sql "select success from audit where type='system.crl_update' order by id desc limit 1"; }

# One fault: refresh exits 69, the alarm is up with the reason, the counter moved, the audit event says
# why, and the published master list and last good CRL are byte-identical.
expect_fault() {  # expect_fault COUNTER MESSAGE
  local counter=$1 msg=$2 before
  before=$(counter "$counter")
  run certctl crl refresh --force
  expect_exit 69
  expect_stderr "$msg"
  [ "$(counter "$counter")" -eq $((before + 1)) ] || fail "counter $counter did not move"
  [ -n "$(alarm_severity)" ] || fail "no active crl_source alarm"
  alarm_reason | grep -qF -- "$msg" || fail "alarm reason '$(alarm_reason)' lacks '$msg'"
  [ "$(last_crl_success)" = 0 ] || fail "last system.crl_update is not a failure"
  last_crl_event error | grep -qF -- "$msg" || fail "audit error '$(last_crl_event error)' lacks '$msg'"
  expect_published_unchanged
  run certctl crl lookup 0a1b
  expect_exit 1
}

# Recovery: a good, newer CRL clears the alarm and is published.
expect_recovery() {
  make_crl ca "$SRV/serve.crl" --number 9 --revoke 0a1b:key_compromise --revoke 77:superseded --revoke c0ffee
  serve_mode ok
  run certctl crl refresh --force
  expect_exit 0
  [ -z "$(alarm_severity)" ] || fail "alarm still active after recovery"
  run certctl crl lookup c0ffee
  expect_exit 1
}
