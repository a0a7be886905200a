# tests/interop/test_exchange_recipe.sh — the by-hand recipe of docs/exchange.md (awk, sed, base64, openssl)
# verifies exchange files, and certctl accepts a file written by python3 + openssl alone.
. "$DATA/exchange/lab.sh"

LAB="$TEST_ROOT/test_exchange_recipe.lab"

# Runs the recipe block of docs/exchange.md, as written, on resp.yml + root.pem in the current directory.
run_recipe() {
  awk '/^<!-- recipe:/ {m=1; next} m && /^```sh$/ {f=1; next} f && /^```$/ {exit} f' "$REPO/docs/exchange.md" >recipe.sh
  [ -s recipe.sh ] || fail "no recipe block in docs/exchange.md"
  bash -e recipe.sh >recipe.out 2>&1 || { cat recipe.out; fail "the recipe failed"; }
  grep -qx 'Verified OK' recipe.out || { cat recipe.out; fail "no 'Verified OK'"; }
  grep -qx 'signing.pem: OK' recipe.out || { cat recipe.out; fail "signing certificate did not verify"; }
  [ "$(tail -1 recipe.out)" = "$(tail -2 recipe.out | head -1)" ] || { cat recipe.out; fail "root_cert_hash differs"; }
}

test_recipe_verifies_python_written_file_and_certctl_accepts_it() {
  lab_make "$LAB"
  lab_response "$LAB" resp.yml
  cp "$LAB/root.pem" root.pem
  run_recipe
  run certctl exchange verify resp.yml --trust-file root.pem
  expect_exit 0
  expect_stdout "valid"
}

test_recipe_fails_on_a_changed_byte() {
  lab_make "$LAB"
  lab_response "$LAB" good.yml
  cp "$LAB/root.pem" root.pem
  sed 's/:satellite_name: Ross/:satellite_name: Rose/' good.yml >resp.yml
  awk '/^<!-- recipe:/ {m=1; next} m && /^```sh$/ {f=1; next} f && /^```$/ {exit} f' "$REPO/docs/exchange.md" >recipe.sh
  set +e
  bash recipe.sh >recipe.out 2>&1
  set -e
  grep -q 'Verification failure' recipe.out || { cat recipe.out; fail "openssl accepted a changed file"; }
  run certctl exchange verify resp.yml --trust-file root.pem
  expect_exit 1
  expect_stdout "the signature does not match"
}

test_rsa_signing_key_python_written_is_accepted() {
  local d="$WORK/rsa"
  mkdir -p "$d"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$d/signing.key" 2>/dev/null
  lab_make "$LAB"
  mkdir -p "$d/certs" && cp "$LAB"/certs/*.pem "$d/certs/"
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n' >"$d/ee.ext"
  openssl req -new -key "$d/signing.key" -subj "/CN=Lab RSA Signing" 2>/dev/null |
    openssl x509 -req -CA "$LAB/sub_ca.pem" -CAkey "$LAB/sub_ca.key" -set_serial 0x77 -days 30 \
      -extfile "$d/ee.ext" -out "$d/certs/signing_cert.pem" 2>/dev/null
  python3 "$DATA/exchange/write_response.py" --certs "$d/certs" --key "$d/signing.key" \
    --signing-cert "$d/certs/signing_cert.pem" --root "$LAB/root.pem" --uuid "$LAB_UUID" \
    --kind sync_response >resp.yml
  cp "$LAB/root.pem" root.pem
  run_recipe
  run certctl exchange verify resp.yml --trust-file root.pem
  expect_exit 0
  expect_stdout "RSA signature over the"
}

test_recipe_verifies_files_certctl_wrote() {
  run certctl exchange registration lab --instance-id "$LAB_UUID" --out reg.yml
  expect_exit 0
  # The registration's CSRs, read by OpenSSL.
  python3 -c 'import sys,re; t=open(sys.argv[1]).read(); [open(k+".csr","w").write("".join(l[2:]+"\n" for l in b.splitlines())) for k,b in re.findall(r"^:(\w+)_csr: \|-\n((?:  .*\n)+)", t, re.M)]' reg.yml
  for f in lcs tg ssms; do openssl req -in "$f.csr" -verify -noout 2>&1 | grep -q "verify OK" || fail "$f CSR"; done
  run certctl ca init licensing-root --profile root --cn "Lab Licensing Root"
  expect_exit 0
  certctl ca show licensing-root --pem >root.pem
  run certctl exchange authorize reg.yml --ca licensing-root --out resp.yml
  expect_exit 0
  run_recipe
  # Every certificate of the authorization chains under OpenSSL too.
  python3 - resp.yml <<'PY'
import re, sys
t = open(sys.argv[1]).read()
for k, b in re.findall(r"^    :(\w+): \|-\n((?:      .*\n)+)", t, re.M):
    open(k + ".pem", "w").write("".join(l[6:] + "\n" for l in b.splitlines()))
PY
  cat sub_ca_cert.pem satellite_cert.pem tg_issuer_cert.pem >untrusted.pem
  for f in id_cert signing_cert local_sub_ca_cert_1_1 tg_ssl_cert ssms_ssl_cert sub_ca_cert satellite_cert tg_issuer_cert; do
    openssl verify -CAfile root.pem -untrusted untrusted.pem "$f.pem" >/dev/null 2>&1 || fail "openssl verify $f"
  done
  run certctl exchange import resp.yml --trust-file root.pem
  expect_exit 0
  run certctl exchange sync-request --out sr.yml
  expect_exit 0
  run certctl exchange sync-response sr.yml --ca licensing-root --out resp.yml
  expect_exit 0
  run_recipe
}
