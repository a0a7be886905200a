# tests/cli/test_completion.sh — the bash and zsh completion certctl-docgen writes at build time: groups,
# verbs and options from the command tree, and names from the store where an argument is a stored name.
# bash is driven as bash itself does it: COMP_WORDS and COMP_CWORD set, the function called, COMPREPLY read.

bash_script() { echo "$(dirname "$CERTCTL")/docgen/certctl"; }
zsh_script() { echo "$(dirname "$CERTCTL")/docgen/_certctl"; }

# complete WORD...: what bash completion offers for the last WORD (possibly empty), one per line, sorted.
complete_words() {
  bash -c '
    source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
    _certctl
    printf "%s\n" "${COMPREPLY[@]}" | sort' _ "$(bash_script)" "$CERTCTL" "$@"
}

# "WORDS" as the words of the command line; a trailing space is an empty word being completed.
words_of() {
  read -ra typed <<<"$1"
  [[ $1 == *" " ]] && typed+=("")
  return 0
}

expect_offers() {  # expect_offers "WORDS" WANTED...
  local words=$1 typed; shift
  words_of "$words"
  got=$(complete_words "${typed[@]}")
  for w in "$@"; do
    grep -qx -- "$w" <<<"$got" || fail "completing '$words' offers no '$w'; got: $(tr '\n' ' ' <<<"$got")"
  done
}

expect_offers_none_of() {
  local words=$1 typed; shift
  words_of "$words"
  got=$(complete_words "${typed[@]}")
  for w in "$@"; do
    grep -qx -- "$w" <<<"$got" && fail "completing '$words' offers '$w'; got: $(tr '\n' ' ' <<<"$got")"
  done
  return 0
}

test_script_registers_the_function() {
  bash -n "$(bash_script)" || fail "the bash script does not parse"
  out=$(bash -c 'source "$1"; complete -p certctl' _ "$(bash_script)")
  grep -q -- "-F _certctl certctl" <<<"$out" || fail "complete -p certctl says: $out"
}

test_groups_and_verbs() {
  expect_offers "cr" crl
  expect_offers_none_of "cr" csr ca
  expect_offers "c" ca cert check config crl csr
  expect_offers "crl " add list show import lookup master remove refresh
  expect_offers "crl re" refresh remove
  # global options before the group do not stop it
  expect_offers "--json -q ca " issue revoke crl
  expect_offers "--store /tmp/s key ex" export-public
  expect_offers_none_of "__" __names
}

test_options_of_a_verb_and_global_ones() {
  expect_offers "crl add --" --issuer --trust --tls-bundle --from-cert --polling-interval --backoff-interval --json --store --help
  expect_offers_none_of "crl add --" --entries --force
  expect_offers "csr create --c" --cn --country --config
  expect_offers "--v" --verbose --version
}

test_stored_names_where_an_argument_names_one() {
  must certctl key generate web01
  must certctl key generate db01
  printf 'x' >"$WORK/wfile.pem"
  expect_offers "--store $STORE key show " web01 db01
  expect_offers "--store $STORE key show w" web01
  expect_offers_none_of "--store $STORE key show w" db01
  expect_offers "--store=$STORE key delete d" db01
  expect_offers "--store $STORE csr create x --key " web01 db01
  # a new name offers nothing stored
  expect_offers_none_of "--store $STORE key generate " web01 db01
  # the store from CERTCTL_STORE when --store is not typed
  got=$(CERTCTL_STORE=$STORE complete_words key show "")
  grep -qx web01 <<<"$got" || fail "CERTCTL_STORE: key show offers $got"
}

test_stored_names_of_bundles_and_crl_sources() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 30 \
    -subj "/CN=completion test CA" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  must certctl trust add lab ca.pem
  must certctl crl add labcrl "file://$WORK/lab.crl" --issuer ca.pem
  expect_offers "--store $STORE trust show " lab
  expect_offers "--store $STORE crl add x --trust " lab
  expect_offers "--store $STORE crl show " labcrl
  expect_offers "--store $STORE crl refresh labcrl " labcrl
  expect_offers_none_of "--store $STORE crl show " lab
}

test_files_where_an_argument_is_a_file() {
  touch "$WORK/req-one.csr" "$WORK/req-two.csr"
  expect_offers "ca issue x --csr $WORK/req-" "$WORK/req-one.csr" "$WORK/req-two.csr"
  expect_offers "--config $WORK/req-o" "$WORK/req-one.csr"
}

test_names_command_is_hidden_and_quiet() {
  run "$CERTCTL" --store "$WORK/none" __names keys
  expect_exit 0
  expect_stdout_empty
  [ ! -s "$WORK/err" ] || fail "__names on a missing store wrote to stderr"
  [ ! -e "$WORK/none" ] || fail "__names created a store"
  run "$CERTCTL" --help
  expect_no_stdout "__names"
  run "$CERTCTL" --store "$WORK/none" __names nonsense
  expect_exit 0
}

test_zsh_script() {
  command -v zsh >/dev/null || skip "zsh is not installed"
  zsh -n "$(zsh_script)" || fail "the zsh script does not parse"
  must certctl key generate web01
  # The completion functions of zsh (_describe, compadd, _files) replaced by ones that print what is offered.
  out=$(zsh -f -c '
    _describe() { print -l -- ${(P)4}; }
    compadd() { shift $(( ${@[(i)--]} )); print -l -- "$@"; }
    _files() { print -- FILES; }
    f=$1; shift
    words=(certctl crl ""); CURRENT=3; PREFIX=""; source "$f"
    print -- ---
    words=(certctl crl add --); CURRENT=4; PREFIX=--; source "$f"
    print -- ---
    words=("$1" --store "$2" key show ""); CURRENT=6; PREFIX=""; source "$f"
  ' _ "$(zsh_script)" "$CERTCTL" "$STORE")
  grep -q '^refresh:' <<<"$out" || fail "zsh: crl offers no refresh: $out"
  grep -q '^--tls-bundle:' <<<"$out" || fail "zsh: crl add -- offers no --tls-bundle: $out"
  grep -qx 'web01' <<<"$out" || fail "zsh: key show offers no stored key: $out"
}
