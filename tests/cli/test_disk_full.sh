# tests/cli/test_disk_full.sh — every writer on a full file system: exit 73 naming a path on it, the store as it
# was (nothing lost, nothing half-written, no temporary left), and the same command works once space is freed.
# The store lives on a small tmpfs mounted for the test (root only; skipped, with the reason, elsewhere).

# mount_small_fs: a 4 MiB tmpfs at $MNT with the store inside; the mount goes when the test's subshell exits.
mount_small_fs() {
  [ "$(id -u)" -eq 0 ] || skip "not root: cannot mount a small tmpfs for the store"
  MNT="$WORK/mnt"
  mkdir -p "$MNT"
  mount -t tmpfs -o size=4m,mode=0700 tmpfs "$MNT" 2>"$WORK/mount.err" || skip "mount not permitted: $(cat "$WORK/mount.err")"
  trap 'umount -l "$MNT" 2>/dev/null || true' EXIT
  export STORE="$MNT/store"
}

# fill_fs SLACK: fills $MNT, then frees SLACK bytes again.
fill_fs() {
  rm -f "$MNT/filler"
  dd if=/dev/zero of="$MNT/filler" bs=4k 2>/dev/null || true
  [ "$1" -eq 0 ] || truncate -s "-$1" "$MNT/filler"
}
free_fs() { rm -f "$MNT/filler"; }

no_leftovers() {  # no temporary or staged file anywhere on the file system
  local left
  left=$(find "$MNT" \( -name '*.tmp.*' -o -name '*.new' -o -name '*.tmp' \) -print; find "$STORE/crl/tmp" -type f 2>/dev/null || true)
  [ -z "$left" ] || fail "left behind: $left"
}

integrity_ok() {
  [ "$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("pragma integrity_check").fetchone()[0])' "$STORE/certctl.db")" = ok ] ||
    fail "integrity_check failed"
}

# writer_on_full_fs CMD...: runs CMD with the file system full, then with a little more room each time. Each
# run either fails with 73, names a path on the file system, and leaves the store and its files as they were,
# or succeeds, which ends the ladder. The first run (no room at all) must fail. If no run succeeded, CMD runs
# once more with the space freed and must work. Either way the database is intact and nothing is left over.
writer_on_full_fs() { ladder snapshot_store_on_free_fs expect_store_unchanged "$@"; }
# ladder BEFORE CHECK CMD...: the rungs every writer climbs. BEFORE runs before each rung, CHECK after each
# refused run, on top of what holds for all of them: exit 73 naming the full file system, nothing left over,
# the database intact; and the same after the run that works.
ladder() {
  local before=$1 check=$2 slack refused=0
  shift 2
  for slack in 0 4096 16384 65536 262144; do
    "$before"
    fill_fs "$slack"
    run "$@"
    free_fs
    if [ "$RC" -eq 0 ]; then
      [ "$refused" -gt 0 ] || fail "worked on a full file system: $*"
      break
    fi
    [ "$RC" -eq 73 ] || fail "exit $RC with $slack bytes free, expected 73: $*"
    expect_stderr "$MNT/"
    "$check"
    no_leftovers
    integrity_ok
    refused=$((refused + 1))
  done
  if [ "$RC" -ne 0 ]; then
    must "$@"
  fi
  no_leftovers
  integrity_ok
}
# resumable_on_full_fs CMD...: the ladder for a command that commits its steps one by one and reuses what an
# earlier run finished (exchange registration: each key and CSR in its own transaction). A 73 may keep
# finished steps, so instead of "store unchanged": every key file has its row, the database is intact and
# nothing temporary is left; with the space freed the command then works.
resumable_on_full_fs() {
  ladder : keys_have_rows "$@"
  keys_have_rows
}
# The certificates exchange authorize issued (named exchange-<instance>-<field>), as the CA records them.
exchange_certificates() {
  python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from ca_issued where name like \"exchange-%\"").fetchone()[0])' "$STORE/certctl.db"
}
no_exchange_certificates() {
  [ "$(exchange_certificates)" = 0 ] || fail "a refused authorize left $(exchange_certificates) certificates issued"
}
# keys_have_rows: every live key file in the store is a key the database records.
keys_have_rows() {
  local files rows
  files=$(find "$STORE/keys" -maxdepth 1 -name '*.key' -printf '%f\n' 2>/dev/null | sed 's/\.key$//' | sort)
  rows=$(python3 -c 'import sqlite3,sys; print("\n".join(sorted(r[0] for r in sqlite3.connect(sys.argv[1]).execute("select name from keys"))))' "$STORE/certctl.db")
  [ "$files" = "$rows" ] || fail "key files and key rows differ: files [$files] rows [$rows]"
}
# publisher_on_full_fs CMD...: the same ladder for commands that publish the last good CRL and the master list
# before they record the source's new state (a failure in between is repaired by the next run, as after a
# crash). A 73 may come after publishing, so instead of "store unchanged": the published files are, after
# each failed run, all byte-identical to before or all the ones the run that worked publishes.
publisher_on_full_fs() {
  local before
  before=$(published)
  PUBLISHED_STATES=""
  ladder : record_published "$@"
  local states=$PUBLISHED_STATES
  # Compared whole: the master list and the last good CRL are one generation (crl/generation.h), so after a
  # failed run all of them are the old ones or all the new ones, never a mix.
  local final
  final=$(published)
  for st in $states; do
    [ "$st" = "$before" ] || [ "$st" = "$final" ] ||
      fail "a failed run left the published CRL state neither all old nor all new (before $before, failed runs$states, final $final)"
  done
}
record_published() { PUBLISHED_STATES="$PUBLISHED_STATES $(published)"; }
# published: a digest per published file. master.idx is digested without its header's publishing time (bytes
# 40-47), which differs between a run that failed after publishing it and the rerun that publishes it again.
published() {
  local f out=""
  for f in "$STORE/crl/master.idx" "$STORE/crl/master.csv" "$STORE/crl/sources/lab.crl"; do
    out="$out$(python3 -c 'import hashlib, sys
try:
    d = open(sys.argv[1], "rb").read()
except OSError:
    d = b""
if sys.argv[1].endswith(".idx"):
    d = d[:40] + d[48:]
print(hashlib.sha256(d).hexdigest()[:16])' "$f"),"
  done
  echo "${out%,}"
}

# The digest reads the database, which needs room for SQLite's shared-memory file: take it with space free.
snapshot_store_on_free_fs() { free_fs; snapshot_store; }

make_csr() {
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/$1.key" -out "$WORK/$1.csr" \
    -subj "/CN=$1.example.net" 2>/dev/null
}
make_self_signed() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/$1.key" -out "$WORK/$1.pem" \
    -days 90 -subj "/CN=$1.example.net" -addext "subjectAltName=DNS:$1.example.net" 2>/dev/null
}
ca_pem() {  # ca_pem CA FILE: the CA's certificate from the store
  must certctl ca show "$1" --pem
  cp "$WORK/out" "$2"
}

test_key_generate_on_a_full_disk() {
  mount_small_fs
  must certctl init
  writer_on_full_fs certctl key generate web01 --algorithm rsa:2048
  must certctl key list --json
  expect_json '[k["name"] for k in d["keys"]] == ["web01"]'
  [ "$(stat -c %a "$STORE/keys/web01.key")" = 600 ] || fail "key mode"
  openssl pkey -in "$STORE/keys/web01.key" -noout || fail "the key file is not a whole key"
}

test_cert_import_on_a_full_disk() {
  mount_small_fs
  make_self_signed web
  must certctl init
  writer_on_full_fs certctl cert import web01 "$WORK/web.pem" --validation-mode warn
  must certctl cert list --json
  expect_json '[c["name"] for c in d["certificates"]] == ["web01"]'
}

test_ca_issue_on_a_full_disk() {
  mount_small_fs
  must certctl ca init lab-root --profile root --cn "Lab Root"
  for i in 1 2 3 4 5 6 7 8; do make_csr "leaf$i"; done
  mkdir -p "$MNT/out"
  # One certificate to a file on the full file system, then a batch into a new directory there.
  writer_on_full_fs certctl ca issue lab-root --profile tls-server --csr "$WORK/leaf1.csr" --out "$MNT/out/leaf1.pem"
  openssl x509 -in "$MNT/out/leaf1.pem" -noout || fail "leaf1.pem is not a whole certificate"
  writer_on_full_fs certctl ca issue lab-root --profile tls-server --out-dir "$MNT/out/batch" \
    --csr "$WORK/leaf2.csr" --csr "$WORK/leaf3.csr" --csr "$WORK/leaf4.csr" --csr "$WORK/leaf5.csr" \
    --csr "$WORK/leaf6.csr" --csr "$WORK/leaf7.csr" --csr "$WORK/leaf8.csr"
  [ "$(find "$MNT/out/batch" -type f | wc -l)" -eq 7 ] || fail "batch: $(ls "$MNT/out/batch")"
  [ "$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from ca_issued").fetchone()[0])' "$STORE/certctl.db")" = 8 ] ||
    fail "issued rows"
}

test_ca_crl_on_a_full_disk() {
  mount_small_fs
  must certctl ca init lab-root --profile root --cn "Lab Root"
  make_csr leaf
  must certctl ca issue lab-root --profile tls-server --csr "$WORK/leaf.csr" --json
  serial=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select serial from ca_issued").fetchone()[0])' "$STORE/certctl.db")
  writer_on_full_fs certctl ca revoke lab-root "$serial" --reason keyCompromise
  writer_on_full_fs certctl ca crl lab-root --out "$MNT/lab.crl"
  openssl crl -in "$MNT/lab.crl" -noout -text | grep -qi "$serial" || fail "the CRL does not list the revoked serial"
}

test_crl_import_and_refresh_on_a_full_disk() {
  mount_small_fs
  must certctl ca init lab-root --profile root --cn "Lab Root"
  ca_pem lab-root "$WORK/root.pem"
  make_csr leaf
  must certctl ca issue lab-root --profile tls-server --csr "$WORK/leaf.csr" --json
  serial=$(json_get 'd["issued"][0]["serial"]')
  must certctl ca revoke lab-root "$serial" --reason keyCompromise
  must certctl ca crl lab-root --out "$WORK/lab.crl"
  must certctl crl add lab "file://$WORK/lab.crl" --issuer "$WORK/root.pem"
  # crl import: last good CRL and master list published, or nothing.
  publisher_on_full_fs certctl crl import lab "$WORK/lab.crl"
  must certctl crl show lab --json
  expect_json 'd["crl_number"] is not None'   # the source's recorded state caught up
  run certctl crl lookup "$serial"
  expect_exit 1
  # A newer CRL through refresh: the master list is the old one (still answering) or the new one, entirely.
  make_csr leaf2
  must certctl ca issue lab-root --profile tls-server --csr "$WORK/leaf2.csr" --json
  serial2=$(json_get 'd["issued"][0]["serial"]')
  must certctl ca revoke lab-root "$serial2" --reason keyCompromise
  must certctl ca crl lab-root --out "$WORK/lab.crl"
  published_before=$(published)
  fill_fs 0
  run certctl crl refresh --force
  free_fs
  [ "$RC" -eq 73 ] || fail "crl refresh on a full disk exited $RC, expected 73"
  expect_stderr "$MNT/"
  [ "$(published)" = "$published_before" ] || fail "the published master list changed on a full disk"
  run certctl crl lookup "$serial"
  expect_exit 1
  no_leftovers
  integrity_ok
  publisher_on_full_fs certctl crl refresh --force
  run certctl crl lookup "$serial2"
  expect_exit 1
  no_leftovers
}

test_exchange_writes_on_a_full_disk() {
  mount_small_fs
  uuid=4cdd0470-e5e4-0132-a310-005056841670
  must certctl init
  # registration makes each key and CSR in its own transaction and reuses them on the next run.
  resumable_on_full_fs certctl exchange registration lab --instance-id "$uuid" --out "$MNT/reg.yml"
  [ "$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from keys").fetchone()[0])' "$STORE/certctl.db")" = 3 ] ||
    fail "registration did not end with its three keys"
  # authorize makes the lab CAs it lacks (each kept and reused by the next run), then issues its four
  # certificates in one transaction: a refused run leaves none of them issued, and the run that works issues
  # each exactly once.
  must certctl exchange verify "$MNT/reg.yml"
  must certctl ca init licensing-root --profile root --cn "Lab Licensing Root"
  ca_pem licensing-root "$WORK/root.pem"
  ladder : no_exchange_certificates certctl exchange authorize "$MNT/reg.yml" --ca licensing-root --out "$MNT/auth.yml"
  [ "$(exchange_certificates)" = 4 ] || fail "authorize ended with $(exchange_certificates) certificates issued, not 4"
  writer_on_full_fs certctl exchange import "$MNT/auth.yml" --trust-file "$WORK/root.pem"
  must certctl cert list --json
  expect_json 'len(d["certificates"]) >= 1'
}

# The answer file of exchange authorize on a full file system while the store has room: it is written before
# the four certificates are stored for good, so its failure issues none of them.
test_exchange_authorize_answer_on_a_full_disk_issues_nothing() {
  mount_small_fs
  export STORE="$WORK/store"
  uuid=4cdd0470-e5e4-0132-a310-005056841670
  must certctl init
  must certctl exchange registration lab --instance-id "$uuid" --out "$WORK/reg.yml"
  must certctl ca init licensing-root --profile root --cn "Lab Licensing Root"
  fill_fs 0
  run certctl exchange authorize "$WORK/reg.yml" --ca licensing-root --out "$MNT/auth.yml"
  free_fs
  [ "$RC" -eq 73 ] || fail "authorize with --out on a full file system exited $RC, expected 73"
  expect_stderr "$MNT/auth.yml"
  no_exchange_certificates
  [ ! -e "$MNT/auth.yml" ] || fail "a refused authorize left $MNT/auth.yml"
  no_leftovers
  must certctl exchange authorize "$WORK/reg.yml" --ca licensing-root --out "$MNT/auth.yml"
  [ "$(exchange_certificates)" = 4 ] || fail "authorize ended with $(exchange_certificates) certificates issued, not 4"
}

test_key_import_csr_create_trust_add_ca_init_on_a_full_disk() {
  mount_small_fs
  make_self_signed web
  chmod 600 "$WORK/web.key"
  must certctl init
  writer_on_full_fs certctl key import web01 "$WORK/web.key"
  must certctl key show web01
  writer_on_full_fs certctl csr create web01 --key web01 --cn web01.example.net --out "$MNT/web01.csr"
  openssl req -in "$MNT/web01.csr" -noout -verify 2>/dev/null || fail "web01.csr is not a whole, signed CSR"
  writer_on_full_fs certctl trust add lab "$WORK/web.pem"
  must certctl trust show lab
  writer_on_full_fs certctl ca init lab-root --profile root --cn "Lab Root"
  must certctl ca show lab-root
}

# The schema version, the schema and the rows: what a refused migration must leave as it was.
schema_state() {
  python3 - "$STORE/certctl.db" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
print(con.execute("PRAGMA user_version").fetchone()[0])
for row in con.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name"):
    print(row)
PY
}
snapshot_schema_on_free_fs() { free_fs; snapshot_store; SCHEMA_BEFORE=$(schema_state); }
expect_schema_unchanged() {
  expect_store_unchanged
  [ "$(schema_state)" = "$SCHEMA_BEFORE" ] || fail "a refused migration changed the schema"
}

# A store at the oldest schema (tests/crash/old_store.py), migrated by the first command that opens it.
test_store_migration_on_a_full_disk() {
  mount_small_fs
  must certctl init
  must certctl key generate k1 --algorithm ec:secp256r1
  make_self_signed web
  must certctl cert import web01 "$WORK/web.pem" --validation-mode warn
  local latest; latest=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA user_version").fetchone()[0])' "$STORE/certctl.db")
  cp -a "$STORE" "$WORK/current"
  rm -f "$STORE"/certctl.db*
  must python3 "$REPO/tests/crash/old_store.py" "$REPO/lib/storage/migrations.cpp" "$WORK/current/certctl.db" "$STORE/certctl.db" 1
  chmod 600 "$STORE/certctl.db"
  ladder snapshot_schema_on_free_fs expect_schema_unchanged certctl status
  [ "$(schema_state | head -1)" = "$latest" ] || fail "the store was not migrated once space was freed"
  must certctl key show k1
  must certctl cert show web01
}
