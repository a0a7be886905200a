# tests/interop/test_cert_openssl.sh — certctl reads what an OpenSSL test CA (made here, by `openssl ca`) issues:
# RSA and EC, PEM and DER, with and without chain; `cert verify` verdicts agree with `openssl verify` on
# valid, expired, not yet valid, wrong purpose, wrong host, revoked by a CRL, missing intermediate and
# untrusted root chains.

# ossl_ca ALG: root.pem/root.key (self-signed) and int.pem/int.key (an `openssl ca` with an index, so it can
# revoke and write CRLs). ALG is "rsa:2048" or "ec".
ossl_ca() {
  local alg=$1 newkey
  if [ "$alg" = ec ]; then newkey=(-newkey ec -pkeyopt ec_paramgen_curve:P-256); else newkey=(-newkey "$alg"); fi
  openssl req -x509 "${newkey[@]}" -nodes -keyout root.key -out root.pem -days 3650 -subj "/O=Interop/CN=Interop Root" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  openssl req "${newkey[@]}" -nodes -keyout int.key -out int.csr -subj "/O=Interop/CN=Interop Int" 2>/dev/null
  printf 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' > int.ext
  openssl x509 -req -in int.csr -CA root.pem -CAkey root.key -CAcreateserial -days 1800 -out int.pem -extfile int.ext 2>/dev/null
  mkdir -p ca/new; : > ca/index.txt; echo 1000 > ca/serial; echo 1000 > ca/crlnumber
  cat > ca.cnf <<CNF
[ca]
default_ca = int
[int]
dir = ca
database = ca/index.txt
new_certs_dir = ca/new
serial = ca/serial
crlnumber = ca/crlnumber
certificate = int.pem
private_key = int.key
default_md = sha256
default_crl_days = 7
policy = any
unique_subject = no
copy_extensions = none
[any]
commonName = supplied
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:web01.example.net
crlDistributionPoints = URI:http://127.0.0.1:1/int.crl
[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectAltName = DNS:web01.example.net
CNF
  export OSSL_ALG=$alg
}

# ossl_leaf NAME [EXT] [START END]: NAME.pem (and NAME.der) issued by int; START/END as YYMMDDHHMMSSZ.
ossl_leaf() {
  local name=$1 ext=${2:-server} newkey dates=()
  if [ "$OSSL_ALG" = ec ]; then newkey=(-newkey ec -pkeyopt ec_paramgen_curve:P-256); else newkey=(-newkey "$OSSL_ALG"); fi
  [ -n "${3:-}" ] && dates=(-startdate "$3" -enddate "$4")
  [ -z "${3:-}" ] && dates=(-days 365)
  openssl req "${newkey[@]}" -nodes -keyout "$name.key" -out "$name.csr" -subj "/CN=$name" 2>/dev/null
  openssl ca -batch -config ca.cnf -extensions "$ext" "${dates[@]}" -in "$name.csr" -out "$name.pem" -notext 2>/dev/null \
    || fail "openssl ca could not issue $name"
  openssl x509 -in "$name.pem" -outform DER -out "$name.der"
}

# agree EXPECTED_RC "certctl verify args" "openssl verify args": both must say the same, and as expected.
agree() {
  local expected=$1 ours=$2 theirs=$3 ossl_rc
  # Without a store (one that does not exist): the verdict is the chain's alone, as openssl's is.
  # shellcheck disable=SC2086
  CERTCTL_STORE="$WORK/no-store" run "$CERTCTL" cert verify $ours
  [ "$RC" -eq "$expected" ] || fail "certctl cert verify $ours: exit $RC, expected $expected"
  set +e
  # shellcheck disable=SC2086
  openssl verify $theirs >"$WORK/ossl.out" 2>&1
  ossl_rc=$?
  set -e
  if [ "$expected" -eq 0 ] && [ "$ossl_rc" -ne 0 ]; then fail "openssl disagrees (fails): $theirs: $(cat "$WORK/ossl.out")"; fi
  if [ "$expected" -ne 0 ] && [ "$ossl_rc" -eq 0 ]; then fail "openssl disagrees (passes): $theirs"; fi
  return 0
}

import_matrix() {
  ossl_leaf web
  run certctl trust add lab root.pem
  expect_exit 0
  run certctl cert import pem-chain web.pem --chain int.pem --trust lab --purpose tls-server
  expect_exit 0
  run certctl cert import der-chain web.der --chain int.pem --trust lab --purpose tls-server
  expect_exit 0
  run certctl cert import pem-alone web.pem
  expect_exit 0
  run certctl cert import der-alone web.der
  expect_exit 0
  run certctl cert import no-chain web.pem --trust lab
  expect_exit 65
  expect_stderr "unknown issuer"
  must certctl cert list --json
  fp=$(openssl x509 -in web.pem -noout -fingerprint -sha256 | cut -d= -f2 | tr -d : | tr 'A-F' 'a-f')
  expect_json "len(d['certificates']) == 4 and all(c['fingerprint'] == '$fp' for c in d['certificates'])"
  must certctl cert show der-chain --json
  expect_json '"DNS:web01.example.net" in d["certificate"]["subject_alt_names"] and d["certificate"]["crl_urls"] == ["http://127.0.0.1:1/int.crl"]'
}

test_import_rsa_pem_der_with_and_without_chain() {
  ossl_ca rsa:2048
  import_matrix
  must certctl cert show pem-chain --json
  expect_json 'd["certificate"]["public_key"] == "RSA 2048"'
}

test_import_ec_pem_der_with_and_without_chain() {
  ossl_ca ec
  import_matrix
  must certctl cert show pem-chain --json
  expect_json 'd["certificate"]["public_key"].startswith("ECDSA") and "secp256r1" in d["certificate"]["public_key"]'
}

verdicts() {
  ossl_leaf good
  ossl_leaf client client
  ossl_leaf old server 200101000000Z 210101000000Z
  ossl_leaf later server 400101000000Z 410101000000Z
  ossl_leaf gone
  openssl ca -batch -config ca.cnf -revoke gone.pem 2>/dev/null
  openssl ca -batch -config ca.cnf -gencrl -out int.crl 2>/dev/null
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout other.key -out other.pem -days 365 \
    -subj "/CN=Other Root" -addext "basicConstraints=critical,CA:TRUE" 2>/dev/null

  agree 0 "good.pem --chain int.pem --trust-file root.pem" "-CAfile root.pem -untrusted int.pem good.pem"
  agree 0 "good.der --chain int.pem --trust-file root.pem --purpose tls-server --hostname web01.example.net" \
          "-CAfile root.pem -untrusted int.pem -purpose sslserver -verify_hostname web01.example.net good.pem"
  agree 1 "old.pem --chain int.pem --trust-file root.pem" "-CAfile root.pem -untrusted int.pem old.pem"
  expect_stdout "certificate has expired"
  agree 1 "later.pem --chain int.pem --trust-file root.pem" "-CAfile root.pem -untrusted int.pem later.pem"
  expect_stdout "not yet valid"
  agree 1 "client.pem --chain int.pem --trust-file root.pem --purpose tls-server" \
          "-CAfile root.pem -untrusted int.pem -purpose sslserver client.pem"
  expect_stdout "serverAuth"
  agree 0 "client.pem --chain int.pem --trust-file root.pem --purpose tls-client" \
          "-CAfile root.pem -untrusted int.pem -purpose sslclient client.pem"
  agree 1 "good.pem --chain int.pem --trust-file root.pem --hostname www.example.org" \
          "-CAfile root.pem -untrusted int.pem -verify_hostname www.example.org good.pem"
  expect_stdout "host name www.example.org"
  agree 1 "gone.pem --chain int.pem --trust-file root.pem --crl int.crl" \
          "-CAfile root.pem -untrusted int.pem -crl_check -CRLfile int.crl gone.pem"
  expect_stdout "revoked"
  agree 0 "good.pem --chain int.pem --trust-file root.pem --crl int.crl" \
          "-CAfile root.pem -untrusted int.pem -crl_check -CRLfile int.crl good.pem"
  agree 1 "good.pem --trust-file root.pem" "-CAfile root.pem good.pem"
  expect_stdout "Interop Int"
  agree 1 "good.pem --chain int.pem --trust-file other.pem" "-CAfile other.pem -untrusted int.pem good.pem"
  # --at moves the validation time (the real QuoVadis chain below also goes back in time)
  agree 1 "good.pem --chain int.pem --trust-file root.pem --at 2035-01-01" \
          "-CAfile root.pem -untrusted int.pem -attime $(date -d 2035-01-01 +%s) good.pem"
}

test_verify_verdicts_agree_with_openssl_rsa() {
  ossl_ca rsa:2048
  verdicts
}

test_verify_verdicts_agree_with_openssl_ec() {
  ossl_ca ec
  verdicts
}

test_verify_untrusted_root_in_chain() {
  ossl_ca ec
  ossl_leaf good
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout other.key -out other.pem -days 365 \
    -subj "/CN=Other Root" -addext "basicConstraints=critical,CA:TRUE" 2>/dev/null
  cat int.pem root.pem > full.pem
  agree 1 "good.pem --chain full.pem --trust-file other.pem" "-CAfile other.pem -untrusted full.pem good.pem"
  expect_stdout "untrusted root"
}

test_verify_stored_certificate_and_bundle() {
  ossl_ca ec
  ossl_leaf web
  must certctl trust add lab root.pem
  run certctl cert import web01 web.pem --chain int.pem --trust lab
  expect_exit 0
  run certctl cert verify web01 --json
  expect_exit 0
  expect_json 'd["valid"] and d["anchor"] == "O=Interop, CN=Interop Root" and len(d["path"]) == 3'
  run certctl cert verify web01 --at 2035-01-01
  expect_exit 1
  run certctl cert verify nosuch
  expect_exit 66
  run certctl cert verify web.pem
  expect_exit 64
  expect_stderr "--trust"
}

test_real_quovadis_chain() {
  q="$SHARED_DATA/real/quovadis-root-ca-2.pem"; h="$SHARED_DATA/real/hydrantid-ssl-ica-g2.pem"
  agree 0 "$h --trust-file $q --at 2020-01-01" "-CAfile $q -attime $(date -d 2020-01-01 +%s) $h"
  agree 1 "$h --trust-file $q" "-CAfile $q $h"
  expect_stdout "expired"
}

test_sha1_signature_needs_allow_legacy_crypto() {
  ossl_ca rsa:2048
  openssl req -newkey rsa:2048 -nodes -keyout old.key -out old.csr -subj "/CN=sha1" 2>/dev/null
  openssl ca -batch -config ca.cnf -extensions server -md sha1 -days 30 -in old.csr -out old.pem -notext 2>/dev/null
  run certctl cert verify old.pem --chain int.pem --trust-file root.pem
  expect_exit 1
  expect_stdout "--allow-legacy-crypto"
  run certctl cert verify old.pem --chain int.pem --trust-file root.pem --allow-legacy-crypto
  expect_exit 0
  expect_stdout "legacy crypto allowed"
}

test_revoked_per_store_crl_refused_and_reported() {
  ossl_ca ec
  ossl_leaf good
  ossl_leaf gone
  openssl ca -batch -config ca.cnf -revoke gone.pem -crl_reason keyCompromise 2>/dev/null
  openssl ca -batch -config ca.cnf -gencrl -out int.crl 2>/dev/null
  must certctl trust add lab root.pem
  run certctl crl add intcrl "file://$WORK/int.crl" --issuer int.pem
  expect_exit 0
  run certctl crl import intcrl int.crl
  expect_exit 0
  snapshot_store
  run certctl cert import gone gone.pem --chain int.pem --trust lab
  expect_exit 65
  expect_stderr "revoked"
  expect_store_unchanged
  run certctl cert import gone gone.pem --chain int.pem --trust lab --validation-mode warn
  expect_exit 0
  expect_stderr "revoked"
  run certctl cert verify gone
  expect_exit 1
  expect_stdout "revoked"
  run certctl cert import good good.pem --chain int.pem --trust lab
  expect_exit 0
  run certctl cert verify good
  expect_exit 0
}

test_intermediate_as_anchor_agrees_with_partial_chain() {
  ossl_ca ec
  ossl_leaf good
  ossl_leaf old server 200101000000Z 210101000000Z
  # Any CA certificate of a bundle may anchor (docs/trust.md): OpenSSL's -partial_chain
  run "$CERTCTL" cert verify good.pem --trust-file int.pem
  expect_exit 0
  expect_stdout "partial chain"
  openssl verify -partial_chain -CAfile int.pem good.pem >/dev/null || fail "openssl -partial_chain disagrees"
  run "$CERTCTL" cert verify old.pem --trust-file int.pem
  expect_exit 1
  openssl verify -partial_chain -CAfile int.pem old.pem >/dev/null 2>&1 && fail "openssl -partial_chain disagrees"

  openssl ca -batch -config ca.cnf -revoke good.pem 2>/dev/null
  openssl ca -batch -config ca.cnf -gencrl -out int.crl 2>/dev/null
  run "$CERTCTL" cert verify good.pem --trust-file int.pem --crl int.crl
  expect_exit 1
  expect_stdout "revoked"
  openssl verify -partial_chain -crl_check -CRLfile int.crl -CAfile int.pem good.pem >/dev/null 2>&1 && fail "openssl disagrees on revocation"
  return 0
}

test_self_signed_anchor_still_checks_the_hostname() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout s.key -out s.pem -days 365 \
    -subj "/CN=a.example" -addext "subjectAltName=DNS:a.example" 2>/dev/null
  agree 1 "s.pem --trust-file s.pem --hostname b.example" "-CAfile s.pem -verify_hostname b.example s.pem"
  expect_stdout "host name b.example"
  agree 0 "s.pem --trust-file s.pem --hostname a.example" "-CAfile s.pem -verify_hostname a.example s.pem"
  run certctl trust add selfb s.pem
  expect_exit 0
  run certctl cert verify s.pem --trust selfb --hostname b.example --json
  expect_exit 1
  expect_json 'not d["valid"] and any("b.example" in r for r in d["reasons"])'
  run certctl cert verify s.pem --trust selfb --hostname a.example
  expect_exit 0
}

test_store_master_list_applies_to_every_anchor_source() {
  ossl_ca ec
  ossl_leaf gone
  openssl ca -batch -config ca.cnf -revoke gone.pem -crl_reason keyCompromise 2>/dev/null
  openssl ca -batch -config ca.cnf -gencrl -out int.crl 2>/dev/null
  must certctl trust add lab root.pem
  run certctl cert import gone gone.pem --chain int.pem --trust lab --validation-mode warn
  expect_exit 0
  run certctl crl add intcrl "file://$WORK/int.crl" --issuer int.pem
  expect_exit 0
  run certctl crl import intcrl int.crl
  expect_exit 0
  run certctl crl lookup "$(openssl x509 -in gone.pem -noout -serial | cut -d= -f2)"
  expect_exit 1
  expect_stdout "revoked:"
  # the stored certificate with anchors from a file, and the file itself: both consult the master list
  run certctl cert verify gone --trust-file root.pem --chain int.pem
  expect_exit 1
  expect_stdout "revoked"
  run certctl cert verify gone.pem --trust-file root.pem --chain int.pem
  expect_exit 1
  expect_stdout "revoked"
  # without a store there is no master list: OpenSSL without a CRL agrees the chain itself is good
  agree 0 "gone.pem --chain int.pem --trust-file root.pem" "-CAfile root.pem -untrusted int.pem gone.pem"
}

test_weak_leaf_key_fails_like_openssl_auth_level_2() {
  ossl_ca ec
  openssl req -newkey rsa:1024 -nodes -keyout weak.key -out weak.csr -subj "/CN=weak" 2>/dev/null
  openssl ca -batch -config ca.cnf -extensions server -days 30 -in weak.csr -out weak.pem -notext 2>/dev/null
  agree 1 "weak.pem --chain int.pem --trust-file root.pem" "-auth_level 2 -CAfile root.pem -untrusted int.pem weak.pem"
  expect_stdout "public key too weak (RSA 1024 bits"
  agree 0 "weak.pem --chain int.pem --trust-file root.pem --allow-legacy-crypto" \
          "-auth_level 1 -CAfile root.pem -untrusted int.pem weak.pem"
  expect_stdout "legacy crypto allowed"
  must certctl trust add lab root.pem
  snapshot_store
  run certctl cert import weak weak.pem --chain int.pem --trust lab
  expect_exit 65
  expect_stderr "public key too weak"
  run certctl cert import weak weak.pem
  expect_exit 65
  expect_stderr "public key too weak"
  expect_store_unchanged
  run certctl cert import weak weak.pem --chain int.pem --trust lab --validation-mode warn
  expect_exit 0
  run certctl check --format json
  expect_exit 3  # invalid is critical
  expect_json 'any("public key too weak" in (c.get("reason") or "") for c in d["certificates"])'
}
