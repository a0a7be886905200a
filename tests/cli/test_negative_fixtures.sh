# tests/cli/test_negative_fixtures.sh — the named negative fixtures of tests/data/<scenario>/ (written by
# tests/data/make_fixtures.sh, never by certctl) against what their expected.txt says each must produce.

# expected_rows SCENARIO: the fixture rows of its expected.txt as "file exit text" (comments dropped).
expected_rows() { grep -v '^#' "$DATA/$1/expected.txt" | awk 'NF >= 3 { f=$1; e=$2; $1=""; $2=""; sub(/^ +/, ""); print f "\t" e "\t" $0 }'; }

test_every_cert_import_fixture_is_refused_as_expected_and_stores_nothing() {
  must certctl init
  local n=0 file code text
  while IFS=$'\t' read -r file code text; do
    [ -f "$DATA/cert_import/$file" ] || fail "expected.txt names $file, which tests/data/cert_import lacks"
    snapshot_store
    run certctl cert import "neg$n" "$DATA/cert_import/$file"
    [ "$RC" -eq "$code" ] || fail "$file: exit $RC, expected $code"
    expect_stderr "$DATA/cert_import/$file"
    if [ "$text" != "-" ]; then
      grep -qiF -- "$text" "$WORK/err" || fail "$file: stderr lacks '$text'"
    fi
    expect_store_unchanged
    n=$((n + 1))
  done < <(expected_rows cert_import)
  [ "$n" -ge 7 ] || fail "only $n fixtures read from expected.txt"
  # Every invalid_* file has its row: a fixture without an expectation tests nothing.
  local f
  for f in "$DATA"/cert_import/invalid_*; do
    grep -q "^$(basename "$f") " "$DATA/cert_import/expected.txt" || fail "$(basename "$f") has no row in expected.txt"
  done
}
