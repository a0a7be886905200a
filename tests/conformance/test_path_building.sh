# tests/conformance/test_path_building.sh — `cert verify` on the adversarial sets of adversarial.py (50 CAs of one
# name, 10 deep with decoys, cross-signing loops, 1,000 name constraints, more candidates than the bound):
# each gives the expected answer. Their timings are measured by bench/verify/run.sh, not here.

adversarial() {
  python3 "$REPO/tests/conformance/adversarial.py" sets
  run certctl --json cert verify "sets/$1/leaf.pem" --trust-file "sets/$1/roots.pem" --chain "sets/$1/chain.pem"
}

test_fifty_cas_sharing_a_name_and_key_identifier() {
  adversarial same-subject-50
  expect_exit 0
  expect_json 'd["valid"] and d["path"][1]["subject"] == "CN=Shared CA"'
}

test_ten_deep_with_decoys_beside_every_ca() {
  adversarial deep-10
  expect_exit 0
  expect_json 'len(d["path"]) == 12'
}

test_cross_signing_loop_with_a_way_out() {
  adversarial cross-loop
  expect_exit 0
  expect_json '[p["subject"] for p in d["path"]] == ["CN=www.example.com", "CN=CA A", "CN=CA B", "CN=Adversarial Root"]'
}

test_cross_signing_loop_without_a_way_out() {
  adversarial cross-loop-dead
  expect_exit 1
  expect_json 'd["reason_codes"] == ["path_loop"] and d["path"] == []'
}

test_thousand_name_constraints() {
  adversarial nc-1000
  expect_exit 0
  adversarial nc-1000-miss
  expect_exit 1
  expect_json '"name_constraints" in d["reason_codes"]'
}

test_more_candidates_than_the_bound() {
  adversarial over-bound
  expect_exit 1
  expect_json 'd["reason_codes"][0] == "path_limit"'
  expect_stdout "path building gave up after 32 candidates"
}

test_root_and_intermediate_given_in_either_order() {
  adversarial cross-loop
  # The chain file lists B-by-A before A-by-B and B-by-root: the order of --chain never matters.
  tac_pem() { python3 -c 'import sys; c=open(sys.argv[1]).read().split("-----END CERTIFICATE-----\n"); sys.stdout.write("".join(x + "-----END CERTIFICATE-----\n" for x in reversed(c) if x.strip()))' "$1"; }
  tac_pem sets/cross-loop/chain.pem > reversed.pem
  run certctl --json cert verify sets/cross-loop/leaf.pem --trust-file sets/cross-loop/roots.pem --chain reversed.pem
  expect_exit 0
}
