# tests/crash/test_crash_safety.sh — kill -9 certctl at random points of each writing operation, then check
# what an operator would find: the store opens, SQLite's integrity check is ok, `certctl status` exits 0, no
# temporary file stands in for a real one, the last good CRL and master list are the old ones or entirely the
# new ones, a batch left nothing or everything, and running the command again succeeds and leaves nothing
# behind.
#
# The kill points come from CRASH_SEED (printed; set it to replay a run). Each operation is first run once
# whole to measure it; each kill then falls at a random moment inside that time.
#   CRASH_KILLS  kills per operation (default 3; CRASH_FULL=1 makes it 20); the store migration, which takes
#                milliseconds, is killed MIGRATION_KILLS times (default 20)
#   CRASH_FULL=1 the full sizes: 1,000 CSRs, 1,000 revocations, CRLs of 1,000,000 entries
# The default keeps the suite to about a minute; the full run is described in docs/reliability.md.
. "$REPO/tests/crl/lib_crl.sh"

CRASH_SEED=${CRASH_SEED:-$(($(date +%s) % 32768))}
if [ -n "${CRASH_FULL:-}" ]; then
  KILLS=${CRASH_KILLS:-20}; CSRS=1000; REVOKED=1000; CRL_ENTRIES=1000000
else
  KILLS=${CRASH_KILLS:-3}; CSRS=100; REVOKED=50; CRL_ENTRIES=20000
fi
MIGRATION_KILLS=${MIGRATION_KILLS:-${CRASH_KILLS:-20}}

# Seeds bash's RANDOM from CRASH_SEED and the test's name, so one test replays alone.
seed_for() {
  echo "CRASH_SEED=$CRASH_SEED (replay: CRASH_SEED=$CRASH_SEED bash tests/lib/runner.sh tests/crash/test_crash_safety.sh)"
  RANDOM=$((CRASH_SEED + $(cksum <<<"$1" | cut -d' ' -f1) % 32768))
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# timed CMD...: runs it whole (it must succeed); its duration in ms goes to SPAN.
timed() {
  local t0; t0=$(now_ms)
  must "$@"
  SPAN=$(($(now_ms) - t0))
  [ "$SPAN" -gt 0 ] || SPAN=1
}

# kill_during SPAN ARGS...: starts certctl ARGS, sends SIGKILL after a random delay in [0, SPAN] ms. KILLED is
# 1 if the process was still running then, 0 if it had already finished.
kill_during() {
  local span=$1; shift
  local ms=$(((RANDOM * 32768 + RANDOM) % (span + 1)))
  "$CERTCTL" --store "$STORE" "$@" >/dev/null 2>&1 &
  local pid=$!
  sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
  KILLED=0
  if kill -9 "$pid" 2>/dev/null; then KILLED=1; fi
  wait "$pid" 2>/dev/null || true
  echo "kill at ${ms} ms of ${span}: $([ "$KILLED" = 1 ] && echo killed || echo 'had finished')"
}

# What must hold after any kill.
check_store() {
  local ic; ic=$(sqlite3 "$STORE/certctl.db" 'PRAGMA integrity_check')
  [ "$ic" = ok ] || fail "integrity_check: $ic"
  must certctl status
  # No row names a temporary file (AtomicFile, BatchFiles and the CRL writer use NAME.tmp.*).
  if sqlite3 "$STORE/certctl.db" .dump | grep -q '\.tmp\.'; then fail "a row names a temporary file"; fi
}

# What must hold once the command has been run again to the end: nothing temporary anywhere.
check_clean() {
  local left; left=$(find "$STORE" "$@" -name '*.tmp*' -o -path '*/crl/tmp/*' 2>/dev/null)
  [ -z "$left" ] || fail "left behind: $left"
  # One CRL generation only: the published one (a half-built one is swept by the next run).
  if [ -d "$STORE/crl/gen" ]; then
    local gens; gens=$(ls "$STORE/crl/gen")
    [ "gen/$gens" = "$(readlink "$STORE/crl/current")" ] || fail "CRL generations left: $gens (current: $(readlink "$STORE/crl/current"))"
  fi
}

# kill_and_rerun AFTER_KILL AFTER_RERUN ARGS...: KILLS times, on a fresh copy of store.before, kills
# `certctl ARGS` at a random moment of SPAN, checks the store and calls AFTER_KILL; then runs ARGS again to
# the end, calls AFTER_RERUN and checks that nothing is left behind. The callbacks are function names (":"
# for none); they run in this shell, so their `fail` fails the test.
kill_and_rerun() {
  local after_kill=$1 after_rerun=$2 i; shift 2
  for i in $(seq 1 "$KILLS"); do
    rm -rf "$STORE"; cp -a store.before "$STORE"
    kill_during "$SPAN" "$@"
    check_store
    "$after_kill"
    must certctl "$@"
    "$after_rerun"
    check_clean
  done
}

ca_lab() {
  must certctl init
  must certctl ca init lab-root --profile root --cn "Crash Root" --org "certctl tests"
}

test_key_generate_killed() {
  seed_for key_generate
  must certctl init
  timed certctl key generate probe --algorithm rsa:3072
  for i in $(seq 1 "$KILLS"); do
    kill_during "$SPAN" key generate "k$i" --algorithm rsa:3072
    check_store
    run certctl key show "k$i"
    if [ "$RC" -eq 0 ]; then
      # Listed, so the file is whole: a public key can be read from it.
      must certctl csr create "k$i" --cn "k$i.example.net" --out "k$i.csr"
    else
      if [ -e "$STORE/keys/k$i.key" ]; then
        # Killed between linking the file and committing its row: the rerun refuses to touch the file and
        # says what to do; following that hint must work.
        run certctl key generate "k$i" --algorithm rsa:3072
        expect_exit 64
        expect_stderr "no key of this name is recorded"
        rm "$STORE/keys/k$i.key"
      fi
      must certctl key generate "k$i" --algorithm rsa:3072
    fi
    check_clean
  done
}

test_cert_import_killed() {
  seed_for cert_import
  ca_lab
  python3 "$REPO/tests/crash/make_csrs.py" csrs "$KILLS"
  must certctl ca issue lab-root --profile id-cert --csr csrs/dev0.csr --out probe.pem
  timed certctl cert import probe probe.pem
  for i in $(seq 1 "$KILLS"); do
    must certctl ca issue lab-root --profile id-cert --csr "csrs/dev$((i - 1)).csr" --name "issued$i" --out "c$i.pem"
    kill_during "$SPAN" cert import "c$i" "c$i.pem"
    check_store
    run certctl cert show "c$i"
    [ "$RC" -eq 0 ] || must certctl cert import "c$i" "c$i.pem"
    must certctl cert show "c$i"
    check_clean
  done
}

# Certificates the lab root has issued (ca_issued keeps one row per issuance, even under a reused name).
issued_count() { sqlite3 "$STORE/certctl.db" "select count(*) from ca_issued"; }

test_ca_issue_batch_killed() {
  seed_for ca_issue
  ca_lab
  python3 "$REPO/tests/crash/make_csrs.py" csrs "$CSRS"
  local args=()
  for f in csrs/*.csr; do args+=(--csr "$f"); done
  timed certctl ca issue lab-root --profile id-cert "${args[@]}" --out-dir probe
  rm -rf probe
  local base; base=$(issued_count)
  for i in $(seq 1 "$KILLS"); do
    kill_during "$SPAN" ca issue lab-root --profile id-cert "${args[@]}" --out-dir "out$i"
    check_store
    local n; n=$(issued_count)
    # The store has the whole batch or none of it; the new directory appears whole or not at all.
    [ "$n" -eq "$base" ] || [ "$n" -eq $((base + CSRS)) ] || fail "$((n - base)) of $CSRS issued rows"
    [ ! -e "out$i" ] || [ "$(find "out$i" -type f | wc -l)" -eq "$CSRS" ] || fail "out$i is partial"
    if [ "$n" -eq "$base" ]; then
      # Not recorded: the rerun issues the batch (into out$i even if it appeared just before the kill).
      must certctl ca issue lab-root --profile id-cert "${args[@]}" --out-dir "out$i"
      [ "$(find "out$i" -type f | wc -l)" -eq "$CSRS" ] || fail "rerun into out$i is partial"
      [ "$(issued_count)" -eq $((base + CSRS)) ] || fail "rerun did not record the batch"
    else
      [ -d "out$i" ] || fail "the batch is recorded but out$i is missing"
    fi
    base=$(issued_count)
    check_clean "$WORK"
  done
}

# watch --once renewing a batch of due certificates (the clock 21 days on: inside the renewal window of 30-day
# certificates), killed at random: every certificate is the old one or the new one, never none, and the batch
# (one CA: one transaction) is all old or all new; the rerun renews each exactly once.
test_watch_batch_renewal_killed() {
  . "$REPO/tests/lib/clock_shift.sh"
  seed_for watch_renewal
  ca_lab
  python3 "$REPO/tests/crash/make_csrs.py" csrs "$CSRS"
  local args=()
  for f in csrs/*.csr; do args+=(--csr "$f"); done
  must certctl ca issue lab-root --profile id-cert --days 30 "${args[@]}" --out-dir issued
  local shift=$((21 * 86400))
  serials() { sqlite3 "$STORE/certctl.db" "select name || ' ' || serial from certificates where der is not null" | LC_ALL=C sort; }
  serials > old.serials
  [ "$(wc -l < old.serials)" -eq "$CSRS" ] || fail "$(wc -l < old.serials) of $CSRS certificates issued"
  cp -a "$STORE" fresh
  local t0; t0=$(now_ms)
  must later "$shift" certctl watch --once
  SPAN=$(($(now_ms) - t0))
  serials > new.serials
  [ -z "$(LC_ALL=C comm -12 old.serials new.serials)" ] || fail "the probe pass left certificates unrenewed"
  for i in $(seq 1 "$KILLS"); do
    rm -rf "$STORE"; cp -a fresh "$STORE"
    local ms=$(((RANDOM * 32768 + RANDOM) % (SPAN + 1)))
    # env execs certctl: $! is certctl itself, as the kill needs (`later`, a function, would run in a subshell).
    env LD_PRELOAD="$CLOCK_SHIFT_LIB" CERTCTL_TEST_CLOCK_SHIFT="$shift" \
      ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
      "$CERTCTL" --store "$STORE" watch --once >/dev/null 2>&1 &
    local pid=$!
    sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
    KILLED=0
    if kill -9 "$pid" 2>/dev/null; then KILLED=1; fi
    wait "$pid" 2>/dev/null || true
    echo "kill at ${ms} ms of ${SPAN}: $([ "$KILLED" = 1 ] && echo killed || echo 'had finished')"
    check_store
    serials > now.serials
    [ "$(wc -l < now.serials)" -eq "$CSRS" ] || fail "$(wc -l < now.serials) of $CSRS certificates left in service"
    local kept; kept=$(LC_ALL=C comm -12 old.serials now.serials | wc -l)
    [ "$kept" -eq 0 ] || [ "$kept" -eq "$CSRS" ] || fail "$kept of $CSRS certificates still old: a partial batch"
    [ "$(sqlite3 "$STORE/certctl.db" "select count(*) from certificate_history")" -eq $((CSRS - kept)) ] \
      || fail "history does not match the renewed certificates"
    must later "$shift" certctl watch --once
    serials > now.serials
    [ -z "$(LC_ALL=C comm -12 old.serials now.serials)" ] || fail "the rerun left certificates unrenewed"
    [ "$(sqlite3 "$STORE/certctl.db" "select count(*) from certificate_history")" -eq "$CSRS" ] \
      || fail "a certificate was renewed twice"
    check_clean "$WORK"
  done
}

test_ca_crl_many_entries_killed() {
  seed_for ca_crl
  ca_lab
  python3 "$REPO/tests/crash/make_csrs.py" csrs "$REVOKED"
  local args=()
  for f in csrs/*.csr; do args+=(--csr "$f"); done
  must certctl ca issue lab-root --profile id-cert "${args[@]}" --out-dir issued
  for f in issued/*; do
    must certctl ca revoke lab-root "$(openssl x509 -in "$f" -noout -serial | cut -d= -f2)" --reason superseded
  done
  must certctl ca crl lab-root --out old.crl
  timed certctl ca crl lab-root --out probe.crl
  for i in $(seq 1 "$KILLS"); do
    cp old.crl lab.crl
    local before; before=$(sha256sum <lab.crl)
    kill_during "$SPAN" ca crl lab-root --out lab.crl
    check_store
    if [ "$(sha256sum <lab.crl)" != "$before" ]; then
      # Replaced: then entirely the new CRL, every revocation in it.
      openssl crl -inform DER -in lab.crl -CAfile <(certctl ca show lab-root --pem) -noout 2>/dev/null \
        || fail "lab.crl replaced by a CRL that does not verify"
      [ "$(openssl crl -inform DER -in lab.crl -noout -text | grep -c 'Serial Number')" -eq "$REVOKED" ] \
        || fail "lab.crl replaced by an incomplete CRL"
    fi
    must certctl ca crl lab-root --out lab.crl
    check_clean "$WORK"
  done
}

# A source "big" whose last good CRL is small (number 1), and a big one (number 1000) to take its place.
big_crl_setup() {
  must python3 "$REPO/bench/crl/make_big_crl.py" big "$CRL_ENTRIES"
  must make_crl big/ca small.crl --number 1 --revoke 0a1b:key_compromise
  must certctl init
}

published() { cat "$STORE/crl/master.idx" "$STORE/crl/master.csv" "$STORE/crl/master-sources.csv" "$STORE/crl/sources/big.crl" | sha256sum; }

# After a kill of an import of big.crl over small.crl: the kept CRL and the master list are both the old ones
# (BEFORE, their hash), byte for byte, or both the new ones (one generation, switched by one rename:
# crl/generation.h), and lookups answer from a whole master list.
check_old_or_new() {
  if [ "$(published)" = "$BEFORE" ]; then
    return 0
  fi
  cmp -s "$STORE/crl/sources/big.crl" big/big.crl \
    || fail "the published CRL state changed, but sources/big.crl is not the new CRL (a mix of old and new)"
  [ "$(($(wc -l <"$STORE/crl/master.csv") - 1))" -eq "$CRL_ENTRIES" ] \
    || fail "the new CRL is kept beside a master list of $(($(wc -l <"$STORE/crl/master.csv") - 1)) entries, not $CRL_ENTRIES"
  run certctl crl lookup "$(tail -1 big/serials.txt)" --json
  [ "$RC" -eq 1 ] || fail "the new CRL is kept but the master list does not answer for its last serial (exit $RC)"
}

# After the rerun: the new CRL kept and the master list answering for its last serial.
check_new() {
  cmp -s "$STORE/crl/sources/big.crl" big/big.crl || fail "rerun did not keep the new CRL"
  run certctl crl lookup "$(tail -1 big/serials.txt)" --json
  [ "$RC" -eq 1 ] || fail "after the rerun the master list lacks the new CRL's last serial (exit $RC)"
}

test_crl_import_big_killed() {
  seed_for crl_import
  big_crl_setup
  must certctl crl add big http://127.0.0.1:1/big.crl --issuer big/ca.pem
  must certctl crl import big small.crl
  BEFORE=$(published)
  cp -a "$STORE" store.before
  timed certctl crl import big big/big.crl
  kill_and_rerun check_old_or_new check_new crl import big big/big.crl
}

# crl.master_list = on-demand, set on a store published merged: the import that is killed also splits the
# merged list into per-source indexes. Whatever the moment, the old merged list with the old CRL or the new
# per-source indexes with the new CRL, whole (one generation).
test_crl_import_per_source_killed() {
  seed_for crl_import_per_source
  big_crl_setup
  must certctl crl add big http://127.0.0.1:1/big.crl --issuer big/ca.pem
  must make_crl big/ca other.crl --number 1 --revoke 77:superseded
  must certctl crl add other http://127.0.0.1:1/other.crl --issuer big/ca.pem
  must certctl crl import big small.crl
  must certctl crl import other other.crl
  BEFORE=$(published)
  printf '[crl]\nmaster_list = "on-demand"\n' > "$STORE/certctl.toml"
  cp -a "$STORE" store.before
  timed certctl crl import big big/big.crl
  kill_and_rerun check_old_merged_or_new_per_source check_new_per_source crl import big big/big.crl
}

check_old_merged_or_new_per_source() {
  if [ "$(published 2>/dev/null)" != "$BEFORE" ]; then
    cmp -s "$STORE/crl/sources/big.crl" big/big.crl \
      || fail "the published CRL state changed, but sources/big.crl is not the new CRL (a mix of old and new)"
    [ -e "$STORE/crl/master.idx" ] && fail "the new CRL is kept beside the old merged index"
    [ "$(ls "$STORE/crl/index")" = "$(printf 'big.idx\nother.idx')" ] \
      || fail "the new CRL is kept beside per-source indexes $(ls "$STORE/crl/index" | tr '\n' ' ')"
    must certctl crl master
    [ "$(($(wc -l <"$WORK/out") - 1))" -eq "$((CRL_ENTRIES + 1))" ] \
      || fail "the per-source indexes hold $(($(wc -l <"$WORK/out") - 1)) entries, not $((CRL_ENTRIES + 1))"
  fi
  run certctl crl lookup 77 --json
  [ "$RC" -eq 1 ] || fail "the other source's entry is not found after the kill (exit $RC)"
}

check_new_per_source() {
  check_new
  [ -e "$STORE/crl/master.idx" ] && fail "a merged index is left beside the per-source ones"
  return 0
}

test_crl_refresh_big_killed() {
  seed_for crl_refresh
  big_crl_setup
  start_server
  cp small.crl "$SRV/serve.crl"
  must certctl crl add big "$URL" --issuer big/ca.pem
  must certctl crl refresh
  BEFORE=$(published)
  cp -a "$STORE" store.before
  cp big/big.crl "$SRV/serve.crl"
  timed certctl crl refresh --force
  kill_and_rerun check_old_or_new check_new crl refresh --force
}

test_exchange_import_killed() {
  seed_for exchange_import
  . "$DATA/exchange/lab.sh"
  local lab="$WORK/lab"
  lab_make "$lab"
  lab_response "$lab" auth.yml
  must certctl init
  cp -a "$STORE" store.before
  timed certctl exchange import auth.yml --trust-file "$lab/root.pem"
  ALL=$(imported_count)
  kill_and_rerun none_or_all_imported : exchange import auth.yml --trust-file "$lab/root.pem"
}

imported_count() { sqlite3 "$STORE/certctl.db" "select count(*) from certificates where source='imported'"; }

none_or_all_imported() {
  local n; n=$(imported_count)
  [ "$n" -eq 0 ] || [ "$n" -eq "$ALL" ] || fail "$n of $ALL certificates imported"
}

# revoke_in_bulk N: N revocations of lab-root written straight into ca_issued (one SQL statement, seconds for
# a million), as if N certificates had been issued and revoked; `ca revoke` one process each would take hours.
revoke_in_bulk() {
  sqlite3 "$STORE/certctl.db" "WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < $1)
    INSERT INTO ca_issued (ca, serial, profile, subject, not_after, fingerprint, name, issued, revoked_at, reason)
    SELECT 'lab-root', printf('4%031x', n), 'id-cert', 'CN=bulk ' || n, '2099-01-01T00:00:00Z', printf('%064x', n),
      NULL, '2026-01-01T00:00:00Z', strftime('%s', 'now') - 86400 - n % 100000, n % 6 FROM i" \
    || fail "could not put $1 revocations in place"
}

test_ca_crl_of_a_million_entries_killed() {
  seed_for ca_crl_bulk
  ca_lab
  revoke_in_bulk "$CRL_ENTRIES"
  certctl ca show lab-root --pem >lab-root.pem || fail "ca show lab-root --pem"
  must certctl ca crl lab-root --out old.crl
  [ "$(python3 "$REPO/tests/crash/crl_entries.py" old.crl)" -eq "$CRL_ENTRIES" ] || fail "old.crl lacks entries"
  timed certctl ca crl lab-root --out probe.crl
  for i in $(seq 1 "$KILLS"); do
    cp old.crl lab.crl
    kill_during "$SPAN" ca crl lab-root --out lab.crl
    check_store
    if ! cmp -s lab.crl old.crl; then
      # Replaced: then entirely a new CRL, signed by the CA, with every revocation in it.
      openssl crl -inform DER -in lab.crl -CAfile lab-root.pem -noout 2>/dev/null \
        || fail "lab.crl replaced by a CRL that does not verify"
      local n; n=$(python3 "$REPO/tests/crash/crl_entries.py" lab.crl) || fail "lab.crl replaced by a partial file"
      [ "$n" -eq "$CRL_ENTRIES" ] || fail "lab.crl replaced by a CRL of $n entries, not $CRL_ENTRIES"
    fi
    must certctl ca crl lab-root --out lab.crl
    [ "$(python3 "$REPO/tests/crash/crl_entries.py" lab.crl)" -eq "$CRL_ENTRIES" ] || fail "rerun wrote a partial CRL"
    check_clean "$WORK"
  done
}

# The schema: every table, index and column, as sqlite_master records it.
schema_of() { sqlite3 "$1" "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"; }
# The row count of each table of TABLES (names separated by newlines) in DB.
rows_of() {
  local t q=""
  for t in $2; do q="$q SELECT '$t', count(*) FROM \"$t\" UNION ALL"; done
  sqlite3 "$1" "${q% UNION ALL}"
}

# A store at an older schema version (rows and files of a current store, the database rewritten by
# tests/crash/old_store.py as that version's certctl left it) is migrated by the first command that opens it;
# certctl is killed during that command, for a random old version each time.
test_store_migration_killed() {
  seed_for migration
  ca_lab
  python3 "$REPO/tests/crash/make_csrs.py" csrs 2
  must certctl key generate k1 --algorithm ec:secp256r1
  must certctl ca issue lab-root --profile id-cert --csr csrs/dev0.csr --name issued1 --out c1.pem
  must certctl cert import c1 c1.pem
  must certctl ca revoke lab-root "$(openssl x509 -in c1.pem -noout -serial | cut -d= -f2)" --reason superseded
  local latest; latest=$(sqlite3 "$STORE/certctl.db" 'PRAGMA user_version')
  [ "$latest" -ge 2 ] || fail "schema version $latest: nothing to migrate from"
  local new_schema; new_schema=$(schema_of "$STORE/certctl.db")
  sqlite3 "$STORE/certctl.db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
  cp -a "$STORE" current
  # old_store VERSION: $STORE as a certctl of schema VERSION left it.
  old_store() {
    rm -rf "$STORE"; cp -a current "$STORE"; rm -f "$STORE"/certctl.db*
    must python3 "$REPO/tests/crash/old_store.py" "$REPO/lib/storage/migrations.cpp" current/certctl.db \
      "$STORE/certctl.db" "$1"
    chmod 600 "$STORE/certctl.db"
  }
  old_store 1
  timed certctl status  # from the oldest schema: every step
  [ "$(sqlite3 "$STORE/certctl.db" 'PRAGMA user_version')" -eq "$latest" ] || fail "status did not migrate"
  for i in $(seq 1 "$MIGRATION_KILLS"); do
    local v=$((RANDOM % (latest - 1) + 1))
    old_store "$v"
    local old_schema tables old_rows
    old_schema=$(schema_of "$STORE/certctl.db")
    tables=$(sqlite3 "$STORE/certctl.db" "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
    old_rows=$(rows_of "$STORE/certctl.db" "$tables")
    kill_during "$SPAN" status
    local ic; ic=$(sqlite3 "$STORE/certctl.db" 'PRAGMA integrity_check')
    [ "$ic" = ok ] || fail "integrity_check: $ic"
    # All or nothing: the old version with the old schema, or the latest with the whole new schema.
    local now; now=$(sqlite3 "$STORE/certctl.db" 'PRAGMA user_version')
    echo "schema version $v before, $now after the kill"
    if [ "$now" -eq "$v" ]; then
      [ "$(schema_of "$STORE/certctl.db")" = "$old_schema" ] || fail "version $v kept, but the schema changed"
    elif [ "$now" -eq "$latest" ]; then
      [ "$(schema_of "$STORE/certctl.db")" = "$new_schema" ] || fail "version $latest, but not its whole schema"
    else
      fail "schema version $now after a kill migrating $v to $latest"
    fi
    [ "$(rows_of "$STORE/certctl.db" "$tables")" = "$old_rows" ] || fail "rows changed by the migration"
    check_store
    # status (in check_store) was the rerun: it migrated; everything the old store held is still there.
    [ "$(sqlite3 "$STORE/certctl.db" 'PRAGMA user_version')" -eq "$latest" ] || fail "rerun did not migrate"
    [ "$(schema_of "$STORE/certctl.db")" = "$new_schema" ] || fail "rerun left a schema unlike a new store's"
    [ "$(rows_of "$STORE/certctl.db" "$tables")" = "$old_rows" ] || fail "rows changed by the rerun"
    must certctl key show k1
    must certctl cert show c1
    check_clean
  done
}
