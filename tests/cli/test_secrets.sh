# tests/cli/test_secrets.sh — private keys and passphrases stay private: loose key files are refused, the store's
# files and directories have their final mode whatever the umask, the process is not dumpable and writes no
# core, passphrases appear nowhere but in their file, and names never lead outside the store.

# as_other_user CMD...: becomes CMD (exec: run in the background, $! is CMD's pid) as nobody when the tests run
# as root (so /proc ownership tells dumpable apart), else as ourselves. The store and $WORK must be reachable
# by nobody first (open_to_nobody).
as_other_user() {
  if [ "$(id -u)" -eq 0 ]; then
    exec setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
  fi
  exec "$@"
}
open_to_nobody() {
  [ "$(id -u)" -eq 0 ] || return 0
  chmod a+x "$TEST_ROOT" "$(dirname "$WORK")" "$WORK"
  [ ! -e "$STORE" ] || chown -R nobody:nogroup "$STORE"
}

test_group_or_world_readable_key_file_is_refused_with_chmod_hint() {
  must certctl key generate web01
  for mode in 644 640 604 660; do
    chmod "$mode" "$STORE/keys/web01.key"
    snapshot_store
    run certctl csr create "csr$mode" --key web01 --cn web01.example.net
    expect_exit 77
    expect_stderr "chmod 600 $STORE/keys/web01.key"
    expect_stderr "(mode 0$mode)"
    expect_stdout_empty
    expect_store_unchanged
  done
  # --insecure uses it as it is, and says so.
  run certctl --insecure csr create loose --key web01 --cn web01.example.net
  expect_exit 0
  expect_stdout "BEGIN CERTIFICATE REQUEST"
  expect_stderr "warning: --insecure"
  chmod 600 "$STORE/keys/web01.key"
  run certctl csr create tight --key web01 --cn web01.example.net
  expect_exit 0
}

test_ca_with_a_loose_key_file_is_refused() {
  must certctl ca init lab-root --profile root --cn "Lab Root"
  key=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select key_name from cas").fetchone()[0])' "$STORE/certctl.db")
  chmod 644 "$STORE/keys/$key.key"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf.key -out leaf.csr -subj /CN=leaf 2>/dev/null
  snapshot_store
  run certctl ca issue lab-root --profile tls-server --csr leaf.csr --out leaf.pem
  expect_exit 77
  expect_stderr "chmod 600"
  expect_store_unchanged
  [ ! -e leaf.pem ] || fail "a certificate was written with a refused key"
}

test_key_import_refuses_a_loose_source_file() {
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out src.key 2>/dev/null
  chmod 644 src.key
  must certctl init
  snapshot_store
  run certctl key import web01 src.key
  expect_exit 77
  expect_stderr "chmod 600 src.key"
  expect_store_unchanged
  run certctl key import web01 src.key --insecure
  expect_exit 0
  expect_stderr "warning: --insecure"
  [ "$(stat -c %a "$STORE/keys/web01.key")" = 600 ] || fail "the stored copy is not 0600"
}

test_files_and_directories_have_their_final_mode_under_umask_000() {
  umask 000
  must certctl init
  must certctl key generate web01
  printf 'correct horse\n' >pp
  chmod 600 pp
  must certctl key generate enc --passphrase-file pp
  must certctl ca init lab-root --profile root --cn "Lab Root"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf.key -out leaf.csr -subj /CN=leaf 2>/dev/null
  must certctl ca issue lab-root --profile tls-server --csr leaf.csr --json --out leaf.pem
  serial=$(json_get 'd["issued"][0]["serial"]')
  must certctl ca revoke lab-root "$serial" --reason keyCompromise
  must certctl ca crl lab-root --out lab.crl
  must certctl ca show lab-root --pem
  cp "$WORK/out" root.pem
  must certctl crl add lab "file://$WORK/lab.crl" --issuer root.pem
  must certctl crl refresh
  must certctl crl lookup 01
  # Nothing in the store may be writable by group or others; keys and directories not even readable.
  # (Symbolic links, crl/current and those through it, always show 777: their targets' modes are what count.)
  [ -L "$STORE/crl/current" ] || fail "no crl/current after a refresh: the CRL state is not in generations"
  loose=$(find "$STORE" ! -type l -perm /022 -printf '%m %p\n')
  [ -z "$loose" ] || fail "group- or world-writable in the store under umask 000: $loose"
  open_dirs=$(find "$STORE" -type d -perm /077 -printf '%m %p\n')
  [ -z "$open_dirs" ] || fail "directories open to group or others: $open_dirs"
  open_keys=$(find "$STORE/keys" -type f -perm /077 -printf '%m %p\n')
  [ -z "$open_keys" ] || fail "key files open to group or others: $open_keys"
  db_mode=$(stat -c %a "$STORE/certctl.db")
  [ "$db_mode" = 600 ] || fail "certctl.db is $db_mode"
  [ "$(find "$STORE/keys" -type f | wc -l)" -ge 3 ] || fail "the keys were not written"
}

test_process_is_not_dumpable_and_writes_no_core() {
  must certctl init
  open_to_nobody
  mkfifo -m 666 pass.fifo
  # The passphrase is read from a FIFO: certctl waits there, alive, while we look at it from outside.
  as_other_user "$CERTCTL" --store "$STORE" key generate enc --passphrase-file "$WORK/pass.fifo" >gen.out 2>gen.err &
  pid=$!
  # exec happens before main(): wait (while certctl waits on the FIFO) until main's first lines have run.
  for _ in $(seq 1 200); do
    grep -qE '^Max core file size +0 +0 ' "/proc/$pid/limits" 2>/dev/null && [ "$(stat -c %u "/proc/$pid/environ")" = 0 ] && break
    sleep 0.05
  done
  [ "$(cat "/proc/$pid/comm")" = certctl ] || fail "certctl is not running: $(cat "/proc/$pid/comm")"
  grep -E '^Max core file size +0 +0 ' "/proc/$pid/limits" || fail "core dumps are on: $(grep -i core "/proc/$pid/limits")"
  uid=$(awk '/^Uid:/{print $2}' "/proc/$pid/status")
  [ "$uid" != 0 ] || fail "certctl runs as root: cannot tell dumpable apart"
  # A process that is not dumpable has its /proc files owned by root, not by its own user.
  owner=$(stat -c %u "/proc/$pid/environ")
  [ "$owner" = 0 ] || fail "certctl (uid $uid) is dumpable: /proc/$pid/environ is owned by uid $owner"
  printf 'correct horse\n' >pass.fifo
  wait "$pid" || fail "key generate failed: $(cat gen.err)"
}

test_passphrases_never_appear_outside_their_file() {
  secret='pp-Secret-7f3a91'
  wrong='pp-Wrong-2b9c44'
  printf '%s\n' "$secret" >right
  printf '%s\n' "$wrong" >wrong
  chmod 600 right wrong
  logs=""
  keep() { logs="$logs $WORK/log.$1"; cat "$WORK/out" "$WORK/err" >"$WORK/log.$1"; }
  must certctl -v key generate enc --passphrase-file right; keep 1
  run certctl -v csr create enc --cn enc.example.net --passphrase-file wrong
  expect_exit 65; expect_stderr "wrong passphrase"; keep 2
  run certctl --json csr create enc --cn enc.example.net --passphrase-file wrong
  expect_exit 65; keep 3
  must certctl -v csr create enc --cn enc.example.net --passphrase-file right; keep 4
  must certctl -v ca init lab-root --profile root --cn "Lab Root" --passphrase-file right; keep 5
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf.key -out leaf.csr -subj /CN=leaf 2>/dev/null
  run certctl -v ca issue lab-root --profile tls-server --csr leaf.csr --passphrase-file wrong --out leaf.pem
  expect_exit 65; keep 6
  must certctl -v ca issue lab-root --profile tls-server --csr leaf.csr --passphrase-file right --out leaf.pem; keep 7
  must certctl -v key import copy "$STORE/keys/enc.key" --passphrase-file right; keep 8
  run certctl key import copy2 "$STORE/keys/enc.key" --passphrase-file wrong
  expect_exit 65; keep 9
  must certctl audit list --json; keep 10
  must certctl audit list; keep 11
  # A passphrase on the command line is no option at all (it would sit in argv and shell history).
  run certctl key generate argv --passphrase "$secret"
  expect_exit 64; expect_stderr "--passphrase-file"; keep 12
  run certctl key generate argv --passphrase="$secret"
  expect_exit 64; keep 13
  for p in "$secret" "$wrong"; do
    # shellcheck disable=SC2086
    hits=$(grep -l -F -- "$p" $logs || true)
    [ -z "$hits" ] || fail "passphrase '$p' printed in: $hits"
    hits=$(grep -r -l -a -F -- "$p" "$STORE" || true)
    [ -z "$hits" ] || fail "passphrase '$p' stored in: $hits"
    python3 - "$STORE/certctl.db" "$p" <<'PY' || fail "passphrase '$p' in the database"
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
for (t,) in con.execute("select name from sqlite_master where type='table'"):
    for row in con.execute(f'select * from "{t}"'):
        if sys.argv[2] in repr(row):
            sys.exit(1)
PY
  done
  grep -q 'ENCRYPTED PRIVATE KEY' "$STORE/keys/enc.key" || fail "the key is not encrypted"
}

test_passphrase_is_not_in_argv_or_environment_while_running() {
  must certctl init
  mkfifo -m 600 pass.fifo
  env -i PATH="$PATH" "$CERTCTL" --store "$STORE" key generate enc --passphrase-file "$WORK/pass.fifo" >gen.out 2>gen.err &
  pid=$!
  for _ in $(seq 1 100); do grep -q "pass.fifo" "/proc/$pid/cmdline" 2>/dev/null && break; sleep 0.05; done
  printf 'pp-Secret-5d1e07\n' >pass.fifo
  # Read while it still runs (the key is being generated and written): argv and environment hold no passphrase.
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)
  environ=$(tr '\0' ' ' <"/proc/$pid/environ" 2>/dev/null || true)
  wait "$pid" || fail "key generate failed: $(cat gen.err)"
  case "$cmdline $environ" in *pp-Secret-5d1e07*) fail "passphrase in argv or environment: $cmdline $environ" ;; esac
  ! grep -q -F 'pp-Secret-5d1e07' gen.out gen.err || fail "passphrase printed"
}

test_names_never_leave_the_store() {
  must certctl init
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout c.key -out c.pem -days 30 -subj /CN=c 2>/dev/null
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out k.key 2>/dev/null
  chmod 600 k.key
  long=$(printf 'a%.0s' $(seq 1 10000))
  touch marker
  snapshot_store
  for name in .. ../escape "../../$(basename "$WORK")-escape" a/b /tmp/x . "$long" 'a b' "$(printf 'a\tb')"; do
    for cmd in "key generate NAME" "key import NAME k.key" "csr create NAME --cn x" "cert import NAME c.pem" \
               "ca init NAME --profile root --cn x" "trust add NAME c.pem" "crl add NAME file:///dev/null --issuer c.pem" \
               "key show NAME" "cert show NAME" "key delete NAME --yes"; do
      # shellcheck disable=SC2206
      words=(${cmd})
      args=()
      for w in "${words[@]}"; do if [ "$w" = NAME ]; then args+=("$name"); else args+=("$w"); fi; done
      run certctl "${args[@]}"
      [ "$RC" -eq 64 ] || fail "certctl ${cmd/NAME/${name:0:40}} exited $RC, expected 64 (usage)"
      grep -q "name" "$WORK/err" || fail "no word about the name: $(head -c 300 "$WORK/err")"
    done
  done
  expect_store_unchanged
  # Where the names would have led: the store's root, $WORK beside it, /tmp.
  outside=$(find "$WORK" /tmp/x.key -newer marker \( -name '*escape*' -o -name 'x.key' \) -print 2>/dev/null || true)
  [ -z "$outside" ] || fail "files made outside the store: $outside"
  [ "$(find "$STORE/keys" -type f | wc -l)" -eq 0 ] || fail "keys written: $(ls "$STORE/keys")"
}
