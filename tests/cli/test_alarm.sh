# tests/cli/test_alarm.sh — stored alarms from `check` over the inventory: raise, escalate, clear, history,
# transition counters, what-if checks that record nothing, a locked store.
. "$REPO/tests/cli/policies_fixtures.sh"

test_alarm_list_without_store_is_66() {
  run certctl alarm list
  expect_exit 66
}

test_tracked_file_missing_is_critical_then_cleared_when_restored() {
  make_certs "$WORK/c" "web|now-86400|now+31536000"
  store_add web01 tracked "$WORK/c/web.pem"
  run certctl check
  expect_exit 0
  mv "$WORK/c/web.pem" "$WORK/c/web.pem.bak"
  run certctl check
  expect_exit 3
  expect_stdout "certificate file unavailable: $WORK/c/web.pem"
  expect_stderr "alarm raise: certificate web01 critical"
  must certctl alarm list --json
  expect_json 'len(d["alarms"]) == 1 and d["alarms"][0]["severity"] == "critical" and d["alarms"][0]["subject"] == "web01"'
  [ "$(audit_count system.alarm_raise)" = 1 ] || fail "raise not audited once"
  run certctl check
  expect_exit 3
  [ "$(audit_count system.alarm_raise)" = 1 ] || fail "a repeat check raised again"
  mv "$WORK/c/web.pem.bak" "$WORK/c/web.pem"
  run certctl check
  expect_exit 0
  must certctl alarm list --json
  expect_json 'd["alarms"] == []'
  must certctl alarm list --all --json
  expect_json 'len(d["alarms"]) == 1 and d["alarms"][0]["cleared"] is not None and not d["alarms"][0]["active"]'
  [ "$(audit_count system.alarm_clear)" = 1 ] || fail "clear not audited"
  must certctl alarm list --all
  expect_stdout "CLEARED"
}

test_escalation_minor_major_critical_and_counters_count_transitions() {
  make_certs "$WORK/c" "m|now-86400|now+1728000" "j|now-86400|now+259200" "x|now-864000|now-60"
  store_add web01 imported "$WORK/c/m.pem"
  run certctl check
  expect_exit 1
  raised=$(sql "select raised from alarms where subject='web01'")
  store_add web01 imported "$WORK/c/j.pem"
  run certctl check web01
  expect_exit 2
  must certctl alarm list --json
  expect_json 'd["alarms"][0]["severity"] == "major" and d["alarms"][0]["raised"] == "'"$raised"'"'
  store_add web01 imported "$WORK/c/x.pem"
  run certctl check
  expect_exit 3
  run certctl check
  expect_exit 3
  [ "$(counter certificate_expired)" = 1 ] || fail "expired counted $(counter certificate_expired) times"
  [ "$(audit_count system.alarm_raise)" = 3 ] || fail "raise+2 escalations expected"
}

test_peer_certificates_have_their_own_counters() {
  make_certs "$WORK/c" "p|now-864000|now-60" "early|now+86400|now+31536000"
  store_add peer1 imported "$WORK/c/p.pem" peer
  store_add early imported "$WORK/c/early.pem"
  run certctl check --json
  expect_exit 3
  expect_json '[c["condition"] for c in d["certificates"]] == ["not_yet_valid", "expired"] or [c["condition"] for c in d["certificates"]] == ["expired", "not_yet_valid"]'
  expect_json 'all(c["state"] == "in-service" and c["policy"] == "fail-soft" for c in d["certificates"])'
  [ "$(counter peer_certificate_expired)" = 1 ] || fail "peer counter"
  [ "$(counter certificate_expired)" = 0 ] || fail "plain counter moved for a peer"
  [ "$(counter certificate_invalid)" = 1 ] || fail "not yet valid counts as invalid"
}

test_what_if_check_records_nothing() {
  make_certs "$WORK/c" "w|now-86400|now+31536000"
  store_add web01 imported "$WORK/c/w.pem"
  must certctl check
  snapshot_store
  run certctl check --at 2099-01-01
  expect_exit 3
  must certctl alarm list --json
  expect_json 'd["alarms"] == []'
  expect_store_unchanged
  [ "$(audit_count system.alarm_raise)" = 0 ] || fail "a what-if check was audited"
}

test_files_given_by_path_never_touch_the_store() {
  make_certs "$WORK/c" "x|now-864000|now-60"
  must certctl init
  snapshot_store
  run certctl check "$WORK/c/x.pem"
  expect_exit 3
  expect_store_unchanged
  must certctl alarm list --json
  expect_json 'd["alarms"] == []'
}

test_locked_store_is_75_and_unchanged() {
  make_certs "$WORK/c" "x|now-864000|now-60"
  store_add web01 imported "$WORK/c/x.pem"
  snapshot_store
  python3 -c 'import sqlite3,sys,time; c=sqlite3.connect(sys.argv[1], isolation_level=None); c.execute("BEGIN IMMEDIATE"); open(sys.argv[2],"w").close(); time.sleep(14)' \
    "$STORE/certctl.db" "$WORK/locked" &
  holder=$!
  while [ ! -e "$WORK/locked" ]; do sleep 0.05; done
  run certctl check
  kill "$holder" 2>/dev/null || true
  wait "$holder" 2>/dev/null || true
  expect_exit 75
  expect_stderr "busy"
  expect_store_unchanged
}
