# tests/cli/test_doc_examples.sh — the README tour and every ```console block of the docs run as written
# (convention: docs/README.md, "Examples that run"). One test per page: its commands run in order, in one
# shell, in a fresh scratch directory, with `certctl` on PATH and CERTCTL_STORE on a scratch store.

# shellcheck source=/dev/null
. "$REPO/tests/lib/doc_examples.sh"

# Fewer commands than this over all pages means the parser or the pages broke, not that all is well.
doc_min_total=150

doc_pages() {
  echo "$REPO/README.md"
  ls "$REPO"/docs/*.md "$REPO"/docs/commands/*.md
}

# The page's scratch directory: certctl on PATH, the repository's examples/ beside it, no configuration
# file or store of this machine in reach (the tests run as root, whose default store is /var/lib/certctl).
doc_page_env() {
  mkdir -p "$WORK/bin" "$WORK/home" "$WORK/page"
  ln -sf "$CERTCTL" "$WORK/bin/certctl"
  ln -sfn "$REPO/examples" "$WORK/page/examples"
  export PATH="$WORK/bin:$PATH" HOME="$WORK/home" CERTCTL_STORE="$WORK/page/store"
  unset CERTCTL_CONFIG
}

run_page() {  # FILE MIN
  doc_page_env
  cd "$WORK/page"
  doc_run "$1" "$2" || fail "$1: an example did not run as written"
}

# Each page with ```console blocks (README and every command page at least one command) is a test of its own.
for doc_page in $(doc_pages); do
  doc_rel=${doc_page#"$REPO"/}
  doc_min=0
  case "$doc_rel" in README.md | docs/commands/*) doc_min=1 ;; esac
  [ "$doc_min" -eq 1 ] || grep -q '^[[:space:]]*```console[[:space:]]*$' "$doc_page" || continue
  doc_fn=test_page_$(tr -c 'A-Za-z0-9\n' _ <<<"${doc_rel%.md}")
  eval "$doc_fn() { run_page '$doc_page' $doc_min; }"
done

test_every_fence_says_what_it_holds() {
  local problems=""
  for p in $(doc_pages); do problems="$problems$(doc_fence_problems "$p")"$'\n'; done
  problems=$(grep . <<<"$problems" || true)
  [ -z "$problems" ] || fail "fences to mark (console, console-norun REASON, text, ...):"$'\n'"$problems"
}

test_pages_hold_enough_commands() {
  local total=0 n
  for p in $(doc_pages); do
    n=$(doc_commands "$p" | grep -c . || true)
    total=$((total + n))
  done
  [ "$total" -ge "$doc_min_total" ] || fail "only $total commands in \`\`\`console blocks, expected at least $doc_min_total"
}

# The harness itself: a page without commands, a failing command, an unexpected status must each fail it.
test_harness_fails_when_it_should() {
  printf '# t\n```text\n$ true\n```\n' >none.md
  (doc_run "$PWD/none.md" 1) >out.txt 2>&1 && fail "a page without console commands passed"
  printf '```console\n$ false\noutput\n```\n' >false.md
  (doc_run "$PWD/false.md" 1) >out.txt 2>&1 && fail "a failing command passed"
  printf '```console\n$ (exit 65)   # exit 64\n```\n' >wrong.md
  (doc_run "$PWD/wrong.md" 1) >out.txt 2>&1 && fail "exit 65 passed where 64 was written"
  printf '```console\n$ export X=1\n$ cd /\n$ [ "$X" = 1 ] && [ "$PWD" = / ]\n$ (exit 65)   # exit 65\n$ echo a \\\n> b | grep -qx "a b"\n```\n' >ok.md
  (doc_run "$PWD/ok.md" 5) >out.txt 2>&1 || { cat out.txt; fail "a correct page failed"; }
  grep -qx '5 commands ran' out.txt || { cat out.txt; fail "not every command of the page ran"; }
  printf '```\n$ true\n```\n```console-norun\n```\n' >fences.md
  [ "$(doc_fence_problems fences.md | wc -l)" -eq 2 ] || fail "unmarked fences were not found"
}
