# tests/cli/test_demo.sh — scripts/demo runs end to end with the built binary (no install, no build), so CI
# proves the README's demo works; it stays inside its own directory and leaves no HTTP server behind.

test_demo_runs_end_to_end_with_the_built_binary() {
  # A store the demo must never touch: it sets its own CERTCTL_STORE, config and XDG paths.
  export CERTCTL_STORE="$WORK/real-store" HOME="$WORK/home"
  run env CERTCTL_BIN="$CERTCTL" DEMO_DIR="$WORK/demo" "$REPO/scripts/demo"
  expect_exit 0
  expect_stdout "Demo finished in"
  expect_stdout "$ certctl init"
  expect_stdout "$ openssl req -in web01.csr -verify -noout"
  expect_stdout "exit 65"
  expect_no_stdout "demo FAILED"
  [ ! -e "$WORK/real-store" ] || fail "the demo touched CERTCTL_STORE"
  [ ! -e "$WORK/home" ] || fail "the demo touched HOME"
  [ -d "$WORK/demo/store/keys" ] || fail "no demo store in DEMO_DIR"
  [ "$(stat -c %a "$WORK/demo/store/keys/web01.key")" = 600 ] || fail "web01.key is not 0600"
  # The CRL server is gone: nothing listens on its port any more.
  port=$(cat "$WORK/demo/http.port")
  if python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$port" 2>/dev/null; then
    fail "the demo's HTTP server on port $port is still running"
  fi
  # The local CA's part: the 4-tier chain, the 304, the revocation and the critical check.
  expect_stdout "device1.pem: OK"                       # openssl verify -x509_strict of the 4-tier chain
  expect_stdout "web01.pem: OK"
  expect_stdout '"status": "unchanged"'                 # the second refresh: 304
  expect_stdout "revoked: "                             # crl lookup
  expect_stdout "CERTCTL CRITICAL"                      # check --format nagios
}

test_demo_fails_loudly_when_a_step_fails() {
  # A binary that fails every command: the demo stops at the first step with a non-zero exit.
  printf '#!/bin/sh\nexit 70\n' >"$WORK/broken"
  chmod +x "$WORK/broken"
  run env CERTCTL_BIN="$WORK/broken" DEMO_DIR="$WORK/demo" "$REPO/scripts/demo"
  [ "$RC" -ne 0 ] || fail "the demo succeeded with a broken certctl"
  expect_stderr "demo FAILED: 'certctl init' exited 70"
}
