#!/usr/bin/env bash
# The curl examples of the documentation, run against the service and compared with what they show.
#
# docs/api.md (or the file given as the first argument) holds one session: in its ``` blocks, each
# line `$ <command>` that calls curl is followed by the answer the doc claims (status line, headers,
# blank line, body), up to the next `$ ` line or the end of the block. Every such command runs, in
# document order, in this shell against the built jar (service/target/service.jar) on a fresh, empty
# PostgreSQL, with localhost:8080 rewritten to the service's port. A `$ NAME=...` line (the tokens:
# `TOKEN=$(scripts/token ...)`, `EXPIRED=...; sleep 2`) runs too, so later commands see NAME; other
# `$` lines (printing a token) are not run. Then README.md's example (its `TOKEN=` and two `curl`
# lines, on an emptied users table) must answer as its text says: 201 with `location: /users/1` and
# `ETag: "1"`, then 200 with the same user.
#
# What must match, and the only rules that normalise:
#  - the status line, exactly;
#  - the headers, exactly (names as sent, values, order), except `date` and `content-length`, which
#    the doc leaves out and this check drops from the answer, and the order of Allow's methods;
#  - the body, exactly as text, except timestamps (RFC 3339 UTC, `2026-11-30T11:33:42.449263Z`): each
#    is compared as "<timestamp>", and they must map one to one through the session: a timestamp the
#    doc shows twice must come back as the same instant both times, two different ones as two
#    different instants. Ids, versions, ETags and cursors are not normalised: on an empty database
#    they are exact.
#  - an example whose doc answer is `503 Service Unavailable` runs with the database frozen
#    (`docker pause`), as the doc says it was.
# Every difference is printed as a diff naming the example's line; the exit status is 1 if any.
#
# Needs Docker with the PostgreSQL image of scripts/lib/docker.sh (localbuild/ unless
# TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX says otherwise; see scripts/local-docker.sh); builds the jar
# when it is missing. Everything this script starts is stopped when it ends, however it ends.
# Usage: .ci/check-doc-examples.sh [docs/api.md]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../scripts/lib/docker.sh
source scripts/lib/docker.sh
# shellcheck source=../scripts/lib/service.sh
source scripts/lib/service.sh

doc=${1:-docs/api.md}
readme=README.md
jar=service/target/service.jar

log() { echo "check-doc-examples: $*"; }

[ -f "$doc" ] || die "no $doc."
command -v docker >/dev/null && docker info >/dev/null 2>&1 \
  || die "Docker is not available; start it (scripts/local-docker.sh) and export its DOCKER_HOST."
if [ ! -f "$jar" ]; then
  log "building $jar"
  ./mvnw -B -q -DskipTests package || die "the build failed; see the output above."
fi

work=$(mktemp -d /tmp/check-doc-examples.XXXXXX)
cleanup() {
  service_stop
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A fresh, empty PostgreSQL (ids, versions and cursors in the doc assume one) and the service, with
# a secret of its own that scripts/token signs with too.
unset DATASOURCES_DEFAULT_URL SCHEMAKIT_AUTH_READS SCHEMAKIT_AUTH_SIGN_UP SCHEMAKIT_AUTH_JWKS_URL
service_start "$jar" "$work/service.log"
service_port=${service##*:}
log "service at $service, database in container $db_container"

# The doc's commands call curl; a stuck request must not hang the check.
curl() { command curl --max-time 30 "$@"; }

# The comparison.
timestamp_re='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z'
declare -A doc_to_actual=() actual_to_doc=()
failures=0
checked=0

# Splits a `curl -si` answer (or the doc's copy of one) into the canonical form compared:
# status line, headers without date and content-length (Allow's methods sorted), blank line, body with timestamps as
# "<timestamp>"; no carriage returns, no trailing blank lines.
canonical() {
  tr -d '\r' <"$1" | awk '
    NR == 1 { print; next }
    !body && $0 == "" { body = 1; print; next }
    !body && tolower($0) ~ /^(date|content-length):/ { next }
    # The methods of Allow are a set; the server does not promise an order.
    !body && tolower($0) ~ /^allow:/ {
      i = index($0, ":"); n = split(substr($0, i + 1), m, /,/)
      for (x = 1; x <= n; x++) gsub(/^ +| +$/, "", m[x])
      for (x = 2; x <= n; x++) { v = m[x]; y = x - 1; while (y > 0 && m[y] > v) { m[y + 1] = m[y]; y-- } m[y + 1] = v }
      s = m[1]; for (x = 2; x <= n; x++) s = s "," m[x]
      print substr($0, 1, i) " " s; next
    }
    { print }
  ' | sed -E "s/$timestamp_re/<timestamp>/g" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
}

# Timestamps of the doc and of the answer, pairwise, must map one to one over the session.
check_timestamps() {
  local name=$1 expected=$2 actual=$3 d a ok=0
  mapfile -t ds < <(grep -oE "$timestamp_re" "$expected" || true)
  mapfile -t as < <(grep -oE "$timestamp_re" "$actual" || true)
  [ "${#ds[@]}" = "${#as[@]}" ] || return 0 # the body diff shows it
  for i in "${!ds[@]}"; do
    d=${ds[$i]} a=${as[$i]}
    if [ -n "${doc_to_actual[$d]:-}" ] && [ "${doc_to_actual[$d]}" != "$a" ]; then
      echo "check-doc-examples: $name: the doc's $d came back as ${doc_to_actual[$d]} before and as $a here." >&2
      ok=1
    elif [ -n "${actual_to_doc[$a]:-}" ] && [ "${actual_to_doc[$a]}" != "$d" ]; then
      echo "check-doc-examples: $name: $a came back for the doc's ${actual_to_doc[$a]} before, but the doc shows $d here." >&2
      ok=1
    fi
    doc_to_actual[$d]=$a
    actual_to_doc[$a]=$d
  done
  return $ok
}

# run_example NAME COMMAND EXPECTED_FILE: runs the doc's command and compares.
run_example() {
  local name=$1 command=$2 expected=$3 frozen=
  command=${command//localhost:8080/127.0.0.1:$service_port}
  if head -n 1 "$expected" | grep -q '^HTTP/[0-9.]* 503 '; then
    frozen=1
    docker pause "$db_container" >/dev/null
  fi
  eval "$command" >"$work/actual" 2>"$work/stderr" || true
  [ -z "$frozen" ] || docker unpause "$db_container" >/dev/null
  checked=$((checked + 1))
  canonical "$expected" >"$work/expected.canon"
  canonical "$work/actual" >"$work/actual.canon"
  local bad=0
  if ! diff -u --label "$name (the doc)" --label "$name (the service)" \
      "$work/expected.canon" "$work/actual.canon" >"$work/diff"; then
    bad=1
    echo "check-doc-examples: $name differs:" >&2
    cat "$work/diff" >&2
    [ ! -s "$work/stderr" ] || sed 's/^/  stderr: /' "$work/stderr" >&2
  fi
  check_timestamps "$name" "$expected" "$work/actual" || bad=1
  if [ "$bad" = 1 ]; then
    failures=$((failures + 1))
  else
    log "ok  $name"
  fi
}

# README.md's example, on the empty database, then the table emptied again for the doc's session.
mapfile -t readme_lines < <(awk '/^```/ { fence = !fence; next } fence' "$readme" \
  | grep -E '^(TOKEN=|curl .*localhost:8080/users)' || true)
if [ "${#readme_lines[@]}" != 3 ] || [[ ${readme_lines[0]} != TOKEN=* ]]; then
  die "README.md no longer shows one TOKEN= line and two curl lines for /users; update this check with it."
fi
eval "${readme_lines[0]}"
readme_answers=()
for i in 1 2; do
  eval "${readme_lines[$i]//localhost:8080/127.0.0.1:$service_port}" >"$work/readme$i" 2>&1 || true
  readme_answers+=("$(canonical "$work/readme$i")")
done
first=${readme_answers[0]} second=${readme_answers[1]}
if [[ $first != $'HTTP/1.1 201 Created\n'* ]] || ! grep -qx 'location: /users/1' <<<"$first" \
    || ! grep -qx 'ETag: "1"' <<<"$first" || [[ $second != $'HTTP/1.1 200 OK\n'* ]] \
    || [ "$(sed '1,/^$/d' <<<"$first")" != "$(sed '1,/^$/d' <<<"$second")" ]; then
  echo "check-doc-examples: README.md says its first curl answers 201 Created with location: /users/1," \
    "ETag: \"1\" and the user, its second 200 OK with the same user; they answered:" >&2
  printf '%s\n\n%s\n' "$first" "$second" | sed 's/^/  /' >&2
  failures=$((failures + 1))
else
  log "ok  README.md: 201 Created, location: /users/1, ETag: \"1\", then 200 OK with the same user"
fi
checked=$((checked + 2))
docker exec "$db_container" psql -q -U postgres -d schemakit -c 'TRUNCATE users RESTART IDENTITY' \
  || die "could not empty the users table after README.md's example."
unset TOKEN

# The doc's session, in document order.
fence=0 command= command_line= line_no=0
: >"$work/expected"
flush() {
  if [ -n "$command" ]; then
    run_example "$doc:$command_line: \$ $command" "$command" "$work/expected"
  fi
  command=
  : >"$work/expected"
}
while IFS= read -r line || [ -n "$line" ]; do
  line_no=$((line_no + 1))
  if [[ $line == '```'* ]]; then
    [ "$fence" = 0 ] && fence=1 || { flush; fence=0; }
    continue
  fi
  [ "$fence" = 1 ] || continue
  if [[ $line == '$ '* ]]; then
    flush
    local_command=${line#'$ '}
    if [[ $local_command == *curl* ]]; then
      command=$local_command
      command_line=$line_no
    elif [[ $local_command =~ ^[A-Za-z_][A-Za-z_0-9]*= ]]; then
      eval "$local_command" || die "$doc:$line_no: '$local_command' failed."
    fi
  elif [ -n "$command" ]; then
    printf '%s\n' "$line" >>"$work/expected"
  fi
done <"$doc"
[ "$fence" = 0 ] || die "$doc: a \`\`\` block is not closed."

[ "$checked" -gt 2 ] || die "$doc shows no \$ curl examples."
if [ "$failures" -gt 0 ]; then
  die "$failures of $checked examples differ from what the service answers (see above)."
fi
log "$checked examples answer exactly as documented"
