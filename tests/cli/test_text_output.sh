# tests/cli/test_text_output.sh — how text output reads: durations in one form, counts with their noun in the
# right number, serials with their sign, tables aligned by display width, one day count for DAYS and reason.

self_signed() {  # FILE CN SERIAL DAYS
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -subj "/CN=$2" \
    -set_serial "$3" -days "$4" -out "$1" 2>/dev/null
}

test_durations_print_in_the_largest_exact_unit_never_weeks() {
  self_signed ca.pem "lab CA" 1 90
  must certctl check ca.pem --minor 14d --major 7d --json
  expect_json 'd["thresholds"] == {"minor": "14d", "major": "7d"}'
  must certctl crl add lab "file://$WORK/lab.crl" --issuer ca.pem --backoff-interval 60s --polling-interval 2w
  must certctl crl list --json
  expect_json 'd["sources"][0]["backoff_interval"] == "1m" and d["sources"][0]["polling_interval"] == "14d"'
}

test_serials_zero_and_negative_keep_their_value() {
  self_signed zero.pem zero 0 90
  self_signed neg.pem neg -5 90
  [ "$(openssl x509 -in neg.pem -noout -serial)" = "serial=-05" ] || fail "openssl made no negative serial"
  must certctl check zero.pem neg.pem --json
  expect_json 'sorted(c["serial"] for c in d["certificates"]) == ["-05", "00"]'
  must certctl cert import neg neg.pem --validation-mode warn
  must certctl cert show neg --json
  expect_json 'd["certificate"]["serial"] == "-05"'
  must certctl cert list
  grep -Eq '^neg +-05 ' "$WORK/out" || fail "cert list does not show -05"
}

# Every row's columns start at the same display column, whatever the bytes of the cells before them.
test_tables_align_non_ascii_text() {
  must certctl csr create plain --cn plain.example.net --org "Example"
  must certctl csr create umlaut --cn umlaut.example.net --org "Müller Größe"
  must certctl csr create wide --cn wide.example.net --org "証明書"
  must certctl csr list
  python3 - "$WORK/out" <<'PY' || fail "CREATED column not aligned: $(cat "$WORK/out")"
import re, sys, unicodedata
rows = open(sys.argv[1], encoding="utf-8").read().splitlines()
def columns(text):  # terminal columns, as a reader sees them
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
want = rows[0].index("CREATED")
for r in rows[1:]:
    m = re.search(r"\d{4}-\d\d-\d\dT", r)
    assert m and columns(r[:m.start()]) == want, (r, want)
PY
}

test_counts_take_the_singular_for_one() {
  self_signed ca.pem "lab CA" 1 90
  cat >crl.cnf <<'CNF'
[ca]
default_ca = lab
[lab]
database = index.txt
crlnumber = crlnumber
default_md = sha256
default_crl_days = 7
CNF
  : >index.txt; echo 01 >crlnumber
  openssl ca -config crl.cnf -gencrl -keyfile ca.pem.key -cert ca.pem -out lab.crl 2>/dev/null
  must certctl crl add lab "file://$WORK/lab.crl" --issuer ca.pem
  must certctl crl refresh
  must certctl crl lookup 0a
  expect_stdout "(0 entries from 1 source)"
}

test_expired_reason_counts_days_as_the_days_column() {
  self_signed old.pem old 7 1
  not_after=$(openssl x509 -in old.pem -noout -enddate | cut -d= -f2)
  at=$(date -u -d "$not_after + 10 days + 12 hours" +%Y-%m-%dT%H:%M:%SZ)
  run certctl check old.pem --at "$at"
  expect_exit 3
  grep -Eq ' -11 +critical +expired 11 days ago ' "$WORK/out" || fail "DAYS and reason disagree"
}

test_exchange_messages_use_the_right_article() {
  must certctl ca init root --profile root --cn "Lab Root"
  must certctl exchange registration lab --instance-id 4cdd0470-e5e4-0132-a310-005056841670 --out reg.yml
  must certctl exchange authorize reg.yml --ca root --out auth.yml
  run certctl exchange sync-response auth.yml --ca root
  expect_exit 64
  expect_stderr "it is an authorization, expected a sync request"
  run certctl exchange import reg.yml
  expect_exit 64
  expect_stderr "it is a registration request, which"
}
