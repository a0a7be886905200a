# tests/cli/test_man_pages.sh — the man pages certctl-docgen writes at build time say what --help says:
# a page per command, every option of every verb's --help with its text, the exit codes and the examples;
# and they render with man(1) without a groff warning.

pages_dir() { echo "$(dirname "$CERTCTL")/docgen"; }

list_subcommands() {  # certctl [GROUP] --help -> names under "Subcommands:"
  "$CERTCTL" "$@" --help | awk '/^Subcommands:/{f=1; next} f && /^  [a-z]/{print $1} f && /^$/{f=0}'
}

# The roff source as plain text: \- is -, \e is \, font changes and \& dropped.
plain_page() {
  sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e 's/\\&//g' -e 's/\\e/\\/g' "$1"
}

# One verb's block of a section: from ".SS VERB" after ".SH SECTION" to the next .SS or .SH.
page_block() {  # FILE SECTION VERB
  plain_page "$1" | awk -v sec=".SH $2" -v ss=".SS $3" '
    $0 == sec {in_sec=1; next} /^\.SH/ {in_sec=0} in_sec && $0 == ss {on=1; next} on && /^\.S[SH]/ {on=0} on {print}'
}

# Option lines of --help (above its EXIT CODES footer): "  -q,--quiet   text" -> the names, one per line, and the description after.
help_option_names() { awk '/^EXIT CODES/{exit} /^ *-/{print $1}' | tr ',' '\n' | grep -E '^-'; }
help_option_texts() { awk '/^EXIT CODES/{exit} /^ *-/{sub(/^ +/, ""); i = index($0, "  "); if (i) { t = substr($0, i); sub(/^ +/, "", t); print t } }'; }

test_every_command_has_a_page() {
  local dir; dir=$(pages_dir)
  [ -s "$dir/certctl.1" ] || fail "no certctl.1 in $dir"
  local n=0
  for g in $(list_subcommands); do
    [ -s "$dir/certctl-$g.1" ] || fail "no man page certctl-$g.1 for the command $g"
    n=$((n + 1))
  done
  [ "$n" -ge 15 ] || fail "only $n commands found in certctl --help"
  # and no page for a command certctl does not have (a removed command's stale page)
  for p in "$dir"/certctl-*.1; do
    g=$(basename "$p" .1); g=${g#certctl-}
    list_subcommands | grep -qx "$g" || fail "page $p names no certctl command"
  done
}

test_every_option_of_help_is_in_its_verb_section() {
  local dir checked=0 missing=""
  dir=$(pages_dir)
  for g in $(list_subcommands); do
    verbs=$(list_subcommands "$g")
    for v in ${verbs:-"-"}; do
      if [ "$v" = "-" ]; then help=$("$CERTCTL" "$g" --help); block=$(plain_page "$dir/certctl-$g.1" | awk '/^\.SH OPTIONS/{f=1;next} /^\.SH/{f=0} f')
      else help=$("$CERTCTL" "$g" "$v" --help); block=$(page_block "$dir/certctl-$g.1" OPTIONS "$v"); fi
      [ -n "$block" ] || missing="$missing $g.$v(no OPTIONS block)"
      while read -r opt; do
        [ "$opt" = "-h" ] || [ "$opt" = "--help" ] && continue
        checked=$((checked + 1))
        grep -qE -- "(^|[ ,])$opt( |,|\$)" <<<"$block" || missing="$missing $g.$v:$opt"
      done < <(help_option_names <<<"$help")
      while read -r text; do
        [ -z "$text" ] && continue
        case "$text" in "Print this help message and exit") continue ;; esac
        grep -qF -- "$text" <<<"$block" || missing="$missing $g.$v:'${text:0:40}'"
      done < <(help_option_texts <<<"$help")
    done
  done
  [ -z "$missing" ] || fail "in --help but not in the man page:$missing"
  [ "$checked" -ge 120 ] || fail "only $checked options compared; the --help parser finds too little"
}

test_global_options_and_exit_codes_in_certctl_1() {
  local page; page=$(plain_page "$(pages_dir)/certctl.1")
  for opt in $("$CERTCTL" --help | help_option_names); do
    grep -qF -- "$opt" <<<"$page" || fail "certctl.1 lacks the global option $opt"
  done
  for code in 0 1 64 65 66 69 70 73 75 77; do
    grep -qx "\\.B $code" <<<"$page" || fail "certctl.1 lacks exit code $code"
  done
}

test_exit_codes_and_examples_of_every_verb() {
  local dir missing="" examples=0
  dir=$(pages_dir)
  for g in $(list_subcommands); do
    for v in $(list_subcommands "$g"); do
      help=$("$CERTCTL" "$g" "$v" --help)
      codes=$(awk '/^EXIT CODES/{f=1;next} /^$/{f=0} f' <<<"$help" | grep -oE '(^|   )[0-9]+ ' | tr -d ' ')
      block=$(page_block "$dir/certctl-$g.1" "EXIT CODES" "$v")
      for c in $codes; do grep -qx "\\.B $c" <<<"$block" || missing="$missing $g.$v:exit-$c"; done
      block=$(page_block "$dir/certctl-$g.1" EXAMPLES "$v")
      while read -r cmd; do
        examples=$((examples + 1))
        grep -qxF -- "$cmd" <<<"$block" || missing="$missing $g.$v:example'${cmd:0:40}'"
      done < <(awk '/^EXAMPLES/{f=1;next} f && /^    /{sub(/^    /,""); print}' <<<"$help")
    done
  done
  [ -z "$missing" ] || fail "not in the man page:$missing"
  [ "$examples" -ge 90 ] || fail "only $examples examples compared"
}

test_pages_render_without_warnings() {
  command -v groff >/dev/null || skip "groff is not installed"
  local dir; dir=$(pages_dir)
  for p in "$dir"/*.1; do
    warnings=$(groff -man -ww -z -Tutf8 "$p" 2>&1)
    [ -z "$warnings" ] || fail "groff warns on $p: $warnings"
  done
  command -v man >/dev/null || skip "man is not installed"
  MANWIDTH=120 man -l "$dir/certctl-crl.1" >"$WORK/crl.txt" 2>"$WORK/err" || fail "man -l certctl-crl.1 failed"
  for section in NAME SYNOPSIS COMMANDS OPTIONS "GLOBAL OPTIONS" "EXIT CODES" EXAMPLES "SEE ALSO"; do
    grep -qx "$section" "$WORK/crl.txt" || fail "man -l certctl-crl.1 shows no $section section"
  done
  grep -q -- "--polling-interval" "$WORK/crl.txt" || fail "man -l certctl-crl.1 lacks --polling-interval"
}
