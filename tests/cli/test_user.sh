# tests/cli/test_user.sh — certctl user add/list/passwd/revoke-tokens/remove: Argon2id hashes, refusals.

pw() { printf '%s\n' "$2" > "$WORK/$1"; echo "$WORK/$1"; }

test_add_list_remove_with_argon2id_hash() {
  run certctl user add alice --role operator --password-file "$(pw p1 'a long enough secret')"
  expect_exit 0; expect_stdout_empty
  run certctl user list --json
  expect_exit 0
  expect_json 'd["users"][0]["name"] == "alice" and d["users"][0]["role"] == "operator" and d["users"][0]["active_tokens"] == 0'
  hash=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select password_hash from api_users").fetchone()[0])' "$STORE/certctl.db")
  case "$hash" in '$argon2id$v=19$m=19456,t=2,p=1$'*) ;; *) fail "not an Argon2id hash: $hash" ;; esac
  ! grep -rq "a long enough secret" "$STORE" || fail "the password is in the store"
  [ "$(audit_count system.user_add)" = 1 ] || fail "user add not audited"
  run certctl user remove alice
  expect_exit 0
  run certctl user list --json
  expect_json 'd["users"] == []'
  [ "$(audit_count system.user_remove)" = 1 ] || fail "user remove not audited"
}

test_refusals_leave_store_unchanged() {
  run certctl user add alice --role admin --password-file "$(pw p1 'a long enough secret')"
  snapshot_store
  run certctl user add alice --role admin --password-file "$WORK/p1"
  expect_exit 64; expect_stderr "a user by this name exists"
  run certctl user add bob --role root --password-file "$WORK/p1"
  expect_exit 64
  run certctl user add bob --role admin --password-file "$(pw short 'too short')"
  expect_exit 64; expect_stderr "at least 12"
  run certctl user add bob --role admin --password-file "$(pw empty '')"
  expect_exit 65; expect_stderr "first line is empty"
  run certctl user add bob --role admin --password-file "$WORK/none"
  expect_exit 66
  run certctl user add ../bob --role admin --password-file "$WORK/p1"
  expect_exit 64
  run certctl user add bob --role admin
  expect_exit 64
  run certctl user remove carol
  expect_exit 66; expect_stderr "no such user"
  run certctl user passwd carol --password-file "$WORK/p1"
  expect_exit 66
  run certctl user revoke-tokens carol
  expect_exit 66
  expect_store_unchanged
}

test_passwd_and_revoke_tokens() {
  run certctl user add alice --role read-only --password-file "$(pw p1 'a long enough secret')"
  before=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select password_hash from api_users").fetchone()[0])' "$STORE/certctl.db")
  run certctl user passwd alice --password-file "$(pw p2 'another long secret')"
  expect_exit 0
  after=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select password_hash from api_users").fetchone()[0])' "$STORE/certctl.db")
  [ "$before" != "$after" ] || fail "the hash did not change"
  run certctl user revoke-tokens alice --json
  expect_exit 0
  expect_json 'd["name"] == "alice" and d["tokens_revoked"] == 0'
  [ "$(audit_count system.user_password)" = 1 ] || fail "passwd not audited"
  [ "$(audit_count system.user_revoke_tokens)" = 1 ] || fail "revoke-tokens not audited"
}
