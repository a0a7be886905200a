# tests/data/exchange/lab.sh — a licensing hierarchy made by OpenSSL alone, and exchange files written by
# python3 (stdlib) + `openssl dgst`, so certctl's reader is tested against files certctl did not write.
# Source it; needs openssl and python3.

LAB_UUID=4cdd0470-e5e4-0132-a310-005056841670
LAB_DIR_OF_THIS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

_lab_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# _lab_issue DIR NAME CN ISSUER EXT: DIR/NAME.pem for DIR/NAME.key, issued by DIR/ISSUER.{pem,key}, valid for
# LAB_LEAF_DAYS (default 825) days.
_lab_issue() {
  local d=$1 name=$2 cn=$3 issuer=$4 ext=$5
  [ -f "$d/$name.key" ] || _lab_key "$d/$name.key"
  printf '%b\n' "$ext" >"$d/$name.ext"
  openssl req -new -key "$d/$name.key" -subj "/O=certctl lab/CN=$cn" -out "$d/$name.csr" 2>/dev/null
  openssl x509 -req -in "$d/$name.csr" -CA "$d/$issuer.pem" -CAkey "$d/$issuer.key" \
    -set_serial "0x$(openssl rand -hex 12)" -days "${LAB_LEAF_DAYS:-825}" -extfile "$d/$name.ext" -out "$d/$name.pem" 2>/dev/null
}

# lab_make DIR [ROOT_CN]: the certificate tree of docs/exchange.md in DIR, and DIR/certs/<field>.pem for the eight fields.
lab_make() {
  local d=$1 root_cn=${2:-Lab Licensing Root}
  [ -f "$d/certs/ssms_ssl_cert.pem" ] && return 0
  mkdir -p "$d/certs"
  local ca='basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid'
  local ca1='basicConstraints=critical,CA:TRUE,pathlen:1\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid'
  local ee='basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid'
  _lab_key "$d/root.key"
  openssl req -x509 -new -key "$d/root.key" -subj "/O=certctl lab/CN=$root_cn" -days 3650 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$d/root.pem" 2>/dev/null
  _lab_issue "$d" sub_ca "Lab Sub CA" root "$ca"
  _lab_issue "$d" signing "Lab Signing" sub_ca "$ee"
  _lab_issue "$d" satellite "Lab Satellite" root "$ca1"
  _lab_issue "$d" local_1_1 "Lab Local Sub CA 1.1" satellite "$ca"
  _lab_issue "$d" tg_issuer "Lab TG Issuer" root "$ca"
  _lab_key "$d/onprem.key"
  cp "$d/onprem.key" "$d/id.key"; cp "$d/onprem.key" "$d/tg_ssl.key"; cp "$d/onprem.key" "$d/ssms_ssl.key"
  _lab_issue "$d" id "$LAB_UUID" sub_ca "$ee\nextendedKeyUsage=clientAuth"
  _lab_issue "$d" tg_ssl "tg.lab.example" tg_issuer "$ee\nextendedKeyUsage=serverAuth"
  _lab_issue "$d" ssms_ssl "ssms.lab.example" root "$ee\nextendedKeyUsage=serverAuth"
  cp "$d/id.pem" "$d/certs/id_cert.pem"
  cp "$d/sub_ca.pem" "$d/certs/sub_ca_cert.pem"
  cp "$d/signing.pem" "$d/certs/signing_cert.pem"
  cp "$d/local_1_1.pem" "$d/certs/local_sub_ca_cert_1_1.pem"
  cp "$d/tg_ssl.pem" "$d/certs/tg_ssl_cert.pem"
  cp "$d/tg_issuer.pem" "$d/certs/tg_issuer_cert.pem"
  cp "$d/satellite.pem" "$d/certs/satellite_cert.pem"
  cp "$d/ssms_ssl.pem" "$d/certs/ssms_ssl_cert.pem"
}

# lab_response DIR OUT [write_response.py options]: a signed authorization (default) written by python3.
lab_response() {
  local d=$1 out=$2
  shift 2
  python3 "$LAB_DIR_OF_THIS/write_response.py" --certs "$d/certs" --key "$d/signing.key" \
    --signing-cert "$d/signing.pem" --root "$d/root.pem" --uuid "$LAB_UUID" "$@" >"$out"
}

# lab_registration DIR OUT: a registration request with three OpenSSL CSRs.
lab_registration() {
  local d=$1 out=$2 f
  for f in lcs tg ssms; do
    openssl req -new -key "$d/onprem.key" -subj "/CN=$f.lab.example" -out "$d/$f.csr" 2>/dev/null
  done
  {
    printf -- '---\n:instance_id: %s\n:exported_timestamp: 2026-Nov-30 22:40:00 UTC\n' "$LAB_UUID"
    for f in lcs tg ssms; do
      printf ':%s_csr: |-\n' "$f"
      sed 's/^/  /' "$d/$f.csr"
    done
  } >"$out"
}
