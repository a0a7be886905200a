# tests/lib/assert.sh — helpers for shell tests: run certctl, then assert on exit code, stdout, stderr
# and on the store being unchanged. Every assertion prints what it expected and what it got.

# certctl with the test's store; the last outcome is in $RC, $WORK/out, $WORK/err.
certctl() { "$CERTCTL" --store "$STORE" "$@"; }
run() {
  set +e
  "$@" >"$WORK/out" 2>"$WORK/err"
  RC=$?
  set -e
  return 0
}
# A step that must succeed (set-up, or a command whose output the test reads next): like run, but a
# non-zero exit fails the test at once and says which command it was, with its output.
must() {
  run "$@"
  [ "$RC" -eq 0 ] || fail "step failed with exit $RC: $*"
}
# sanitized: whether $CERTCTL is a sanitizer build (scripts/test-sanitized). Its runtime must be the first
# library loaded and it reserves terabytes of shadow address space, so LD_PRELOAD shims and ulimit -v need care.
# (Not `ldd | grep -q`: grep stops at the match, ldd dies of SIGPIPE, and under pipefail that reads as "no".)
sanitized() { case "$(ldd "$CERTCTL" 2>/dev/null)" in *libasan*) return 0 ;; *) return 1 ;; esac; }
# skip REASON: this test cannot run here (not root, no mount); the runner prints "SKIP name: REASON".
skip() { echo "$*" >"$WORK/skipped"; exit 0; }
fail() { echo "assertion failed: $*"; echo "--- stdout"; head -c 3000 "$WORK/out" 2>/dev/null; echo "--- stderr"; head -c 3000 "$WORK/err" 2>/dev/null; exit 1; }
expect_exit() { [ "$RC" -eq "$1" ] || fail "exit code $RC, expected $1"; }
expect_stdout() { grep -qF -- "$1" "$WORK/out" || fail "stdout lacks '$1'"; }
expect_stderr() { grep -qF -- "$1" "$WORK/err" || fail "stderr lacks '$1'"; }
expect_no_stdout() { grep -qF -- "$1" "$WORK/out" && fail "stdout has '$1'"; return 0; }
expect_stdout_empty() { [ ! -s "$WORK/out" ] || fail "stdout is not empty"; }
# JSON on stdout: expect_json 'python expression over d' e.g. expect_json 'd["keys"][0]["name"] == "web01"'
expect_json() {
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' \
    "$WORK/out" "$1" || fail "JSON check failed: $1"
}
json_get() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$WORK/out" "$1"; }

# A digest of everything the store holds except the audit log and counters (which record refusals):
# rows of every other table and the files under keys/ and crl/ with their modes.
store_digest() {
  python3 - "$STORE" <<'PY'
import hashlib, os, sqlite3, sys
store = sys.argv[1]
h = hashlib.sha256()
db = os.path.join(store, "certctl.db")
if os.path.exists(db):
    con = sqlite3.connect(db)
    for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"):
        if t in ("audit", "counters", "sqlite_sequence"):
            continue
        for row in con.execute(f'SELECT * FROM "{t}" ORDER BY 1'):
            h.update(repr((t, row)).encode())
for sub in ("keys", "crl"):
    d = os.path.join(store, sub)
    for root, _, files in os.walk(d):
        for f in sorted(files):
            p = os.path.join(root, f)
            st = os.stat(p)
            h.update(p.encode() + oct(st.st_mode).encode() + open(p, "rb").read())
print(h.hexdigest())
PY
}
snapshot_store() { BEFORE=$(store_digest); }
expect_store_unchanged() { [ "$(store_digest)" = "$BEFORE" ] || fail "the store changed"; }
counter() { python3 -c 'import sqlite3,sys; r=sqlite3.connect(sys.argv[1]).execute("select value from counters where name=?",(sys.argv[2],)).fetchone(); print(r[0] if r else 0)' "$STORE/certctl.db" "$1"; }
audit_count() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from audit where type=? and success=?",(sys.argv[2],int(sys.argv[3]))).fetchone()[0])' "$STORE/certctl.db" "$1" "${2:-1}"; }
