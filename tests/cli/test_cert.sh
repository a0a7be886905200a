# tests/cli/test_cert.sh — cert import/track/list/show/export/remove on a real store: the checks in order,
# every bad input (exit code, message, store unchanged, failure counted and audited).

# pki KIND NAME [ISSUER] [options]: certificates made with python3-cryptography (never with certctl), so
# exact dates are easy. KIND root|int|leaf; writes NAME.pem and NAME.key in the cwd.
pki() {
  python3 - "$@" <<'PY'
import argparse, datetime as dt
from cryptography import x509
from cryptography.x509.oid import NameOID, ExtendedKeyUsageOID
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
p = argparse.ArgumentParser()
p.add_argument("kind"); p.add_argument("name"); p.add_argument("issuer", nargs="?")
p.add_argument("--nb", type=float, default=-1); p.add_argument("--na", type=float, default=365)
p.add_argument("--eku", default="serverAuth"); p.add_argument("--dns", default="")
p.add_argument("--rsa", type=int, default=0); p.add_argument("--cn", default="")
a = p.parse_args()
key = rsa.generate_private_key(65537, a.rsa) if a.rsa else ec.generate_private_key(ec.SECP256R1())
open(a.name + ".key", "wb").write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, a.cn or a.name)])
if a.issuer:
    icert = x509.load_pem_x509_certificate(open(a.issuer + ".pem", "rb").read())
    ikey = serialization.load_pem_private_key(open(a.issuer + ".key", "rb").read(), None)
    iname = icert.subject
else:
    icert, ikey, iname = None, key, name
now = dt.datetime.now(dt.timezone.utc)
b = (x509.CertificateBuilder().subject_name(name).issuer_name(iname).public_key(key.public_key())
     .serial_number(x509.random_serial_number())
     .not_valid_before(now + dt.timedelta(days=a.nb)).not_valid_after(now + dt.timedelta(days=a.na)))
ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
b = b.add_extension(ski, False)
if icert is not None:
    b = b.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ikey.public_key()), False)
if a.kind in ("root", "int"):
    b = b.add_extension(x509.BasicConstraints(True, 0 if a.kind == "int" else None), True)
    b = b.add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), True)
else:
    b = b.add_extension(x509.BasicConstraints(False, None), True)
    b = b.add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), True)
    ekus = {"serverAuth": ExtendedKeyUsageOID.SERVER_AUTH, "clientAuth": ExtendedKeyUsageOID.CLIENT_AUTH}
    if a.eku:
        b = b.add_extension(x509.ExtendedKeyUsage([ekus[e] for e in a.eku.split(",")]), False)
    if a.dns:
        b = b.add_extension(x509.SubjectAlternativeName([x509.DNSName(d) for d in a.dns.split(",")]), False)
cert = b.sign(ikey, hashes.SHA256())
open(a.name + ".pem", "wb").write(cert.public_bytes(serialization.Encoding.PEM))
PY
}

# root -> int -> web (EC), and a bundle "lab" holding the root.
lab() {
  pki root root
  pki int int root
  pki leaf web int --dns web01.example.net
  run certctl trust add lab root.pem
  expect_exit 0
}

# The store must never hold private key material.
expect_no_key_in_store() {
  if grep -rqa "PRIVATE KEY" "$STORE" 2>/dev/null; then fail "private key material found in the store"; fi
}

expect_refusal_recorded() {  # N failures expected so far
  [ "$(counter certificate_import_failure)" = "$1" ] || fail "failure counter $(counter certificate_import_failure), expected $1"
  [ "$(audit_count system.ingest_certificate 0)" = "$1" ] || fail "failure audit events $(audit_count system.ingest_certificate 0), expected $1"
}

test_import_with_chain_and_bundle() {
  lab
  run certctl cert import web01 web.pem --chain int.pem --trust lab --purpose tls-server
  expect_exit 0
  expect_stdout_empty
  must certctl cert list --json
  expect_json 'd["certificates"][0]["name"] == "web01" and d["certificates"][0]["state"] == "in-service"'
  expect_json 'd["certificates"][0]["trust_bundle"] == "lab" and d["certificates"][0]["days_left"] in (364, 365)'
  serial=$(openssl x509 -in web.pem -noout -serial | cut -d= -f2 | tr 'A-F' 'a-f' | sed 's/^0*//')
  expect_json "d['certificates'][0]['serial'].lstrip('0') == '$serial'"
  [ "$(counter certificate_import_success)" = 1 ] || fail "success not counted"
  must certctl audit list --event system.ingest_certificate --json
  expect_json 'd["events"][-1]["detail"]["purpose"] == "TLS Web Server Authentication"'
  expect_json 'd["events"][-1]["detail"]["common_name"] == "web" and d["events"][-1]["detail"]["certificate_authority"] == "/CN=int"'
  fp=$(openssl x509 -in web.pem -noout -fingerprint -sha256 | cut -d= -f2 | tr -d : | tr 'A-F' 'a-f')
  expect_json "d['events'][-1]['detail']['fingerprint'] == '$fp' and d['events'][-1]['success']"
}

test_private_key_refused_even_in_warn_mode() {
  lab
  cat web.pem web.key > combo.pem
  must certctl init
  snapshot_store
  run certctl cert import web01 combo.pem --validation-mode warn
  expect_exit 65
  expect_stderr "private key"
  expect_store_unchanged
  expect_refusal_recorded 1
  expect_no_key_in_store
  openssl pkcs8 -topk8 -nocrypt -in web.key -outform DER -out key.der
  run certctl cert import web01 key.der
  expect_exit 65
  expect_stderr "private key"
  openssl ec -in web.key -out sec1.pem 2>/dev/null
  cat sec1.pem web.pem > combo2.pem
  run certctl cert import web01 combo2.pem
  expect_exit 65
  openssl pkcs8 -topk8 -v2 aes256 -passout pass:x -in web.key -outform DER -out enc.der
  run certctl cert import web01 enc.der
  expect_exit 65
  expect_stderr "private key"
  expect_store_unchanged
  expect_refusal_recorded 4
  expect_no_key_in_store
}

test_unreadable_inputs() {
  must certctl init
  snapshot_store
  run certctl cert import a missing.pem
  expect_exit 66
  : > empty.pem
  run certctl cert import a empty.pem
  expect_exit 65
  expect_stderr "empty"
  head -c 3000 /dev/urandom > garbage.bin
  run certctl cert import a garbage.bin
  expect_exit 65
  expect_stderr "not PEM, DER or PKCS#7"
  pki root root
  head -c 300 root.pem > truncated.pem
  run certctl cert import a truncated.pem
  expect_exit 65
  expect_stderr "truncated"
  truncate -s 200M huge.pem
  start=$(date +%s)
  run certctl cert import a huge.pem
  expect_exit 65
  [ $(( $(date +%s) - start )) -lt 5 ] || fail "200 MB file not refused quickly"
  pki int int root
  cat root.pem int.pem > two.pem
  run certctl cert import a two.pem
  expect_exit 65
  expect_stderr "holds 2 certificates; expected one"
  expect_store_unchanged
  expect_refusal_recorded 6
}

test_bad_and_existing_names() {
  lab
  run certctl cert import web01 web.pem --chain int.pem --trust lab
  expect_exit 0
  snapshot_store
  for n in ../x a/b "" .hidden; do
    run certctl cert import "$n" web.pem
    expect_exit 64
  done
  pki leaf other int
  run certctl cert import web01 other.pem --chain int.pem --trust lab
  expect_exit 64
  expect_stderr "already"
  expect_store_unchanged
  must certctl cert show web01 --json
  expect_json "d['certificate']['common_name'] == 'web'"
}

test_read_only_store_is_73() {
  lab
  snapshot_store
  chmod -R a-w "$STORE"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R nobody "$STORE"; chmod -R a+rX "$WORK"; chmod a+x "$TEST_ROOT" "$(dirname "$WORK")"
    run setpriv --reuid=nobody --regid=nogroup --clear-groups "$CERTCTL" --store "$STORE" cert import w web.pem --validation-mode warn
  else
    run certctl cert import w web.pem --validation-mode warn
  fi
  expect_exit 73
  chmod -R u+w "$STORE"
  expect_store_unchanged
}

test_dates_strict_refuses_warn_imports() {
  lab
  pki leaf old int --nb -400 --na -10
  pki leaf future int --nb 10 --na 400
  snapshot_store
  run certctl cert import old old.pem --chain int.pem --trust lab
  expect_exit 65
  expect_stderr "certificate has expired"
  run certctl cert import future future.pem --chain int.pem --trust lab
  expect_exit 65
  expect_stderr "not yet valid"
  expect_store_unchanged
  expect_refusal_recorded 2
  run certctl cert import old old.pem --chain int.pem --trust lab --validation-mode warn
  expect_exit 0
  expect_stderr "warning: old: old: certificate has expired"
  must certctl cert show old --json
  expect_json 'd["validation_mode"] == "warn" and len(d["warnings"]) >= 1'
  # the default mode comes from the configuration
  printf '[validation]\nmode = "warn"\n' > "$STORE/certctl.toml"
  run certctl cert import future future.pem --chain int.pem --trust lab
  expect_exit 0
  expect_stderr "not yet valid"
}

test_roles_and_chain_findings() {
  lab
  pki leaf client int --eku clientAuth
  pki root stranger
  pki leaf lost stranger
  snapshot_store
  run certctl cert import c client.pem --chain int.pem --trust lab --purpose tls-server
  expect_exit 65
  expect_stderr "extended key usage lacks serverAuth"
  run certctl cert import c int.pem --trust lab --purpose tls-server
  expect_exit 65
  expect_stderr "needs an end-entity certificate"
  run certctl cert import c client.pem --trust lab
  expect_exit 65
  expect_stderr "unknown issuer"
  expect_stderr "CN=int"
  run certctl cert import c lost.pem --chain stranger.pem --trust lab
  expect_exit 65
  expect_stderr "untrusted root"
  run certctl cert import c client.pem --trust nosuch
  expect_exit 66
  expect_store_unchanged
  expect_refusal_recorded 5
}

test_key_match_in_both_modes() {
  lab
  must certctl init
  spki_sha() { openssl pkey -in "$1" -pubout -outform DER | sha256sum | cut -d' ' -f1; }
  python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("insert into keys values (?,?,?,?,0,?)", ("web01","ec:secp256r1",sys.argv[2],"-","2026-01-01T00:00:00Z")); c.execute("insert into keys values (?,?,?,?,0,?)", ("other","ec:secp256r1",sys.argv[3],"-","2026-01-01T00:00:00Z")); c.commit()' \
    "$STORE/certctl.db" "$(spki_sha web.key)" "$(spki_sha int.key)"
  snapshot_store
  run certctl cert import other web.pem --chain int.pem --trust lab --validation-mode warn
  expect_exit 65
  expect_stderr "does not match the key"
  expect_store_unchanged
  run certctl cert import web01 web.pem --chain int.pem --trust lab
  expect_exit 0
  must certctl cert show web01 --json
  expect_json 'd["key"] == "web01"'
}

test_der_and_pkcs7_inputs() {
  lab
  openssl x509 -in web.pem -outform DER -out web.der
  run certctl cert import d web.der --chain int.pem --trust lab
  expect_exit 0
  openssl crl2pkcs7 -nocrl -certfile int.pem -certfile web.pem -out chain.p7b.pem
  openssl crl2pkcs7 -nocrl -certfile web.pem -certfile int.pem -outform DER -out chain.p7b
  run certctl cert import p chain.p7b.pem --trust lab
  expect_exit 0
  run certctl cert import q chain.p7b --trust lab
  expect_exit 0
  must certctl cert show q --json --detail
  expect_json 'd["certificate"]["common_name"] == "web" and d["chain"][0]["common_name"] == "int"'
}

test_show_export_remove() {
  lab
  must certctl cert import web01 web.pem --chain int.pem --trust lab
  run certctl cert show web01
  expect_exit 0
  expect_stdout "DNS:web01.example.net"
  expect_stdout "digitalSignature"
  must certctl cert show web01 --detail --json
  sha1=$(openssl x509 -in web.pem -noout -fingerprint -sha1 | cut -d= -f2 | tr -d : | tr 'A-F' 'a-f')
  expect_json "d['certificate']['sha1'] == '$sha1'"
  run certctl cert export web01 --chain --out out.pem
  expect_exit 0
  [ "$(grep -c 'BEGIN CERTIFICATE' out.pem)" = 2 ] || fail "export --chain lacks the chain"
  openssl verify -CAfile root.pem -untrusted int.pem out.pem >/dev/null || fail "exported certificate does not verify"
  cmp <(openssl x509 -in web.pem -outform DER) <(openssl x509 -in out.pem -outform DER) || fail "exported bytes differ"
  must certctl cert show web01 --pem
  expect_stdout "BEGIN CERTIFICATE"
  run certctl cert remove web01
  expect_exit 0
  run certctl cert remove web01
  expect_exit 66
  run certctl cert show web01
  expect_exit 66
}

test_track_a_file() {
  lab
  run certctl cert track site web.pem --purpose tls-server
  expect_exit 0
  must certctl cert list --json
  expect_json "d['certificates'][0]['source'] == 'tracked' and d['certificates'][0]['path'] == '$WORK/web.pem'"
  must certctl cert show site --json
  expect_json 'd["certificate"]["common_name"] == "web"'
  cat web.pem web.key > combo.pem
  run certctl cert track site2 combo.pem
  expect_exit 65
  run certctl cert track site3 nothere.pem
  expect_exit 66
  rm web.pem
  run certctl cert show site --json
  expect_exit 0
  expect_json 'd["certificate"] is None and "web.pem" in d["problem"]'
}

test_json_error_object() {
  must certctl init
  run certctl --json cert import a missing.pem
  expect_exit 66
  expect_json 'd["error"]["code"] == "not_found"'
}

test_verify_with_trust_file_needs_no_store() {
  pki root root
  pki int int root
  pki leaf web int --dns web01.example.net
  run certctl cert verify web.pem --chain int.pem --trust-file root.pem --purpose tls-server --hostname web01.example.net
  expect_exit 0
  expect_stdout 'anchored by "CN=root"'
  [ ! -e "$STORE" ] || fail "cert verify --trust-file created a store"
}

# Neither stdout nor stderr may carry a control character (other than the newlines of our own layout),
# a C1 control, or a line forged by a subject.
expect_terminal_safe() {
  python3 - "$WORK/out" "$WORK/err" <<'PY' || fail "control characters or a forged line reached the terminal: $*"
import sys
for f in sys.argv[1:]:
    d = open(f, "rb").read()
    if any((c < 32 and c != 10) or c == 127 for c in d) or b"\xc2\x9b" in d:
        sys.exit(1)
    if any(line.lstrip().startswith(b"valid: forged") for line in d.split(b"\n")):
        sys.exit(1)
PY
}

test_control_characters_from_a_certificate_never_reach_the_terminal() {
  evil=$(printf 'evil\033[31mRED\r\nvalid: forged\177\302\233X')
  pki root evil --cn "$evil"
  pki leaf eleaf evil --cn "$evil" --na 5
  run certctl cert import evil evil.pem
  expect_exit 0
  expect_terminal_safe "cert import"
  run certctl cert import eleaf eleaf.pem --chain evil.pem
  expect_exit 0
  expect_terminal_safe "cert import of the leaf"
  # each with its expected exit code: the leaf fails verification (host name) and expires within the major threshold (check: 2)
  for cmd in "0 cert show evil" "0 cert list" "0 cert verify evil.pem --trust-file evil.pem" \
             "1 cert verify eleaf.pem --trust-file evil.pem --hostname other.example" "2 check" "0 status" \
             "0 alarm list"; do
    # shellcheck disable=SC2086
    run certctl ${cmd#* }
    expect_exit "${cmd%% *}"
    expect_terminal_safe "${cmd#* }"
  done
  run certctl cert show evil
  expect_stdout 'evil\e[31mRED\r\nvalid: forged\x7f\u009bX'
  run certctl trust add evilb evil.pem
  expect_exit 0
  expect_terminal_safe "trust add"
  for cmd in "trust list" "trust show evilb"; do
    # shellcheck disable=SC2086
    run certctl $cmd
    expect_exit 0
    expect_terminal_safe "$cmd"
  done
  # JSON keeps the exact subject (escaped by JSON itself)
  run certctl cert show evil --json
  expect_json '"\x1b[31mRED\r\nvalid: forged\x7f\x9bX" in d["certificate"]["subject"]'
  # an error naming an outside string is escaped too
  run certctl cert verify "$(printf 'no\033[2Jsuch.pem')" --trust-file evil.pem
  expect_exit 66
  expect_terminal_safe "error"
}
