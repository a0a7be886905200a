# tests/lib/doc_examples.sh — runs the ```console blocks of a Markdown page as written (the convention is in
# docs/README.md, "Examples that run"). Sourced by tests/cli/test_doc_examples.sh.
#
# doc_commands FILE   prints one record per command: LINE <TAB> EXPECTED-EXIT <TAB> COMMAND
# doc_fence_problems FILE   prints each fence without an info string, or console-norun without a reason
# doc_run FILE MIN    runs FILE's commands in order in one shell in the current directory; fails on the first
#                     command whose exit status is not the expected one, or when fewer than MIN ran.
#                     With DOC_SHOW=1 it prints each command and its output.

doc_commands() {
  awk '
    function flush() {
      if (cmd == "") return
      want = 0
      if (match(cmd, /(^|[ \t])#[ \t]*exit[ \t]+[0-9]+/)) {
        s = substr(cmd, RSTART, RLENGTH); sub(/.*exit[ \t]+/, "", s); want = s + 0
      }
      printf "%d\t%d\t%s\n", start, want, cmd
      cmd = ""
    }
    /^[ \t]*```/ {
      if (!fence) { fence = 1; run = ($0 ~ /^[ \t]*```console[ \t]*$/); next }
      flush(); fence = 0; run = 0; cont = 0; next
    }
    !run { next }
    cont { line = $0; sub(/^> /, "", line); cmd = cmd " " line; cont = (cmd ~ /\\$/); if (cont) sub(/\\$/, "", cmd); next }
    /^\$ / { flush(); start = NR; cmd = substr($0, 3); cont = (cmd ~ /\\$/); if (cont) sub(/\\$/, "", cmd); next }
    { flush() }   # output lines are shown for the reader, never compared
  ' "$1"
}

doc_fence_problems() {
  awk -v F="$1" '
    /^[ \t]*```/ {
      if (!fence) {
        fence = 1; info = $0; sub(/^[ \t]*```/, "", info)
        if (info ~ /^[ \t]*$/) print F ":" NR ": a fence without an info string (console, console-norun REASON, text, ...)"
        else if (info ~ /^console-norun[ \t]*$/) print F ":" NR ": console-norun without a reason"
        else if (info !~ /^(console|console-norun [^ ].*|text|json|yaml|toml|sh|cpp)[ \t]*$/) print F ":" NR ": unknown info string \"" info "\""
      } else fence = 0
    }
  ' "$1"
}

# A port nothing listens on now: the pages say 8080, the test uses this one so parallel runs do not collide.
doc_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The commands of FILE become one bash script (so `export` and `cd` carry to the next command), each command
# in braces with its own output files, followed by a check of its exit status.
doc_run() {
  local file=$1 min=$2 port records count script
  port=$(doc_free_port)
  records=$(doc_commands "$file")
  count=$(printf '%s' "$records" | grep -c . || true)
  if [ "$count" -lt "$min" ]; then
    echo "$file: $count commands found in \`\`\`console blocks, at least $min expected"
    return 1
  fi
  script=$(mktemp "$PWD/.doc-run-XXXXXX.sh")
  {
    echo 'set -o pipefail'
    echo 'trap '\''kill $(jobs -p) 2>/dev/null; wait 2>/dev/null'\'' EXIT'
    echo 'doc_check() {  # RC WANT WHERE'
    echo '  doc_ran=$((doc_ran + 1))'
    echo '  [ "$1" -eq "$2" ] && return 0'
    echo '  echo "$3: exit $1, the page implies $2"; echo "--- stdout"; head -c 2000 .doc.out'
    echo '  echo "--- stderr"; head -c 2000 .doc.err; exit 1'
    echo '}'
    echo 'doc_wait_port() { for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/'"$port"') 2>/dev/null && return 0; sleep 0.1; done; }'
    echo 'doc_ran=0'
    local line want cmd
    while IFS=$'\t' read -r line want cmd; do
      cmd=${cmd//8080/$port}
      printf '{\n%s\n} </dev/null >.doc.out 2>.doc.err\ndoc_check $? %d %q\n' "$cmd" "$want" "$file:$line: \$ $cmd"
      # DOC_SHOW=1 prints what each command said, for whoever writes the page's output lines.
      printf '[ -z "${DOC_SHOW:-}" ] || { echo %q; cat .doc.out .doc.err; }\n' "\$ $cmd"
      # A server started in the background gets a moment to listen before the next command needs it.
      case "$cmd" in *"$port"*'&'*) echo 'doc_wait_port' ;; esac
    done <<<"$records"
    echo 'echo "$doc_ran commands ran"'
  } >"$script"
  bash "$script"
}
