#!/usr/bin/env bash
# Builds schemakit/service:<version> from service/target/service.jar without a registry, on a base
# made once per hash of what it is made from (docs/operations.md); prints the image's name. Needs root.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/docker.sh
source scripts/lib/docker.sh

SUITE=${DEBIAN_SUITE:-bookworm}
JDK=${JLINK_JDK:-/usr/lib/jvm/java-17-openjdk-amd64}
# `jdeps --ignore-missing-deps --multi-release 17 --print-module-deps` on the shaded jar (minutes, so
# a fixed list), plus jdk.crypto.ec (TLS with EC certificates), jdk.management (CPU in /prometheus)
# and jdk.zipfs (Micronaut reads its service lists from the jar; else ProviderNotFoundException).
MODULES=java.base,java.compiler,java.desktop,java.management,java.naming,java.security.jgss,java.sql,jdk.jfr,jdk.unsupported,jdk.crypto.ec,jdk.management,jdk.zipfs
# Baked into the runtime: in JAVA_TOOL_OPTIONS the JVM would print "Picked up ..." at every start.
JAVA_DEFAULTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"

jar=service/target/service.jar
[ -f "$jar" ] || die "no $jar; run ./mvnw package -DskipTests first."
# The project's version: the first <version> of the root POM, which has no parent.
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)
docker info >/dev/null 2>&1 || die "no Docker engine answers; eval \"\$(scripts/local-docker.sh --env)\" starts one."
[ -x "$JDK/bin/jlink" ] && [ -d "$JDK/jmods" ] \
  || die "$JDK has no jlink or jmods; install Debian's openjdk-17-jdk-headless or set JLINK_JDK."

build_base() {
  local root
  root=$(mktemp -d /var/tmp/jreroot.XXXXXX)
  trap 'rm -rf "$root"' RETURN
  log "building $base: Debian minbase and a jlink'ed runtime (a few minutes)"
  debian_bootstrap /var/log/build-image-debootstrap.log "$SUITE" "$root"
  # Only the runtime's needs stay: no package caches, documentation or translations.
  rm -rf "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* \
         "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/* "$root"/var/log/*
  "$JDK/bin/jlink" --module-path "$JDK/jmods" --add-modules "$MODULES" \
    --strip-debug --no-header-files --no-man-pages --compress=2 \
    --add-options="$JAVA_DEFAULTS" --output "$root/opt/java"
  echo 'app:x:10001:10001:schemakit:/app:/usr/sbin/nologin' >>"$root/etc/passwd"
  echo 'app:x:10001:' >>"$root/etc/group"
  mkdir -p "$root/app"
  tar -C "$root" -c . | docker import \
    --change 'ENV JAVA_HOME=/opt/java' \
    --change 'ENV PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["java", "-version"]' \
    - "$base" >/dev/null
}

# What the base is made of; editing the rest of this script does not rebuild it.
hash=$( { declare -f build_base debian_bootstrap; echo "$MODULES $JAVA_DEFAULTS $SUITE"; cat "$JDK/release"; } \
          | sha256sum | cut -c1-12)
base="localbuild/schemakit-jre:17-$hash"

if docker image inspect "$base" >/dev/null 2>&1; then
  log "base $base is there"
else
  build_base
  log "built $base ($(docker image inspect -f '{{.Size}}' "$base" | awk '{printf "%.0f MB", $1/1e6}'))"
fi

context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
cp "$jar" "$context/service.jar"
image="schemakit/service:$version"
# The classic builder: BuildKit would look the base up in a registry, and there is none.
# Its output (and its deprecation notice) only when it fails.
if ! output=$(DOCKER_BUILDKIT=0 docker build -f service/src/main/docker/Dockerfile --build-arg "BASE=$base" \
                -t "$image" "$context" 2>&1); then
  echo "$output" >&2
  die "docker build failed."
fi
log "built $image ($(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}'))"
echo "$image"
