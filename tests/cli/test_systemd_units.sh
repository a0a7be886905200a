# tests/cli/test_systemd_units.sh — the units of examples/systemd (installed by `meson install` and the
# package) pass `systemd-analyze verify`, score under 2.0 in `systemd-analyze security --offline=yes`, and
# keep the sandbox the docs promise. ExecStart is pointed at the built certctl, which verify checks exists.

units_copy() {  # copies the units into $WORK/units with ExecStart on the built binary
  mkdir -p "$WORK/units"
  for f in "$REPO"/examples/systemd/*; do
    sed "s#/usr/bin/certctl#$CERTCTL#" "$f" >"$WORK/units/$(basename "$f")"
  done
}

test_units_verify() {
  command -v systemd-analyze >/dev/null || skip "systemd-analyze is not installed"
  units_copy
  (cd "$WORK/units" && systemd-analyze verify --man=no ./*.service ./*.timer) >"$WORK/out" 2>"$WORK/err" ||
    fail "systemd-analyze verify failed"
  [ ! -s "$WORK/err" ] || fail "systemd-analyze verify warns: $(cat "$WORK/err")"
}

test_units_exposure_under_2() {
  command -v systemd-analyze >/dev/null || skip "systemd-analyze is not installed"
  systemd-analyze security --help 2>/dev/null | grep -q -- --offline || skip "systemd-analyze has no --offline"
  units_copy
  local n=0
  for u in "$WORK"/units/*.service; do
    line=$(cd "$WORK/units" && systemd-analyze security --offline=yes "./$(basename "$u")" 2>&1 | grep 'Overall exposure level')
    score=$(sed -E 's/.*: ([0-9]+\.[0-9]+) .*/\1/' <<<"$line")
    [ -n "$score" ] || fail "no exposure score for $u: $line"
    python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 2.0 else 1)" "$score" ||
      fail "$(basename "$u"): exposure $score, not under 2.0"
    n=$((n + 1))
  done
  [ "$n" -ge 4 ] || fail "only $n services scored"
}

test_units_run_as_certctl_in_a_sandbox() {
  for u in "$REPO"/examples/systemd/*.service; do
    for setting in User=certctl Group=certctl StateDirectory=certctl StateDirectoryMode=0700 ProtectSystem=strict \
      NoNewPrivileges=yes PrivateTmp=yes CapabilityBoundingSet= "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX"; do
      grep -qx -- "$setting" "$u" || fail "$(basename "$u") lacks $setting"
    done
    grep -q '^ExecStart=/usr/bin/certctl --store /var/lib/certctl ' "$u" || fail "$(basename "$u") does not use the store /var/lib/certctl"
    grep -q '^WantedBy=\|^\[Install\]' "$u" || [[ "$u" == *-once.service || "$u" == *crl-refresh.service ]] ||
      fail "$(basename "$u") has no [Install] section"
  done
}
