# tests/cli/test_verify_rules.sh — every certificate-profile rule of `cert verify` (lib/certs/rfc5280_checks.cpp)
# on a root -> intermediate -> leaf chain made here by openssl with exactly that one defect: the verdict is
# "not valid" with the rule's code in --json reason_codes, while the same chain without the defect is valid.

# The clean chain's extensions; a test overrides one variable, then calls mkchain.
ROOT_EXT='basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=none'
INT_EXT='basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid'
LEAF_EXT='basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:www.example.com
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid'
LEAF_SUBJ="/CN=www.example.com"
INT_SUBJ="/CN=Rules Int"
LEAF_SERIAL=4660
LEAF_KEY=(-newkey ec -pkeyopt ec_paramgen_curve:P-256)

# mkchain: root.pem, int.pem, leaf.pem (and their keys) from the variables above.
mkchain() {
  local ec=(-newkey ec -pkeyopt ec_paramgen_curve:P-256)
  printf '%s\n' "$ROOT_EXT" > root.ext; printf '%s\n' "$INT_EXT" > int.ext; printf '%s\n' "$LEAF_EXT" > leaf.ext
  openssl req -new "${ec[@]}" -nodes -keyout root.key -out root.csr -subj "/CN=Rules Root" 2>/dev/null
  openssl x509 -req -in root.csr -key root.key -days 3650 -set_serial 1 -extfile root.ext -out root.pem 2>/dev/null
  openssl req -new "${ec[@]}" -nodes -keyout int.key -out int.csr -subj "$INT_SUBJ" 2>/dev/null
  openssl x509 -req -in int.csr -CA root.pem -CAkey root.key -days 1800 -set_serial 2 -extfile int.ext -out int.pem \
    2>/dev/null
  openssl req -new "${LEAF_KEY[@]}" -nodes -keyout leaf.key -out leaf.csr -subj "$LEAF_SUBJ" 2>/dev/null
  openssl x509 -req -in leaf.csr -CA int.pem -CAkey int.key -days 365 -set_serial "$LEAF_SERIAL" -extfile leaf.ext \
    -out leaf.pem 2>/dev/null
  [ -s leaf.pem ] || fail "openssl could not make the chain"
}

# verify [options]: the leaf against the root, intermediate as --chain, as JSON.
verify() { run certctl --json cert verify leaf.pem --trust-file root.pem --chain int.pem "$@"; }

# rejected CODE [options]: not valid, and CODE among the reason codes.
rejected() {
  local code=$1; shift
  verify "$@"
  expect_exit 1
  expect_json "'$code' in d['reason_codes'] and len(d['reason_codes']) == len(d['reasons'])"
}

test_clean_chain_is_valid_under_both_profiles() {
  mkchain
  verify --hostname www.example.com --purpose tls-server
  expect_exit 0
  expect_json 'd["valid"] and d["reason_codes"] == [] and d["profile"] == "rfc5280"'
  verify --hostname www.example.com --purpose tls-server --profile webpki
  expect_exit 0
  expect_json 'd["profile"] == "webpki"'
}

test_serial_zero() { LEAF_SERIAL=0 mkchain; rejected serial_zero; }
test_serial_negative() { LEAF_SERIAL=-5 mkchain; rejected serial_negative; }
test_serial_too_long() { LEAF_SERIAL=0x0102030405060708090a0b0c0d0e0f101112131415 mkchain; rejected serial_too_long; }
test_serial_of_20_octets_is_fine() { LEAF_SERIAL=0x0102030405060708090a0b0c0d0e0f1011121314 mkchain; verify; expect_exit 0; }

test_aki_missing() { LEAF_EXT=${LEAF_EXT/authorityKeyIdentifier=keyid/authorityKeyIdentifier=none} mkchain; rejected aki_missing; }
test_aki_critical() {
  LEAF_EXT=${LEAF_EXT/authorityKeyIdentifier=keyid/authorityKeyIdentifier=critical,keyid} mkchain
  rejected aki_critical
}
test_ski_missing_on_a_ca() {
  INT_EXT=${INT_EXT/subjectKeyIdentifier=hash/subjectKeyIdentifier=none}
  LEAF_EXT=${LEAF_EXT/authorityKeyIdentifier=keyid/authorityKeyIdentifier=issuer}
  mkchain
  rejected ski_missing
}
test_ski_critical() { INT_EXT=${INT_EXT/subjectKeyIdentifier=hash/subjectKeyIdentifier=critical,hash} mkchain; rejected ski_critical; }
test_basic_constraints_not_critical_on_an_issuer() {
  INT_EXT=${INT_EXT/basicConstraints=critical,CA:TRUE/basicConstraints=CA:TRUE} mkchain
  rejected basic_constraints_not_critical
}
test_key_cert_sign_without_ca() {
  LEAF_EXT=${LEAF_EXT/keyUsage=critical,digitalSignature/keyUsage=critical,digitalSignature,keyCertSign} mkchain
  rejected key_cert_sign_without_ca
}
test_empty_subject_needs_critical_san() { LEAF_SUBJ="/" mkchain; rejected empty_subject_san_not_critical; }
test_empty_subject_with_critical_san_is_fine() {
  LEAF_SUBJ="/" LEAF_EXT=${LEAF_EXT/subjectAltName=/subjectAltName=critical,} mkchain
  verify --hostname www.example.com
  expect_exit 0
}
test_ca_subject_empty() { INT_SUBJ="/" mkchain; rejected ca_subject_empty; expect_json "'issuer_empty' in d['reason_codes']"; }
test_san_malformed_dns_name() { LEAF_EXT=${LEAF_EXT/DNS:www.example.com/DNS:bad_name.example.com} mkchain; rejected san_malformed; }
test_san_malformed_ip_in_dns_name() { LEAF_EXT=${LEAF_EXT/DNS:www.example.com/DNS:192.0.2.1} mkchain; rejected san_malformed; }
test_eku_empty() { LEAF_EXT=${LEAF_EXT/extendedKeyUsage=serverAuth/2.5.29.37=DER:30:00} mkchain; rejected eku_empty; }
test_aia_critical() {
  LEAF_EXT="$LEAF_EXT
authorityInfoAccess=critical,caIssuers;URI:http://127.0.0.1/int.crt" mkchain
  rejected aia_critical
}
test_aia_not_critical_is_fine() {
  LEAF_EXT="$LEAF_EXT
authorityInfoAccess=caIssuers;URI:http://127.0.0.1/int.crt" mkchain
  verify; expect_exit 0
}
test_ec_explicit_parameters() {
  openssl ecparam -name prime256v1 -param_enc explicit -out explicit.param
  LEAF_KEY=(-newkey ec:explicit.param)
  mkchain
  rejected ec_explicit_parameters
}
test_name_constraints_not_in_a_leaf() {
  LEAF_EXT="$LEAF_EXT
nameConstraints=critical,permitted;DNS:example.com" mkchain
  rejected name_constraints_not_ca
}
test_name_constraints_empty_is_refused_as_unreadable() {
  # RFC 5280 4.2.1.10: never an empty sequence. Botan 2.19 refuses to decode such a certificate at all (65).
  INT_EXT="$INT_EXT
2.5.29.30=critical,DER:30:04:A0:00:A1:00" mkchain
  verify
  expect_exit 65
  expect_stderr "Name Con"
}
test_name_constraints_not_critical_under_rfc5280_only() {
  INT_EXT="$INT_EXT
nameConstraints=permitted;DNS:example.com" mkchain
  rejected name_constraints_not_critical --profile rfc5280
  verify --profile webpki
  expect_json "'name_constraints_not_critical' not in d['reason_codes']"
}
# Name constraints are evaluated by certctl (lib/certs/name_constraints.cpp), not by Botan 2.19, which cannot
# decode IPv6 or otherName subtrees and accepts forms RFC 5280 does not.
test_name_constraints_ipv6_permitted_and_outside() {
  INT_EXT="$INT_EXT
nameConstraints=critical,permitted;IP:2001:db8::/ffff:ffff:0:0:0:0:0:0,permitted;DNS:example.com"
  LEAF_EXT=${LEAF_EXT/subjectAltName=DNS:www.example.com/subjectAltName=DNS:www.example.com,IP:2001:db8::1} mkchain
  verify
  expect_exit 0
  must openssl verify -x509_strict -CAfile root.pem -untrusted int.pem leaf.pem
  LEAF_EXT=${LEAF_EXT/subjectAltName=DNS:www.example.com/subjectAltName=DNS:www.example.com,IP:2001:db9::1} mkchain
  rejected name_constraints
  expect_json "any('2001:db9::1' in r for r in d['reasons'])"
  if openssl verify -x509_strict -CAfile root.pem -untrusted int.pem leaf.pem >/dev/null 2>&1; then
    fail "openssl accepts an IPv6 SAN outside the permitted subtree too"
  fi
}
test_name_constraints_excluded_subtree_catches_a_wildcard_that_may_stand_for_it() {
  INT_EXT="$INT_EXT
nameConstraints=critical,excluded;DNS:bar.example.com"
  LEAF_EXT=${LEAF_EXT/subjectAltName=DNS:www.example.com/subjectAltName=DNS:*.example.com} mkchain
  rejected name_constraints
  expect_json "any('bar.example.com' in r for r in d['reasons'])"
}
test_name_constraints_dns_subtree_with_a_leading_period_is_malformed() {
  INT_EXT="$INT_EXT
nameConstraints=critical,permitted;DNS:.example.com" mkchain
  rejected name_constraints_malformed
}
test_name_constraints_other_name_binds_only_other_names() {
  INT_EXT="$INT_EXT
nameConstraints=critical,excluded;otherName:1.3.6.1.4.1.55555.9;UTF8:device-7"
  mkchain
  verify
  expect_exit 0
  expect_json "d['reason_codes'] == []"
  LEAF_EXT=${LEAF_EXT/subjectAltName=DNS:www.example.com/subjectAltName=DNS:www.example.com,otherName:1.3.6.1.4.1.55555.9;UTF8:device-7} mkchain
  rejected name_constraints
}
test_aia_malformed() {
  LEAF_EXT="$LEAF_EXT
1.3.6.1.5.5.7.1.1=ASN1:UTF8String:malformed" mkchain
  rejected aia_malformed
}
test_policy_constraints_not_critical() {
  INT_EXT="$INT_EXT
policyConstraints=inhibitPolicyMapping:0" mkchain
  rejected policy_constraints_not_critical
}

# CA/Browser Forum rules: only under --profile webpki.
test_webpki_eku_missing() {
  LEAF_EXT=${LEAF_EXT/extendedKeyUsage=serverAuth/} mkchain
  verify; expect_exit 0
  rejected eku_missing --profile webpki
}
test_webpki_eku_any() {
  LEAF_EXT=${LEAF_EXT/extendedKeyUsage=serverAuth/extendedKeyUsage=serverAuth,anyExtendedKeyUsage} mkchain
  rejected eku_any --profile webpki
}
test_webpki_eku_critical() {
  LEAF_EXT=${LEAF_EXT/extendedKeyUsage=serverAuth/extendedKeyUsage=critical,serverAuth} mkchain
  rejected eku_critical --profile webpki
}
test_webpki_root_has_eku() { ROOT_EXT="$ROOT_EXT
extendedKeyUsage=serverAuth" mkchain; rejected root_has_eku --profile webpki; }
test_webpki_root_aki_with_issuer_and_serial() {
  ROOT_EXT=${ROOT_EXT/authorityKeyIdentifier=none/authorityKeyIdentifier=keyid,issuer:always} mkchain
  rejected root_aki_invalid --profile webpki
}
test_webpki_san_missing() { LEAF_EXT=${LEAF_EXT/subjectAltName=DNS:www.example.com/} mkchain; rejected san_missing --profile webpki; }
test_webpki_san_critical_with_subject() {
  LEAF_EXT=${LEAF_EXT/subjectAltName=/subjectAltName=critical,} mkchain
  verify; expect_exit 0
  rejected san_critical_with_subject --profile webpki
}
test_webpki_cn_not_in_san() { LEAF_SUBJ="/CN=other.example.com" mkchain; verify; expect_exit 0; rejected cn_not_in_san --profile webpki; }
test_webpki_leaf_is_ca() {
  LEAF_EXT=${LEAF_EXT/basicConstraints=critical,CA:FALSE/basicConstraints=critical,CA:TRUE} mkchain
  rejected leaf_is_ca --profile webpki
}
test_webpki_key_forbidden_p192_leaf() {
  openssl ecparam -name prime192v1 -out p192.param
  LEAF_KEY=(-newkey ec:p192.param)
  mkchain
  rejected key_forbidden --profile webpki
}

# Host names: certctl's matcher (lib/certs/hostname_match.cpp).
test_hostname_wildcard_matches_one_leftmost_label() {
  LEAF_EXT=${LEAF_EXT/DNS:www.example.com/DNS:*.example.com} LEAF_SUBJ="/CN=*.example.com" mkchain
  verify --hostname www.example.com --profile webpki; expect_exit 0
  rejected hostname_mismatch --hostname a.b.example.com
  rejected hostname_mismatch --hostname example.com
}
test_hostname_wildcard_inside_a_label_never_matches() {
  LEAF_EXT=${LEAF_EXT/DNS:www.example.com/DNS:w*.example.com} mkchain
  rejected hostname_mismatch --hostname www.example.com
}
test_hostname_wildcard_over_a_public_suffix_fails_webpki() {
  LEAF_EXT=${LEAF_EXT/DNS:www.example.com/DNS:*.co.uk} LEAF_SUBJ="/CN=*.co.uk" mkchain
  rejected hostname_mismatch --hostname example.co.uk --profile webpki
}
test_hostname_ipv6_san() {
  LEAF_EXT=${LEAF_EXT/DNS:www.example.com/IP:2001:db8::1} LEAF_SUBJ="/CN=2001:db8::1" mkchain
  verify --hostname 2001:db8::1; expect_exit 0
  verify --hostname 2001:DB8:0:0:0:0:0:1; expect_exit 0
  rejected hostname_mismatch --hostname 2001:db8::2
}
test_hostname_cn_is_used_only_without_dns_san_and_never_under_webpki() {
  LEAF_EXT=${LEAF_EXT/subjectAltName=DNS:www.example.com/} mkchain
  verify --hostname www.example.com; expect_exit 0
  rejected hostname_mismatch --hostname www.example.com --profile webpki
}
test_profile_from_config_and_bad_profile() {
  LEAF_EXT=${LEAF_EXT/extendedKeyUsage=serverAuth/} mkchain
  printf '[validation]\nprofile = "webpki"\n' > cfg.toml
  run certctl --config cfg.toml --json cert verify leaf.pem --trust-file root.pem --chain int.pem
  expect_exit 1
  expect_json "'eku_missing' in d['reason_codes'] and d['profile'] == 'webpki'"
  verify --profile nope
  expect_exit 64
}

test_ca_without_key_cert_sign_even_as_the_anchor() {
  ROOT_EXT=${ROOT_EXT/keyUsage=critical,keyCertSign,cRLSign/keyUsage=critical,digitalSignature,cRLSign} mkchain
  rejected ca_without_key_cert_sign
}
test_webpki_version_not_v3() {
  mkchain
  # An X.509 v1 leaf: openssl makes one when no extensions are asked for.
  openssl x509 -req -in leaf.csr -CA int.pem -CAkey int.key -days 365 -set_serial 77 -out leaf.pem 2>/dev/null
  openssl x509 -in leaf.pem -noout -text | grep -q "Version: 1" || fail "openssl did not make a v1 certificate"
  rejected version_not_v3 --profile webpki
}

# CRL rules (lib/certs/crl_checks.cpp): a CRL made by python3-cryptography with the intermediate's key.
# mkcrl [number|critical-number|none] [delta] [only-ca|indirect]
mkcrl() {
  python3 - "$@" <<'PY'
import datetime, sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
issuer = x509.load_pem_x509_certificate(open("int.pem", "rb").read())
key = serialization.load_pem_private_key(open("int.key", "rb").read(), None)
now = datetime.datetime.utcnow()
b = (x509.CertificateRevocationListBuilder().issuer_name(issuer.subject)
     .last_update(now - datetime.timedelta(hours=1)).next_update(now + datetime.timedelta(days=7)))
b = b.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()), False)
args = sys.argv[1:]
if "number" in args:
    b = b.add_extension(x509.CRLNumber(7), False)
if "critical-number" in args:
    b = b.add_extension(x509.CRLNumber(7), True)
if "delta" in args:
    b = b.add_extension(x509.DeltaCRLIndicator(6), True)
if "only-ca" in args or "indirect" in args:
    b = b.add_extension(x509.IssuingDistributionPoint(None, None, False, "only-ca" in args, None, "indirect" in args, False), True)
open("int.crl", "wb").write(b.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM))
PY
}

test_crl_with_a_number_is_accepted() { mkchain; mkcrl number; verify --crl int.crl; expect_exit 0; }
test_crl_number_missing() { mkchain; mkcrl none; rejected crl_number_missing --crl int.crl; }
test_crl_number_critical() { mkchain; mkcrl critical-number; rejected crl_number_critical --crl int.crl; }
test_crl_delta_is_refused_clearly() {
  mkchain; mkcrl number delta
  rejected crl_delta_unsupported --crl int.crl
  expect_stdout "give the complete CRL"
}
test_crl_indirect_is_refused_clearly() { mkchain; mkcrl number indirect; rejected crl_indirect_unsupported --crl int.crl; }
test_crl_only_for_ca_certificates_does_not_cover_a_leaf() { mkchain; mkcrl number only-ca; rejected crl_scope_mismatch --crl int.crl; }
