# tests/interop/test_keys_csr_openssl.sh — OpenSSL as the peer: our keys load in `openssl pkey`, keys OpenSSL
# wrote import into our store (same public key), and every CSR we write passes `openssl req -verify`.

same_public_key() {  # STORE_KEY_NAME OPENSSL_KEY_FILE [passin]
  certctl key export-public "$1" > "$WORK/ours.pub"
  openssl pkey -in "$2" ${3:+-passin "$3"} -pubout > "$WORK/theirs.pub" || fail "openssl cannot read $2"
  cmp -s "$WORK/ours.pub" "$WORK/theirs.pub" || fail "public keys of $1 and $2 differ"
}

test_our_keys_load_in_openssl_pkey() {
  for alg in rsa:2048 rsa:3072 ec:secp256r1 ec:secp384r1 ec:secp521r1; do
    name=k-${alg/:/-}
    run certctl key generate "$name" --algorithm "$alg"
    expect_exit 0
    openssl pkey -in "$STORE/keys/$name.key" -check -noout >"$WORK/check" 2>&1 || fail "openssl pkey rejects $alg"
    same_public_key "$name" "$STORE/keys/$name.key"
  done
  openssl pkey -in "$STORE/keys/k-rsa-2048.key" -noout -text | grep -q "Private-Key: (2048 bit" || fail "RSA size"
  openssl pkey -in "$STORE/keys/k-ec-secp384r1.key" -noout -text | grep -q "NIST CURVE: P-384" || fail "curve"
}

test_our_encrypted_keys_load_in_openssl_with_passin() {
  printf 'correct horse battery staple\n' > "$WORK/pass"
  for alg in rsa:2048 ec:secp256r1; do
    name=enc-${alg/:/-}
    run certctl key generate "$name" --algorithm "$alg" --passphrase-file "$WORK/pass"
    expect_exit 0
    head -1 "$STORE/keys/$name.key" | grep -q "ENCRYPTED PRIVATE KEY" || fail "not encrypted"
    openssl pkey -in "$STORE/keys/$name.key" -passin "file:$WORK/pass" -check -noout >/dev/null 2>&1 ||
      fail "openssl cannot decrypt $alg"
    openssl pkey -in "$STORE/keys/$name.key" -passin pass:wrong -noout >/dev/null 2>&1 &&
      fail "openssl accepted a wrong passphrase"
    same_public_key "$name" "$STORE/keys/$name.key" "file:$WORK/pass"
  done
}

test_openssl_keys_import() {
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/rsa-p8.pem" 2>/dev/null
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$WORK/ec-p8.pem" 2>/dev/null
  openssl genrsa -traditional -out "$WORK/rsa-pkcs1.pem" 3072 2>/dev/null
  openssl ecparam -name prime256v1 -genkey -out "$WORK/ec-sec1.pem"
  openssl ecparam -name secp521r1 -genkey -noout -out "$WORK/ec-sec1-noparams.pem"
  openssl pkey -in "$WORK/rsa-p8.pem" -outform DER -out "$WORK/rsa-p8.der"
  openssl ec -in "$WORK/ec-sec1.pem" -outform DER -out "$WORK/ec-sec1.der" 2>/dev/null
  for f in rsa-p8.pem ec-p8.pem rsa-pkcs1.pem ec-sec1.pem ec-sec1-noparams.pem rsa-p8.der ec-sec1.der; do
    name=${f//./-}
    run certctl key import "$name" "$WORK/$f"
    [ "$RC" -eq 0 ] || fail "import of $f: exit $RC"
    same_public_key "$name" "$WORK/$f"
  done
  must certctl key list --json
  expect_json '{k["name"]: k["algorithm"] for k in d["keys"]}["rsa-pkcs1-pem"] == "rsa:3072"'
  expect_json '{k["name"]: k["algorithm"] for k in d["keys"]}["ec-sec1-noparams-pem"] == "ec:secp521r1"'
}

test_openssl_encrypted_pkcs8_imports() {
  printf 'opensesame\n' > "$WORK/pass"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -aes-256-cbc -pass file:"$WORK/pass" \
    -out "$WORK/ec-enc.pem" 2>/dev/null
  openssl genrsa -out "$WORK/rsa.pem" 2048 2>/dev/null
  openssl pkcs8 -topk8 -v2 aes-128-cbc -in "$WORK/rsa.pem" -passout file:"$WORK/pass" -out "$WORK/rsa-enc.pem"
  openssl pkcs8 -topk8 -v2 aes-256-cbc -in "$WORK/rsa.pem" -passout file:"$WORK/pass" -outform DER \
    -out "$WORK/rsa-enc.der"
  for f in ec-enc.pem rsa-enc.pem rsa-enc.der; do
    name=${f//./-}
    run certctl key import "$name" "$WORK/$f" --passphrase-file "$WORK/pass"
    [ "$RC" -eq 0 ] || fail "import of $f: exit $RC"
    same_public_key "$name" "$WORK/$f" "file:$WORK/pass"
    # the stored copy is encrypted with the same passphrase and OpenSSL reads it
    openssl pkey -in "$STORE/keys/$name.key" -passin "file:$WORK/pass" -noout || fail "stored $name unreadable"
  done
  printf 'wrong\n' > "$WORK/wrong"
  snapshot_store
  run certctl key import other "$WORK/rsa-enc.der" --passphrase-file "$WORK/wrong"
  expect_exit 65
  expect_stderr "wrong passphrase"
  expect_store_unchanged
}

test_every_csr_passes_openssl_req_verify_with_our_subject_and_sans() {
  for alg in rsa:2048 rsa:3072 ec:secp256r1 ec:secp384r1 ec:secp521r1; do
    name=c-${alg/:/-}
    run certctl csr create "$name" --algorithm "$alg" --cn "$name.example.net" --country DE --state Bayern \
      --locality "Muenchen" --org "Example GmbH" --org-unit "Ops" --email "ops@example.net" \
      --dns "$name.example.net" --dns "alt.example.net" --ip 192.0.2.7 --ip 2001:db8::7 --validity-days 200 \
      --out "$WORK/$name.csr"
    expect_exit 0
    openssl req -in "$WORK/$name.csr" -verify -noout 2>"$WORK/verify" || fail "openssl req -verify failed for $alg"
    grep -q "verify OK" "$WORK/verify" || fail "no verify OK for $alg"
    openssl req -in "$WORK/$name.csr" -noout -subject -nameopt RFC2253 > "$WORK/subject"
    grep -qF "emailAddress=ops@example.net,CN=$name.example.net,OU=Ops,O=Example GmbH,L=Muenchen,ST=Bayern,C=DE" \
      "$WORK/subject" || fail "subject for $alg: $(cat "$WORK/subject")"
    openssl req -in "$WORK/$name.csr" -noout -text > "$WORK/text"
    grep -qF "DNS:$name.example.net, DNS:alt.example.net, IP Address:192.0.2.7, IP Address:2001:DB8:0:0:0:0:0:7, email:ops@example.net" \
      "$WORK/text" || fail "SANs for $alg: $(grep -A1 'Alternative' "$WORK/text")"
    # the key in the CSR is the stored key
    openssl req -in "$WORK/$name.csr" -noout -pubkey > "$WORK/csr.pub"
    certctl key export-public "$name" | cmp -s - "$WORK/csr.pub" || fail "CSR key differs from stored key"
  done
}

test_requested_validity_is_a_noncritical_der_integer_openssl_ignores() {
  run certctl csr create web01 --cn web01.example.net --validity-days 397 --out "$WORK/web01.csr"
  expect_exit 0
  openssl req -in "$WORK/web01.csr" -noout -text > "$WORK/text"
  grep -qF "2.25.279870610414058052254078412522873475379:" "$WORK/text" || fail "extension not shown by OpenSSL"
  grep -A0 "2.25.279870610414058052254078412522873475379" "$WORK/text" | grep -q critical && fail "marked critical"
  # the extension value is a DER INTEGER 397 (0x018d): find it with asn1parse
  openssl req -in "$WORK/web01.csr" -outform DER -out "$WORK/web01.der"
  openssl asn1parse -inform DER -in "$WORK/web01.der" > "$WORK/asn1"
  grep -q "OBJECT *:2.25.279870610414058052254078412522873475379" "$WORK/asn1" || fail "OID not as expected"
  offset=$(grep -A1 "2.25.279870610414058052254078412522873475379" "$WORK/asn1" | tail -1 | sed -E 's/^ *([0-9]+):.*/\1/')
  openssl asn1parse -inform DER -in "$WORK/web01.der" -strparse "$offset" | grep -q "INTEGER *:018D" ||
    fail "value is not INTEGER 397"
  # OpenSSL signs it without complaint and leaves it out of the certificate (no copy_extensions)
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/ca.key" -out "$WORK/ca.pem" \
    -days 30 -subj "/CN=interop CA" 2>/dev/null
  openssl x509 -req -in "$WORK/web01.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" -CAcreateserial -days 30 \
    -out "$WORK/web01.pem" 2>/dev/null || fail "openssl x509 -req refused our CSR"
  # and it survives a round trip through certctl
  must certctl csr show "$WORK/web01.csr" --json
  expect_json 'd["validity_days"] == 397'
}

test_openssl_csrs_read_with_signature_checked() {
  openssl req -new -newkey rsa:2048 -nodes -keyout "$WORK/r.key" -subj "/C=FR/O=Exemple/CN=rsa.example" \
    -addext "subjectAltName=DNS:rsa.example,IP:2001:db8::1" \
    -addext "2.25.279870610414058052254078412522873475379=DER:02020100" -out "$WORK/r.csr" 2>/dev/null
  run certctl csr show "$WORK/r.csr" --json
  expect_exit 0
  expect_json 'd["subject"] == "C=FR, O=Exemple, CN=rsa.example" and d["key_algorithm"] == "rsa:2048"'
  expect_json 'd["sans"]["ip"] == ["2001:db8::1"] and d["validity_days"] == 256 and d["signature_valid"]'
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-384 -nodes -keyout "$WORK/e.key" -subj "/CN=ec.example" \
    -sha384 -out "$WORK/e.csr" 2>/dev/null
  run certctl csr show "$WORK/e.csr" --json
  expect_exit 0
  expect_json 'd["key_algorithm"] == "ec:secp384r1" and d["signature_algorithm"].endswith("(SHA-384)")'
}
