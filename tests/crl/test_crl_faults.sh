# tests/crl/test_crl_faults.sh — every fetch and verification fault against a real HTTP server on
# 127.0.0.1: exit code, alarm, counters, audit event, published data unchanged; then recovery.
# shellcheck source=tests/crl/lib_crl.sh
. "$REPO/tests/crl/lib_crl.sh"

test_good_fetch_then_304_is_one_small_request() {
  good_baseline
  [ "$(alarm_severity)" = "" ] || fail "alarm after a good fetch"
  [ "$(counter crl_fetch_success)" -eq 1 ] && [ "$(counter crl_ingestion_success)" -eq 1 ] || fail "counters"
  [ "$(last_crl_event total_entries)" = 2 ] && [ "$(last_crl_event added_entries)" = 2 ] || fail "audit entries"
  [ "$(last_crl_event certificate_authority)" = "/CN=certctl test CA/O=certctl tests" ] || fail "audit CA $(last_crl_event certificate_authority)"
  grep -q 'ua=certctl/' "$SRV/requests.log" || fail "User-Agent does not name certctl"
  run certctl crl refresh --force --json
  expect_exit 0
  expect_json 'd["sources"][0]["status"] == "unchanged"'
  tail -1 "$SRV/requests.log" | grep -q 'inm="' || fail "no If-None-Match sent"
  [ "$(counter crl_fetch_success)" -eq 2 ] && [ "$(counter crl_ingestion_success)" -eq 1 ] || fail "304 counted as ingestion"
  [ "$(last_crl_event not_modified)" = 1 ] || fail "audit not_modified"
  expect_published_unchanged
  run certctl crl refresh   # not due for 24h: nothing fetched
  expect_exit 0
  [ "$(wc -l < "$SRV/requests.log")" -eq 2 ] || fail "a source that was not due was fetched"
}

test_http_404() { good_baseline; serve_mode 404; expect_fault crl_fetch_failure "HTTP 404"; expect_recovery; }
test_http_500() { good_baseline; serve_mode 500; expect_fault crl_fetch_failure "HTTP 500"; expect_recovery; }

test_connection_refused() {
  good_baseline
  local dead
  dead=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("update crl_sources set url=?", (sys.argv[2],)); c.commit()' \
    "$STORE/certctl.db" "http://127.0.0.1:$dead/lab.crl"
  expect_fault crl_fetch_failure "127.0.0.1"
  alarm_reason | grep -qi "connect" || fail "reason does not say connect: $(alarm_reason)"
}

test_timeout_server_never_answers() { good_baseline; serve_mode hang; expect_fault crl_fetch_failure "timed out"; expect_recovery; }
test_slow_drip_past_total_timeout() { good_baseline; serve_mode drip; expect_fault crl_fetch_failure "no complete answer within 2s"; expect_recovery; }
test_truncated_body() { good_baseline; serve_mode truncated; expect_fault crl_fetch_failure "transfer closed"; expect_recovery; }
test_garbage_body() { good_baseline; serve_mode garbage; expect_fault crl_ingestion_failure "CRL refused"; expect_recovery; }
test_html_error_page() { good_baseline; serve_mode html; expect_fault crl_ingestion_failure "CRL refused"; expect_recovery; }

test_crl_signed_by_another_ca() {
  good_baseline
  make_ca other   # same name, other key
  make_crl other "$SRV/serve.crl" --number 6
  expect_fault crl_ingestion_failure "authority key identifier"
  expect_recovery
}

test_crl_number_lower_than_last_good() {
  good_baseline
  make_crl ca "$SRV/serve.crl" --number 4
  expect_fault crl_ingestion_failure "rollback refused"
  expect_recovery
}

test_crl_next_update_passed() {
  good_baseline
  make_crl ca "$SRV/serve.crl" --number 6 --this -7200 --next -3600
  expect_fault crl_ingestion_failure "nextUpdate"
  [ "$(alarm_severity)" = 1 ] || fail "a stale fetch while the last good is current should be minor"
  expect_recovery
}

test_this_update_in_future() {
  good_baseline
  make_crl ca "$SRV/serve.crl" --number 6 --this 3600
  expect_fault crl_ingestion_failure "in the future"
  expect_recovery
}

test_body_over_size_cap() {
  good_baseline
  local revokes=()
  for i in $(seq 1000 1800); do revokes+=(--revoke "$i"); done
  make_crl ca "$SRV/serve.crl" --number 6 "${revokes[@]}"
  expect_fault crl_fetch_failure "size cap"
  expect_recovery
}

test_redirect_loop() { good_baseline; serve_mode redirect_loop; expect_fault crl_fetch_failure "redirects"; expect_recovery; }

test_redirect_to_file_url_refused() {
  good_baseline
  serve_mode redirect_file
  expect_fault crl_fetch_failure "redirect"
  [ ! -e "$STORE/crl/tmp/lab.download" ] || ! grep -q root: "$STORE/crl/tmp/lab.download" || fail "followed file://"
  expect_recovery
}

test_failure_schedules_backoff_and_success_polling() {
  good_baseline
  must certctl crl list --json
  expect_json 'd["sources"][0]["state"] == "ok" and d["sources"][0]["consecutive_failures"] == 0'
  serve_mode 404
  run certctl crl refresh --force --json
  expect_exit 69
  expect_json 'd["sources"][0]["status"] == "failed"'
  python3 - "$WORK/out" <<'PY' || fail "next attempt is not 60s after a failure"
import json, sys, datetime
d = json.load(open(sys.argv[1]))
na = datetime.datetime.fromisoformat(d["sources"][0]["next_attempt"].replace("Z", "+00:00"))
now = datetime.datetime.now(datetime.timezone.utc)
sys.exit(0 if 50 <= (na - now).total_seconds() <= 61 else 1)
PY
  must certctl crl show lab --json
  expect_json 'd["state"] == "failing" and d["consecutive_failures"] == 1 and "HTTP 404" in d["last_error"]'
  must certctl alarm list --json
  expect_stdout "crl_source"
}

test_first_fetch_failing_is_major_and_keeps_no_list() {
  make_ca ca
  start_server
  write_config
  serve_mode 404
  must certctl crl add lab "$URL" --issuer ca.pem
  run certctl crl refresh
  expect_exit 69
  [ "$(alarm_severity)" = 2 ] || fail "no good CRL yet should be a major alarm"
  run certctl crl lookup 0a1b
  expect_exit 0
}

test_second_refresh_waits_then_exits_75() {
  good_baseline
  ( exec 9>"$STORE/crl/refresh.lock"; flock 9; sleep 8 ) &
  local holder=$!
  sleep 0.3
  run certctl crl refresh --force
  expect_exit 75
  expect_stderr "busy"
  kill "$holder" 2>/dev/null || true
  wait "$holder" 2>/dev/null || true
}

test_304_without_a_conditional_request_is_a_failure() {
  make_ca ca
  start_server
  write_config
  serve_mode always304
  must certctl crl add lab "$URL" --issuer ca.pem
  run certctl crl refresh
  expect_exit 69
  expect_stderr "although nothing was asked conditionally"
  [ "$(alarm_severity)" = 2 ] || fail "expected a major alarm"
}

test_stale_crl_with_nothing_better_is_kept_with_a_major_alarm() {
  make_ca ca
  start_server
  write_config
  make_crl ca "$SRV/serve.crl" --number 1 --this -7200 --next -3600 --revoke 0a1b
  must certctl crl add lab "$URL" --issuer ca.pem
  run certctl crl refresh
  expect_exit 0
  expect_stderr "past its nextUpdate"
  [ "$(alarm_severity)" = 2 ] || fail "expected a major stale alarm"
  alarm_reason | grep -q "stale" || fail "reason: $(alarm_reason)"
  run certctl crl lookup 0a1b
  expect_exit 1
  must certctl crl list --json
  expect_json 'd["sources"][0]["state"] == "stale"'
  # a fresh CRL clears it
  make_crl ca "$SRV/serve.crl" --number 2 --revoke 0a1b
  run certctl crl refresh --force
  expect_exit 0
  [ -z "$(alarm_severity)" ] || fail "stale alarm not cleared"
}

test_https_is_verified_with_system_ca_file_or_tls_bundle() {
  make_ca ca
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout tls.key -out tls.pem -days 30 \
    -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
  TLS_CERT="$WORK/tls.pem" TLS_KEY="$WORK/tls.key"
  start_server
  write_config
  make_crl ca "$SRV/serve.crl" --number 1 --revoke 0a1b
  must certctl crl add lab "$URL" --issuer ca.pem
  run certctl crl refresh
  expect_exit 69
  alarm_reason | grep -qi "certificate" || fail "an untrusted server was not refused: $(alarm_reason)"
  # trusted through crl.ca_file
  printf '[crl]\nconnect_timeout = "1s"\ntotal_timeout = "2s"\nca_file = "%s"\n' "$WORK/tls.pem" > "$STORE/certctl.toml"
  run certctl crl refresh --force
  expect_exit 0
  # trusted through a trust bundle (rows as the trust group stores them)
  write_config
  openssl x509 -in tls.pem -outform DER -out tls.der
  python3 - "$STORE/certctl.db" tls.der <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("insert into trust_bundles values ('servers', 'strict', '2026-01-01T00:00:00Z')")
c.execute("insert into trust_certs values ('servers', 'f', 'CN=127.0.0.1', '2030-01-01T00:00:00Z', ?, '2026-01-01T00:00:00Z')",
          (open(sys.argv[2], "rb").read(),))
c.commit()
PY
  run certctl crl add lab2 "$URL" --issuer ca.pem --tls-bundle servers
  expect_exit 0
  run certctl crl refresh lab2
  expect_exit 0
  run certctl crl refresh lab --force
  expect_exit 69
}

test_proxy_from_config_and_environment() {
  good_baseline
  # The test server answers proxy requests too (absolute URI in the request line).
  python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("update crl_sources set url=?", ("http://crl.example.invalid/lab.crl",)); c.commit()' "$STORE/certctl.db"
  printf '[crl]\nconnect_timeout = "1s"\ntotal_timeout = "2s"\nproxy = "http://127.0.0.1:%s"\n' "$PORT" > "$STORE/certctl.toml"
  run certctl crl refresh --force
  expect_exit 0
  tail -1 "$SRV/requests.log" | grep -q "GET http://crl.example.invalid/lab.crl" || fail "not sent through the proxy: $(tail -1 "$SRV/requests.log")"
  write_config
  http_proxy="http://127.0.0.1:$PORT" run certctl crl refresh --force
  expect_exit 0
  tail -1 "$SRV/requests.log" | grep -q "GET http://crl.example.invalid/lab.crl" || fail "http_proxy not used"
}
