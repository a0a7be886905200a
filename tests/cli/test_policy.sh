# tests/cli/test_policy.sh — policy set/list/show; fail-soft notifications, fail-hard out of service with
# its action (env, once, time limit, failures audited) and back in service on a valid replacement.
. "$REPO/tests/cli/policies_fixtures.sh"

# An action that records its environment and stdin, one line per run.
make_recorder() {
  cat > "$WORK/record.sh" <<'SH'
#!/bin/sh
{ echo "run name=$CERTCTL_CERT_NAME severity=$CERTCTL_SEVERITY reason=$CERTCTL_REASON fp=$CERTCTL_FINGERPRINT event=${CERTCTL_EVENT:-}"; cat; echo; } >> "$1"
echo "recorded $CERTCTL_CERT_NAME"
SH
  chmod +x "$WORK/record.sh"
}

test_set_list_show_and_bad_input() {
  make_certs "$WORK/c" "w|now-86400|now+31536000"
  store_add web01 imported "$WORK/c/w.pem"
  run certctl policy set web01 fail-hard --action "/usr/local/sbin/drop-peering web01" --restore-action "echo back"
  expect_exit 0
  expect_stdout_empty
  must certctl policy show web01 --json
  expect_json 'd == {"name": "web01", "policy": "fail-hard", "state": "in-service", "action": "/usr/local/sbin/drop-peering web01", "restore_action": "echo back", "purpose": None}'
  must certctl policy list
  expect_stdout "web01  fail-hard  in-service  /usr/local/sbin/drop-peering web01"
  must certctl policy list --json
  expect_json 'd["default"] == "fail-soft" and d["certificates"][0]["policy"] == "fail-hard"'
  must certctl policy set web01 fail-soft --action ""
  must certctl policy show web01 --json
  expect_json 'd["policy"] == "fail-soft" and d["action"] is None and d["restore_action"] == "echo back"'
  snapshot_store
  run certctl policy set web01 fail-sometimes
  expect_exit 64
  run certctl policy set nosuch fail-hard
  expect_exit 66
  expect_stderr "no such certificate (nosuch)"
  run certctl policy set "../etc" fail-hard
  expect_exit 64
  run certctl policy show nosuch
  expect_exit 66
  expect_store_unchanged
}

test_fail_hard_takes_out_of_service_runs_action_once_and_restores() {
  make_recorder
  make_certs "$WORK/c" "old|now-864000|now-60" "new|now-60|now+31536000"
  store_add web01 imported "$WORK/c/old.pem"
  must certctl policy set web01 fail-hard --action "$WORK/record.sh $WORK/actions.log" --restore-action "$WORK/record.sh $WORK/restore.log"
  fp=$(sql "select fingerprint from certificates where name='web01'")
  run certctl check --json
  expect_exit 3
  expect_json 'd["certificates"][0]["state"] == "in-service"'   # the report shows what was evaluated
  must certctl policy show web01 --json
  expect_json 'd["state"] == "out-of-service"'
  [ "$(grep -c '^run ' "$WORK/actions.log")" = 1 ] || fail "action did not run once"
  grep -q "^run name=web01 severity=critical reason=expired 1 minute ago .* fp=$fp event=$" "$WORK/actions.log" || fail "env: $(cat "$WORK/actions.log")"
  must certctl audit list --event system.policy_action --json
  expect_json 'd["events"][-1]["detail"]["action"] == "fail-hard" and d["events"][-1]["detail"]["exit_status"] == 0'
  expect_json 'd["events"][-1]["detail"]["output"] == "recorded web01\n" and d["events"][-1]["success"]'
  run certctl check
  expect_exit 3
  expect_stdout "[out of service]"
  [ "$(grep -c '^run ' "$WORK/actions.log")" = 1 ] || fail "action ran again"
  store_add web01 imported "$WORK/c/new.pem"
  run certctl check
  expect_exit 0
  expect_stderr "policy restore: certificate web01 back in service"
  must certctl policy show web01 --json
  expect_json 'd["state"] == "in-service"'
  [ "$(grep -c '^run ' "$WORK/restore.log")" = 1 ] || fail "restore action did not run"
  [ "$(audit_count system.policy_action)" = 2 ] || fail "fail-hard and restore audited"
}

test_hung_action_is_killed_at_its_time_limit_and_audited() {
  make_certs "$WORK/c" "old|now-864000|now-60"
  store_add web01 imported "$WORK/c/old.pem" "" fail-hard "sleep 60"
  printf '[policy]\naction_timeout = "1s"\n' > "$STORE/certctl.toml"
  start=$(date +%s)
  run certctl check
  expect_exit 3
  [ $(( $(date +%s) - start )) -lt 10 ] || fail "the hung action was not killed"
  expect_stderr "policy action for web01 failed: killed after its time limit"
  must certctl audit list --event system.policy_action --json
  expect_json 'd["events"][0]["success"] == False and d["events"][0]["detail"]["timed_out"] == True'
  must certctl policy show web01 --json
  expect_json 'd["state"] == "out-of-service"'
}

test_failing_and_missing_action_commands_are_audited_not_fatal() {
  make_certs "$WORK/c" "old|now-864000|now-60"
  store_add a imported "$WORK/c/old.pem" "" fail-hard "echo oops; exit 7"
  store_add b imported "$WORK/c/old.pem" "" fail-hard "/nonexistent/stop-tunnel"
  run certctl check
  expect_exit 3
  expect_stderr "policy action for a failed: exit 7"
  expect_stderr "policy action for b failed: exit 127 (command not found)"
  must certctl audit list --event system.policy_action --json
  expect_json '[(e["detail"]["exit_status"], e["success"]) for e in d["events"]] == [(7, False), (127, False)]'
  expect_json 'd["events"][0]["detail"]["output"] == "oops\n"'
  [ "$(sql "select count(*) from certificates where state='out-of-service'")" = 2 ] || fail "not out of service"
}

test_fail_soft_notifies_with_json_on_stdin_and_stays_in_service() {
  make_recorder
  make_certs "$WORK/c" "old|now-864000|now-60"
  store_add web01 imported "$WORK/c/old.pem"
  printf '[policy]\nnotify_command = "%s %s"\n' "$WORK/record.sh" "$WORK/notify.log" > "$STORE/certctl.toml"
  run certctl check
  expect_exit 3
  expect_stderr "alarm raise: certificate web01 critical: expired"
  grep -q "^run name=web01 severity=critical .* event=raise" "$WORK/notify.log" || fail "notify env: $(cat "$WORK/notify.log")"
  sed -n 2p "$WORK/notify.log" > "$WORK/alarm.json"
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["name"]=="web01" and d["severity"]=="critical" and d["condition"]=="expired" and d["event"]=="raise" and len(d["fingerprint"])==64, d' "$WORK/alarm.json" \
    || fail "alarm JSON on stdin"
  must certctl policy show web01 --json
  expect_json 'd["state"] == "in-service"'
  run certctl check
  expect_exit 3
  [ "$(grep -c '^run ' "$WORK/notify.log")" = 1 ] || fail "notified again without a change"
  must certctl audit list --event system.policy_action --json
  expect_json 'd["events"][0]["detail"]["action"] == "notify" and d["events"][0]["success"]'
}

test_id_cert_first_schedule_point_notifies_once() {
  make_recorder
  make_certs "$WORK/c" "id|now-86400|now+5184000"   # exactly 60 days left: the first id-cert point
  store_add id01 imported "$WORK/c/id.pem" id-cert
  store_add id_cert imported "$WORK/c/id.pem" tls-client   # as `exchange import` stores the On-Prem identity
  printf '[policy]\nnotify_command = "%s %s"\n' "$WORK/record.sh" "$WORK/notify.log" > "$STORE/certctl.toml"
  run certctl check
  expect_exit 0
  [ "$(grep -c "event=reminder" "$WORK/notify.log")" = 2 ] || fail "no reminder at T-60d: $(cat "$WORK/notify.log")"
  must certctl check
  [ "$(grep -c '^run ' "$WORK/notify.log")" = 2 ] || fail "reminded twice for one point"
}

# With the real importer: fail-hard from `cert import --policy`, a wrong role is invalid (critical),
# `cert list` shows the state, and removing a certificate clears its alarm.
test_with_cert_import_fail_hard_role_and_removal() {
  make_recorder
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/k.pem" -out "$WORK/client.pem" \
    -days 100 -subj "/CN=client only" -addext "basicConstraints=critical,CA:FALSE" -addext "extendedKeyUsage=clientAuth" 2>/dev/null
  run certctl cert import srv "$WORK/client.pem" --purpose tls-server --validation-mode warn --policy fail-hard \
    --action "$WORK/record.sh $WORK/actions.log"
  expect_exit 0
  run certctl check --json
  expect_exit 3
  expect_json 'd["certificates"][0]["condition"] == "invalid"'
  expect_json '"extended key usage lacks serverAuth" in d["certificates"][0]["reason"]'
  grep -q "^run name=srv severity=critical reason=invalid: wrong role" "$WORK/actions.log" || fail "action env: $(cat "$WORK/actions.log")"
  must certctl cert list --json
  expect_stdout "out-of-service"
  [ "$(counter certificate_invalid)" = 1 ] || fail "invalid not counted"
  must certctl cert remove srv
  run certctl check
  expect_exit 0
  expect_stderr "alarm clear: certificate srv removed from the inventory"
  must certctl alarm list --json
  expect_json 'd["alarms"] == []'
}

test_import_takes_the_default_policy_from_config() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/k.pem" -out "$WORK/c.pem" \
    -days 100 -subj "/CN=default policy" 2>/dev/null
  printf '[policy]\ndefault = "fail-hard"\n' > "$WORK/certctl.toml"
  run certctl --config "$WORK/certctl.toml" cert import hard "$WORK/c.pem" --validation-mode warn
  expect_exit 0
  run certctl cert import soft "$WORK/c.pem" --validation-mode warn --policy fail-soft
  expect_exit 0
  must certctl policy show hard --json
  expect_json 'd["policy"] == "fail-hard"'
  must certctl policy show soft --json
  expect_json 'd["policy"] == "fail-soft"'
}
