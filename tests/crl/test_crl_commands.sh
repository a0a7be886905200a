# tests/crl/test_crl_commands.sh — crl add/list/show/remove/import/lookup/master with file:// sources:
# exit codes, messages, JSON, and refusals that leave the store unchanged.
# shellcheck source=tests/crl/lib_crl.sh
. "$REPO/tests/crl/lib_crl.sh"

lab_with_file_source() {
  make_ca ca
  must certctl init
  make_crl ca lab.crl --number 3 --revoke 0a1b:key_compromise --revoke 01:cessation_of_operation
  run certctl crl add lab "file://$WORK/lab.crl" --issuer ca.pem --polling-interval 1h --backoff 5m
  expect_exit 0
}

test_add_refusals_leave_store_unchanged() {
  make_ca ca
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf.key -out leaf.pem -days 30 \
    -subj "/CN=leaf" -addext "basicConstraints=critical,CA:FALSE" 2>/dev/null
  must certctl crl add lab "file://$WORK/lab.crl" --issuer ca.pem
  snapshot_store
  run certctl crl add lab "file://$WORK/other.crl" --issuer ca.pem
  expect_exit 64; expect_stderr "already exists"
  run certctl crl add ../evil "file://$WORK/lab.crl" --issuer ca.pem
  expect_exit 64
  run certctl crl add x ftp://example.net/x.crl --issuer ca.pem
  expect_exit 64; expect_stderr "http://, https:// and file:///PATH"
  run certctl crl add x "file://$WORK/lab.crl" --issuer leaf.pem
  expect_exit 65; expect_stderr "cRLSign"
  run certctl crl add x "file://$WORK/lab.crl" --issuer no-such-file-or-bundle
  expect_exit 66; expect_stderr "trust bundle"
  run certctl crl add x "file://$WORK/lab.crl" --issuer ca.pem --polling-interval soon
  expect_exit 64
  run certctl crl add x --from-cert nothing
  expect_exit 66
  run certctl crl add x
  expect_exit 64
  expect_store_unchanged
}

test_list_show_defaults_from_config() {
  make_ca ca
  must certctl init
  printf '[crl]\npolling_interval = "12h"\nbackoff_interval = "2m"\n' > "$STORE/certctl.toml"
  must certctl crl add lab "file://$WORK/lab.crl" --issuer ca.pem
  run certctl crl list --json
  expect_exit 0
  expect_json 'd["sources"][0]["polling_interval"] == "12h" and d["sources"][0]["backoff_interval"] == "2m"'
  expect_json 'd["sources"][0]["state"] == "never-fetched"'
  run certctl crl show lab
  expect_exit 0; expect_stdout "file://$WORK/lab.crl"
  run certctl crl show nope
  expect_exit 66; expect_stderr "certctl crl list"
}

test_file_source_refresh_lookup_master() {
  lab_with_file_source
  run certctl crl refresh
  expect_exit 0; expect_stdout_empty
  run certctl crl lookup 0A:1B
  expect_exit 1; expect_stdout "keyCompromise"
  run certctl crl lookup 0a1c --json
  expect_exit 0; expect_json 'd["revoked"] == False and d["master_entries"] == 2'
  run certctl crl lookup 01 --issuer lab --json
  expect_exit 1; expect_json 'd["matches"][0]["reason"] == "cessationOfOperation"'
  run certctl crl lookup zz
  expect_exit 64
  run certctl crl lookup 01 --issuer nope
  expect_exit 66
  run certctl crl master
  expect_exit 0; expect_stdout "lab,0a1b,"; expect_stdout "source,serial,revocation_date,reason"
  run certctl crl master --out "$WORK/m.csv"
  expect_exit 0
  cmp "$WORK/m.csv" "$STORE/crl/master.csv" || fail "--out differs from the published list"
  must certctl crl master --json
  expect_json 'd["total_entries"] == 2 and d["sources"][0]["name"] == "lab"'
  must certctl crl show lab --entries --json
  expect_json 'len(d["revoked"]) == 2 and d["crl_number"] == "03"'
  # unchanged file: the stat-based validator makes it a no-op
  must certctl crl refresh --force --json
  expect_json 'd["sources"][0]["status"] == "unchanged"'
  # a new CRL replaces it: one added, one removed
  make_crl ca lab.crl --number 4 --revoke 0a1b:key_compromise --revoke 02
  run certctl crl refresh --force --json
  expect_exit 0
  expect_json 'd["sources"][0]["status"] == "updated" and d["sources"][0]["added_entries"] == 1 and d["sources"][0]["removed_entries"] == 1'
  run certctl crl lookup 01
  expect_exit 0
}

# crl.master_list = on-demand: one index per source instead of master.idx and master.csv, and `crl master`
# renders the same bytes from them; lookups are unchanged; switching back publishes the merged files again.
test_master_list_on_demand() {
  lab_with_file_source
  make_ca ca2 "second CA"
  make_crl ca2 two.crl --number 1 --revoke 0a1b:superseded --revoke 05
  must certctl crl add two "file://$WORK/two.crl" --issuer ca2.pem
  must certctl crl refresh
  must certctl crl master --out "$WORK/published.csv"
  cmp "$WORK/published.csv" "$STORE/crl/master.csv" || fail "--out differs from the published list"
  printf '[crl]\nmaster_list = "on-demand"\n' > "$STORE/certctl.toml"
  run certctl config show --json
  expect_exit 0; expect_json 'any(e["key"] == "crl.master_list" and e["value"] == "on-demand" for e in d["settings"])'
  make_crl ca lab.crl --number 4 --revoke 0a1b:key_compromise --revoke 01:cessation_of_operation --revoke 02
  run certctl crl refresh --force --json
  expect_exit 0; expect_json '[s["status"] for s in d["sources"]] == ["updated", "unchanged"]'
  [ -e "$STORE/crl/master.csv" ] && fail "master.csv is still published with crl.master_list = on-demand"
  [ -e "$STORE/crl/master.idx" ] && fail "master.idx is still published with crl.master_list = on-demand"
  [ "$(ls "$STORE/crl/index")" = "$(printf 'lab.idx\ntwo.idx')" ] \
    || fail "not one index per source: $(ls "$STORE/crl/index")"
  must certctl crl show lab --entries --json
  expect_json '[e["serial"] for e in d["revoked"]] == ["01", "02", "0a1b"]'
  run certctl crl master
  expect_exit 0
  cp "$WORK/out" "$WORK/rendered.txt"
  python3 - "$WORK/rendered.txt" <<'PY' || fail "the rendered list is not the merged list of both sources"
import sys
rows = open(sys.argv[1]).read().splitlines()
assert rows[0] == "source,serial,revocation_date,reason", rows[0]
body = [r.split(",") for r in rows[1:]]
want = [("lab", "01"), ("lab", "02"), ("lab", "0a1b"), ("two", "05"), ("two", "0a1b")]
assert sorted((r[0], r[1]) for r in body) == want, body
assert [int(r[1], 16) for r in body] == sorted(int(r[1], 16) for r in body), "not sorted by serial"
PY
  must certctl crl master --out "$WORK/rendered.csv"
  cmp -s "$WORK/rendered.csv" "$WORK/rendered.txt" || fail "--out differs from what crl master printed"
  # byte for byte what a store publishing master.csv writes from the same two CRLs
  run "$CERTCTL" --store "$WORK/store2" crl add lab "file://$WORK/lab.crl" --issuer ca.pem
  expect_exit 0
  run "$CERTCTL" --store "$WORK/store2" crl add two "file://$WORK/two.crl" --issuer ca2.pem
  expect_exit 0
  run "$CERTCTL" --store "$WORK/store2" crl refresh
  expect_exit 0
  cmp -s "$WORK/rendered.csv" "$WORK/store2/crl/master.csv" || fail "the rendered list differs from a published one"
  run certctl crl lookup 02 --json
  expect_exit 1; expect_json 'd["revoked"] == True and d["master_entries"] == 5'
  # back to the default: the next change publishes master.csv again
  rm "$STORE/certctl.toml"
  make_crl ca lab.crl --number 5 --revoke 0a1b:key_compromise --revoke 01:cessation_of_operation
  must certctl crl refresh --force
  [ "$(wc -l < "$STORE/crl/master.csv")" -eq 5 ] || fail "master.csv is not published again with 4 entries"
  [ -s "$STORE/crl/master.idx" ] || fail "master.idx is not published again"
  [ -z "$(ls "$STORE/crl/index")" ] || fail "per-source indexes left beside the merged one"
  must certctl crl master --out "$WORK/again.csv"
  cmp -s "$WORK/again.csv" "$STORE/crl/master.csv" || fail "--out differs from the published list"
}

test_import_good_pem_and_refusals() {
  lab_with_file_source
  make_crl ca good.pem --number 7 --revoke beef --pem
  run certctl crl import lab good.pem
  expect_exit 0
  run certctl crl lookup beef
  expect_exit 1
  [ "$(counter crl_ingestion_success)" -eq 1 ] || fail "ingestion counter"
  [ "$(last_crl_event forced)" = 1 ] || fail "import is audited as forced"
  published_before=$(cat "$STORE/crl/master.idx" "$STORE/crl/master.csv" "$STORE/crl/sources/lab.crl" | sha256sum)
  make_crl ca old.crl --number 6
  run certctl crl import lab old.crl
  expect_exit 65; expect_stderr "rollback refused"
  printf 'not a crl' > junk.crl
  run certctl crl import lab junk.crl
  expect_exit 65
  head -c 100 good.pem > cut.pem
  run certctl crl import lab cut.pem
  expect_exit 65
  run certctl crl import lab missing.crl
  expect_exit 66
  run certctl crl import nope good.pem
  expect_exit 66
  [ "$(cat "$STORE/crl/master.idx" "$STORE/crl/master.csv" "$STORE/crl/sources/lab.crl" | sha256sum)" = "$published_before" ] \
    || fail "a refused import changed the published data"
}

test_remove_drops_entries_cache_and_alarm() {
  lab_with_file_source
  make_ca ca2 "second CA"
  make_crl ca2 two.crl --number 1 --revoke 0a1b
  must certctl crl add two "file://$WORK/two.crl" --issuer ca2.pem
  run certctl crl refresh
  expect_exit 0
  run certctl crl lookup 0a1b --json
  expect_exit 1
  expect_json 'len(d["matches"]) == 2'
  rm lab.crl
  run certctl crl refresh lab --force
  expect_exit 69
  [ -n "$(alarm_severity lab)" ] || fail "no alarm"
  run certctl crl remove lab
  expect_exit 0; expect_stdout_empty
  [ -z "$(alarm_severity lab)" ] || fail "alarm kept after remove"
  [ ! -e "$STORE/crl/sources/lab.crl" ] || fail "cache kept"
  run certctl crl lookup 0a1b --json
  expect_exit 1
  expect_json 'len(d["matches"]) == 1 and d["matches"][0]["source"] == "two"'
  run certctl crl remove lab
  expect_exit 66
  run certctl crl refresh nope
  expect_exit 66
}

test_from_cert_uses_distribution_point() {
  make_ca ca
  must certctl init
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf.key -out leaf.csr -subj "/CN=leaf" 2>/dev/null
  printf 'crlDistributionPoints=URI:http://127.0.0.1:9/lab.crl\n' > ext.cnf
  openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -extfile ext.cnf -outform DER -out leaf.der 2>/dev/null
  python3 - "$STORE/certctl.db" leaf.der <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("insert into certificates(name, source, der, imported) values ('leaf', 'imported', ?, '2026-01-01T00:00:00Z')",
          (open(sys.argv[2], "rb").read(),))
c.commit()
PY
  run certctl crl add leaf-ca --from-cert leaf --issuer ca.pem
  expect_exit 0
  must certctl crl show leaf-ca --json
  expect_json 'd["url"] == "http://127.0.0.1:9/lab.crl"'
}
