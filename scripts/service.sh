#!/usr/bin/env bash
# The production launcher (docs/performance.md): the service jar with the JVM settings measured for
# production and a class archive its first server run records. Usage: scripts/service.sh [ARGS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jar=${SERVICE_JAR:-$root/service/target/service.jar}
java=${JAVA:-java}

[ -f "$jar" ] || { echo "service.sh: no $jar; build it with ./mvnw package -DskipTests" >&2; exit 1; }

# SerialGC and a small heap: the smallest footprint, and no collector was measurably faster.
read -r -a opts <<<"${SERVICE_JAVA_OPTS:--XX:+UseSerialGC -Xms64m -Xmx192m -XX:+ExitOnOutOfMemoryError}"

if [ "${SERVICE_CDS:-on}" = off ]; then
  exec "$java" "${opts[@]}" -jar "$jar" "$@"
fi

# One archive per jar and JDK (its location and build time); its release file tells the version.
jvm=$(readlink -f "$(command -v "$java")")
jdk_key=$( { echo "$jvm"; stat -c %Y "$jvm" "$(dirname "$jvm")/../lib/modules" 2>/dev/null; } | cksum | cut -d ' ' -f 1)
jdk_major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$(dirname "$jvm")/../release" 2>/dev/null || true)
if [ "${jdk_major:-0}" -ge 25 ]; then
  archive=${jar%.jar}.$jdk_key.aot
  use_archive=-XX:AOTCache=$archive record_archive=-XX:AOTCacheOutput quiet=-Xlog:aot=off
else
  archive=${jar%.jar}.$jdk_key.jsa
  use_archive=-XX:SharedArchiveFile=$archive record_archive=-XX:ArchiveClassesAtExit quiet=-Xlog:cds+dynamic=off
fi

if [ -f "$archive" ] && [ "$archive" -nt "$jar" ]; then
  exec "$java" "$use_archive" "${opts[@]}" -jar "$jar" "$@"
fi
if [ $# -gt 0 ]; then
  # Commands load other classes than the server: they neither record an archive nor wait for one.
  exec "$java" "${opts[@]}" -jar "$jar" "$@"
fi

# The recording run: the JVM writes the archive while it exits, so this script stays to pass
# signals on and to move a complete archive into place (concurrent first runs cannot mix theirs).
partial=$archive.$$.partial
"$java" "$record_archive=$partial" -Xlog:cds=off "$quiet" "${opts[@]}" -jar "$jar" &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null' TERM INT HUP
status=0
while true; do
  wait "$pid" && status=0 || status=$?
  kill -0 "$pid" 2>/dev/null || break
done
if [ -s "$partial" ]; then mv -f "$partial" "$archive"; else rm -f "$partial"; fi
exit "$status"
