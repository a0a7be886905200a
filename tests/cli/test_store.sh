# tests/cli/test_store.sh — init, status, config show, audit list, stats, global behaviour.

test_init_creates_store_0700_and_is_idempotent() {
  run certctl init
  expect_exit 0
  expect_stdout "$STORE"
  [ "$(stat -c %a "$STORE")" = 700 ] || fail "store mode $(stat -c %a "$STORE")"
  [ "$(stat -c %a "$STORE/keys")" = 700 ] || fail "keys/ mode"
  run certctl init --json
  expect_exit 0
  expect_json 'd["created"] == False'
}

test_status_without_store_is_not_found() {
  run certctl status
  expect_exit 66
  expect_stderr "certctl init"
}

test_status_counts_json() {
  must certctl init
  run certctl status --json
  expect_exit 0
  expect_json 'd["keys"] == 0 and d["certificates"] == 0'
}

test_config_show_origins() {
  must certctl init
  printf '[validation]\nmode = "warn"\n' > "$STORE/certctl.toml"
  run certctl config show --json
  expect_exit 0
  expect_json '[s for s in d["settings"] if s["key"]=="validation.mode"][0]["origin"].endswith("certctl.toml")'
  expect_json '[s for s in d["settings"] if s["key"]=="crl.polling_interval"][0]["value"] == "24h"'
  printf '[crl]\npolling_interval = "soon"\n' > "$WORK/bad.toml"
  run certctl --config "$WORK/bad.toml" config show
  expect_exit 65
  expect_stderr "crl.polling_interval"
  CERTCTL_CONFIG="$WORK/missing.toml" run certctl config show
  expect_exit 66
}

test_usage_errors_are_64_with_json_error() {
  run certctl --json frobnicate
  expect_exit 64
  expect_json 'd["error"]["code"] == "usage"'
  run certctl audit list --limit 0
  expect_exit 64
}

test_stats_reset() {
  must certctl init
  python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("insert into counters values (\"csr_success\", 5)"); c.commit()' "$STORE/certctl.db"
  must certctl stats --json
  expect_json 'd["counters"]["csr_success"] == 5 and d["counters"]["crl_fetch_failure"] == 0'
  must certctl stats --reset
  must certctl stats --json
  expect_json 'd["counters"]["csr_success"] == 0'
}

test_version_and_help_exit_0() {
  run certctl --version
  expect_exit 0
  expect_stdout "certctl"
  run certctl --help
  expect_exit 0
  expect_stdout "EXIT CODES"
}

test_store_env_variable() {
  CERTCTL_STORE="$WORK/envstore" run "$CERTCTL" init
  expect_exit 0
  [ -f "$WORK/envstore/certctl.db" ] || fail "CERTCTL_STORE not honoured"
}

test_example_config_loads_with_every_key() {
  run certctl --config "$REPO/examples/config/certctl.toml" config show --json
  expect_exit 0
  expect_json 'all(s["origin"].endswith("certctl.toml") for s in d["settings"])'
}

test_read_only_store_is_73_and_unchanged() {
  must certctl init
  snapshot_store
  chmod -R a-w "$STORE"
  if [ "$(id -u)" -eq 0 ]; then
    # root ignores permission bits: run as nobody on a store it owns but cannot write
    chown -R nobody "$STORE"; chmod -R a+rX "$WORK"; chmod a+x "$TEST_ROOT" "$(dirname "$WORK")"
    run setpriv --reuid=nobody --regid=nogroup --clear-groups "$CERTCTL" --store "$STORE" stats --reset
  else
    run certctl stats --reset
  fi
  expect_exit 73
  expect_stderr "cannot write the store"
  chmod -R u+w "$STORE"
  expect_store_unchanged
}

test_invalid_utf8_name_is_a_json_usage_error() {
  run certctl --json key generate $'bad\xff'
  expect_exit 64
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["error"]["code"]=="usage", d' "$WORK/out" \
    || fail "stdout is not a JSON usage error"
}

# libcurl is opened only by the commands that fetch (lib/core/curl_library.h): linking it would make every
# process load ~35 more libraries, most of `crl lookup`'s time.
test_libcurl_is_not_linked_into_the_binary() {
  ldd "$CERTCTL" > "$WORK/out"
  expect_no_stdout "libcurl"
}

# A monitoring account (another user) and the store: without access it is 77 with a hint, not "no store";
# with group read access (docs/store.md) every read-only command works, also while the owner's watch
# holds the database open, and writing stays refused.
test_monitoring_user_reads_a_group_readable_store() {
  [ "$(id -u)" -eq 0 ] || skip "needs root to act as another user (setpriv)"
  command -v setpriv >/dev/null || skip "setpriv missing"
  chmod a+x "$TEST_ROOT" "$(dirname "$WORK")" "$WORK"
  as_monitor() { run setpriv --reuid=nobody --regid=nogroup --groups=4242 "$CERTCTL" --store "$STORE" "$@"; }
  run certctl key generate k1
  expect_exit 0
  run certctl ca init lab --profile root --cn "Lab Root"
  expect_exit 0
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout w.key -out w.pem -days 90 \
    -subj /CN=w 2>/dev/null
  run certctl cert import w w.pem --validation-mode warn
  expect_exit 0
  chmod a+r w.pem

  as_monitor key list
  expect_exit 77
  expect_stderr "cannot read the store"
  expect_stderr "Read access for monitoring"
  expect_no_stdout "certctl init"
  as_monitor check --format nagios
  expect_exit 3
  expect_stdout "CERTCTL UNKNOWN - cannot read the store"

  # what docs/store.md tells the owner to do
  chgrp -R 4242 "$STORE"
  chmod 2750 "$STORE" "$STORE/crl"
  chmod g+r "$STORE"/certctl.db*
  snapshot_store
  for cmd in "key list" "cert list" "cert show w" "status" "alarm list" "audit list" "ca list" "trust list" "crl list"; do
    # shellcheck disable=SC2086
    as_monitor $cmd
    [ "$RC" -eq 0 ] || fail "'$cmd' as the monitoring user: exit $RC"
  done
  as_monitor check --format nagios
  expect_exit 0
  expect_stdout "CERTCTL OK"
  as_monitor crl lookup 01
  [ "$RC" -eq 0 ] || [ "$RC" -eq 66 ] || fail "crl lookup as the monitoring user: exit $RC"
  as_monitor key generate k2
  expect_exit 77
  expect_store_unchanged

  # while the owner's watch has the database open (-wal and -shm exist, group-readable with the database)
  "$CERTCTL" --store "$STORE" watch 2>"$WORK/watch.log" &
  watch_pid=$!
  for _ in $(seq 1 200); do grep -q "watching" "$WORK/watch.log" 2>/dev/null && break; sleep 0.05; done
  run certctl key generate k3
  expect_exit 0
  as_monitor key list --json
  kill -TERM "$watch_pid"; wait "$watch_pid" || true
  expect_exit 0
  expect_json '{"k1", "k3"} <= {k["name"] for k in d["keys"]}'
}

test_empty_store_option_or_variable_is_a_usage_error() {
  # Were the empty value taken as "the default", the key would land in HOME's store or, as root, in
  # /var/lib/certctl: neither may change.
  export HOME="$WORK/home" XDG_DATA_HOME=
  mkdir -p "$HOME"
  system_before=$(ls -laR /var/lib/certctl 2>&1 || true)
  run "$CERTCTL" --store "" key generate web01
  expect_exit 64
  expect_stderr "--store is empty"
  run env CERTCTL_STORE= "$CERTCTL" key generate web01
  expect_exit 64
  expect_stderr "CERTCTL_STORE is set but empty"
  run env CERTCTL_STORE= "$CERTCTL" key list
  expect_exit 64
  [ -z "$(ls -A "$HOME")" ] || fail "something was written to the default store: $(ls -AR "$HOME")"
  [ "$(ls -laR /var/lib/certctl 2>&1 || true)" = "$system_before" ] || fail "/var/lib/certctl changed"
}

test_configuration_that_cannot_be_right_is_refused_at_load() {
  for bad in 'alarms|minor = 30|a string with a unit' 'alarms|minor = "30"|needs its unit' \
             'crl|max_size = "0"|out of range' 'crl|proxy = true|must be a string' 'crl|ca_file = 3|must be a string' \
             'alarms|minor = "3d"|shorter than alarms.major'; do
    IFS='|' read -r section line why <<<"$bad"
    printf '[%s]\n%s\n' "$section" "$line" > "$WORK/bad.toml"
    key="$section.${line%% =*}"
    run certctl --config "$WORK/bad.toml" config show
    expect_exit 65
    expect_stderr "$WORK/bad.toml"
    expect_stderr "$key"
    expect_stderr "$why"
    # every command that reads the configuration refuses it, not only `config show`
    run certctl --config "$WORK/bad.toml" check
    expect_exit 65
  done
}

# Every count status shows, each from rows made here: each table's owner answers for its own.
test_status_counts_every_table() {
  . "$REPO/tests/cli/policies_fixtures.sh"
  must certctl key generate a
  must certctl ca init root --profile root --cn "Status Root"  # its key "root" is made on the fly
  must certctl csr create c --key a --cn c.example
  must certctl ca show root --pem; cp "$WORK/out" "$WORK/root.pem"
  must certctl trust add lab "$WORK/root.pem"
  must certctl crl add src "file://$WORK/root.crl" --issuer "$WORK/root.pem"
  make_certs "$WORK/c" "old|now-864000|now-60" "new|now-60|now+8640000"
  store_add old imported "$WORK/c/old.pem"
  store_add new imported "$WORK/c/new.pem"
  run certctl check old
  expect_exit 3  # expired: a critical alarm, stored
  run certctl status --json
  expect_exit 0
  expect_json 'd["keys"] == 2 and d["csrs"] == 1 and d["local_cas"] == 1 and d["trust_bundles"] == 1'
  expect_json 'd["certificates"] == 2 and d["certificates_in_service"] == 2 and d["certificates_out_of_service"] == 0'
  expect_json 'd["certificates_expired"] == 1'
  expect_json 'd["crl_sources"] == 1 and d["crl_sources_failing"] == 0'
  expect_json 'd["active_alarms"] == 1 and d["active_alarms_critical"] == 1 and d["active_alarms_major"] == 0'
  expect_json 'd["active_alarms_minor"] == 0'
}

# Another process holds the store's lock so that nobody may read (exclusive locking mode): commands whose
# reads go through the table owners end in 75 "busy", never 70, and change nothing.
test_store_locked_against_readers_is_75() {
  must certctl init
  must certctl key generate a
  snapshot_store
  python3 -c 'import sqlite3,sys,time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA locking_mode=EXCLUSIVE"); c.execute("BEGIN EXCLUSIVE"); c.execute("DELETE FROM counters WHERE 0")
open(sys.argv[2], "w").close(); time.sleep(25)' "$STORE/certctl.db" "$WORK/locked" &
  holder=$!
  while [ ! -e "$WORK/locked" ]; do sleep 0.05; done
  run certctl status
  status_rc=$RC
  run certctl key list --json
  kill "$holder" 2>/dev/null || true
  wait "$holder" 2>/dev/null || true
  [ "$status_rc" = 75 ] || fail "status on a locked store: exit $status_rc, expected 75"
  expect_exit 75
  expect_stderr "busy"
  expect_store_unchanged
}
