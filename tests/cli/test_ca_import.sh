# tests/cli/test_ca_import.sh — certctl ca import: what it stores (key 0600, chain, serial and CRL number to
# continue from, audit) and each refusal with its exit code, leaving the store unchanged.

ossl_ca() {  # ossl_ca NAME [extra -addext]: a self-signed OpenSSL CA, NAME.pem and NAME.key
  local name=$1; shift
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$name.key" -out "$name.pem" \
    -days 3650 -subj "/CN=$name" "$@" 2>/dev/null
  chmod 600 "$name.key"
}
ca_exts=(-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign")

test_import_stores_key_0600_and_records_what_to_continue_from() {
  ossl_ca root "${ca_exts[@]}"
  must certctl ca import root --cert root.pem --key root.key --next-serial 0x0A:FF --crl-number 7 --json
  expect_json 'd["name"] == "root" and d["profile"] == "root" and d["next_serial"] == "0aff" and d["crl_number"] == 7'
  expect_json 'd["key"] == "root" and d["imported"] is not None'
  [ "$(stat -c %a "$STORE/keys/root.key")" = 600 ] || fail "key file mode $(stat -c %a "$STORE/keys/root.key")"
  must certctl key show root --json
  expect_json 'd["used_by"]["cas"] == ["root"]'
  [ "$(audit_count system.import_ca)" -eq 1 ] || fail "no system.import_ca event"
  [ "$(audit_count system.import_key)" -eq 1 ] || fail "the key did not go through key import"
  must certctl ca list --json
  expect_json '[c["name"] for c in d["cas"]] == ["root"]'
  # The stored certificate is the one given.
  must certctl ca show root --pem
  diff <(openssl x509 -in root.pem -outform DER | sha256sum) <(openssl x509 -in "$WORK/out" -outform DER | sha256sum) \
    || fail "ca show --pem differs from the imported certificate"
}

test_passphrase_file_decrypts_and_protects_the_stored_copy() {
  ossl_ca root "${ca_exts[@]}"
  echo "s3cret pass" > pass.txt
  openssl pkcs8 -topk8 -in root.key -out root.enc.key -passout file:pass.txt -v2 aes-256-cbc 2>/dev/null
  chmod 600 root.enc.key
  run certctl ca import root --cert root.pem --key root.enc.key
  expect_exit 65
  expect_stderr "passphrase"
  must certctl ca import root --cert root.pem --key root.enc.key --passphrase-file pass.txt
  grep -q "ENCRYPTED PRIVATE KEY" "$STORE/keys/root.key" || fail "the stored key is not encrypted"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout w.key -out w.csr -subj "/CN=w" 2>/dev/null
  run certctl ca issue root --profile tls-server --csr w.csr
  expect_exit 65
  must certctl ca issue root --profile tls-server --csr w.csr --passphrase-file pass.txt --out w.pem
  openssl verify -CAfile root.pem w.pem >/dev/null || fail "openssl refused the certificate"
}

test_refuses_a_certificate_that_is_not_a_ca() {
  ossl_ca leafish -addext "basicConstraints=critical,CA:FALSE"
  ossl_ca nosign -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,digitalSignature"
  must certctl init
  snapshot_store
  run certctl ca import x --cert leafish.pem --key leafish.key
  expect_exit 65
  expect_stderr "not a CA"
  run certctl ca import x --cert nosign.pem --key nosign.key
  expect_exit 65
  expect_stderr "keyCertSign"
  expect_store_unchanged
  [ "$(audit_count system.import_ca 0)" -eq 2 ] || fail "refusals are not audited"
}

test_refuses_a_key_that_does_not_match() {
  ossl_ca root "${ca_exts[@]}"
  ossl_ca other "${ca_exts[@]}"
  must certctl init
  snapshot_store
  run certctl ca import root --cert root.pem --key other.key
  expect_exit 65
  expect_stderr "the key does not match the certificate"
  expect_store_unchanged
}

test_refuses_a_key_file_that_carries_a_certificate_and_a_cert_file_with_a_key() {
  ossl_ca root "${ca_exts[@]}"
  cat root.key root.pem > combined.pem
  chmod 600 combined.pem
  must certctl init
  snapshot_store
  run certctl ca import root --cert root.pem --key combined.pem
  expect_exit 65
  expect_stderr "the key file also carries a certificate"
  run certctl ca import root --cert combined.pem --key root.key
  expect_exit 65
  expect_stderr "private key"
  expect_store_unchanged
}

test_refuses_an_existing_name_and_a_taken_key_name() {
  ossl_ca root "${ca_exts[@]}"
  must certctl ca import root --cert root.pem --key root.key
  snapshot_store
  run certctl ca import root --cert root.pem --key root.key
  expect_exit 64
  expect_stderr "a CA with this name exists"
  must certctl key generate taken
  snapshot_store
  run certctl ca import taken --cert root.pem --key root.key
  expect_exit 64
  expect_stderr "a key called taken exists already"
  expect_store_unchanged
}

test_refuses_bad_options_files_and_chains() {
  ossl_ca root "${ca_exts[@]}"
  ossl_ca stranger "${ca_exts[@]}"
  must certctl init
  snapshot_store
  run certctl ca import root --cert root.pem --key root.key --next-serial xyz
  expect_exit 64
  run certctl ca import root --cert root.pem --key root.key --next-serial 0
  expect_exit 64
  run certctl ca import root --cert root.pem --key root.key --crl-number -1
  expect_exit 64
  run certctl ca import root --cert root.pem --key root.key --profile tls-server
  expect_exit 64
  expect_stderr "not a CA profile"
  run certctl ca import root --cert missing.pem --key root.key
  expect_exit 66
  run certctl ca import root --cert root.pem --key missing.key
  expect_exit 66
  chmod 644 root.key
  run certctl ca import root --cert root.pem --key root.key
  expect_exit 77
  chmod 600 root.key
  # An intermediate whose --chain is some other CA: the chain must lead from it.
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout sub.key -out sub.csr -subj "/CN=sub" 2>/dev/null
  chmod 600 sub.key
  printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n' > sub.ext
  openssl x509 -req -in sub.csr -CA root.pem -CAkey root.key -CAcreateserial -days 365 -out sub.pem -extfile sub.ext 2>/dev/null
  run certctl ca import sub --cert sub.pem --key sub.key --chain stranger.pem
  expect_exit 65
  expect_stderr "issued by"
  expect_store_unchanged
  must certctl ca import sub --cert sub.pem --key sub.key --chain root.pem
  must certctl ca show sub --json
  expect_json 'd["profile"] == "sub-ca" and d["issuer"] is None'
}

# Botan's X509_Time::to_std_timepoint() throws for years from 2400 on: certctl reads a CA's dates itself, so
# a CA made to last (up to RFC 5280's "no expiry") is adopted and issues, its leaves ending no later than it.
test_adopts_and_issues_from_a_ca_ending_after_2400() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout far.key -out far.pem \
    -days 200000 -subj "/CN=far" "${ca_exts[@]}" 2>/dev/null || fail "openssl could not make the CA"
  chmod 600 far.key
  local year; year=$(openssl x509 -in far.pem -noout -enddate | awk '{print $4}')
  [ "$year" -ge 2400 ] || fail "the CA ends in $year, not after 2400"
  must certctl ca import far --cert far.pem --key far.key --json
  must certctl ca show far --json
  expect_json "d['not_after'].startswith('$year-')"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf.key -out leaf.csr \
    -subj "/CN=leaf.example.net" 2>/dev/null
  must certctl ca issue far --profile tls-server --csr leaf.csr --out leaf.pem
  openssl verify -CAfile far.pem leaf.pem >/dev/null || fail "the leaf does not verify under the CA"
}
