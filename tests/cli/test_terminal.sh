# tests/cli/test_terminal.sh — what certctl does only on a terminal (a pty here): the progress line of long
# work (here bulk issuance), drawn on stderr, never under --json or -q, never when stderr is a file or a
# pipe, and erased when the work ends; severity colours in `check`, `alarm list` and `cert list`, never with NO_COLOR,
# --json or a redirected stdout.

# on_tty CMD...: runs CMD with stdin, stdout and stderr on a pseudo-terminal; what it wrote goes to $WORK/tty,
# its exit code to $RC.
on_tty() {
  set +e
  python3 - "$@" > "$WORK/tty" <<'PY'
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
out = b""
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(out)
sys.exit(os.waitstatus_to_exitcode(status))
PY
  RC=$?
  set -e
}

# A batch long enough to pass the line's quiet start (0.3 s) on a fast machine: 4,000 CSRs (one file, many
# names).
big_batch() {
  must certctl ca init lab --profile root --cn "Progress Lab"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout dev.key -out dev0.csr -subj "/CN=dev" \
    2>/dev/null || fail "openssl req"
  mkdir csrs
  for i in $(seq 1 4000); do ln -s ../dev0.csr "csrs/dev$i.csr"; done
  printf -- '--csr\ncsrs/dev%d.csr\n' $(seq 1 4000) > args.txt
  mapfile -t CSR_ARGS < args.txt
}

test_bulk_issuance_shows_progress_on_a_terminal_only() {
  big_batch
  on_tty "$CERTCTL" --store "$STORE" ca issue lab --profile id-cert "${CSR_ARGS[@]}" --out-dir issued1
  expect_exit 0
  grep -q "issuing certificates [0-9]*/4000 ([0-9]*%)" "$WORK/tty" || fail "no progress line on the terminal: $(head -c 500 "$WORK/tty")"
  grep -q $'\r\033\[K' "$WORK/tty" || fail "the progress line is not erased at the end"
  # Not on a pipe or file, not with --json, not with -q.
  run certctl ca issue lab --profile id-cert "${CSR_ARGS[@]}" --out-dir issued2
  expect_exit 0
  [ ! -s "$WORK/err" ] || fail "stderr is not empty when it is a file: $(head -c 300 "$WORK/err")"
  on_tty "$CERTCTL" --store "$STORE" --json ca issue lab --profile id-cert "${CSR_ARGS[@]}" --out-dir issued3
  expect_exit 0
  ! grep -q "issuing certificates" "$WORK/tty" || fail "a progress line under --json"
  on_tty "$CERTCTL" --store "$STORE" -q ca issue lab --profile id-cert "${CSR_ARGS[@]}" --out-dir issued4
  expect_exit 0
  ! grep -q "issuing certificates" "$WORK/tty" || fail "a progress line under -q"
}

test_a_short_job_shows_no_line() {
  must certctl ca init lab --profile root --cn "Progress Lab"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout one.key -out one.csr -subj "/CN=one" \
    2>/dev/null || fail "openssl req"
  on_tty "$CERTCTL" --store "$STORE" ca issue lab --profile id-cert --csr one.csr --out one.pem
  expect_exit 0
  ! grep -q "issuing certificates" "$WORK/tty" || fail "a progress line flashed for one certificate"
}

test_severity_colours_on_a_terminal_only() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout w.key -out w.pem -subj /CN=w.example \
    -days 5 2>/dev/null || fail "openssl req"
  must certctl cert import web w.pem
  run certctl check  # raises the alarm: expires within a week, major
  on_tty "$CERTCTL" --store "$STORE" alarm list
  expect_exit 0
  grep -q $'\033\[31mmajor\033\[0m' "$WORK/tty" || fail "major is not red: $(head -c 300 "$WORK/tty" | od -c | head)"
  on_tty "$CERTCTL" --store "$STORE" cert list
  grep -q $'\033\[31mmajor\033\[0m' "$WORK/tty" || fail "cert list's ALARM is not coloured"
  on_tty "$CERTCTL" --store "$STORE" check
  expect_exit 2
  grep -q $'\033\[31mmajor\033\[0m' "$WORK/tty" || fail "check's SEVERITY is not coloured"
  grep -q "checked at " "$WORK/tty" || fail "check lost its summary line on a terminal"
  on_tty env NO_COLOR=1 "$CERTCTL" --store "$STORE" check
  ! grep -q $'\033' "$WORK/tty" || fail "check coloured despite NO_COLOR"
  on_tty env NO_COLOR=1 "$CERTCTL" --store "$STORE" alarm list
  ! grep -q $'\033' "$WORK/tty" || fail "colours despite NO_COLOR"
  grep -q "major" "$WORK/tty" || fail "alarm list lost its row under NO_COLOR"
  on_tty "$CERTCTL" --store "$STORE" --json alarm list
  ! grep -q $'\033' "$WORK/tty" || fail "colours in --json"
  run certctl alarm list
  ! grep -q $'\033' "$WORK/out" || fail "colours when stdout is a file"
}
