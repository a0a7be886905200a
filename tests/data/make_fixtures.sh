#!/usr/bin/env bash
# tests/data/make_fixtures.sh — writes the named negative fixtures under tests/data/<scenario>/ with OpenSSL
# and printf, never with certctl, so a bug in certctl cannot agree with itself. Each scenario's expected.txt
# says what every fixture must produce; tests/cli/test_negative_fixtures.sh holds certctl to it.
# Run it again after changing it and commit what it writes (the certificates it makes expire in 2126).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/cert_import"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
rm -f "$out"/invalid_*

cert() {  # cert NAME: a self-signed EC certificate valid for a century in $tmp/NAME.pem
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/$1.key" \
    -subj "/CN=$1" -days 36500 -out "$tmp/$1.pem" 2>/dev/null
}
cert one
cert two

: > "$out/invalid_empty.pem"
for _ in 1 2 3 4 5 6 7 8; do printf '\x7fELF\x02\x01 this is not a certificate\n'; done > "$out/invalid_garbage.bin"
head -n 4 "$tmp/one.pem" > "$out/invalid_truncated.pem"  # BEGIN and two lines of base64, no END
openssl crl2pkcs7 -nocrl -certfile "$tmp/one.pem" -outform DER -out "$tmp/one.p7b"
head -c "$(( $(stat -c %s "$tmp/one.p7b") / 2 ))" "$tmp/one.p7b" > "$out/invalid_truncated.p7b"
cat "$tmp/one.pem" "$tmp/two.pem" > "$out/invalid_two_certificates.pem"
cat "$tmp/one.pem" "$tmp/one.key" > "$out/invalid_with_private_key.pem"
openssl pkey -in "$tmp/one.key" -outform DER -out "$out/invalid_private_key.der"
