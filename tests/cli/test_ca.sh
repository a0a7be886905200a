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
