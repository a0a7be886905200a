# tests/cli/test_watch.sh — certctl watch for real, a few seconds each: alarms on a store change, SIGHUP
# reload, clean SIGTERM/SIGINT stop, sd_notify READY/STOPPING on a NOTIFY_SOCKET, --once.
. "$REPO/tests/cli/policies_fixtures.sh"
# shellcheck source=tests/crl/lib_crl.sh
. "$REPO/tests/crl/lib_crl.sh"   # make_ca, make_crl, the scripted 127.0.0.1 CRL server

# wait_for FILE TEXT [SECONDS] — until FILE contains TEXT.
wait_for() {
  local i
  for i in $(seq $(( ${3:-10} * 20 ))); do
    grep -qF -- "$2" "$1" 2>/dev/null && return 0
    sleep 0.05
  done
  fail "no '$2' in $1 within ${3:-10}s: $(cat "$1" 2>/dev/null)"
}

start_watch() {
  "$CERTCTL" --store "$STORE" watch 2>"$WORK/watch.log" &
  WATCH_PID=$!
  wait_for "$WORK/watch.log" "watching $STORE"
}

stop_watch() {  # stop_watch SIGNAL -> $RC
  kill -"$1" "$WATCH_PID"
  set +e; wait "$WATCH_PID"; RC=$?; set -e
}

test_once_evaluates_and_exits() {
  make_certs "$WORK/c" "old|now-864000|now-60"
  store_add web01 imported "$WORK/c/old.pem"
  run certctl watch --once
  expect_exit 0
  expect_stderr "alarm raise: certificate web01 critical"
  must certctl alarm list --json
  expect_json 'd["alarms"][0]["subject"] == "web01"'
}

test_runs_notices_store_changes_reloads_on_hup_and_stops_on_term() {
  make_certs "$WORK/c" "ok|now-86400|now+31536000"
  store_add web01 tracked "$WORK/c/ok.pem"
  start_watch
  wait_for "$WORK/watch.log" "watching"
  # Another process changes the store (a new tracked certificate whose file is missing): noticed within seconds.
  cp "$WORK/c/ok.pem" "$WORK/c/gone.pem"
  store_add db01 tracked "$WORK/c/gone.pem"
  rm "$WORK/c/gone.pem"
  wait_for "$WORK/watch.log" "alarm raise: certificate db01 critical" 10
  kill -HUP "$WATCH_PID"
  wait_for "$WORK/watch.log" "reloading configuration and acting now"
  stop_watch TERM
  expect_exit 0
  grep -q "stopping on SIGTERM" "$WORK/watch.log" || fail "no stop line: $(cat "$WORK/watch.log")"
  grep -q "stopped after" "$WORK/watch.log" || fail "no final line"
  must certctl alarm list --json
  expect_json '[a["subject"] for a in d["alarms"]] == ["db01"]'
}

test_sigint_stops_cleanly_too() {
  must certctl init
  start_watch
  stop_watch INT
  expect_exit 0
  grep -q "stopping on SIGINT" "$WORK/watch.log" || fail "no SIGINT line"
}

test_sd_notify_ready_and_stopping() {
  must certctl init
  python3 - "$WORK/notify.sock" "$WORK/notify.log" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(20)
with open(sys.argv[2], "a") as log:
    while True:
        try:
            msg = s.recv(4096).decode()
        except socket.timeout:
            break
        log.write(msg.replace("\n", " ") + "\n"); log.flush()
        if "STOPPING=1" in msg:
            break
PY
  listener=$!
  while [ ! -S "$WORK/notify.sock" ]; do sleep 0.05; done
  NOTIFY_SOCKET="$WORK/notify.sock" "$CERTCTL" --store "$STORE" watch 2>"$WORK/watch.log" &
  WATCH_PID=$!
  wait_for "$WORK/notify.log" "READY=1"
  stop_watch TERM
  expect_exit 0
  wait_for "$WORK/notify.log" "STOPPING=1"
  wait "$listener" || true
  grep -q "STATUS=watching $STORE" "$WORK/notify.log" || fail "no status: $(cat "$WORK/notify.log")"
}

test_bad_config_is_refused_before_running() {
  must certctl init
  printf '[watch]\nrecheck_interval = "often"\n' > "$STORE/certctl.toml"
  run certctl watch
  expect_exit 65
  expect_stderr "watch.recheck_interval"
}

# End to end, a few seconds: watch fetches a CRL from a 127.0.0.1 server, finds a stored certificate
# revoked (critical), raises the CRL source's alarm when the server fails and clears it when it is back.
test_end_to_end_with_a_crl_server() {
  make_ca ca
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf.key -out leaf.csr -subj "/CN=leaf" 2>/dev/null
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' > leaf.ext
  openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -set_serial 0x0a1b -days 90 -out leaf.pem -extfile leaf.ext 2>/dev/null
  start_server
  write_config
  printf '[watch]\nrecheck_interval = "2s"\n' >> "$STORE/certctl.toml"
  make_crl ca "$SRV/serve.crl" --number 1
  run certctl cert import leaf leaf.pem --validation-mode warn
  expect_exit 0
  run certctl crl add lab "$URL" --issuer ca.pem --polling-interval 1s --backoff-interval 1s
  expect_exit 0
  start_watch
  wait_for "$WORK/watch.log" "crl lab updated" 10
  make_crl ca "$SRV/serve.crl" --number 2 --revoke 0a1b:key_compromise
  wait_for "$WORK/watch.log" "alarm raise: certificate leaf critical: revoked: keyCompromise" 15
  serve_mode 500
  wait_for "$WORK/watch.log" "crl lab failed" 15
  for _ in $(seq 100); do [ -n "$(alarm_severity)" ] && break; sleep 0.1; done
  [ -n "$(alarm_severity)" ] || fail "no crl_source alarm while the server fails"
  serve_mode ok
  for _ in $(seq 150); do [ -z "$(alarm_severity)" ] && break; sleep 0.1; done
  [ -z "$(alarm_severity)" ] || fail "crl_source alarm not cleared after the server came back"
  stop_watch TERM
  expect_exit 0
  run certctl check leaf --format json
  expect_exit 3
  expect_json 'd["certificates"][0]["condition"] == "revoked"'
  run certctl check --format prometheus
  expect_exit 3
  expect_stdout 'certctl_crl_consecutive_failures{source="lab"} 0'
  expect_stdout 'certctl_crl_age_seconds{source="lab"}'
  [ "$(counter certificate_revoked)" = 1 ] || fail "revoked not counted once"
}
