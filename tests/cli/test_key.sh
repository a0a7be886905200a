# tests/cli/test_key.sh — certctl key: generate, import, list, show, export-public, delete, and every refusal.

key_mode() { stat -c %a "$STORE/keys/$1.key"; }

test_generate_default_is_p256_0600() {
  run certctl key generate web01
  expect_exit 0
  expect_stdout_empty
  [ "$(key_mode web01)" = 600 ] || fail "key mode $(key_mode web01)"
  head -1 "$STORE/keys/web01.key" | grep -q "BEGIN PRIVATE KEY" || fail "not PKCS#8 PEM"
  run certctl key show web01 --json
  expect_exit 0
  expect_json 'd["algorithm"] == "ec:secp256r1" and d["bits"] == 256 and not d["encrypted"]'
  expect_json 'len(d["public_key_sha256"]) == 64 and d["public_key_pem"].startswith("-----BEGIN PUBLIC KEY-----")'
}

test_generate_every_allowed_algorithm_is_accepted_by_parse() {
  # rsa:2304 and the curves; the full RSA table is in the unit tests (generating nine RSA keys is slow)
  for alg in rsa:2304 ec:secp384r1 EC:SECP521R1 ecc:secp256r1; do
    name=k$(echo "$alg" | tr -cd 'a-zA-Z0-9')
    run certctl key generate "$name" --algorithm "$alg"
    expect_exit 0
  done
  must certctl key list --json
  expect_json 'sorted(k["algorithm"] for k in d["keys"]) == ["ec:secp256r1", "ec:secp384r1", "ec:secp521r1", "rsa:2304"]'
}

test_generate_umask_cannot_widen_mode() {
  (umask 000; "$CERTCTL" --store "$STORE" key generate loose) || fail "generate failed"
  [ "$(key_mode loose)" = 600 ] || fail "key mode $(key_mode loose) under umask 000"
}

test_algorithms_not_allowed_are_64_and_list_what_is() {
  must certctl init
  snapshot_store
  for alg in rsa:2000 rsa:8192 ec:secp224r1 rsa:1024 dsa:2048 rsa ec: rsa:abc; do
    run certctl key generate k1 --algorithm "$alg"
    expect_exit 64
    expect_stderr "ec:secp256r1, ec:secp384r1, ec:secp521r1"
  done
  expect_stderr "rsa:2048, rsa:2304"
  expect_store_unchanged
}

test_bad_names_are_64_and_store_unchanged() {
  must certctl init
  snapshot_store
  for n in ../x a/b .hidden "" "$(printf 'a%.0s' $(seq 1 65))" "x y"; do
    run certctl key generate "$n"
    expect_exit 64
    expect_stderr "invalid key name"
  done
  printf 'x' > "$WORK/k.pem"
  run certctl key import ../x "$WORK/k.pem"
  expect_exit 64
  expect_store_unchanged
  [ ! -e "$WORK/x.key" ] && [ ! -e "$STORE/x.key" ] || fail "a file escaped the store"
}

test_existing_name_refused_nothing_overwritten() {
  must certctl key generate web01
  snapshot_store
  run certctl key generate web01 --algorithm rsa:2048
  expect_exit 64
  expect_stderr "already exists"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$WORK/other.pem" 2>/dev/null
  run certctl key import web01 "$WORK/other.pem"
  expect_exit 64
  expect_stderr "already exists"
  expect_store_unchanged
}

test_stray_key_file_without_row_is_not_overwritten() {
  must certctl init
  printf 'precious' > "$STORE/keys/stray.key"
  chmod 600 "$STORE/keys/stray.key"
  snapshot_store
  run certctl key generate stray
  expect_exit 64
  expect_store_unchanged
  [ "$(cat "$STORE/keys/stray.key")" = precious ] || fail "stray file overwritten"
}

test_encrypted_generate_needs_passphrase_to_load() {
  printf 'correct horse\n' > "$WORK/pass"
  run certctl key generate db01 --passphrase-file "$WORK/pass"
  expect_exit 0
  head -1 "$STORE/keys/db01.key" | grep -q "BEGIN ENCRYPTED PRIVATE KEY" || fail "not encrypted"
  must certctl key show db01 --json
  expect_json 'd["encrypted"] == True'
}

test_passphrase_file_missing_or_empty() {
  must certctl init
  snapshot_store
  run certctl key generate db01 --passphrase-file "$WORK/none"
  expect_exit 66
  expect_stderr "passphrase file"
  : > "$WORK/empty"
  run certctl key generate db01 --passphrase-file "$WORK/empty"
  expect_exit 65
  expect_stderr "first line is empty"
  expect_store_unchanged
}

test_import_openssl_forms() {
  openssl genrsa -traditional -out "$WORK/pkcs1.pem" 2048 2>/dev/null
  openssl ecparam -name secp384r1 -genkey -out "$WORK/sec1.pem"
  openssl pkey -in "$WORK/sec1.pem" -outform DER -out "$WORK/p8.der"
  openssl ec -in "$WORK/sec1.pem" -outform DER -out "$WORK/sec1.der" 2>/dev/null
  openssl rsa -in "$WORK/pkcs1.pem" -traditional -outform DER -out "$WORK/pkcs1.der" 2>/dev/null
  for f in pkcs1.pem sec1.pem p8.der sec1.der pkcs1.der; do
    n=${f%.*}-${f#*.}
    run certctl key import "$n" "$WORK/$f"
    expect_exit 0
    [ "$(key_mode "$n")" = 600 ] || fail "$n mode"
  done
  must certctl key list --json
  expect_json '{k["name"]: k["algorithm"] for k in d["keys"]} == {"pkcs1-pem": "rsa:2048", "pkcs1-der": "rsa:2048", "sec1-pem": "ec:secp384r1", "sec1-der": "ec:secp384r1", "p8-der": "ec:secp384r1"}'
  expect_json 'len({k["public_key_sha256"] for k in d["keys"]}) == 2'
}

test_import_encrypted_wrong_and_missing_passphrase_65() {
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -aes256 -pass pass:right -out "$WORK/enc.pem"
  printf 'wrong\n' > "$WORK/wrong"
  printf 'right\n' > "$WORK/right"
  must certctl init
  snapshot_store
  run certctl key import enc "$WORK/enc.pem" --passphrase-file "$WORK/wrong"
  expect_exit 65
  expect_stderr "wrong passphrase"
  run certctl key import enc "$WORK/enc.pem"
  expect_exit 65
  expect_stderr "passphrase required"
  expect_store_unchanged
  run certctl key import enc "$WORK/enc.pem" --passphrase-file "$WORK/right"
  expect_exit 0
  must certctl key show enc --json
  expect_json 'd["encrypted"] == True'
}

test_import_bad_inputs_65_66_store_unchanged() {
  must certctl key generate keep
  snapshot_store
  run certctl key import k "$WORK/missing.pem"
  expect_exit 66
  expect_stderr "no such file"
  : > "$WORK/empty.pem"
  run certctl key import k "$WORK/empty.pem"
  expect_exit 65
  expect_stderr "empty"
  for i in $(seq 1 200); do echo "this is not a key $i"; done > "$WORK/garbage"
  run certctl key import k "$WORK/garbage"
  expect_exit 65
  expect_stderr "not a private key"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$WORK/good.pem" 2>/dev/null
  head -3 "$WORK/good.pem" > "$WORK/trunc.pem"
  run certctl key import k "$WORK/trunc.pem"
  expect_exit 65
  expect_stderr "truncated PEM"
  cat "$WORK/good.pem" "$WORK/good.pem" > "$WORK/two.pem"
  run certctl key import k "$WORK/two.pem"
  expect_exit 65
  expect_stderr "2 private keys"
  openssl req -x509 -key "$WORK/good.pem" -subj /CN=x -days 1 -out "$WORK/cert.pem" 2>/dev/null
  run certctl key import k "$WORK/cert.pem"
  expect_exit 65
  expect_stderr "no private key"
  run certctl key import k "$WORK"
  expect_exit 65
  expect_stderr "directory"
  expect_store_unchanged
}

test_import_200mb_refused_fast() {
  must certctl init
  snapshot_store
  truncate -s 200M "$WORK/big.pem"
  start=$(date +%s%N)
  run certctl key import big "$WORK/big.pem"
  end=$(date +%s%N)
  expect_exit 65
  expect_stderr "too large"
  expect_store_unchanged
  rm -f "$WORK/big.pem"
  echo "refused in $(( (end - start) / 1000000 )) ms"
}

test_import_weak_or_foreign_algorithms_65() {
  openssl genrsa -out "$WORK/rsa1024.pem" 1024 2>/dev/null
  openssl ecparam -name secp224r1 -genkey -noout -out "$WORK/p224.pem"
  openssl genpkey -algorithm ed25519 -out "$WORK/ed.pem"
  must certctl init
  snapshot_store
  for f in rsa1024 p224 ed; do
    run certctl key import k "$WORK/$f.pem"
    expect_exit 65
    expect_stderr "rsa:2048"
  done
  expect_store_unchanged
}

test_import_legacy_encryption_refused_with_hint() {
  openssl genrsa -out "$WORK/rsa.pem" 2048 2>/dev/null
  openssl rsa -in "$WORK/rsa.pem" -traditional -aes128 -passout pass:pw -out "$WORK/legacy.pem" 2>/dev/null
  openssl pkcs8 -topk8 -in "$WORK/rsa.pem" -v1 PBE-SHA1-3DES -passout pass:pw -out "$WORK/pbes1.pem" 2>/dev/null
  printf 'pw\n' > "$WORK/pw"
  must certctl init
  snapshot_store
  run certctl key import k "$WORK/legacy.pem" --passphrase-file "$WORK/pw"
  expect_exit 65
  expect_stderr "openssl pkcs8 -topk8"
  if [ -s "$WORK/pbes1.pem" ]; then
    run certctl key import k "$WORK/pbes1.pem" --passphrase-file "$WORK/pw"
    expect_exit 65
    expect_stderr "old scheme"
  fi
  expect_store_unchanged
}

test_list_and_show_missing() {
  run certctl key list
  expect_exit 66
  must certctl init
  run certctl key list --json
  expect_exit 0
  expect_json 'd["keys"] == []'
  run certctl key show nope
  expect_exit 66
  expect_stderr "no such key"
  run certctl key show ../x
  expect_exit 64
}

test_export_public_stdout_and_file() {
  must certctl key generate web01
  run certctl key export-public web01
  expect_exit 0
  expect_stdout "BEGIN PUBLIC KEY"
  expect_no_stdout "PRIVATE"
  cp "$WORK/out" "$WORK/stdout.pem"
  run certctl key export-public web01 --out "$WORK/pub.pem"
  expect_exit 0
  cmp -s "$WORK/pub.pem" "$WORK/stdout.pem" || fail "--out differs from stdout"
  openssl pkey -pubin -in "$WORK/pub.pem" -noout || fail "openssl cannot read the public key"
  openssl pkey -in "$STORE/keys/web01.key" -pubout | cmp -s - "$WORK/pub.pem" || fail "public key differs from openssl's"
  run certctl key export-public web01 --out "$WORK/nodir/pub.pem"
  expect_exit 73
  run certctl key export-public nope
  expect_exit 66
}

test_delete_removes_file_and_row() {
  must certctl key generate web01
  must certctl key generate keep
  run certctl key delete web01
  expect_exit 0
  [ ! -e "$STORE/keys/web01.key" ] || fail "file left behind"
  must certctl key list --json
  expect_json '[k["name"] for k in d["keys"]] == ["keep"]'
  snapshot_store
  run certctl key delete web01
  expect_exit 66
  expect_store_unchanged
}

test_delete_refuses_while_certificate_in_service_uses_it() {
  must certctl key generate web01
  python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("insert into certificates(name, source, key_name, imported) values (\"web01-cert\", \"imported\", \"web01\", \"2026-01-01T00:00:00Z\")"); c.commit()' "$STORE/certctl.db"
  must certctl key show web01 --json
  expect_json 'd["used_by"]["certificates"] == ["web01-cert"]'
  snapshot_store
  run certctl key delete web01
  expect_exit 64
  expect_stderr "web01-cert"
  expect_stderr "--yes"
  expect_store_unchanged
  run certctl key delete web01 --yes
  expect_exit 0
  expect_stderr "warning"
  [ ! -e "$STORE/keys/web01.key" ] || fail "file left behind"
  kept=$(ls "$STORE"/keys/deleted/web01.*.key) || fail "the key file was not kept under keys/deleted/"
  expect_stderr "$kept"
}

test_delete_refuses_a_local_ca_key_and_keeps_the_file_when_forced() {
  run certctl ca init lab-root --profile root --cn "Lab Root"
  expect_exit 0
  key=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select key_name from cas").fetchone()[0])' "$STORE/certctl.db")
  run certctl key list
  grep -E "^$key .*ca:lab-root" "$WORK/out" >/dev/null || fail "USED BY does not name the CA"
  run certctl key show "$key" --json
  expect_json 'd["used_by"]["cas"] == ["lab-root"]'
  snapshot_store
  run certctl key delete "$key"
  expect_exit 64
  expect_stderr "lab-root"
  expect_stderr "--force"
  expect_store_unchanged
  run certctl key delete "$key" --yes   # --yes covers certificates in service, not a CA
  expect_exit 64
  expect_store_unchanged
  sha=$(sha256sum < "$STORE/keys/$key.key")
  run certctl key delete "$key" --force --json
  expect_exit 0
  kept=$(json_get 'd["kept_at"]')
  expect_stderr "$kept"
  [ "$(dirname "$kept")" = "$STORE/keys/deleted" ] || fail "kept at $kept"
  [ "$(stat -c %a "$kept")" = 600 ] || fail "kept key is not 0600"
  [ "$(stat -c %a "$STORE/keys/deleted")" = 700 ] || fail "keys/deleted is not 0700"
  [ "$(sha256sum < "$kept")" = "$sha" ] || fail "kept key differs"
  [ ! -e "$STORE/keys/$key.key" ] || fail "key file still in place"
  # the message's restore command works
  run certctl key import "$key" "$kept"
  expect_exit 0
  run certctl key show "$key" --json
  expect_json 'd["used_by"]["cas"] == ["lab-root"]'
}

test_read_only_store_is_73_for_generate() {
  must certctl init
  snapshot_store
  chmod -R a-w "$STORE"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R nobody "$STORE"; chmod a+x "$WORK" "$TEST_ROOT" "$(dirname "$WORK")"
    run setpriv --reuid=nobody --regid=nogroup --clear-groups "$CERTCTL" --store "$STORE" key generate web01
  else
    run certctl key generate web01
  fi
  expect_exit 73
  chmod -R u+w "$STORE"
  expect_store_unchanged
}

test_json_error_object() {
  run certctl --json key generate web01 --algorithm rsa:8192
  expect_exit 64
  expect_json 'd["error"]["code"] == "usage" and "ec:secp256r1" in d["error"]["hint"]'
}

test_concurrent_generate_same_name_one_wins() {
  must certctl init
  for i in 1 2 3 4 5 6; do
    # set +e: the refused processes must still get to write their exit status.
    ( set +e; "$CERTCTL" --store "$STORE" key generate race >"$WORK/race.$i.out" 2>&1; echo $? > "$WORK/race.$i.rc" ) &
  done
  wait
  ok=0; refused=0
  for i in 1 2 3 4 5 6; do
    case $(cat "$WORK/race.$i.rc") in
      0) ok=$((ok + 1)) ;;
      64) refused=$((refused + 1)); grep -q "already exists" "$WORK/race.$i.out" || fail "refusal without reason" ;;
      *) cat "$WORK/race.$i.out"; fail "unexpected exit $(cat "$WORK/race.$i.rc")" ;;
    esac
  done
  [ "$ok" -eq 1 ] && [ "$refused" -eq 5 ] || fail "ok=$ok refused=$refused"
  [ "$(find "$STORE/keys" -type f | wc -l)" -eq 1 ] || fail "stray files: $(ls -a "$STORE/keys")"
  must certctl key list --json
  expect_json '[k["name"] for k in d["keys"]] == ["race"]'
  openssl pkey -in "$STORE/keys/race.key" -pubout | cmp -s - <(certctl key export-public race) || fail "row and file disagree"
}
