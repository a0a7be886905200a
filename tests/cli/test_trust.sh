# tests/cli/test_trust.sh — trust add (report, modes, --fips, PEM/DER/PKCS#7), list, show, export, remove; every
# bad input: exit code, message, store unchanged.

# An OpenSSL root (NAME.pem/NAME.key), EC unless ALG is given ("rsa:1024" for a weak one).
ossl_root() {
  local name=$1 alg=${2:-ec} newkey
  if [ "$alg" = ec ]; then newkey=(-newkey ec -pkeyopt ec_paramgen_curve:P-256); else newkey=(-newkey "$alg"); fi
  openssl req -x509 "${newkey[@]}" -nodes -keyout "$name.key" -out "$name.pem" -days 3650 -subj "/CN=$name" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" ${3:+-$3} 2>/dev/null
}

# A leaf (not a CA) issued by root NAME.
ossl_leaf() {
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=$1" 2>/dev/null
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n' > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -CAcreateserial -days 30 -out "$1.pem" -extfile "$1.ext" 2>/dev/null
}

test_add_pem_many_der_and_p7b() {
  ossl_root r1; ossl_root r2; ossl_root r3; ossl_root r4
  cat r1.pem r2.pem > two.pem
  openssl x509 -in r3.pem -outform DER -out r3.der
  openssl crl2pkcs7 -nocrl -certfile r4.pem -outform DER -out r4.p7b
  run certctl trust add lab two.pem r3.der r4.p7b --json
  expect_exit 0
  expect_json 'd["attempted"] == 4 and d["installed"] == 4 and d["duplicates"] == 0 and d["expired"] == 0 and d["rejected"] == 0'
  expect_json 'd["validation_mode"] == "strict" and d["refused"] is False'
  must certctl trust show lab --json
  expect_json 'd["count"] == 4 and sorted(c["subject"] for c in d["certificates"]) == ["CN=r1", "CN=r2", "CN=r3", "CN=r4"]'
  fp=$(openssl x509 -in r1.pem -noout -fingerprint -sha256 | cut -d= -f2 | tr -d : | tr 'A-F' 'a-f')
  expect_json "'$fp' in [c['fingerprint'] for c in d['certificates']]"
  run certctl trust add lab two.pem
  expect_exit 0
  expect_stdout "attempted 2  installed 0  duplicates 2"
  must certctl trust add lab two.pem two.pem --json
  expect_json 'd["attempted"] == 4 and d["duplicates"] == 4'
}

test_p7b_pem_with_crls_and_signers() {
  ossl_root r1; ossl_root r2; ossl_leaf signer r1
  openssl crl2pkcs7 -nocrl -certfile r1.pem -certfile r2.pem -out both.p7b.pem
  run certctl trust add lab both.p7b.pem --json
  expect_exit 0
  expect_json 'd["installed"] == 2'
  # A CRL inside the bundle: certificates taken, the CRL reported
  mkdir -p ca; : > ca/index.txt; echo 01 > ca/crlnumber
  printf '[ca]\ndefault_ca=c\n[c]\ndatabase=ca/index.txt\ncrlnumber=ca/crlnumber\ndefault_md=sha256\ndefault_crl_days=7\n' > ca.cnf
  openssl ca -gencrl -config ca.cnf -cert r1.pem -keyfile r1.key -out r1.crl 2>/dev/null
  ossl_root r3
  openssl crl2pkcs7 -in r1.crl -certfile r3.pem -outform DER -out withcrl.p7b
  run certctl trust add lab withcrl.p7b --json
  expect_exit 0
  expect_json 'd["installed"] == 1 and any("CRL" in n for n in d["notes"])'
  # A signed SignedData: its certificates are offered, the signer reported (not verified)
  echo hello > msg.txt
  openssl cms -sign -in msg.txt -signer signer.pem -inkey signer.key -certfile r2.pem -outform DER -nodetach -out signed.p7b
  run certctl trust add other signed.p7b --validation-mode warn --json
  expect_exit 0
  expect_json 'd["attempted"] == 2 and any("signer" in n for n in d["notes"])'
}

test_bad_inputs_leave_the_store_unchanged() {
  ossl_root r1
  must certctl trust add lab r1.pem
  snapshot_store
  run certctl trust add lab missing.pem
  expect_exit 66
  : > empty.pem
  run certctl trust add lab empty.pem
  expect_exit 65
  expect_stderr "empty"
  head -c 2000 /dev/urandom > garbage
  run certctl trust add lab garbage
  expect_exit 65
  openssl crl2pkcs7 -nocrl -certfile r1.pem -outform DER -out r1.p7b
  head -c 200 r1.p7b > cut.p7b
  run certctl trust add lab cut.p7b
  expect_exit 65
  expect_stderr "truncated"
  cat r1.pem r1.key > withkey.pem
  run certctl trust add lab withkey.pem
  expect_exit 65
  expect_stderr "private key"
  ossl_root r2
  run certctl trust add lab r2.pem empty.pem
  expect_exit 65
  run certctl trust add ../x r1.pem
  expect_exit 64
  run certctl trust add lab r1.pem --validation-mode lenient
  expect_exit 64
  expect_store_unchanged
}

test_not_a_ca_by_mode() {
  ossl_root r1; ossl_leaf leaf r1
  must certctl trust add lab r1.pem
  snapshot_store
  run certctl trust add lab leaf.pem
  expect_exit 65
  expect_stdout "rejected: CN=leaf: not a CA certificate"
  expect_stderr "nothing was installed"
  expect_store_unchanged
  run certctl --json trust add lab leaf.pem
  expect_exit 65
  expect_json 'd["refused"] and d["rejected"] == 1 and d["error"]["code"] == "bad_input"'
  run certctl trust add lab leaf.pem --validation-mode warn
  expect_exit 0
  expect_stderr "not a CA certificate"
  must certctl trust show lab --json
  expect_json 'd["count"] == 2'
}

test_real_quovadis_and_hydrantid_modes_and_fips() {
  q="$SHARED_DATA/real/quovadis-root-ca-2.pem"; h="$SHARED_DATA/real/hydrantid-ssl-ica-g2.pem"
  must certctl init
  snapshot_store
  run certctl trust add cisco "$q" "$h" --json
  expect_exit 65
  expect_json 'd["attempted"] == 2 and d["installed"] == 0 and d["would_install"] == 1 and d["expired"] == 1 and d["refused"]'
  expect_json '[c["outcome"] for c in d["certificates"]].count("would_install") == 1'
  run certctl trust add cisco "$q" "$h"
  expect_exit 65
  expect_stdout "installed 0  duplicates 0  expired 1  rejected 0  (would install 1)"
  expect_store_unchanged
  run certctl trust add cisco "$q" "$h" --validation-mode warn --json
  expect_exit 0
  expect_json 'd["attempted"] == 2 and d["installed"] == 1 and d["would_install"] == 1 and d["expired"] == 1 and d["rejected"] == 0'
  run certctl trust add fips "$q" "$h" --validation-mode warn --fips --json
  expect_exit 0
  expect_json 'd["installed"] == 0 and d["expired"] == 1 and d["rejected"] == 1'
  expect_json '"SHA-1" in d["rejected_certificates"][0]["reason"] and "QuoVadis Root CA 2" in d["rejected_certificates"][0]["subject"]'
  ossl_root weak rsa:1024
  must certctl trust add fips weak.pem --fips --validation-mode warn --json
  expect_json 'd["rejected"] == 1 and "RSA key of 1024 bits" in d["rejected_certificates"][0]["reason"]'
}

test_debian_bundle_count_matches_openssl() {
  bundle=/etc/ssl/certs/ca-certificates.crt
  [ -f "$bundle" ] || fail "no $bundle"
  total=$(openssl storeutl -noout -certs "$bundle" | awk '/Total found/{print $3}')
  run certctl trust add debian "$bundle" --validation-mode warn --json
  expect_exit 0
  expect_json "d['installed'] + d['expired'] == $total and d['rejected'] == 0 and d['attempted'] == $total"
  must certctl trust list --json
  expect_json "d['bundles'][0]['name'] == 'debian' and d['bundles'][0]['certificates'] == $(json_get 'd["bundles"][0]["certificates"]')"
}

test_ten_thousand_certificates() {
  python3 - <<'PY'
import datetime as dt
from cryptography import x509
from cryptography.x509.oid import NameOID
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
key = ec.generate_private_key(ec.SECP256R1())
now = dt.datetime.now(dt.timezone.utc)
with open("many.pem", "wb") as out:
    for i in range(10000):
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"root {i}")])
        c = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
             .serial_number(i + 1).not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=365))
             .add_extension(x509.BasicConstraints(True, None), True).sign(key, hashes.SHA256()))
        out.write(c.public_bytes(serialization.Encoding.PEM))
PY
  run certctl trust add many many.pem --json
  expect_exit 0
  expect_json 'd["attempted"] == 10000 and d["installed"] == 10000'
  must certctl trust add many many.pem --json
  expect_json 'd["duplicates"] == 10000 and d["installed"] == 0'
}

test_list_show_export_remove() {
  ossl_root r1; ossl_root r2
  cat r1.pem r2.pem > both.pem
  must certctl trust add lab both.pem
  run certctl trust list
  expect_exit 0
  expect_stdout "lab"
  must certctl trust list lab --json
  expect_json 'len(d["certificates"]) == 2'
  run certctl trust export lab --out out.pem
  expect_exit 0
  [ "$(grep -c 'BEGIN CERTIFICATE' out.pem)" = 2 ] || fail "PEM export"
  run certctl trust export lab --out out.p7b
  expect_exit 0
  [ "$(openssl pkcs7 -inform DER -in out.p7b -print_certs | grep -c 'BEGIN CERTIFICATE')" = 2 ] || fail "p7b not read by openssl"
  must certctl trust export lab --format p7b
  expect_stdout "BEGIN PKCS7"
  openssl pkcs7 -in "$WORK/out" -print_certs | grep -q "subject=CN = r1" || fail "PEM p7b not read by openssl"
  # what we export, we read back
  must certctl trust add copy out.p7b --json
  expect_json 'd["installed"] == 2'
  fp=$(openssl x509 -in r1.pem -noout -fingerprint -sha256 | cut -d= -f2 | tr -d : | tr 'A-F' 'a-f')
  run certctl trust remove lab --cert "$fp"
  expect_exit 0
  must certctl trust show lab --json
  expect_json 'd["count"] == 1'
  run certctl trust remove lab --cert "$fp"
  expect_exit 66
  run certctl trust remove lab
  expect_exit 0
  run certctl trust show lab
  expect_exit 66
  run certctl trust remove lab
  expect_exit 66
  run certctl trust export nosuch
  expect_exit 66
}

test_openssl_trusted_certificate_format() {
  ossl_root r1
  openssl x509 -in r1.pem -trustout -addtrust serverAuth -out trusted.pem
  run certctl trust add aux trusted.pem --json
  expect_exit 0
  expect_json 'd["installed"] == 1'
  must certctl trust export aux --out back.pem
  cmp <(openssl x509 -in back.pem -outform DER) <(openssl x509 -in r1.pem -outform DER) || fail "trust settings not stripped"
  must certctl trust add aux r1.pem --json
  expect_json 'd["duplicates"] == 1'
}

# trust remove --cert takes what trust show prints (16 hex digits), any unique prefix, and lists the
# candidates when a prefix is shared.
test_remove_by_fingerprint_prefix() {
  for i in $(seq 1 17); do ossl_root "p$i"; done
  cat p*.pem > all.pem
  run certctl trust add many all.pem
  expect_exit 0
  run certctl trust show many
  expect_exit 0
  short=$(awk '/CN=p1$/ {print $1}' "$WORK/out")
  [ "${#short}" -eq 16 ] || fail "trust show did not print a 16-digit fingerprint for p1: '$short'"
  run certctl trust remove many --cert "$short"
  expect_exit 0
  run certctl trust show many --json
  expect_json 'd["count"] == 16 and "CN=p1" not in [c["subject"] for c in d["certificates"]]'
  # 16 certificates, 16 hex digits: two share a first digit unless each digit is used once (p = 16!/16^16).
  digit=$(json_get '__import__("collections").Counter(c["fingerprint"][0] for c in d["certificates"]).most_common(1)[0][0]')
  count=$(json_get '__import__("collections").Counter(c["fingerprint"][0] for c in d["certificates"]).most_common(1)[0][1]')
  snapshot_store
  if [ "$count" -gt 1 ]; then
    run certctl trust remove many --cert "$digit"
    expect_exit 64
    expect_stderr "ambiguous fingerprint"
    expect_stderr "$count certificates in many start with it"
    expect_store_unchanged
  fi
  run certctl trust remove many --cert "not-hex"
  expect_exit 64
  run certctl trust remove many --cert "$(printf 'f%.0s' $(seq 1 64))"
  expect_exit 66
  expect_store_unchanged
}
