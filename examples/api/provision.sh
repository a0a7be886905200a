#!/usr/bin/env bash
# examples/api/provision.sh — provision devices through the certctl REST API: log in, have the device make
# its key, get its CSR, have a CA sign it, ingest the certificate.
#
#   CERTCTL_API=https://router-1.example.net:8443 CERTCTL_CA_FILE=api-ca.pem CERTCTL_USER=provisioner \
#   CERTCTL_PASSWORD_FILE=provisioner.pw SIGNING_CA_CERT=ca.pem SIGNING_CA_KEY=ca.key \
#   ./provision.sh router-1 router-1.example.net
#   ... ./provision.sh --list devices.txt      (one "NAME COMMON_NAME" per line)
#
# Needs curl, python3 and openssl. The CA here is an OpenSSL key pair standing in for the real one (the
# device's CA is elsewhere: a certctl CA on another machine, or an enterprise CA).
set -euo pipefail
api=${CERTCTL_API:?set CERTCTL_API, e.g. https://127.0.0.1:8443}
ca_file=${CERTCTL_CA_FILE:-}
user=${CERTCTL_USER:?set CERTCTL_USER}
password=$(head -n1 "${CERTCTL_PASSWORD_FILE:?set CERTCTL_PASSWORD_FILE}")
ca_cert=${SIGNING_CA_CERT:?set SIGNING_CA_CERT (PEM)}
ca_key=${SIGNING_CA_KEY:?set SIGNING_CA_KEY (PEM)}
tls=()
[ -n "$ca_file" ] && tls=(--cacert "$ca_file")
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

json() { python3 -c 'import json,sys; print(json.dumps(dict(zip(sys.argv[1::2], sys.argv[2::2]))))' "$@"; }
field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
call() {  # METHOD PATH BODY: prints the body; fails with the API's error message
  local out="$work/out" code
  code=$(curl -sS "${tls[@]}" -X "$1" -H "Authorization: Bearer ${token:-}" -H 'Content-Type: application/json' \
    --data-binary "$3" -o "$out" -w '%{http_code}' "$api$2")
  case "$code" in 2*) cat "$out" ;; *) echo "provision: $1 $2: HTTP $code: $(cat "$out")" >&2; return 1 ;; esac
}

token=$(call POST /api/v1/login "$(json username "$user" password "$password" application provision.sh)" | field token)

provision() {  # NAME COMMON_NAME
  local name=$1 cn=$2
  call POST /api/v1/private-key "$(json name "$name" algorithm ECC ecc_curve SECP256R1)" >/dev/null
  # GET with a JSON body, as the platform documents it.
  call GET /api/v1/certificate-request "$(json name "$name" common_name "$cn" validity_period 365)" | field csr > "$work/$name.csr"
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth,serverAuth\n' \
    > "$work/ext"
  openssl x509 -req -in "$work/$name.csr" -CA "$ca_cert" -CAkey "$ca_key" -CAcreateserial -CAserial "$work/serial" \
    -days 365 -extfile "$work/ext" -out "$work/$name.pem" 2>/dev/null
  call POST /api/v1/certificate "$(json name "$name" certificate "$(cat "$work/$name.pem")")" >"$work/ingested"
  echo "$name: certificate valid until $(field not_after <"$work/ingested")"
}

if [ "${1:-}" = --list ]; then
  while read -r name cn; do
    [ -n "$name" ] && [ "${name#\#}" = "$name" ] || continue
    provision "$name" "${cn:-$name}" || echo "$name: failed, continuing" >&2
  done < "${2:?--list FILE}"
else
  provision "${1:?NAME}" "${2:-$1}"
fi
