# tests/interop/test_adopted_ca.sh — a root and an intermediate made by `openssl req`/`openssl ca` are adopted
# with `certctl ca import`; what certctl then issues and the CRLs it signs pass `openssl verify -x509_strict
# -crl_check`, serials continue the OpenSSL CA's own sequence, and CRL numbers continue above the old ones.

# An OpenSSL CA directory (openssl ca's layout) for root "oroot" and intermediate "osub", made by OpenSSL only.
make_openssl_pki() {
  mkdir -p ossl/newcerts
  : > ossl/index.txt
  echo 1000 > ossl/serial
  echo 05 > ossl/crlnumber
  cat > ossl/ca.cnf <<'EOF'
[ca]
default_ca = sub
[sub]
dir = ossl
database = $dir/index.txt
new_certs_dir = $dir/newcerts
serial = $dir/serial
crlnumber = $dir/crlnumber
certificate = oroot.pem
private_key = oroot.key
default_md = sha256
default_days = 1000
default_crl_days = 7
policy = any
unique_subject = no
copy_extensions = none
[any]
commonName = supplied
[v3_sub]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[v3_leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = DNS:old.example.net
EOF
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout oroot.key -out oroot.pem -days 3650 \
    -subj "/O=certctl interop/CN=OpenSSL Root" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" -addext "subjectKeyIdentifier=hash" 2>/dev/null
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout osub.key -out osub.csr \
    -subj "/O=certctl interop/CN=OpenSSL Sub-CA" 2>/dev/null
  openssl ca -batch -config ossl/ca.cnf -extensions v3_sub -in osub.csr -out osub.pem -notext 2>/dev/null
  # The intermediate issues one leaf of its own before it is adopted (serial 1001 from the shared file).
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout old.key -out old.csr \
    -subj "/CN=old.example.net" 2>/dev/null
  openssl ca -batch -config ossl/ca.cnf -cert osub.pem -keyfile osub.key -extensions v3_leaf -in old.csr \
    -out old.pem -notext 2>/dev/null
  [ -s osub.pem ] && [ -s old.pem ] || fail "openssl could not make the PKI"
}

test_adopted_openssl_root_and_intermediate_issue_and_revoke_for_openssl_verify() {
  make_openssl_pki
  must certctl ca import oroot --cert oroot.pem --key oroot.key --crl-number 4
  must certctl ca import osub --cert osub.pem --key osub.key --chain oroot.pem --next-serial "$(cat ossl/serial)" \
    --crl-number "$((16#$(cat ossl/crlnumber)))"
  must certctl ca show osub --json
  expect_json 'd["profile"] == "sub-ca" and d["imported"] is not None and d["crl_number"] == 5'
  # ca show --chain gives the intermediate, then the root it was adopted with.
  must certctl ca show osub --chain
  [ "$(grep -c 'BEGIN CERTIFICATE' "$WORK/out")" -eq 2 ] || fail "ca show --chain: expected 2 certificates"
  openssl crl2pkcs7 -nocrl -certfile "$WORK/out" | openssl pkcs7 -print_certs -noout | grep subject > subjects.txt
  sed -n 2p subjects.txt | grep -q "CN *= *OpenSSL Root" || { cat subjects.txt; fail "the chain's second certificate is not the root"; }

  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout web.key -out web.csr \
    -subj "/CN=web.example.net" -addext "subjectAltName=DNS:web.example.net" 2>/dev/null
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout gone.key -out gone.csr \
    -subj "/CN=gone.example.net" -addext "subjectAltName=DNS:gone.example.net" 2>/dev/null
  must certctl ca issue osub --profile tls-server --csr web.csr --out web.pem
  must certctl ca issue osub --profile tls-server --csr gone.csr --out gone.pem
  # Serials continue the OpenSSL sequence: the next ones after what `openssl ca` used.
  next=$(cat ossl/serial)
  [ "$(openssl x509 -in web.pem -noout -serial | cut -d= -f2)" = "$next" ] || fail "web.pem serial is not $next"
  [ "$(openssl x509 -in gone.pem -noout -serial | cut -d= -f2)" = "$(printf '%X' $((16#$next + 1)))" ] \
    || fail "gone.pem serial does not follow"

  must certctl ca revoke osub "$(openssl x509 -in gone.pem -noout -serial | cut -d= -f2)" --reason keyCompromise
  must certctl ca crl osub --out sub.crl --pem
  must certctl ca crl oroot --out root.crl --pem
  # CRL numbers continue above the old ones: 5 was OpenSSL's next, so ours is 6; the root's 4 becomes 5.
  openssl crl -in sub.crl -noout -crlnumber | grep -qi "crlNumber=0x06\|crlNumber=06" || { openssl crl -in sub.crl -noout -crlnumber; fail "sub CRL number"; }
  openssl crl -in root.crl -noout -crlnumber | grep -qi "crlNumber=0x05\|crlNumber=05" || { openssl crl -in root.crl -noout -crlnumber; fail "root CRL number"; }
  openssl crl -in sub.crl -CAfile <(cat osub.pem oroot.pem) -noout 2>&1 | grep -q "verify OK" || fail "sub CRL signature"

  cat sub.crl root.crl > crls.pem
  openssl verify -x509_strict -crl_check_all -CRLfile crls.pem -CAfile oroot.pem -untrusted osub.pem \
    -purpose sslserver web.pem > v.txt 2>&1 || { cat v.txt; fail "openssl refused what the adopted CA issued"; }
  if openssl verify -x509_strict -crl_check -CRLfile sub.crl -CAfile oroot.pem -untrusted osub.pem gone.pem > v2.txt 2>&1; then
    fail "openssl accepted a certificate the adopted CA revoked"
  fi
  grep -q "certificate revoked" v2.txt || { cat v2.txt; fail "unexpected reason for the revoked certificate"; }
  # What OpenSSL issued before the adoption still verifies beside what certctl issued.
  openssl verify -x509_strict -crl_check -CRLfile sub.crl -CAfile oroot.pem -untrusted osub.pem old.pem > v3.txt 2>&1 \
    || { cat v3.txt; fail "the old leaf no longer verifies"; }
}

test_adopted_root_with_random_serials_signs_an_intermediate() {
  make_openssl_pki
  must certctl ca import oroot --cert oroot.pem --key oroot.key
  must certctl ca init newsub --profile sub-ca --issuer oroot --cn "certctl Sub-CA under an OpenSSL root"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout web.key -out web.csr \
    -subj "/CN=web.example.net" -addext "subjectAltName=DNS:web.example.net" 2>/dev/null
  must certctl ca issue newsub --profile tls-server --csr web.csr --out web.pem
  must certctl ca crl newsub --out newsub.crl --pem
  must certctl ca crl oroot --out root.crl --pem
  certctl ca show newsub --pem > newsub.pem
  serial=$(openssl x509 -in newsub.pem -noout -serial | cut -d= -f2)
  [ "${#serial}" -eq 32 ] || fail "expected a random 126-bit serial, got $serial"
  cat newsub.crl root.crl > crls.pem
  openssl verify -x509_strict -crl_check_all -CRLfile crls.pem -CAfile oroot.pem -untrusted newsub.pem web.pem \
    > v.txt 2>&1 || { cat v.txt; fail "openssl refused a chain under the adopted root"; }
}
