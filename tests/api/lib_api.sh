# tests/api/lib_api.sh — a real certctl-serve on 127.0.0.1 (a free port), its TLS certificate signed by an
# OpenSSL lab CA, and curl helpers that record status, headers and body of the last call.
SERVE_PID=""
API_PASSWORD="a long operator password"

# An OpenSSL root CA (ca.pem, ca.key) and a store key + certificate "api" for 127.0.0.1 signed by it.
make_api_cert() {
  local name=${1:-api}
  [ -f ca.pem ] || openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem \
    -days 30 -subj "/CN=certctl api test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  "$CERTCTL" --store "$STORE" key generate "$name" >/dev/null 2>&1 || true
  "$CERTCTL" --store "$STORE" csr create "$name" --cn 127.0.0.1 --ip 127.0.0.1 --out "$name.csr" >/dev/null
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1\n' > "$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -out "$name.pem" \
    -extfile "$name.ext" 2>/dev/null
  "$CERTCTL" --store "$STORE" cert import "$name" "$name.pem" >/dev/null
}

add_user() {  # NAME ROLE [PASSWORD]
  printf '%s\n' "${3:-$API_PASSWORD}" > "$WORK/pw.$1"
  "$CERTCTL" --store "$STORE" user add "$1" --role "$2" --password-file "$WORK/pw.$1" >/dev/null
}

# start_serve [extra serve flags]: certctl serve, HTTPS with certificate "api" unless --insecure-http is given; sets
# PORT and BASE. SERVE_ENV, an array of NAME=VALUE, is set for the server alone (the memory scanner's LD_PRELOAD,
# not for curl too). The API suites call it start_server; a suite that also sources lib_crl.sh (whose
# start_server is the CRL's HTTP server) calls start_serve.
start_serve() {
  local flags=("$@")
  [ ${#flags[@]} -gt 0 ] || flags=(--tls-cert api)
  # Made here, not by the background shell's redirection: on a slow machine the loop below can read it first.
  : >"$WORK/serve.log"
  env "${SERVE_ENV[@]}" "$CERTCTL" --store "$STORE" serve --listen 127.0.0.1:0 "${flags[@]}" 2>>"$WORK/serve.log" &
  SERVE_PID=$!
  trap 'stop_serve' EXIT
  for _ in $(seq 1 200); do
    PORT=$(sed -n 's/.*listening on https\{0,1\}:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/serve.log" | head -1)
    [ -n "$PORT" ] && break
    kill -0 "$SERVE_PID" 2>/dev/null || { cat "$WORK/serve.log"; fail "server exited"; }
    sleep 0.05
  done
  [ -n "$PORT" ] || fail "server did not start: $(cat "$WORK/serve.log")"
  case " ${flags[*]} " in
    *" --insecure-http "*) BASE="http://127.0.0.1:$PORT" ;;
    *) BASE="https://127.0.0.1:$PORT" ;;
  esac
}

stop_serve() {
  if [ -n "${SERVE_PID:-}" ] && kill -0 "$SERVE_PID" 2>/dev/null; then
    kill -TERM "$SERVE_PID"
    wait "$SERVE_PID" 2>/dev/null || true
  fi
  SERVE_PID=""
}
start_server() { start_serve "$@"; }
stop_server() { stop_serve; }

# api METHOD PATH [curl args...]: status in $STATUS, body in $WORK/out, headers in $WORK/headers.
api() {
  local method=$1 path=$2; shift 2
  local auth=()
  [ -n "${TOKEN:-}" ] && auth=(-H "Authorization: Bearer $TOKEN")
  STATUS=$(curl -sS --cacert "$WORK/ca.pem" -X "$method" "${auth[@]}" -D "$WORK/headers" -o "$WORK/out" \
    -w '%{http_code}' "$@" "$BASE$path") || fail "curl failed: $method $path"
}
# api_json METHOD PATH JSON: a JSON body, as the platform's curl sends it.
api_json() { api "$1" "$2" -H 'Content-Type: application/json' -d "$3"; }
expect_status() { [ "$STATUS" = "$1" ] || fail "HTTP status $STATUS, expected $1"; }

login() {  # USER [PASSWORD]: sets TOKEN
  TOKEN=""
  api_json POST /api/v1/login "{\"username\": \"$1\", \"password\": \"${2:-$API_PASSWORD}\", \"application\": \"GUI\"}"
  expect_status 200
  TOKEN=$(json_get 'd["token"]')
}
