#!/usr/bin/env bash
# The OpenAPI contract checked from outside: Stoplight Prism, a validator nobody here wrote, runs
# as a proxy in front of the built jar (service/target/service.jar) with --errors, and the
# curl sequence of the API guide goes through it: create, read, list, patch with If-Match, a 412,
# a conditional GET (304), the Accept forms the API serves, a 409, delete, a 404 (see
# docs/api-contract.md). Any request or response Prism finds outside the document the service
# serves fails the run, as does any status other than the one expected.
#
# PostgreSQL: DATASOURCES_DEFAULT_URL, _USERNAME and _PASSWORD when set; otherwise a container of
# the image of scripts/lib/docker.sh (localbuild/ unless TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX says
# otherwise; see scripts/local-docker.sh), removed afterwards. Prism (npm, @stoplight/prism-cli) is installed once into
# ${PRISM_HOME:-/tmp/schemakit-prism-<version>}. Everything this script starts is stopped when it
# ends, however it ends. Usage: .ci/contract-check.sh   (after ./mvnw package)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../scripts/lib/docker.sh
source scripts/lib/docker.sh
# shellcheck source=../scripts/lib/service.sh
source scripts/lib/service.sh

PRISM_VERSION=5.14.2
prism_home=${PRISM_HOME:-/tmp/schemakit-prism-$PRISM_VERSION}

log() { echo "contract-check: $*"; }

jar=service/target/service.jar
[ -f "$jar" ] || die "no service/target/service.jar; build it first with ./mvnw package -DskipTests."
command -v npm >/dev/null || die "npm is missing; Prism needs Node.js 18.20 or newer with npm."

work=$(mktemp -d /tmp/contract-check.XXXXXX)
prism_pid=
cleanup() {
  if [ -n "$prism_pid" ]; then
    kill "$prism_pid" 2>/dev/null || true
    wait "$prism_pid" 2>/dev/null || true
  fi
  service_stop
  rm -rf "$work"
}
trap cleanup EXIT

# 1. Prism.
if [ ! -x "$prism_home/node_modules/.bin/prism" ]; then
  log "installing @stoplight/prism-cli@$PRISM_VERSION into $prism_home"
  npm install --prefix "$prism_home" --no-audit --no-fund --loglevel=error "@stoplight/prism-cli@$PRISM_VERSION" >/dev/null
fi
prism="$prism_home/node_modules/.bin/prism"
[ "$("$prism" --version)" = "$PRISM_VERSION" ] || die "$prism is not version $PRISM_VERSION."

# 2. PostgreSQL and the service, with a secret of its own for this run.
service_start "$jar" "$work/service.log"
token=$(java -jar "$jar" token --subject contract-check --scope users:admin --ttl 10m)

# 3. Prism in front of it, with the document the service serves.
curl -sf "$service/openapi/schemakit.yml" -o "$work/schemakit.yml" || die "the service does not serve /openapi/schemakit.yml."
prism_port=$(free_port)
"$prism" proxy --errors --host 127.0.0.1 --port "$prism_port" "$work/schemakit.yml" "$service" >"$work/prism.log" 2>&1 &
prism_pid=$!
for _ in $(seq 1 60); do
  grep -q "is listening" "$work/prism.log" && break
  kill -0 "$prism_pid" 2>/dev/null || fail_with_log "$work/prism.log" "Prism exited during start."
  sleep 1
done
grep -q "is listening" "$work/prism.log" || fail_with_log "$work/prism.log" "Prism did not listen within 60 s."
proxy=http://127.0.0.1:$prism_port
log "Prism $PRISM_VERSION at $proxy checks $service against the document it serves"

# 4. The sequence. call EXPECTED_STATUS DESCRIPTION CURL_ARGS...: the request through Prism with
# the token; fails unless the status is the expected one and Prism reported no violation.
checked=0
call() {
  local expected=$1 description=$2
  shift 2
  local status
  status=$(curl -s -o "$work/body" -D "$work/headers" -w '%{http_code}' \
    -H "Authorization: Bearer $token" "$@") || die "$description: curl failed."
  if [ "$status" != "$expected" ] || grep -qi '^sl-violations:' "$work/headers"; then
    echo "contract-check: $description: expected $expected, got $status" >&2
    sed 's/^/  /' "$work/headers" "$work/body" >&2
    echo >&2
    fail_with_log "$work/prism.log" "Prism or the status says the exchange is outside the contract."
  fi
  checked=$((checked + 1))
  log "$description -> $status"
}
header() { { grep -i "^$1:" "$work/headers" || true; } | head -n 1 | sed 's/^[^:]*: *//' | tr -d '\r'; }

run=$$
alice=alice-$run
bob=bob-$run
json='Content-Type: application/json'
merge='Content-Type: application/merge-patch+json'

call 201 "create $alice" "$proxy/users" -H "$json" -d "{\"username\":\"$alice\",\"email\":\"$alice@example.com\"}"
alice_url=$(header Location)
[ -n "$alice_url" ] || die "201 without Location."
call 201 "create $bob, inactive" "$proxy/users" -H "$json" \
  -d "{\"username\":\"$bob\",\"email\":\"$bob@example.com\",\"isActive\":false}"
bob_url=$(header Location)
call 200 "get $alice" "$proxy$alice_url"
etag=$(header ETag)
call 200 "list, first page" "$proxy/users?limit=1"
next=$(sed -n 's/.*"next":"\([^"]*\)".*/\1/p' "$work/body")
[ -n "$next" ] || die "the first page of one has no next cursor."
call 200 "list, next page" "$proxy/users?limit=1&after=$next"
call 200 "list inactive users starting with bob" "$proxy/users?active=false&q=$bob"
call 200 "patch $alice with If-Match $etag" -X PATCH "$proxy$alice_url" -H "$merge" -H "If-Match: $etag" \
  -d '{"email":"'"$alice"'@example.org","isActive":false}'
new_etag=$(header ETag)
call 412 "patch $alice with the old If-Match $etag" -X PATCH "$proxy$alice_url" -H "$merge" -H "If-Match: $etag" \
  -d '{"isActive":true}'
call 304 "conditional get of $alice, If-None-Match $new_etag" "$proxy$alice_url" -H "If-None-Match: $new_etag"
call 200 "get $alice accepting application/*" "$proxy$alice_url" -H 'Accept: application/*'
call 200 "get $alice accepting only application/problem+json" "$proxy$alice_url" -H 'Accept: application/problem+json'
call 200 "get $alice accepting weighted types" "$proxy$alice_url" -H 'Accept: application/json;q=0.9, */*;q=0.1'
[ "$(header Content-Type)" = application/json ] || die "Content-Type is '$(header Content-Type)', not application/json."
call 409 "create a user with $alice's username in capitals" "$proxy/users" -H "$json" \
  -d "{\"username\":\"${alice^^}\",\"email\":\"other-$run@example.com\"}"
call 204 "delete $bob" -X DELETE "$proxy$bob_url"
call 404 "get $bob, deleted" "$proxy$bob_url"
call 204 "delete $alice with If-Match $new_etag" -X DELETE "$proxy$alice_url" -H "If-Match: $new_etag"

# Prism logs every violation it finds, warnings included; none may appear.
if grep -qiE 'violation|✖' "$work/prism.log"; then
  fail_with_log "$work/prism.log" "Prism logged violations."
fi
log "$checked exchanges, 0 violations: the service answers as its OpenAPI document says"
