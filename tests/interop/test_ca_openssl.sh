# tests/interop/test_ca_openssl.sh — what certctl's CA issues, OpenSSL accepts: every licensing chain under
# `openssl verify -x509_strict` (with -purpose for TLS), wrong uses refused, and the CRLs we publish verify
# with `openssl crl -CAfile` and make `openssl verify -crl_check` reject the revoked certificate, also when
# OpenSSL itself downloads the CRL from the certificate's distribution point.

csr() {  # csr NAME CN [ALG]: NAME.key and NAME.csr (P-256 unless ALG is rsa:2048)
  local newkey=(-newkey ec -pkeyopt ec_paramgen_curve:P-256)
  [ "${3:-}" = rsa ] && newkey=(-newkey rsa:2048)
  openssl req -new "${newkey[@]}" -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=$2" 2>/dev/null
}
ok() { certctl "$@" >/dev/null 2>"$WORK/err" || fail "certctl $* failed: $(cat "$WORK/err")"; }
pem_of() { certctl ca show "$1" --pem; }
chain_of() { certctl ca show "$1" --chain; }
# verify LEAF ANCHOR-CA [INTERMEDIATE-CA...] [-- extra openssl args]: strict verification against the root.
verify() {
  local leaf=$1; shift
  local root=$1; shift
  pem_of "$root" > anchor.pem
  : > untrusted.pem
  while [ $# -gt 0 ] && [ "$1" != -- ]; do pem_of "$1" >> untrusted.pem; shift; done
  [ "${1:-}" = -- ] && shift
  local u=()
  [ -s untrusted.pem ] && u=(-untrusted untrusted.pem)
  openssl verify -x509_strict -CAfile anchor.pem "${u[@]}" "$@" "$leaf"
}
expect_verify_ok() { verify "$@" > "$WORK/v" 2>&1 || { cat "$WORK/v"; fail "openssl verify refused ${1}"; }; }
expect_verify_fails() { verify "$@" > "$WORK/v" 2>&1 && { cat "$WORK/v"; fail "openssl verify accepted ${1}"; }; return 0; }

test_three_tier_root_sub_ca_id_cert_and_signing() {
  ok ca init root --profile root --cn "Licensing Root" --org "certctl interop"
  ok ca init sub --profile sub-ca --issuer root --cn "Licensing Sub-CA"
  csr id "4cdd0470-e5e4-0132-a310-005056841670"
  csr sign "Response Signing"
  ok ca issue sub --profile id-cert --csr id.csr --out id.pem
  ok ca issue sub --profile signing --csr sign.csr --out sign.pem
  expect_verify_ok id.pem root sub -- -purpose sslclient
  expect_verify_ok sign.pem root sub
  openssl x509 -in id.pem -noout -ext extendedKeyUsage,keyUsage,basicConstraints | grep -q "TLS Web Client" || fail "id-cert EKU"
  # wrong use: the id certificate used as a CA
  csr victim victim.example.net
  openssl x509 -req -in victim.csr -CA id.pem -CAkey id.key -CAcreateserial -days 30 -out victim.pem 2>/dev/null
  cat id.pem > idchain.pem
  pem_of sub >> idchain.pem
  pem_of root > anchor.pem
  if openssl verify -CAfile anchor.pem -untrusted idchain.pem victim.pem > "$WORK/v" 2>&1; then
    fail "a certificate signed by an id-cert verified"
  fi
  grep -Eq "invalid CA certificate|not a CA|key usage does not include certificate signing" "$WORK/v" || { cat "$WORK/v"; fail "unexpected reason"; }
  # wrong use: the id-cert (clientAuth) as a TLS server
  expect_verify_fails id.pem root sub -- -purpose sslserver
}

test_four_tier_root_satellite_local_sub_ca_id_cert() {
  ok ca init root --profile root --cn "Licensing Root"
  ok ca init sat --profile satellite --issuer root --cn "Satellite CA"
  ok ca init lsc --profile local-sub-ca-1-1 --issuer sat --cn "Local Sub-CA 1-1"
  ok ca init lsc3 --profile local-sub-ca --issuer root --cn "Local Sub-CA"
  csr dev "PID:CSR1000V SN:97YZFA9VYJK"
  ok ca issue lsc --profile id-cert --csr dev.csr --out dev4.pem
  ok ca issue lsc3 --profile id-cert --csr dev.csr --name dev3 --out dev3.pem
  expect_verify_ok dev4.pem root sat lsc -- -purpose sslclient
  expect_verify_ok dev3.pem root lsc3 -- -purpose sslclient
  # the satellite's pathLen 1 is used up by lsc: lsc (pathLen 0) cannot make another CA
  csr deeper "Too Deep"
  run certctl ca issue lsc --profile local-sub-ca --csr deeper.csr
  expect_exit 65
  # and a CA forged under lsc by OpenSSL is refused by OpenSSL too
  printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n' > ca.ext
  certctl ca show lsc --pem > lsc.pem
  openssl x509 -req -in deeper.csr -CA lsc.pem -CAkey "$STORE/keys/lsc.key" -CAcreateserial -days 30 -extfile ca.ext -out deeper.pem 2>/dev/null
  openssl x509 -req -in dev.csr -CA deeper.pem -CAkey deeper.key -CAcreateserial -days 30 -out under.pem 2>/dev/null
  { pem_of lsc; pem_of sat; cat deeper.pem; } > u.pem
  pem_of root > anchor.pem
  openssl verify -CAfile anchor.pem -untrusted u.pem under.pem > "$WORK/v" 2>&1 && fail "path length not enforced"
  grep -q "path length" "$WORK/v" || { cat "$WORK/v"; fail "unexpected reason"; }
}

test_tg_and_ssms_tls_chains_rsa_and_ec() {
  ok ca init root --profile root --cn "Licensing Root"
  ok ca init tg --profile tg-issuer --issuer root --cn "TG Issuer" --algorithm rsa:2048
  csr tg "tg.example.net" rsa
  csr gui "gui.example.net"
  ok ca issue tg --profile tg-ssl --csr tg.csr --out tg.pem
  ok ca issue root --profile ssms-ssl --csr gui.csr --out gui.pem
  expect_verify_ok tg.pem root tg -- -purpose sslserver -verify_hostname tg.example.net
  expect_verify_ok gui.pem root -- -purpose sslserver -verify_hostname gui.example.net
  openssl x509 -in tg.pem -noout -ext keyUsage | grep -q "Key Encipherment" || fail "RSA tg-ssl lacks keyEncipherment"
  openssl x509 -in gui.pem -noout -ext keyUsage | grep -q "Key Encipherment" && fail "EC ssms-ssl has keyEncipherment"
  # wrong use: a TLS server certificate for client authentication
  expect_verify_fails tg.pem root tg -- -purpose sslclient
  expect_verify_fails gui.pem root -- -purpose sslclient
  # tls-server and tls-client from an intermediate
  csr web web.example.net
  ok ca issue tg --profile tls-server --csr web.csr --out web.pem
  ok ca issue tg --profile tls-client --csr web.csr --name webc --out webc.pem
  expect_verify_ok web.pem root tg -- -purpose sslserver
  expect_verify_ok webc.pem root tg -- -purpose sslclient
  expect_verify_fails webc.pem root tg -- -purpose sslserver
}

test_crl_verifies_and_rejects_the_revoked() {
  ok ca init root --profile root --cn "Licensing Root" --crl-url http://127.0.0.1:1/root.crl
  ok ca init sub --profile sub-ca --issuer root --cn "Sub-CA" --crl-url http://127.0.0.1:1/sub.crl
  csr a a.example.net
  csr b b.example.net
  ok ca issue sub --profile tls-server --csr a.csr --out a.pem
  ok ca issue sub --profile tls-server --csr b.csr --out b.pem
  serial=$(openssl x509 -in a.pem -noout -serial | cut -d= -f2)
  ok ca revoke sub "$serial" --reason keyCompromise
  ok ca crl sub --out sub.crl
  ok ca crl root --out root.crl.pem --pem
  chain_of sub > chain.pem
  openssl crl -inform DER -in sub.crl -CAfile chain.pem -noout 2>&1 | grep -q "verify OK" || fail "openssl crl did not verify the sub-CA's CRL"
  openssl crl -in root.crl.pem -CAfile chain.pem -noout 2>&1 | grep -q "verify OK" || fail "root CRL"
  openssl crl -inform DER -in sub.crl -noout -text > text
  grep -q "Key Compromise" text || fail "reason"
  grep -q "Issuing Distribution Point" text || fail "IDP"
  openssl crl -inform DER -in sub.crl -out sub.crl.pem
  { cat chain.pem sub.crl.pem root.crl.pem; } > all.pem
  pem_of root > anchor.pem
  { pem_of sub; cat sub.crl.pem root.crl.pem; } > untrusted.pem
  openssl verify -x509_strict -crl_check -CAfile all.pem a.pem > "$WORK/v" 2>&1 && fail "revoked certificate accepted"
  grep -q "certificate revoked" "$WORK/v" || { cat "$WORK/v"; fail "unexpected reason"; }
  openssl verify -x509_strict -crl_check_all -CAfile all.pem b.pem > "$WORK/v" 2>&1 || { cat "$WORK/v"; fail "unrevoked certificate refused"; }
}

test_cdp_url_serves_the_published_crl() {
  mkdir www
  python3 -m http.server 0 --bind 127.0.0.1 --directory www > http.log 2>&1 &
  local pid=$!
  trap 'kill $pid 2>/dev/null' RETURN
  local port=""
  for _ in $(seq 1 50); do
    port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' http.log | head -1)
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || fail "http.server did not start"
  ok ca init root --profile root --cn "Root" --crl-url "http://127.0.0.1:$port/root.crl"
  ok ca init sub --profile sub-ca --issuer root --cn "Sub" --crl-url "http://127.0.0.1:$port/sub.crl"
  csr a a.example.net
  csr b b.example.net
  ok ca issue sub --profile tls-server --csr a.csr --out a.pem
  ok ca issue sub --profile tls-server --csr b.csr --out b.pem
  openssl x509 -in a.pem -noout -ext crlDistributionPoints | grep -q "127.0.0.1:$port/sub.crl" || fail "CDP"
  ok ca revoke sub --cert a --reason superseded
  ok ca crl sub --out www/sub.crl
  ok ca crl root --out www/root.crl
  chain_of sub > chain.pem
  openssl verify -x509_strict -crl_check_all -crl_download -CAfile chain.pem b.pem > "$WORK/v" 2>&1 || { cat "$WORK/v"; fail "b refused with downloaded CRLs"; }
  openssl verify -x509_strict -crl_check -crl_download -CAfile chain.pem a.pem > "$WORK/v" 2>&1 && fail "a accepted"
  grep -q "certificate revoked" "$WORK/v" || { cat "$WORK/v"; fail "unexpected reason"; }
}

# nextUpdate - lastUpdate of a DER CRL, in seconds, as `openssl crl -text` prints them.
crl_validity_seconds() {
  local text last next
  text=$(openssl crl -inform DER -in "$1" -noout -text)
  last=$(sed -n 's/^ *Last Update: //p' <<<"$text")
  next=$(sed -n 's/^ *Next Update: //p' <<<"$text")
  echo $(( $(date -d "$next" +%s) - $(date -d "$last" +%s) ))
}

test_crl_next_update_comes_from_config_and_the_flag_beats_it() {
  ok ca init root --profile root --cn "Root" --crl-url http://127.0.0.1:1/root.crl
  ok ca crl root --out default.crl
  [ "$(crl_validity_seconds default.crl)" -eq $((7 * 86400)) ] || fail "default nextUpdate is not 7 days"
  printf '[ca]\ncrl_next_update = "36h"\n' > "$STORE/certctl.toml"
  ok ca crl root --out config.crl
  [ "$(crl_validity_seconds config.crl)" -eq $((36 * 3600)) ] || fail "ca.crl_next_update not used: $(crl_validity_seconds config.crl)s"
  ok ca crl root --out flag.crl --next-update 2d
  [ "$(crl_validity_seconds flag.crl)" -eq $((2 * 86400)) ] || fail "--next-update does not beat the config"
}
