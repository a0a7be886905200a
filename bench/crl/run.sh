#!/usr/bin/env bash
# bench/crl/run.sh [BUILD_DIR] [ENTRIES] — the CRL benchmark, side by side in one run:
#   certctl crl import (verify + index + publish) vs `openssl crl -CAfile -noout` vs python3-cryptography's
#   parse, peak RSS (/usr/bin/time -v), `crl lookup` latency per process, a full refresh from a 127.0.0.1
#   server, and a 304 refresh of the unchanged CRL. Prints the numbers and the ratios against the targets.
# The CRL (default 1,000,000 entries, ~42 MB DER) is generated once by make_big_crl.py and cached in
# $CERTCTL_BENCH_CACHE (default ~/.cache/certctl-bench). Each measurement is the median of $RUNS (3) runs.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$repo/build}" && pwd)
entries=${2:-1000000}
runs=${RUNS:-3}
certctl="$build/cli/certctl"
cache="${CERTCTL_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/certctl-bench}/crl-$entries"
if [ ! -f "$cache/big.crl" ] || [ ! -f "$cache/big.crl.serials" ]; then
  echo "generating a $entries-entry CRL in $cache ..." >&2
  python3 "$repo/bench/crl/make_big_crl.py" "$cache" "$entries"
fi
crl="$cache/big.crl"; ca="$cache/ca.pem"
work=$(mktemp -d "${TMPDIR:-/tmp}/certctl-bench-XXXXXX")
srv_pid=""
cleanup() { [ -n "$srv_pid" ] && { touch "$work/srv/stop"; kill "$srv_pid" 2>/dev/null || true; wait "$srv_pid" 2>/dev/null || true; }; rm -rf "$work"; }
trap cleanup EXIT

# measure CMD... : over $runs runs, the run with the median wall time -> "$secs $kb $cpu_secs" (cpu = user + sys,
# which a busy shared machine distorts far less than wall time)
# PREP, if set, is run (untimed) before each run.
measure() {
  local i out=()
  for i in $(seq 1 "$runs"); do
    [ -n "${PREP:-}" ] && eval "$PREP"
    /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" >/dev/null 2>"$work/err" || {
      rc=$?; [ "$rc" -le 1 ] || { echo "failed ($rc): $*" >&2; cat "$work/err" >&2; exit 1; }; }
    out+=("$(cat "$work/time")")
  done
  printf '%s\n' "${out[@]}" | sort -n | awk -v n="$runs" 'NR == int((n + 1) / 2) {printf "%s %s %.2f\n", $1, $2, $3 + $4}'
}

size=$(stat -c %s "$crl")
echo "CRL: $entries entries, $size bytes DER ($crl)"
echo

store="$work/store"
PREP="rm -rf '$store'; '$certctl' --store '$store' crl add big 'file://$crl' --issuer '$ca'"
read -r c_s c_kb c_cpu < <(measure "$certctl" --store "$store" crl import big "$crl")
PREP=""
read -r o_s o_kb o_cpu < <(measure openssl crl -inform DER -in "$crl" -CAfile "$ca" -noout)
read -r p_s p_kb p_cpu < <(measure python3 -c 'import sys; from cryptography import x509; x509.load_der_x509_crl(open(sys.argv[1], "rb").read())' "$crl")
p_inproc=$(python3 - "$crl" <<'PY'
import sys, time
from cryptography import x509
data = open(sys.argv[1], "rb").read()
best = min((lambda t0: (x509.load_der_x509_crl(data), time.perf_counter() - t0)[1])(time.perf_counter()) for _ in range(3))
print("%.3f" % best)
PY
)

# Lookups against the published master list: one process each, present and absent serials.
first=$(head -1 "$cache/big.crl.serials"); last=$(tail -1 "$cache/big.crl.serials")
lookup_ms() {  # average ms per process over 30 runs of `crl lookup SERIAL`
  python3 - "$certctl" "$store" "$1" <<'PY'
import subprocess, sys, time
cmd = [sys.argv[1], "--store", sys.argv[2], "crl", "lookup", sys.argv[3]]
t0 = time.perf_counter()
for _ in range(30):
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print("%.2f" % ((time.perf_counter() - t0) / 30 * 1000))
PY
}
l_present=$(lookup_ms "$first"); l_last=$(lookup_ms "$last"); l_absent=$(lookup_ms 0badc0ffee)

# Refresh from a 127.0.0.1 server: the full fetch, then a 304 of the unchanged CRL.
mkdir -p "$work/srv"; ln -s "$crl" "$work/srv/serve.crl"; echo ok > "$work/srv/mode"
python3 "$repo/tests/crl/crl_server.py" "$work/srv" & srv_pid=$!
for _ in $(seq 1 100); do [ -f "$work/srv/port" ] && break; sleep 0.05; done
url="http://127.0.0.1:$(cat "$work/srv/port")/big.crl"
hstore="$work/hstore"
PREP="rm -rf '$hstore'; '$certctl' --store '$hstore' crl add big '$url' --issuer '$ca'"
read -r h_s h_kb h_cpu < <(measure "$certctl" --store "$hstore" crl refresh)
PREP=""
read -r n_s n_kb n_cpu < <(measure "$certctl" --store "$hstore" crl refresh --force)
grep -c ' inm="' "$work/srv/requests.log" >/dev/null || { echo "no conditional request seen" >&2; exit 1; }

ratio() { python3 -c "import sys; print('%.2f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }
mb() { python3 -c "import sys; print('%.0f' % (float(sys.argv[1]) / 1024))" "$1"; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
printf '%-44s %8s %8s %10s\n' "what" "wall s" "cpu s" "peak MiB"
printf '%-44s %8s %8s %10s\n' "certctl crl import (verify, index, publish)" "$c_s" "$c_cpu" "$(mb "$c_kb")"
printf '%-44s %8s %8s %10s\n' "openssl crl -CAfile -noout" "$o_s" "$o_cpu" "$(mb "$o_kb")"
printf '%-44s %8s %8s %10s\n' "python3-cryptography load (process)" "$p_s" "$p_cpu" "$(mb "$p_kb")"
printf '%-44s %8s %8s %10s\n' "python3-cryptography load (in-process)" "$p_inproc" "-" "-"
printf '%-44s %8s %8s %10s\n' "certctl crl refresh, full, from 127.0.0.1" "$h_s" "$h_cpu" "$(mb "$h_kb")"
printf '%-44s %8s %8s %10s\n' "certctl crl refresh, 304 unchanged" "$n_s" "$n_cpu" "$(mb "$n_kb")"
echo
echo "crl lookup per process: first ${l_present} ms, last ${l_last} ms, absent ${l_absent} ms   (target < 10 ms)"
echo "import / openssl:            $(ratio "$c_s" "$o_s") wall, $(ratio "$c_cpu" "$o_cpu") cpu   (target <= 0.20)"
echo "import / python parse (proc): $(ratio "$c_s" "$p_s") wall, $(ratio "$c_cpu" "$p_cpu") cpu   (target <= 1.00)"
echo "import / python parse (in-process): $(ratio "$c_s" "$p_inproc")"
echo "import peak RSS / DER size:  $(python3 -c "import sys; print('%.2f' % (float(sys.argv[1]) * 1024 / float(sys.argv[2])))" "$c_kb" "$size")   (target < 2.00)"
echo "304 refresh: $(python3 -c "import sys; print('%.0f' % (float(sys.argv[1]) * 1000))" "$n_s") ms   (target < 50 ms)"
