# tests/cli/test_hostile_input.sh — input built to exhaust: deeply nested DER, a 100 MB PEM, a certificate with
# 10,000 SANs, a YAML alias bomb, a 1 GB exchange file, a 1,000,000-entry CRL and one past the CRL size cap.
# Each is answered (an exit code from the contract, never a crash or 70) within a time bound and under
# `ulimit -v`, so a parser that tries to hold it all in memory or recurses without limit fails here.

# Address space for one certctl run. certctl's own start-up maps ~100 MB (libraries, thread stacks), so
# this leaves room for normal work and none for copying a 100 MB input or walking a CRL into the heap.
HOSTILE_VMEM_KB=${HOSTILE_VMEM_KB:-524288}
HOSTILE_SECONDS=${HOSTILE_SECONDS:-30}
# 1 runs the real 10,000,000-entry CRL too (~450 MB, a minute to make); the default suite checks the cap.
HOSTILE_FULL=${HOSTILE_FULL:-0}

# bounded EXPECTED CMD...: runs CMD under ulimit -v and a time bound; its exit code must be one of EXPECTED
# (a space-separated list). A signal, a 70 or running out of time fails the test.
bounded() {
  local expected=$1 start end
  shift
  start=$(date +%s%N)
  set +e
  if sanitized; then
    # ASan's shadow does not fit under ulimit -v: the bound is its own resident-memory limit instead (the
    # same number, plus room for its shadow and quarantine). The normal build runs the ulimit -v bound.
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}hard_rss_limit_mb=$((HOSTILE_VMEM_KB / 1024 + 512))" \
      timeout -s KILL "$((HOSTILE_SECONDS * 4))" "$@" >"$WORK/out" 2>"$WORK/err"
  else
    (ulimit -v "$HOSTILE_VMEM_KB"; exec timeout -s KILL "$HOSTILE_SECONDS" "$@") >"$WORK/out" 2>"$WORK/err"
  fi
  RC=$?
  set -e
  end=$(date +%s%N)
  echo "$* -> exit $RC in $(((end - start) / 1000000)) ms"
  [ "$RC" -ne 137 ] || fail "not answered within ${HOSTILE_SECONDS}s: $*"
  [ "$RC" -lt 128 ] || fail "killed by signal $((RC - 128)): $*"
  case " $expected " in *" $RC "*) ;; *) fail "exit $RC, expected one of: $expected: $*" ;; esac
}

# nested_der DEPTH OUT: DEPTH SEQUENCEs, each holding the next, around a NULL (lengths in long form).
nested_der() {
  python3 - "$1" "$2" <<'PY'
import sys
depth, out = int(sys.argv[1]), sys.argv[2]
body = b"\x05\x00"
def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b
# Built from the inside out as a list of headers, so making it is linear, not quadratic.
headers = []
size = len(body)
for _ in range(depth):
    h = b"\x30" + der_len(size)
    headers.append(h)
    size += len(h)
with open(out, "wb") as f:
    for h in reversed(headers):
        f.write(h)
    f.write(body)
PY
}

test_deeply_nested_der_is_refused_in_bounded_time_and_memory() {
  umask 077  # key import refuses files others can read before their content; here the content is the point
  must certctl init
  nested_der 200000 nested.der
  base64 -w 64 nested.der | sed '1i -----BEGIN CERTIFICATE-----' | sed '$a -----END CERTIFICATE-----' >nested.pem
  bounded "65" "$CERTCTL" --store "$STORE" cert import deep nested.der
  expect_stderr "nested.der"
  bounded "65" "$CERTCTL" --store "$STORE" cert import deep nested.pem --validation-mode warn
  bounded "65" "$CERTCTL" --store "$STORE" trust add deep nested.der
  bounded "65" "$CERTCTL" --store "$STORE" csr show nested.der
  bounded "65" "$CERTCTL" --store "$STORE" key import deep nested.der
  bounded "3 65" "$CERTCTL" --store "$STORE" check nested.der
  bounded "1 65" "$CERTCTL" --store "$STORE" cert verify nested.der
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 30 -subj /CN=ca \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  must certctl crl add lab "file://$WORK/nested.der" --issuer ca.pem
  bounded "65" "$CERTCTL" --store "$STORE" crl import lab nested.der
  bounded "69" "$CERTCTL" --store "$STORE" crl refresh
  must certctl status
}

test_100mb_pem_is_refused_without_reading_it() {
  must certctl init
  python3 - big.pem <<'PY'
import base64, os, sys
line = base64.b64encode(os.urandom(48)).decode() + "\n"
with open(sys.argv[1], "w") as f:
    f.write("-----BEGIN CERTIFICATE-----\n")
    chunk = line * 20000
    for _ in range(int(100e6 // len(chunk)) + 1):
        f.write(chunk)
    f.write("-----END CERTIFICATE-----\n")
PY
  [ "$(stat -c %s big.pem)" -ge 100000000 ] || fail "big.pem is not 100 MB"
  snapshot_store
  bounded "65" "$CERTCTL" --store "$STORE" cert import big big.pem
  expect_stderr "too large"
  bounded "65" "$CERTCTL" --store "$STORE" trust add big big.pem
  bounded "65" "$CERTCTL" --store "$STORE" csr show big.pem
  bounded "65" "$CERTCTL" --store "$STORE" key import big big.pem
  bounded "3 65" "$CERTCTL" --store "$STORE" check big.pem
  bounded "65" "$CERTCTL" --store "$STORE" exchange verify big.pem
  # Through a pipe stat() tells nothing: the read stops at the limit instead.
  bounded "65" bash -c 'cat big.pem | "$1" --store "$2" cert import piped /dev/stdin' _ "$CERTCTL" "$STORE"
  expect_stderr "too large"
  expect_store_unchanged
}

test_certificate_with_10000_sans_is_answered_in_bounded_time() {
  must certctl init
  python3 - <<'PY'
import datetime
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
key = ec.generate_private_key(ec.SECP256R1())
name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "many-sans")])
now = datetime.datetime.now(datetime.timezone.utc)
sans = x509.SubjectAlternativeName([x509.DNSName(f"h{i}.example.net") for i in range(10000)])
cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=200)).add_extension(sans, False)
        .sign(key, hashes.SHA256()))
open("sans.pem", "wb").write(cert.public_bytes(serialization.Encoding.PEM))
csr = x509.CertificateSigningRequestBuilder().subject_name(name).add_extension(sans, False).sign(key, hashes.SHA256())
open("sans.csr", "wb").write(csr.public_bytes(serialization.Encoding.PEM))
PY
  bounded "0 65" "$CERTCTL" --store "$STORE" cert import many sans.pem --validation-mode warn
  if [ "$RC" -eq 0 ]; then
    bounded "0" "$CERTCTL" --store "$STORE" --json cert show many
    expect_json 'len(d["certificate"]["subject_alt_names"]) == 10000'
    bounded "0 1 2 3" "$CERTCTL" --store "$STORE" check
  fi
  bounded "0 65" "$CERTCTL" --store "$STORE" csr show sans.csr
  must certctl ca init lab-root --profile root --cn "Lab Root"
  bounded "0 64 65" "$CERTCTL" --store "$STORE" ca issue lab-root --profile tls-server --csr sans.csr --out issued.pem
}

test_yaml_alias_bomb_is_refused_before_it_expands() {
  must certctl init
  {
    echo 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
    prev=a
    for l in b c d e f g h i j k l m n o p; do
      echo "$l: &$l [*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev]"
      prev=$l
    done
  } >bomb.yml
  snapshot_store
  for verb in verify show import; do
    bounded "65" "$CERTCTL" --store "$STORE" exchange "$verb" bomb.yml
    expect_stderr "YAML anchor"  # refused at the first anchor, before any alias could expand it
  done
  # Deep nesting instead of aliases: 100,000 levels of flow sequences.
  python3 -c 'print("x: " + "[" * 100000 + "]" * 100000)' >deep.yml
  bounded "65" "$CERTCTL" --store "$STORE" exchange verify deep.yml
  expect_store_unchanged
}

test_1gb_exchange_file_is_refused_without_reading_it() {
  must certctl init
  truncate -s 1G huge.yml  # sparse: 1 GB to stat(), nothing on disk
  snapshot_store
  for verb in verify show import; do
    bounded "65" "$CERTCTL" --store "$STORE" exchange "$verb" huge.yml
    expect_stderr "too large"
  done
  expect_store_unchanged
}

# big_crl ENTRIES: ca.pem, ca.key and big.crl signed by it (bench/crl/make_big_crl.py, seconds per million).
big_crl() { python3 "$REPO/bench/crl/make_big_crl.py" "$WORK/crl" "$1" >/dev/null; }

test_1m_entry_crl_is_indexed_within_bounds_and_a_crl_past_the_cap_refused() {
  must certctl init
  big_crl 1000000
  must certctl crl add big "file://$WORK/crl/big.crl" --issuer "$WORK/crl/ca.pem"
  bounded "0" "$CERTCTL" --store "$STORE" crl import big "$WORK/crl/big.crl"
  first=$(head -1 "$WORK/crl/serials.txt")
  bounded "1" "$CERTCTL" --store "$STORE" crl lookup "$first"
  # 10,000,000 entries are ~450 MB: past crl.max_size (256 MiB), refused from its size alone.
  truncate -s 450M "$WORK/ten-million.crl"
  must certctl crl add huge "file://$WORK/ten-million.crl" --issuer "$WORK/crl/ca.pem"
  snapshot_store
  bounded "65" "$CERTCTL" --store "$STORE" crl import huge "$WORK/ten-million.crl"
  expect_stderr "crl.max_size"
  expect_store_unchanged
  bounded "69" "$CERTCTL" --store "$STORE" crl refresh
  bounded "1" "$CERTCTL" --store "$STORE" crl lookup "$first"
}

test_10m_entry_crl_with_the_cap_raised() {
  [ "$HOSTILE_FULL" = 1 ] || skip "HOSTILE_FULL=1 runs it (a ~450 MB CRL, about a minute to make)"
  must certctl init
  printf '[crl]\nmax_size = "1GiB"\n' >"$STORE/certctl.toml"
  big_crl 10000000
  must certctl crl add big "file://$WORK/crl/big.crl" --issuer "$WORK/crl/ca.pem"
  HOSTILE_SECONDS=300 bounded "0" "$CERTCTL" --store "$STORE" crl import big "$WORK/crl/big.crl"
  bounded "1" "$CERTCTL" --store "$STORE" crl lookup "$(tail -1 "$WORK/crl/serials.txt")"
}
