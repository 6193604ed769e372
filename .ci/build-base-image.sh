#!/usr/bin/env bash
# Builds a small local JRE base image without any registry: jlink a JRE from the local JDK,
# add the shared libraries it links against, and `docker import` the tree. The image has no
# shell: the Dockerfile uses no RUN. Usage: .ci/build-base-image.sh [image-name]
set -euo pipefail
IMAGE="${1:-ringcache-base:local}"
JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
MODULES=java.base,java.compiler,java.desktop,java.management,java.naming,java.net.http,java.scripting,java.sql,jdk.jfr,jdk.net,jdk.unsupported,jdk.management,jdk.crypto.ec,jdk.zipfs

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
ROOT="$WORK/root"
mkdir -p "$ROOT/opt" "$ROOT/tmp" "$ROOT/etc"
chmod 1777 "$ROOT/tmp"

"$JAVA_HOME/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files \
  --compress=2 --output "$ROOT/opt/jre" 2>/dev/null

# Every shared library the JVM loads, with the paths the dynamic loader looks them up by.
for binary in "$ROOT/opt/jre/bin/java" "$ROOT/opt/jre/lib/server/libjvm.so" "$ROOT"/opt/jre/lib/*.so; do
  ldd "$binary" 2>/dev/null | grep -o '/[^ ]*' || true
done | sort -u | while read -r lib; do
  [ -e "$lib" ] || continue
  mkdir -p "$ROOT$(dirname "$lib")"
  cp -L "$lib" "$ROOT$lib"
done
# Name resolution (DNS join) needs these; nsswitch without files/dns modules falls back to DNS.
printf 'hosts: files dns\n' > "$ROOT/etc/nsswitch.conf"
printf 'root:x:0:0:root:/root:/sbin/nologin\nringcache:x:10001:10001:ringcache:/tmp:/sbin/nologin\n' > "$ROOT/etc/passwd"
printf 'root:x:0:\nringcache:x:10001:\n' > "$ROOT/etc/group"
for nss in /lib/x86_64-linux-gnu/libnss_dns.so.2 /lib/x86_64-linux-gnu/libnss_files.so.2 \
           /lib/x86_64-linux-gnu/libresolv.so.2; do
  if [ -e "$nss" ]; then mkdir -p "$ROOT$(dirname "$nss")"; cp -L "$nss" "$ROOT$nss"; fi
done

tar -C "$ROOT" -c . | docker import \
  --change 'ENV PATH=/opt/jre/bin' \
  --change 'ENV JAVA_HOME=/opt/jre' \
  - "$IMAGE" >/dev/null
echo "built $IMAGE ($(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}'))"
