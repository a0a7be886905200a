# tests/cli/test_check.sh — certctl check on files and directories: boundaries, formats, bad input.
. "$REPO/tests/cli/policies_fixtures.sh"

# notAfter 2030-01-31T00:00:00Z: minor from 2030-01-01T00:00:00Z, major from 2030-01-24, critical after it.
boundary_cert() { make_certs "$WORK/c" "edge|2029-01-01T00:00:00Z|2030-01-31T00:00:00Z"; }

test_exit_codes_at_exact_boundaries() {
  boundary_cert
  for case in "2029-12-31T23:59:59Z 0" "2030-01-01T00:00:00Z 1" "2030-01-23T23:59:59Z 1" "2030-01-24T00:00:00Z 2" \
              "2030-01-31T00:00:00Z 2" "2030-01-31T00:00:01Z 3" "2028-12-31T23:59:59Z 3"; do
    set -- $case
    run certctl check "$WORK/c/edge.pem" --at "$1"
    expect_exit "$2"
  done
  run certctl check "$WORK/c/edge.pem" --at 2030-01-31T00:00:01Z
  expect_exit 3
  expect_stdout "expired 1 second ago"
  run certctl check "$WORK/c/edge.pem" --at 2028-12-31T23:59:59Z
  expect_exit 3
  expect_stdout "not valid until 2029-01-01T00:00:00Z"
  [ ! -e "$STORE" ] || fail "check on files created a store"
}

test_thresholds_from_flags() {
  boundary_cert
  run certctl check "$WORK/c/edge.pem" --at 2030-01-01T00:00:00Z --minor 60d --major 30d
  expect_exit 2
  run certctl check "$WORK/c/edge.pem" --at 2029-12-02T00:00:00Z --minor 60d --major 30d
  expect_exit 1
  run certctl check "$WORK/c/edge.pem" --at 2029-12-01T23:59:59Z --minor 60d --major 30d
  expect_exit 0
}

test_directory_recursive_all_forms_and_skips() {
  make_certs "$WORK/d" "ok1|now-86400|now+31536000" "soon|now-86400|now+864000" "gone|now-864000|now-60"
  make_certs "$WORK/d/sub/deeper" "ok2|now-86400|now+31536000|der" "major|now-86400|now+86400"
  cat "$WORK/d/ok1.pem" "$WORK/d/soon.pem" > "$WORK/d/sub/bundle.pem"
  openssl crl2pkcs7 -nocrl -certfile "$WORK/d/sub/bundle.pem" -out "$WORK/d/sub/b.p7b"
  openssl crl2pkcs7 -nocrl -certfile "$WORK/d/sub/bundle.pem" -outform DER -out "$WORK/d/sub/b.p7der"
  echo "just text" > "$WORK/d/readme.txt"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$WORK/d/sub/key.pem" 2>/dev/null
  head -c 300 "$WORK/d/ok1.pem" > "$WORK/d/sub/truncated.pem"
  : > "$WORK/d/empty.pem"
  ln -s "$WORK/nowhere.pem" "$WORK/d/dangling.pem"
  run certctl check "$WORK/d" --format json
  expect_exit 3
  expect_json 'd["summary"]["checked"] == 11'
  expect_json 'd["summary"]["critical"] == 1 and d["summary"]["major"] == 1 and d["summary"]["minor"] == 4'
  expect_json 'd["summary"]["problems"] == 5'
  expect_json 'sorted(p["path"].split("/")[-1] for p in d["problems"]) == ["dangling.pem", "empty.pem", "key.pem", "readme.txt", "truncated.pem"]'
  expect_json 'd["certificates"][0]["condition"] == "expired" and d["certificates"][0]["subject_cn"] == "gone"'
  expect_json 'any(c["name"].endswith("b.p7der#2") for c in d["certificates"])'
  expect_json 'all(len(c["fingerprint"]) == 64 for c in d["certificates"])'
  expect_stderr "skipped $WORK/d/readme.txt: not a certificate"
  expect_stderr "dangling symbolic link"
}

test_text_output_lists_worst_first() {
  make_certs "$WORK/d" "fine|now-86400|now+31536000" "bad|now-864000|now-60"
  run certctl check "$WORK/d"
  expect_exit 3
  head -2 "$WORK/out" | tail -1 | grep -q "^$WORK/d/bad.pem .* critical  expired" || fail "worst not first"
  expect_stdout "2 certificates: 1 critical, 0 major, 0 minor"
}

test_json_is_a_stable_document() {
  boundary_cert
  run certctl check "$WORK/c/edge.pem" --at 2030-01-25T00:00:00Z --json
  expect_exit 2
  expect_json 'd["checked_at"] == "2030-01-25T00:00:00Z" and d["worst"] == "major" and d["exit_code"] == 2'
  expect_json 'd["thresholds"] == {"minor": "30d", "major": "7d"}'
  expect_json 'set(d["certificates"][0]) == {"name","source","path","subject_cn","serial","fingerprint","not_before","not_after","seconds_left","days_left","severity","condition","reason"}'
  expect_json 'd["certificates"][0]["seconds_left"] == 6*86400 and d["certificates"][0]["days_left"] == 6'
  run certctl check "$WORK/c/edge.pem" --at 2030-01-25T00:00:00Z --format json
  expect_exit 2
  expect_json 'd["worst"] == "major"'
}

test_nagios_status_line_perfdata_and_codes() {
  boundary_cert
  run certctl check "$WORK/c/edge.pem" --at 2029-06-01 --format nagios
  expect_exit 0
  head -1 "$WORK/out" | grep -Eq '^CERTCTL OK - 1 certificate: 0 critical, 0 major, 0 minor; soonest .* \| soonest_days=244;30;7;; certificates=1;;;0; critical=0;;;0; major=0;;;0; minor=0;;;0; problems=0;;;0;$' \
    || fail "status line: $(head -1 "$WORK/out")"
  run certctl check "$WORK/c/edge.pem" --at 2030-01-10 --format nagios
  expect_exit 1
  expect_stdout "CERTCTL WARNING - "
  run certctl check "$WORK/c/edge.pem" --at 2030-01-30 --format nagios
  expect_exit 2
  expect_stdout "CERTCTL CRITICAL - "
  run certctl check "$WORK/c/edge.pem" --at 2030-02-10 --format nagios
  expect_exit 2
  expect_stdout "critical: $WORK/c/edge.pem: expired 10 days ago"
  expect_stdout "soonest_days=-10;30;7;;"
}

test_nagios_unknown_when_nothing_checked() {
  mkdir -p "$WORK/d"; echo text > "$WORK/d/a.txt"
  run certctl check "$WORK/d" --format nagios
  expect_exit 3
  expect_stdout "CERTCTL UNKNOWN - no certificate checked (1 file skipped"
  run certctl check --format nagios
  expect_exit 3
  expect_stdout "CERTCTL UNKNOWN - no store"
  mkdir -p "$WORK/empty"
  run certctl check "$WORK/empty" --format nagios
  expect_exit 3
}

# Every failure under --format nagios is one UNKNOWN line on stdout and exit 3, the error still on stderr.
test_nagios_unknown_on_every_error() {
  run certctl check "$WORK/missing.pem" --format nagios
  expect_exit 3
  expect_stdout "CERTCTL UNKNOWN - "
  expect_stdout "missing.pem"
  expect_stderr "certctl: error:"
  [ "$(wc -l < "$WORK/out")" -eq 1 ] || fail "more than one status line"
  run certctl check "$WORK/missing.pem" --format=nagios --minor 1x
  expect_exit 3
  expect_stdout "CERTCTL UNKNOWN - "
  run certctl check --format nagios --no-such-flag
  expect_exit 3
  expect_stdout "CERTCTL UNKNOWN - usage:"
  run certctl check "$WORK/missing.pem"
  expect_exit 66
  expect_stdout_empty
}

# A strict reader of the text exposition format 0.0.4 (besides promtool, when present): HELP and TYPE
# before samples, one family block each, valid names and labels, float values, no duplicate series.
prometheus_strict() {
  python3 - "$WORK/out" <<'PY'
import re, sys
name_re = re.compile(r'^[a-zA-Z_:][a-zA-Z0-9_:]*$')
label_re = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"')
seen_family, typed, helped, series, current = set(), {}, set(), set(), None
for n, line in enumerate(open(sys.argv[1], encoding="utf-8").read().split("\n")[:-1], 1):
    def bad(why): sys.exit(f"line {n}: {why}: {line!r}")
    if line.startswith("# HELP "):
        fam = line.split(" ", 3)[2]
        if not name_re.match(fam) or fam in helped: bad("bad or repeated HELP")
        helped.add(fam); continue
    if line.startswith("# TYPE "):
        _, _, fam, typ = line.split(" ")
        if typ not in ("gauge", "counter", "untyped", "summary", "histogram") or fam in typed: bad("bad TYPE")
        if fam in seen_family: bad("TYPE after samples")
        typed[fam] = typ; continue
    if line.startswith("#") or not line: bad("unexpected comment or blank")
    m = re.match(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$', line)
    if not m: bad("not a sample")
    fam, labels, value = m.group(1), m.group(3), m.group(4)
    if fam not in typed: bad("sample without TYPE")
    if current != fam and fam in seen_family: bad("family split in two blocks")
    current = fam; seen_family.add(fam)
    if labels is not None:
        rest = label_re.sub("", labels).replace(",", "")
        if rest: bad("bad label syntax")
    float(value)
    key = (fam, labels)
    if key in series: bad("duplicate series")
    series.add(key)
if not series: sys.exit("no samples")
PY
}

test_prometheus_text_format_is_strict() {
  make_certs "$WORK/d" "a|now-86400|now+864000" 'we"ird|now-86400|now+31536000'
  cat "$WORK/d/a.pem" "$WORK/d/a.pem" > "$WORK/d/twice.pem"
  run certctl check "$WORK/d" --format prometheus
  expect_exit 1
  prometheus_strict || fail "exposition format"
  # Prometheus' own checker too: scripts/install-deps unpacks promtool from Debian's prometheus package.
  local promtool
  promtool=$(command -v promtool || echo "$REPO/.cache/bin/promtool")
  if [ -x "$promtool" ]; then
    "$promtool" check metrics < "$WORK/out" > "$WORK/promtool.out" 2>&1 || fail "promtool: $(cat "$WORK/promtool.out")"
  fi
  expect_stdout 'certctl_alarms{severity="minor"} 3'
  expect_stdout 'certctl_certificate_expiry_seconds{name="'"$WORK"'/d/we\"ird.pem",source="file"}'
  expect_stdout 'name="'"$WORK"'/d/twice.pem#2"'
  expect_stdout "certctl_certificates_checked 4"
}

test_bad_input() {
  boundary_cert
  run certctl check "$WORK/c/edge.pem" --minor 7x
  expect_exit 64
  expect_stderr "invalid --minor (7x)"
  run certctl check "$WORK/c/edge.pem" --minor 3d --major 7d
  expect_exit 64
  expect_stderr "shorter than the major"
  run certctl check "$WORK/c/edge.pem" --at "next tuesday"
  expect_exit 64
  run certctl check "$WORK/c/edge.pem" --format xml
  expect_exit 64
  run certctl check "$WORK/nothing-here.pem"
  expect_exit 66
  expect_stderr "no stored certificate, file or directory"
  echo "hello" > "$WORK/junk.pem"
  run certctl check "$WORK/junk.pem"
  expect_exit 65
  expect_stderr "skipped $WORK/junk.pem: not a certificate"
  run certctl check
  expect_exit 66
  expect_stderr "certctl init"
}

test_thresholds_from_config_file() {
  boundary_cert
  printf '[alarms]\nminor = "60d"\nmajor = "40d"\n' > "$WORK/c.toml"
  run certctl --config "$WORK/c.toml" check "$WORK/c/edge.pem" --at 2029-12-22T00:00:00Z
  expect_exit 2
  printf '[alarms]\nminor = "1d"\nmajor = "40d"\n' > "$WORK/bad.toml"
  run certctl --config "$WORK/bad.toml" check "$WORK/c/edge.pem"
  expect_exit 65
  expect_stderr "alarms.minor"
}

test_empty_inventory_is_ok() {
  must certctl init
  run certctl check
  expect_exit 0
  expect_stdout "0 certificates"
}

# The exchange sync cadence: a last successful sync 40 days ago is "sync overdue" (major); a year
# without one is critical. The sync row is what `exchange import` records (tests/cli/test_exchange*.sh).
test_overdue_exchange_sync_is_an_alarm_in_check() {
  must certctl init
  python3 - "$STORE/certctl.db" <<'PY'
import sqlite3, sys, datetime
t = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=40)).strftime("%Y-%m-%dT%H:%M:%SZ")
db = sqlite3.connect(sys.argv[1])
db.execute("insert into exchange_syncs (instance_id, kind, sync_type, file_sha256, last_generated, imported) "
           "values ('4cdd0470-e5e4-0132-a310-005056841670', 'sync_response', 'FULL', 'x', ?, ?)", (t, t))
db.commit()
PY
  run certctl check --json
  expect_exit 2
  expect_json 'd["alarms"][0]["kind"] == "exchange_sync" and d["alarms"][0]["severity"] == "major"'
  must certctl alarm list --json
  expect_json 'any(a["kind"] == "exchange_sync" for a in d["alarms"])'
  run certctl check --at "$(date -u -d '+400 days' +%Y-%m-%d)"
  expect_exit 3
  expect_stdout "exchange_sync 4cdd0470-e5e4-0132-a310-005056841670"
}
