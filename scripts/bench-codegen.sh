#!/usr/bin/env bash
# Times full (forced, embedded and Docker) and no-op `./mvnw generate-sources`, and `./mvnw
# validate` as the floor under any no-op, interleaved so that all see the same machine. With
# --against DIR, the same for another checkout (an earlier commit, say) in the same rounds, and
# the ratios of the two.
# Usage: scripts/bench-codegen.sh [RUNS] [--against DIR]   (default 5; prints each run, the medians)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source scripts/bench/lib.sh
runs=5 other=
while [ $# -gt 0 ]; do
  case "$1" in
    --against) other=$(cd "$2" && pwd); shift 2 ;;
    *) runs=$1; shift ;;
  esac
done

seconds() {  # DIR ARGS...: one Maven run's wall time
  local dir=$1 start
  shift
  start=$EPOCHREALTIME
  (cd "$dir" && ./mvnw -B -q "$@" >/dev/null)
  awk -v s="$start" -v e="$EPOCHREALTIME" 'BEGIN { print e - s }'
}

# Both the plugin's and the earlier antrun build's property, so that either tree regenerates.
force=(-Dschemakit.force=true -Dcodegen.force=true)
docker=false
docker info >/dev/null 2>&1 && docker=true
trees=("$PWD")
[ -z "$other" ] || trees+=("$other")
declare -A times medians
for tree in "${trees[@]}"; do
  seconds "$tree" generate-sources >/dev/null   # warm up: plugins resolved, classes present
done
for i in $(seq "$runs"); do
  for t in "${!trees[@]}"; do
    tree=${trees[$t]}
    times[$t,full]+=" $(seconds "$tree" generate-sources "${force[@]}" -Dschemakit.database=embedded)"
    if $docker; then
      times[$t,docker]+=" $(seconds "$tree" generate-sources "${force[@]}" -Dschemakit.database=docker)"
    fi
    times[$t,noop]+=" $(seconds "$tree" generate-sources)"
    times[$t,validate]+=" $(seconds "$tree" validate)"
    printf 'run %d %s: full embedded %.2f s, full docker %s, no-op %.2f s, validate %.2f s\n' "$i" "$tree" \
      "${times[$t,full]##* }" "$($docker && printf '%.2f s' "${times[$t,docker]##* }" || echo n/a)" \
      "${times[$t,noop]##* }" "${times[$t,validate]##* }"
  done
done
for t in "${!trees[@]}"; do
  for kind in full docker noop validate; do
    [ -n "${times[$t,$kind]:-}" ] && medians[$t,$kind]=$(tr ' ' '\n' <<<"${times[$t,$kind]}" | grep . | median)
  done
  printf 'median of %d, %s: full embedded %.2f s, no-op %.2f s, validate %.2f s (no-op - validate %.2f s)%s\n' \
    "$runs" "${trees[$t]}" "${medians[$t,full]}" "${medians[$t,noop]}" "${medians[$t,validate]}" \
    "$(awk -v a="${medians[$t,noop]}" -v b="${medians[$t,validate]}" 'BEGIN { print a - b }')" \
    "$($docker && printf ', full docker %.2f s' "${medians[$t,docker]}" || true)"
done
if [ -n "$other" ]; then
  printf 'this tree / %s: full embedded %.2f, no-op %.2f, validate %.2f\n' "$other" \
    "$(ratio "${medians[0,full]}" "${medians[1,full]}")" "$(ratio "${medians[0,noop]}" "${medians[1,noop]}")" \
    "$(ratio "${medians[0,validate]}" "${medians[1,validate]}")"
fi
