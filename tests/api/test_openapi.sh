# tests/api/test_openapi.sh — docs/api/openapi.json matches the server: every documented route answers
# (never "no such route" nor 405), and every route of the server's table is documented.
# shellcheck source=tests/api/lib_api.sh
. "$REPO/tests/api/lib_api.sh"

test_every_documented_route_exists_and_every_route_is_documented() {
  add_user admin1 admin
  start_server --insecure-http
  login admin1
  python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
for path, ops in d["paths"].items():
    for method in ops:
        print(method.upper(), path.replace("{name}", "nothing"))' "$REPO/docs/api/openapi.json" > documented.txt
  [ "$(wc -l < documented.txt)" -ge 14 ] || fail "too few documented routes"
  while read -r method path; do
    api_json "$method" "$path" '{}'
    [ "$STATUS" != 405 ] || fail "$method $path is documented but answers 405"
    if [ "$STATUS" = 404 ]; then
      expect_json 'not d["error"]["message"].startswith("no such route")'
    fi
    case "$STATUS" in 2*|400|404) ;; *) fail "$method $path answered $STATUS" ;; esac
  done < documented.txt
  # The server's own table, from the source: each row must be in the document.
  grep -oE '^\s*\{"(GET|POST|PUT|DELETE)", "/[^"]*"' "$REPO/api/api.cpp" | sed -E 's/^\s*\{"([A-Z]+)", "([^"]*)"/\1 \2/' \
    | sed 's/{name}/nothing/' | sort > served.txt
  [ "$(wc -l < served.txt)" -ge 14 ] || fail "could not read the route table"
  missing=$(comm -23 served.txt <(sort documented.txt))
  [ -z "$missing" ] || fail "routes served but not documented: $missing"
  extra=$(comm -13 served.txt <(sort documented.txt))
  [ -z "$extra" ] || fail "routes documented but not served: $extra"
  # And a path in neither is refused as such.
  api GET /api/v1/undocumented
  expect_status 404; expect_json 'd["error"]["message"].startswith("no such route")'
}
