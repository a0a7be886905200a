# tests/api/test_concurrency.sh — 50 clients at once, each provisioning its own names for a bounded time:
# no error, no lost audit event, a store that agrees with itself.
# shellcheck source=tests/api/lib_api.sh
. "$REPO/tests/api/lib_api.sh"

client() {  # N: log in, then key + CSR for router-N-i until the deadline
  local n=$1 deadline=$2 i=0 token code
  token=$(curl -sS --cacert ca.pem -H 'Content-Type: application/json' \
    -d "{\"username\": \"fleet\", \"password\": \"$API_PASSWORD\", \"application\": \"fleet\"}" \
    "$BASE/api/v1/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])') || return 1
  while [ "$(date +%s)" -lt "$deadline" ] || [ "$i" -eq 0 ]; do
    code=$(curl -sS --cacert ca.pem -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' -d "{\"name\": \"r$n-$i\", \"algorithm\": \"ECC\"}" "$BASE/api/v1/private-key")
    [ "$code" = 201 ] || { echo "client $n: key r$n-$i: $code"; return 1; }
    code=$(curl -sS --cacert ca.pem -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' -d "{\"name\": \"r$n-$i\", \"common_name\": \"r$n-$i.example.net\"}" \
      "$BASE/api/v1/certificate-request")
    [ "$code" = 201 ] || { echo "client $n: CSR r$n-$i: $code"; return 1; }
    i=$((i + 1))
  done
  echo "$i" > "done.$n"
}

test_fifty_clients_provision_distinct_names() {
  make_api_cert
  add_user fleet operator
  # Consistency is the question here, not latency on a loaded test machine: writers may queue long.
  printf '[api]\nstore_wait = "60s"\n' > "$STORE/certctl.toml"
  start_server
  csr_before=$(counter csr_success)
  deadline=$(( $(date +%s) + 8 ))
  pids=()
  for n in $(seq 1 50); do client "$n" "$deadline" > "client.$n.log" 2>&1 & pids+=($!); done
  failed=0
  for p in "${pids[@]}"; do wait "$p" || failed=$((failed + 1)); done
  [ "$failed" -eq 0 ] || fail "$failed clients failed: $(cat client.*.log | head -5)"
  total=0
  for f in done.*; do total=$((total + $(cat "$f"))); done
  [ "$total" -ge 50 ] || fail "only $total provisions"
  db="$STORE/certctl.db"
  q() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$db" "$1"; }
  [ "$(q "select count(*) from keys where name like 'r%'")" = "$total" ] || fail "keys rows != $total"
  [ "$(q "select count(*) from csrs where name like 'r%'")" = "$total" ] || fail "CSR rows != $total"
  [ "$(ls "$STORE/keys" | grep -c '^r')" = "$total" ] || fail "key files != $total"
  [ "$(q "select count(*) from audit where type='system.generate_key' and success=1 and user='fleet'")" = "$total" ] \
    || fail "lost system.generate_key events"
  [ "$(q "select count(*) from audit where type='system.generate_csr' and success=1 and user='fleet'")" = "$total" ] \
    || fail "lost system.generate_csr events"
  [ "$(q "select value from counters where name='csr_success'")" = "$((total + csr_before))" ] \
    || fail "csr_success counter != $total + $csr_before"
  [ "$(q "pragma integrity_check")" = ok ] || fail "integrity check failed"
  echo "provisioned $total key+CSR pairs with 50 clients in 8 s"
}
