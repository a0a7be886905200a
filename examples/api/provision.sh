#!/usr/bin/env bash
# examples/api/provision.sh — provision devices through the certctl REST API: log in, have the device make
# its key, get its CSR, sign it with a local certctl CA, ingest the certificate.
#
#   CERTCTL_API=https://router-1.example.net:8443 CERTCTL_CA_FILE=ca.pem CERTCTL_USER=provisioner \
#   CERTCTL_PASSWORD_FILE=provisioner.pw SIGNING_CA=lab ./provision.sh router-1.example.net
#   ... ./provision.sh --list devices.txt      (one "NAME COMMON_NAME" per line)
#
# Needs curl and python3; signs with `certctl ca issue` on this machine (SIGNING_CA, profile tls-client).
set -euo pipefail
api=${CERTCTL_API:?set CERTCTL_API, e.g. https://127.0.0.1:8443}
ca_file=${CERTCTL_CA_FILE:-}
user=${CERTCTL_USER:?set CERTCTL_USER}
password=$(head -n1 "${CERTCTL_PASSWORD_FILE:?set CERTCTL_PASSWORD_FILE}")
signing_ca=${SIGNING_CA:?set SIGNING_CA (a CA of the local certctl store)}
profile=${SIGNING_PROFILE:-tls-client}
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
  certctl ca issue "$signing_ca" --profile "$profile" --csr "$work/$name.csr" --out "$work/$name.pem" >/dev/null
  call POST /api/v1/certificate "$(json name "$name" certificate "$(cat "$work/$name.pem")")" | field not_after |
    sed "s/^/$name: certificate valid until /"
}

if [ "${1:-}" = --list ]; then
  while read -r name cn; do
    [ -n "$name" ] && [ "${name#\#}" = "$name" ] || continue
    provision "$name" "${cn:-$name}" || echo "$name: failed, continuing" >&2
  done < "${2:?--list FILE}"
else
  provision "${1:?NAME}" "${2:-$1}"
fi
