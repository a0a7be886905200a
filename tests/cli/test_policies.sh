# tests/cli/test_policies.sh — RFC 5280 6.1 certificate policy processing in `cert verify` (--policy,
# --require-explicit-policy, --inhibit-policy-mapping, --inhibit-any-policy, and the policyConstraints,
# policyMappings and inhibitAnyPolicy extensions of the path) on root -> intermediate -> leaf chains made here
# by openssl. Every verdict is also asked of `openssl verify -policy_check` with the same inputs: the two
# must agree, and the expected verdict follows from RFC 5280 6.1 for that chain.

P1=1.3.6.1.4.1.55555.1
P2=1.3.6.1.4.1.55555.2
ANY=2.5.29.32.0

# mkchain INT_EXTRA LEAF_EXTRA: root.pem, int.pem, leaf.pem; the extra lines are added to the intermediate's and
# the leaf's extensions (certificatePolicies, policyConstraints, ...).
mkchain() {
  local ec=(-newkey ec -pkeyopt ec_paramgen_curve:P-256)
  printf '%s\n' 'basicConstraints=critical,CA:TRUE' 'keyUsage=critical,keyCertSign,cRLSign' \
    'subjectKeyIdentifier=hash' > root.ext
  printf '%s\n' 'basicConstraints=critical,CA:TRUE' 'keyUsage=critical,keyCertSign,cRLSign' \
    'subjectKeyIdentifier=hash' 'authorityKeyIdentifier=keyid' "$1" > int.ext
  printf '%s\n' 'basicConstraints=critical,CA:FALSE' 'keyUsage=critical,digitalSignature' \
    'subjectAltName=DNS:www.example.com' 'subjectKeyIdentifier=hash' 'authorityKeyIdentifier=keyid' "$2" > leaf.ext
  must openssl req -new "${ec[@]}" -nodes -keyout root.key -out root.csr -subj "/CN=Policy Root"
  must openssl x509 -req -in root.csr -key root.key -days 3650 -set_serial 1 -extfile root.ext -out root.pem
  must openssl req -new "${ec[@]}" -nodes -keyout int.key -out int.csr -subj "/CN=Policy Int"
  must openssl x509 -req -in int.csr -CA root.pem -CAkey root.key -days 1800 -set_serial 2 -extfile int.ext -out int.pem
  must openssl req -new "${ec[@]}" -nodes -keyout leaf.key -out leaf.csr -subj "/CN=www.example.com"
  must openssl x509 -req -in leaf.csr -CA int.pem -CAkey int.key -days 365 -set_serial 3 -extfile leaf.ext -out leaf.pem
}

# openssl_says [certctl options]: 0 or 1, openssl verify's verdict with the same policy inputs. Without
# --policy, openssl is given anyPolicy, RFC 5280 6.1.1 (c)'s default: OpenSSL 3.0 otherwise takes its empty
# user policy set literally and fails every path whose own policyConstraints require an explicit policy.
openssl_says() {
  local args=(-x509_strict -policy_check)
  case " $* " in *" --policy "*) ;; *) args+=(-policy "$ANY") ;; esac
  while [ $# -gt 0 ]; do
    case $1 in
      --policy) args+=(-policy "$2"); shift ;;
      --require-explicit-policy) args+=(-explicit_policy) ;;
      --inhibit-policy-mapping) args+=(-inhibit_map) ;;
      --inhibit-any-policy) args+=(-inhibit_any) ;;
    esac
    shift
  done
  if openssl verify "${args[@]}" -CAfile root.pem -untrusted int.pem leaf.pem >openssl.out 2>&1; then
    echo 0
  else
    echo 1
  fi
}

# verdict EXPECTED_EXIT [options]: certctl's exit is EXPECTED_EXIT, and openssl agrees.
verdict() {
  local want=$1; shift
  run certctl --json cert verify leaf.pem --trust-file root.pem --chain int.pem "$@"
  expect_exit "$want"
  local theirs; theirs=$(openssl_says "$@")
  [ "$theirs" = "$want" ] || fail "openssl verify says $theirs for $*: $(cat openssl.out)"
}

test_no_policies_anywhere_is_valid_unless_explicit_policy_is_required() {
  mkchain '' ''
  verdict 0
  expect_json 'd["policies"] == [] and d["explicit_policy_required"] is False'
  verdict 1 --require-explicit-policy
  expect_json '"policy_required" in d["reason_codes"]'
}

test_a_policy_carried_down_the_path_is_reported_and_can_be_required() {
  mkchain "certificatePolicies=$P1" "certificatePolicies=$P1"
  verdict 0
  expect_json "d['policies'] == ['$P1']"
  verdict 0 --policy "$P1" --require-explicit-policy
  expect_json "d['policies'] == ['$P1'] and d['explicit_policy_required']"
  # Another policy: valid while nothing requires an explicit policy (RFC 5280 6.1.5 (g)), refused when it does.
  verdict 0 --policy "$P2"
  expect_json "d['policies'] == []"
  verdict 1 --policy "$P2" --require-explicit-policy
  expect_json '"policy_required" in d["reason_codes"]'
}

test_require_explicit_policy_in_the_intermediate_binds_the_leaf() {
  # A critical policyConstraints, as RFC 5280 4.2.1.11 requires: Botan 2.19 alone calls it an unknown critical
  # extension; certctl processes it.
  mkchain $'certificatePolicies='"$P1"$'\npolicyConstraints=critical,requireExplicitPolicy:0' ''
  verdict 1
  expect_json '"policy_required" in d["reason_codes"] and "unknown_critical_extension" not in d["reason_codes"]'
  mkchain $'certificatePolicies='"$P1"$'\npolicyConstraints=critical,requireExplicitPolicy:0' "certificatePolicies=$P1"
  verdict 0
  expect_json "d['explicit_policy_required'] and d['policies'] == ['$P1']"
}

test_any_policy_stands_for_every_policy_unless_inhibited() {
  mkchain $'certificatePolicies='"$ANY" "certificatePolicies=$P1"
  verdict 0 --policy "$P1" --require-explicit-policy
  # --inhibit-any-policy: the intermediate's anyPolicy no longer matches P1.
  verdict 1 --policy "$P1" --require-explicit-policy --inhibit-any-policy
  expect_json '"policy_required" in d["reason_codes"]'
  # inhibitAnyPolicy 0 in the intermediate: the leaf's own anyPolicy does not count.
  mkchain $'certificatePolicies='"$ANY"$'\ninhibitAnyPolicy=critical,0\npolicyConstraints=critical,requireExplicitPolicy:0' \
    "certificatePolicies=$ANY"
  verdict 1
  expect_json '"policy_required" in d["reason_codes"]'
}

test_policy_mappings_are_followed_unless_inhibited() {
  mkchain $'certificatePolicies='"$P1"$'\npolicyMappings=critical,'"$P1:$P2" "certificatePolicies=$P2"
  verdict 0 --policy "$P1" --require-explicit-policy
  expect_json "d['policies'] == ['$P2']"
  verdict 1 --policy "$P1" --require-explicit-policy --inhibit-policy-mapping
  expect_json '"policy_required" in d["reason_codes"]'
  # inhibitPolicyMapping 0 in the intermediate stops mappings below it, not its own.
  mkchain $'certificatePolicies='"$P1"$'\npolicyMappings=critical,'"$P1:$P2"$'\npolicyConstraints=critical,inhibitPolicyMapping:0' \
    "certificatePolicies=$P2"
  verdict 0 --policy "$P1" --require-explicit-policy
}

test_mapping_any_policy_is_refused() {
  mkchain $'certificatePolicies='"$P1"$'\npolicyMappings=critical,'"$ANY:$P2" "certificatePolicies=$P2"
  verdict 1
  expect_json '"policy_mapping_any" in d["reason_codes"]'
}

test_a_policy_that_is_not_an_oid_is_a_usage_error() {
  mkchain '' ''
  run certctl cert verify leaf.pem --trust-file root.pem --chain int.pem --policy gold
  expect_exit 64
  expect_stderr 'gold'
  expect_stderr 'dotted decimal'
}
