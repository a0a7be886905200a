# tests/cli/test_lifecycle.sh — cert renew (local CA, --rekey, --csr-out + import), cert hook and cert deploy:
# what each stores, runs and writes, checked with OpenSSL and the store, and the refusals.

lab() {  # a root, a sub-CA, and web01 (key web01) issued by the sub-CA as tls-server with a SAN
  must certctl ca init root --profile root --cn "Lifecycle Root"
  must certctl ca init sub --profile sub-ca --issuer root --cn "Lifecycle Sub-CA"
  must certctl csr create web01 --cn web01.example.net --dns web01.example.net --ip 192.0.2.10 --out web01.csr
  must certctl ca issue sub --profile tls-server --csr-name web01 --out web01.pem
  certctl ca show root --pem > root.pem
  certctl ca show sub --pem > sub.pem
}
. "$REPO/tests/lib/clock_shift.sh"
serial_of() { openssl x509 -in "$1" -noout -serial | cut -d= -f2 | tr 'A-F' 'a-f'; }
spki_of() { openssl x509 -in "$1" -noout -pubkey | openssl pkey -pubin -outform DER | sha256sum | cut -d' ' -f1; }

test_renew_same_key_keeps_subject_sans_profile_and_history() {
  lab
  old_serial=$(serial_of web01.pem)
  must certctl cert renew web01 --json
  expect_json 'd["name"] == "web01" and d["certificate_authority"] == "sub" and d["profile"] == "tls-server"'
  expect_json 'd["rekeyed"] is False and d["new_serial"] != d["old_serial"]'
  [ "$(json_get 'd["old_serial"]')" = "$old_serial" ] || fail "old_serial is not web01.pem's serial"
  must certctl cert export web01 --out new.pem
  [ "$(serial_of new.pem)" != "$old_serial" ] || fail "the serial did not change"
  [ "$(spki_of new.pem)" = "$(spki_of web01.pem)" ] || fail "the key changed without --rekey"
  diff <(openssl x509 -in web01.pem -noout -subject -ext subjectAltName,extendedKeyUsage,keyUsage) \
       <(openssl x509 -in new.pem -noout -subject -ext subjectAltName,extendedKeyUsage,keyUsage) \
    || fail "subject, SANs or extensions changed"
  openssl verify -x509_strict -CAfile root.pem -untrusted sub.pem -purpose sslserver new.pem >/dev/null \
    || fail "openssl refused the renewed certificate"
  must certctl cert show web01 --json
  expect_json 'len(d["history"]) == 1 and d["history"][0]["serial"] == "'"$old_serial"'" and d["history"][0]["event"] == "renew"'
  # watch's renewal time: a third of the 397 days before notAfter.
  expect_json 'd["renew_at"] is not None and d["renew_at"] < d["certificate"]["not_after"]'
  must certctl audit list --event system.renew_certificate --json
  expect_json 'len(d["events"]) == 1 and d["events"][0]["detail"]["old_serial"] == "'"$old_serial"'"'
  # The CA still knows both: the old serial can be revoked and appears on its CRL.
  must certctl ca revoke sub "$old_serial"
}

test_rekey_swaps_the_key_with_the_certificate_and_keeps_the_old_key() {
  lab
  old_key_sha=$(sha256sum "$STORE/keys/web01.key" | cut -d' ' -f1)
  must certctl cert renew web01 --rekey --days 30 --json
  expect_json 'd["rekeyed"] is True'
  must certctl cert export web01 --out new.pem
  [ "$(spki_of new.pem)" != "$(spki_of web01.pem)" ] || fail "--rekey kept the key"
  # The stored key is the new certificate's key, 0600; the old one is kept under keys/deleted/.
  [ "$(openssl pkey -in "$STORE/keys/web01.key" -pubout -outform DER | sha256sum | cut -d' ' -f1)" = "$(spki_of new.pem)" ] \
    || fail "keys/web01.key is not the new certificate's key"
  [ "$(stat -c %a "$STORE/keys/web01.key")" = 600 ] || fail "key mode"
  kept=$(ls "$STORE"/keys/deleted/web01.*.key)
  [ "$(sha256sum "$kept" | cut -d' ' -f1)" = "$old_key_sha" ] || fail "the old key was not kept"
  must certctl key show web01 --json
  expect_json 'd["public_key_sha256"] == "'"$(spki_of new.pem)"'"'
  days=$(( ($(date -d "$(openssl x509 -in new.pem -noout -enddate | cut -d= -f2)" +%s) - $(date +%s)) / 86400 ))
  [ "$days" -ge 29 ] && [ "$days" -le 30 ] || fail "--days 30 gave $days days"
}

test_rekey_refusals_leave_the_store_unchanged() {
  lab
  # Issued from a CSR whose key is not in the store: nothing to swap.
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ext.key -out ext.csr -subj "/CN=ext" 2>/dev/null
  must certctl ca issue sub --profile tls-server --csr ext.csr --out ext.pem
  snapshot_store
  run certctl cert renew ext --rekey
  expect_exit 65
  expect_stderr "the certificate's key is not in the store"
  run certctl cert renew nosuch
  expect_exit 66
  run certctl cert renew web01 --days 100000
  expect_exit 64
  expect_store_unchanged
}

test_renew_of_an_imported_certificate_goes_through_a_csr_and_import() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 365 \
    -subj "/CN=External CA" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  must certctl csr create shop --cn shop.example.net --dns shop.example.net --out shop.csr
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:shop.example.net\n' > ext.cnf
  openssl x509 -req -in shop.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -out shop.pem -extfile ext.cnf 2>/dev/null
  must certctl cert import shop shop.pem --validation-mode warn
  run certctl cert renew shop
  expect_exit 64
  expect_stderr "--csr-out"
  must certctl cert renew shop --csr-out renewal.csr
  openssl req -in renewal.csr -noout -verify 2>&1 | grep -q "verify OK" || fail "openssl does not verify the CSR"
  openssl req -in renewal.csr -noout -subject | grep -q "shop.example.net" || fail "CSR subject"
  openssl req -in renewal.csr -noout -text | grep -q "DNS:shop.example.net" || fail "CSR SANs"
  # Another certificate (another key) does not complete it; the CA's answer does.
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout other.key -out other.csr -subj "/CN=shop.example.net" 2>/dev/null
  openssl x509 -req -in other.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -out other.pem -extfile ext.cnf 2>/dev/null
  run certctl cert import shop other.pem --validation-mode warn
  expect_exit 65
  openssl x509 -req -in renewal.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 60 -out answer.pem -extfile ext.cnf 2>/dev/null
  must certctl cert import shop answer.pem --validation-mode warn
  must certctl cert show shop --json
  expect_json 'd["certificate"]["serial"] == "'"$(serial_of answer.pem)"'" and d["history"][0]["serial"] == "'"$(serial_of shop.pem)"'"'
  expect_json 'd["history"][0]["event"] == "replace"'
  [ "$(audit_count system.renew_certificate)" -eq 1 ] || fail "the external renewal is not audited"
  # Completed: the name is taken again.
  run certctl cert import shop answer.pem --validation-mode warn
  expect_exit 64
}

test_hook_runs_once_per_change_with_its_environment() {
  lab
  must certctl cert hook web01 --on-change 'env | grep ^CERTCTL_ | sort > "$PWD/hook.env"; echo run >> "$PWD/hook.runs"'
  must certctl cert renew web01
  [ "$(wc -l < hook.runs)" -eq 1 ] || fail "the hook ran $(wc -l < hook.runs) times"
  must certctl cert export web01 --out now.pem
  grep -qx "CERTCTL_NAME=web01" hook.env || fail "CERTCTL_NAME"
  grep -qx "CERTCTL_EVENT=renew" hook.env || fail "CERTCTL_EVENT"
  grep -qx "CERTCTL_SERIAL=$(serial_of now.pem)" hook.env || fail "CERTCTL_SERIAL"
  cert_file=$(sed -n 's/^CERTCTL_CERT_FILE=//p' hook.env)
  chain_file=$(sed -n 's/^CERTCTL_CHAIN_FILE=//p' hook.env)
  cmp -s "$cert_file" now.pem || fail "CERTCTL_CERT_FILE is not the new certificate"
  openssl verify -CAfile root.pem -untrusted "$chain_file" "$cert_file" >/dev/null || fail "CERTCTL_CHAIN_FILE"
  # Nothing pending: a watch pass does not run it again.
  must certctl watch --once
  [ "$(wc -l < hook.runs)" -eq 1 ] || fail "watch ran a hook that had succeeded"
  [ "$(audit_count system.certificate_hook)" -eq 1 ] || fail "hook run not audited"
}

test_failing_hook_raises_an_alarm_and_is_retried_by_watch() {
  lab
  must certctl cert hook web01 --on-change '[ -f "$PWD/fixed" ] || { echo broken >&2; exit 3; }; echo ok >> "$PWD/hook.ok"'
  run certctl cert renew web01
  expect_exit 0
  expect_stderr "exit 3"
  must certctl alarm list --json
  expect_json 'any(a["kind"] == "certificate_hook" and a["subject"] == "web01" and a["severity"] == "major" for a in d["alarms"])'
  must certctl cert hook web01 --json
  expect_json 'd["pending"]["event"] == "renew" and d["pending"]["attempts"] == 1'
  # watch retries it once hooks.retry_initial (5 minutes) has passed, not before.
  must certctl watch --once
  must certctl cert hook web01 --json
  expect_json 'd["pending"]["attempts"] == 1'
  must later 300 certctl watch --once
  must certctl cert hook web01 --json
  expect_json 'd["pending"]["attempts"] == 2'
  [ "$(audit_count system.certificate_hook 0)" -eq 2 ] || fail "failed runs not audited"
  touch fixed
  must later 600 certctl watch --once  # the second wait is twice as long
  [ ! -e hook.ok ] || fail "retried before the doubled backoff ran out"
  must later 900 certctl watch --once
  [ "$(wc -l < hook.ok)" -eq 1 ] || fail "the fixed hook did not run once"
  must certctl cert hook web01 --json
  expect_json 'd["pending"] is None'
  must certctl alarm list --json
  expect_json 'not any(a["kind"] == "certificate_hook" for a in d["alarms"])'
}

test_global_hook_from_config_and_time_limit() {
  lab
  printf '[hooks]\non_change = "echo $CERTCTL_NAME $CERTCTL_EVENT >> %s/global.log"\ntimeout = "1s"\n' "$PWD" > "$STORE/certctl.toml"
  must certctl cert hook web01 --on-change 'sleep 5'
  run certctl cert renew web01
  expect_exit 0
  expect_stderr "time limit"
  grep -qx "web01 renew" global.log || fail "hooks.on_change did not run"
}

test_deploy_writes_files_atomically_with_modes_and_redeploys_on_change() {
  lab
  mkdir tls
  must certctl cert deploy web01 --to tls --key --mode 0640 --json
  expect_json 'len(d["files"]) == 4'
  for f in web01.pem web01.chain.pem web01.fullchain.pem web01.key; do
    [ "$(stat -c %a "tls/$f")" = 640 ] || fail "tls/$f mode $(stat -c %a "tls/$f")"
  done
  cmp -s tls/web01.key "$STORE/keys/web01.key" || fail "the deployed key is not the store's"
  openssl verify -CAfile root.pem -untrusted tls/web01.chain.pem tls/web01.pem >/dev/null || fail "deployed chain"
  first=$(serial_of tls/web01.pem)
  must certctl cert renew web01 --rekey
  [ "$(serial_of tls/web01.pem)" != "$first" ] || fail "not re-deployed after the renewal"
  [ "$(openssl pkey -in tls/web01.key -pubout -outform DER | sha256sum | cut -d' ' -f1)" = "$(spki_of tls/web01.pem)" ] \
    || fail "deployed key and certificate do not match after --rekey"
  [ "$(ls -A tls | wc -l)" -eq 4 ] || fail "temporary files left in the target: $(ls -A tls)"
  # Without --key no key; without --mode 0644.
  mkdir pub
  must certctl cert deploy web01 --to pub
  [ ! -e pub/web01.key ] || fail "a key was deployed without --key"
  [ "$(stat -c %a pub/web01.pem)" = 644 ] || fail "default mode"
}

test_deploy_and_hook_refusals() {
  lab
  run certctl cert deploy web01 --to missing-dir
  expect_exit 66
  mkdir tls
  run certctl cert deploy web01 --to tls --mode 0666
  expect_exit 64
  run certctl cert deploy web01 --to tls --mode 9
  expect_exit 64
  run certctl cert deploy web01 --to tls --owner no-such-user-here:nogroup
  expect_exit 64
  run certctl cert deploy nosuch --to tls
  expect_exit 66
  run certctl cert hook nosuch --on-change true
  expect_exit 66
  run certctl cert hook web01 --on-change true --remove
  expect_exit 64
  [ -z "$(ls -A tls)" ] || fail "a refused deploy wrote files"
}

# Seconds from now until the certificate's renewal window opens, plus an hour.
seconds_into_window() {
  must certctl cert show "$1" --json
  python3 -c 'import json, sys, datetime
d = json.load(open(sys.argv[1]))
at = datetime.datetime.fromisoformat(d["renewal"]["renew_at"].replace("Z", "+00:00"))
print(int((at - datetime.datetime.now(datetime.timezone.utc)).total_seconds()) + 3600)' "$WORK/out"
}

test_watch_renews_once_per_window_and_check_and_list_show_the_state() {
  lab
  old_serial=$(serial_of web01.pem)
  must certctl cert list --json
  expect_json '[c for c in d["certificates"] if c["name"] == "web01"][0]["renewal"]["due"] is False'
  expect_json '[c for c in d["certificates"] if c["name"] == "web01"][0]["renewal"]["renewed_at"] is None'
  s=$(seconds_into_window web01)
  [ "$s" -gt 86400 ] || fail "a fresh certificate is already near its window ($s s)"
  must later "$s" certctl cert list --json
  expect_json '[c for c in d["certificates"] if c["name"] == "web01"][0]["renewal"]["due"] is True'
  must later "$s" certctl check --json
  expect_json '[c for c in d["certificates"] if c["name"] == "web01"][0]["renewal"]["due"] is True'
  must later "$s" certctl check
  expect_stdout "[renewal due]"
  must later "$s" certctl cert list
  expect_stdout "due"
  must later "$s" certctl watch --once
  must later "$s" certctl watch --once
  must later $((s + 7200)) certctl watch --once
  must certctl audit list --event system.renew_certificate --json
  expect_json 'len(d["events"]) == 1 and d["events"][0]["detail"]["old_serial"] == "'"$old_serial"'"'
  must later "$s" certctl cert list --json
  expect_json '[c for c in d["certificates"] if c["name"] == "web01"][0]["renewal"]["due"] is False'
  expect_json '[c for c in d["certificates"] if c["name"] == "web01"][0]["renewal"]["renewed_at"] is not None'
  expect_json '[c for c in d["certificates"] if c["name"] == "web01"][0]["serial"] != "'"$old_serial"'"'
  # The old renew_at field stays, now the new certificate's.
  expect_json '[c for c in d["certificates"] if c["name"] == "web01"][0]["renew_at"] == [c for c in d["certificates"] if c["name"] == "web01"][0]["renewal"]["renew_at"]'
}

test_failed_renewal_backs_off_then_succeeds_and_clears() {
  lab
  s=$(seconds_into_window web01)
  mv "$STORE/keys/sub.key" sub.key.away  # the CA's key gone: renewal fails
  must later "$s" certctl watch --once
  must certctl alarm list --json
  expect_json 'any(a["kind"] == "renewal" and a["subject"] == "web01" and a["severity"] == "major" for a in d["alarms"])'
  must later "$s" certctl cert list --json
  expect_json '[c for c in d["certificates"] if c["name"] == "web01"][0]["renewal"]["failures"] == 1'
  expect_json '"missing" in [c for c in d["certificates"] if c["name"] == "web01"][0]["renewal"]["last_error"]'
  next_try=$(json_get '[c for c in d["certificates"] if c["name"] == "web01"][0]["renewal"]["next_try"]')
  must later "$s" certctl check --json
  expect_json '[c for c in d["certificates"] if c["name"] == "web01"][0]["renewal"]["next_try"] == "'"$next_try"'"'
  must later "$s" certctl check
  expect_stdout "[renewal retry $next_try (1 failure)]"
  # Within renewal.retry_initial (5 minutes): not tried again.
  must later $((s + 240)) certctl watch --once
  [ "$(audit_count system.renew_certificate 0)" -eq 1 ] || fail "retried within the backoff"
  must later $((s + 310)) certctl watch --once
  [ "$(audit_count system.renew_certificate 0)" -eq 2 ] || fail "not retried after the backoff"
  must later $((s + 310)) certctl cert list --json
  expect_json '[c for c in d["certificates"] if c["name"] == "web01"][0]["renewal"]["failures"] == 2'
  mv sub.key.away "$STORE/keys/sub.key"
  must later $((s + 310 + 600)) certctl watch --once
  [ "$(audit_count system.renew_certificate 1)" -eq 1 ] || fail "not renewed once the key was back"
  must later $((s + 310 + 600)) certctl cert list --json
  expect_json '[c for c in d["certificates"] if c["name"] == "web01"][0]["renewal"]["failures"] == 0'
  expect_json '[c for c in d["certificates"] if c["name"] == "web01"][0]["renewal"]["next_try"] is None'
  must certctl alarm list --json
  expect_json 'not any(a["kind"] == "renewal" for a in d["alarms"])'
}
