# pending: needs `ca init` on main

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
