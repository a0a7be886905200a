#!/usr/bin/env bash
# bench/verify/run.sh [BUILD_DIR] [CERTCTL_BINARY_TO_COMPARE] — `cert verify` timings:
#   1. an ordinary root -> intermediate -> leaf chain (EC P-256, made here by openssl), $RUNS (200) processes,
#      mean CPU (user + sys) and wall time per verify; with a second binary, the same for it side by side;
#   2. every adversarial path-building set of tests/conformance/adversarial.py: wall time, CPU and peak RSS.
# CPU time is what to compare on a busy shared machine; wall time is printed for the 1 s target.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$repo/build}" && pwd)
other=${2:-}
runs=${RUNS:-200}
work=$(mktemp -d "${TMPDIR:-/tmp}/certctl-bench-verify-XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

ec=(-newkey ec -pkeyopt ec_paramgen_curve:P-256)
openssl req -x509 "${ec[@]}" -nodes -keyout root.key -out root.pem -days 3650 -subj "/CN=Bench Root" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -new "${ec[@]}" -nodes -keyout int.key -out int.csr -subj "/CN=Bench Int" 2>/dev/null
printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n' > int.ext
openssl x509 -req -in int.csr -CA root.pem -CAkey root.key -days 1800 -set_serial 2 -extfile int.ext -out int.pem 2>/dev/null
openssl req -new "${ec[@]}" -nodes -keyout leaf.key -out leaf.csr -subj "/CN=www.example.com" 2>/dev/null
printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:www.example.com\n' > leaf.ext
openssl x509 -req -in leaf.csr -CA int.pem -CAkey int.key -days 365 -set_serial 3 -extfile leaf.ext -out leaf.pem 2>/dev/null

python3 - "$build/cli/certctl" "$other" "$runs" "$repo" <<'PY'
import os, resource, subprocess, sys, time
certctl, other, runs, repo = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]

def timed(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.monotonic() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return p, wall, cpu, after.ru_maxrss

def chain(binary):
    cmd = [binary, "--store", "store", "cert", "verify", "leaf.pem", "--trust-file", "root.pem", "--chain", "int.pem",
           "--hostname", "www.example.com", "--purpose", "tls-server"]
    walls, cpus = [], []
    for _ in range(runs):
        p, wall, cpu, _ = timed(cmd)
        if p.returncode != 0:
            sys.exit("%s: the chain did not verify: %s" % (binary, p.stdout + p.stderr))
        walls.append(wall); cpus.append(cpu)
    return sum(cpus) / runs * 1000, sorted(walls)[runs // 2] * 1000

bins = [certctl] + ([other] if other else [])
results = {}
# Interleave the binaries so load changes on the machine hit both alike.
for rnd in range(2):
    for b in bins:
        cpu, wall = chain(b)
        results.setdefault(b, []).append((cpu, wall))
for b in bins:
    cpu = sum(c for c, _ in results[b]) / len(results[b]); wall = sum(w for _, w in results[b]) / len(results[b])
    print("3-certificate chain, %s: %.2f ms CPU mean, %.1f ms wall median (%d runs x 2)" % (b, cpu, wall, runs))
if other:
    a = sum(c for c, _ in results[certctl]); b = sum(c for c, _ in results[other])
    print("CPU ratio %s / %s: %.3f" % (os.path.basename(os.path.dirname(os.path.dirname(certctl))), other, a / b))

subprocess.run([sys.executable, os.path.join(repo, "tests/conformance/adversarial.py"), "adv"], check=True)
for name in sorted(os.listdir("adv")):
    d = os.path.join("adv", name)
    cmd = [certctl, "--store", "store", "--json", "cert", "verify", os.path.join(d, "leaf.pem"), "--trust-file",
           os.path.join(d, "roots.pem"), "--chain", os.path.join(d, "chain.pem")]
    p, wall, cpu, rss = timed(cmd)
    expect = open(os.path.join(d, "expect")).read().strip()
    print("%-16s %-28s exit %d  %.3f s wall  %.3f s CPU  peak RSS so far %d KiB" % (name, expect, p.returncode, wall, cpu, rss))
PY
