# tests/cli/test_help_examples.sh — every verb has --help with EXIT CODES and EXAMPLES, and every example runs.
# The examples of each group run in order on one store, in a directory that holds an OpenSSL root CA
# (ca.pem, ca.key); after the csr group, web01.csr (if an example wrote it) is signed into web01.pem.

group_order="init key csr trust cert ca crl check alarm policy audit stats status config"
# Floors: a parser that finds nothing (help layout changed, awk pattern broken) must fail, not pass empty.
min_verbs=50
min_examples=90

list_subcommands() {  # certctl [GROUP] --help -> names under "Subcommands:"
  "$CERTCTL" "$@" --help | awk '/^Subcommands:/{f=1; next} f && /^  [a-z]/{print $1} f && /^$/{if (n++) f=0}'
}

examples_of() {  # the command lines under EXAMPLES (indented four spaces)
  "$CERTCTL" "$@" --help | awk '/^EXAMPLES/{f=1; next} f && /^    /{sub(/^    /, ""); print}'
}

make_lab_ca() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem \
    -days 3650 -subj "/CN=certctl example lab CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

sign_web01() {
  [ -f web01.csr ] || return 0
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:web01.example.net\n' > web01.ext
  openssl x509 -req -in web01.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 365 -out web01.pem \
    -extfile web01.ext 2>/dev/null
}

test_every_verb_has_help_sections() {
  local missing="" checked=0
  for g in $(list_subcommands); do
    verbs=$(list_subcommands "$g")
    if [ -z "$verbs" ]; then
      "$CERTCTL" "$g" --help | grep -q "^EXIT CODES" || missing="$missing $g"
      continue
    fi
    for v in $verbs; do
      checked=$((checked + 1))
      out=$("$CERTCTL" "$g" "$v" --help) || missing="$missing $g.$v(exit)"
      grep -q "^EXIT CODES" <<<"$out" || missing="$missing $g.$v(exit-codes)"
      grep -q "^EXAMPLES" <<<"$out" || missing="$missing $g.$v(examples)"
    done
  done
  [ -z "$missing" ] || fail "help sections missing:$missing"
  [ "$checked" -ge "$min_verbs" ] || fail "only $checked verbs found under the groups' Subcommands, expected at least $min_verbs"
}

test_every_example_runs() {
  export CERTCTL_STORE="$STORE"
  make_lab_ca
  local groups all failures="" ran=0
  all=$(list_subcommands)
  groups="$group_order $(for g in $all; do grep -qw "$g" <<<"$group_order" || echo "$g"; done)"
  for g in $groups; do
    grep -qw "$g" <<<"$all" || continue
    verbs=$(list_subcommands "$g")
    targets=()
    if [ -z "$verbs" ]; then targets=("$g"); else for v in $verbs; do targets+=("$g $v"); done; fi
    for t in "${targets[@]}"; do
      # shellcheck disable=SC2086
      while IFS= read -r line; do
        [ -n "$line" ] || continue
        cmd="\"\$CERTCTL\"${line#certctl}"
        ran=$((ran + 1))
        set +e
        bash -c "$cmd" >"$WORK/example.out" 2>"$WORK/example.err"
        rc=$?
        set -e
        ok=0
        case "$g:$rc" in
          *:0|check:1|check:2|check:3|cert:1|crl:1) ok=1 ;;
        esac
        if [ "$ok" -ne 1 ]; then
          failures="$failures\n  [$t] $line -> exit $rc: $(head -c 300 "$WORK/example.err")"
        fi
      done < <(examples_of $t)
    done
    [ "$g" = csr ] && sign_web01
  done
  [ -z "$failures" ] || fail "examples that did not run:$(printf '%b' "$failures")"
  [ "$ran" -ge "$min_examples" ] || fail "only $ran examples found in --help, expected at least $min_examples"
}
