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
