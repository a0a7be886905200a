# tests/interop/test_trust_probe.sh — `trust probe` against `openssl s_server` on 127.0.0.1, one server per chain:
# trusted, unknown issuer, incomplete chain, expired, not yet valid, name mismatch, weak signature under --fips,
# and ports without TLS (69).

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# serve CERT KEY [CHAIN]: an s_server in the background on $PORT; stopped by stop_server (by its pid).
serve() {
  PORT=$(free_port)
  local chain=()
  [ -n "${3:-}" ] && chain=(-cert_chain "$3")
  # SECLEVEL=0 lets the server present a SHA-1 signed certificate (the weak-signature case).
  openssl s_server -www -accept "127.0.0.1:$PORT" -cert "$1" -key "$2" "${chain[@]}" -cipher 'DEFAULT:@SECLEVEL=0' \
    >"$WORK/server.log" 2>&1 </dev/null &
  SERVER_PID=$!
  for _ in $(seq 100); do grep -q ACCEPT "$WORK/server.log" && return 0; sleep 0.05; done
  fail "s_server did not start: $(cat "$WORK/server.log")"
}
stop_server() { kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null || true; }

# pki KIND NAME [ISSUER] [--nb DAYS] [--na DAYS]: RSA certificates made with python3-cryptography (exact dates);
# leaves are named web01.example.net in their SAN.
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
a = p.parse_args()
key = ec.generate_private_key(ec.SECP256R1())
open(a.name + ".key", "wb").write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, a.name)])
if a.issuer:
    icert = x509.load_pem_x509_certificate(open(a.issuer + ".pem", "rb").read())
    ikey = serialization.load_pem_private_key(open(a.issuer + ".key", "rb").read(), None)
    iname = icert.subject
else:
    ikey, iname = key, name
now = dt.datetime.now(dt.timezone.utc)
b = (x509.CertificateBuilder().subject_name(name).issuer_name(iname).public_key(key.public_key())
     .serial_number(x509.random_serial_number())
     .not_valid_before(now + dt.timedelta(days=a.nb)).not_valid_after(now + dt.timedelta(days=a.na)))
# Key identifiers as RFC 5280 4.2.1.1/4.2.1.2 require (cert verify's rfc5280 profile refuses chains without).
b = b.add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
if a.issuer:
    b = b.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ikey.public_key()), False)
if a.kind == "ca":
    b = b.add_extension(x509.BasicConstraints(True, None), True)
    b = b.add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), True)
else:
    b = b.add_extension(x509.BasicConstraints(False, None), True)
    b = b.add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), True)
    b = b.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
    b = b.add_extension(x509.SubjectAlternativeName([x509.DNSName("web01.example.net")]), False)
cert = b.sign(ikey, hashes.SHA256())
open(a.name + ".pem", "wb").write(cert.public_bytes(serialization.Encoding.PEM))
PY
}

lab() {
  pki ca root
  pki ca int root
  pki leaf web int
  run certctl trust add lab root.pem
  expect_exit 0
}

probe() { run certctl trust probe "https://127.0.0.1:$PORT" --bundle lab --servername web01.example.net --timeout 5 "$@"; }

test_trusted_chain() {
  lab
  serve web.pem web.key int.pem
  probe --json
  stop_server
  expect_exit 0
  expect_json 'd["trusted"] and d["verdict"] == "trusted" and d["anchor"] == "CN=root" and len(d["chain"]) == 2'
  expect_json 'd["chain"][0]["common_name"] == "web"'
}

test_text_shows_chain_and_one_line() {
  lab
  pki ca other
  must certctl trust add zzz other.pem
  serve web.pem web.key int.pem
  probe
  run certctl trust probe "https://127.0.0.1:$PORT" --servername web01.example.net
  stop_server
  expect_exit 0
  expect_stdout "0 CN=web"
  expect_stdout "1 CN=int"
  expect_stdout 'trusted: anchored by "CN=root" from bundle lab'
}

test_unknown_issuer() {
  lab
  pki ca root2
  pki ca int2 root2
  pki leaf web2 int2
  serve web2.pem web2.key int2.pem
  probe
  stop_server
  expect_exit 1
  expect_stdout "not trusted: unknown issuer"
  expect_stdout "CN=root2"
}

test_incomplete_chain() {
  lab
  serve web.pem web.key
  probe --json
  stop_server
  expect_exit 1
  expect_json 'd["verdict"] == "incomplete_chain" and "CN=int" in d["message"]'
}

test_expired_and_not_yet_valid() {
  lab
  pki leaf old int --nb -400 --na -5
  serve old.pem old.key int.pem
  probe --json
  stop_server
  expect_exit 1
  expect_json 'd["verdict"] == "expired" and "old" in d["message"]'
  pki leaf soon int --nb 5 --na 400
  serve soon.pem soon.key int.pem
  probe --json
  stop_server
  expect_exit 1
  expect_json 'd["verdict"] == "not_yet_valid"'
}

test_name_mismatch() {
  lab
  serve web.pem web.key int.pem
  run certctl trust probe "https://127.0.0.1:$PORT" --bundle lab --servername www.example.org --json
  stop_server
  expect_exit 1
  expect_json 'd["verdict"] == "name_mismatch" and "www.example.org" in d["message"]'
}

test_weak_signature_under_fips() {
  lab
  # python3-cryptography refuses SHA-1 signatures; OpenSSL still makes them
  openssl req -newkey rsa:2048 -nodes -keyout weak.key -out weak.csr -subj "/CN=weak" 2>/dev/null
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:web01.example.net\n' > weak.ext
  openssl x509 -req -sha1 -in weak.csr -CA int.pem -CAkey int.key -CAcreateserial -days 30 -out weak.pem -extfile weak.ext 2>/dev/null
  serve weak.pem weak.key int.pem
  probe --fips --json
  expect_exit 1
  expect_json 'd["verdict"] == "weak_signature" and "SHA-1" in d["message"]'
  probe --json
  stop_server
  expect_exit 1
  expect_json 'd["verdict"] == "weak_signature"'
}

test_no_tls_and_closed_port_are_69() {
  lab
  PORT=$(free_port)
  python3 -m http.server --bind 127.0.0.1 "$PORT" >/dev/null 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 100); do python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $PORT), 1)" 2>/dev/null && break; sleep 0.05; done
  probe
  stop_server
  expect_exit 69
  expect_stderr "TLS"
  PORT=$(free_port)
  probe
  expect_exit 69
  expect_stderr "cannot reach TLS server"
  run certctl trust probe "http://127.0.0.1:$PORT" --bundle lab
  expect_exit 64
  run certctl trust probe "https://127.0.0.1:$PORT" --bundle nosuch
  expect_exit 66
}

test_profile_webpki_applies_the_baseline_requirements() {
  # The leaf's CN ("web") is not among its SAN entries: RFC 5280 allows it, the CA/Browser Forum rules do not.
  lab
  serve web.pem web.key int.pem
  probe --json
  expect_exit 0
  expect_json 'd["profile"] == "rfc5280" and d["reason_codes"] == []'
  probe --json --profile webpki
  stop_server
  expect_exit 1
  expect_json 'd["profile"] == "webpki" and "cn_not_in_san" in d["reason_codes"] and not d["trusted"]'
  expect_json 'len(d["reason_codes"]) == len(d["reasons"])'
}
