#!/usr/bin/env bash
# Runs part of Redis's own test suite (Redis 7.0.15, Debian's source package) against a ringcache
# node's RESP endpoint and counts what passes. CI calls it after the build
# (node/target/ringcache-node.jar must exist).
#
#   .ci/redis-conformance.sh                    start a node on free loopback ports, test it
#   .ci/redis-conformance.sh --port P [--host H] test a server already running there (no node)
#   options: --min-passed N (or $MIN_PASSED, default 180): exit 1 below that;
#            --unit-timeout S (or $UNIT_TIMEOUT, default 240): per unit, then the suite is killed;
#            --durable: pass --durable to the suite (an unexpected error fails one test, not the
#            rest of its unit)
#
# The suite is fetched once into $REDIS_TESTS_DIR (default target/redis-tests): tcl, a deb-src line
# and `apt-get source redis` are installed only when missing (needs root, as in CI). Each unit runs
# in its own ./runtest: the suite stops at the first exception (an unexpected reply), which then
# costs only the rest of that unit; those tests count as failed. Output and the failing test names
# go to target/redis-conformance/{output.txt,failing.txt}.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"

UNITS=(unit/type/string unit/expire unit/keyspace unit/type/incr)
# Tests per unit that run with the flags below, counted against redis-server 7.0.15 (all pass
# there). A unit cut short by an exception or a timeout counts its missing tests as failed.
declare -A EXPECTED=([unit/type/string]=75 [unit/expire]=58 [unit/keyspace]=43 [unit/type/incr]=23)
EXPECTED_VERSION=7.0.15
TAGS="-needs:repl -needs:debug -needs:save -needs:config-maxmemory"

HOST=127.0.0.1
PORT=""
MIN_PASSED="${MIN_PASSED:-180}"
UNIT_TIMEOUT="${UNIT_TIMEOUT:-240}"
DURABLE=()
while [ $# -gt 0 ]; do
  case "$1" in
    --host) HOST="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    --min-passed) MIN_PASSED="$2"; shift 2 ;;
    --unit-timeout) UNIT_TIMEOUT="$2"; shift 2 ;;
    --durable) DURABLE=(--durable); shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

CACHE="${REDIS_TESTS_DIR:-$REPO/target/redis-tests}"
OUT="$REPO/target/redis-conformance"
mkdir -p "$CACHE" "$OUT"

log() { printf '=== %s\n' "$*"; }

NODE_PID=""
RUNTEST_PID=""
cleanup() {
  if [ -n "$RUNTEST_PID" ]; then
    # timeout(1) leads its own process group: the suite's server and client tclsh are in it.
    kill -TERM -- "-$RUNTEST_PID" 2>/dev/null || true
  fi
  if [ -n "$NODE_PID" ] && kill -0 "$NODE_PID" 2>/dev/null; then
    kill -TERM "$NODE_PID" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$NODE_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$NODE_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

APT_UPDATED=""
apt_install() {
  if [ -z "$APT_UPDATED" ]; then apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

have_tclsh() { command -v tclsh8.5 >/dev/null || command -v tclsh8.6 >/dev/null || command -v tclsh8.7 >/dev/null; }

find_suite() {
  local runtest
  for runtest in "$CACHE"/redis-*/runtest; do
    [ -x "$runtest" ] && { dirname "$runtest"; return 0; }
  done
  return 1
}

ensure_suite() {
  if ! have_tclsh; then
    log "installing tcl"
    apt_install tcl
  fi
  SUITE="$(find_suite || true)"
  if [ -n "$SUITE" ]; then
    return
  fi
  if ! grep -qs '^deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
      && ! grep -qs '^Types:.*deb-src' /etc/apt/sources.list.d/*.sources; then
    log "adding Debian's deb-src line"
    if [ ! -f /etc/apt/sources.list.d/debian.sources ]; then
      echo "FAILED: no deb-src line and no /etc/apt/sources.list.d/debian.sources to derive one from" >&2
      exit 2
    fi
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
      > /etc/apt/sources.list.d/debian-src.sources
    APT_UPDATED=""
  fi
  if ! command -v dpkg-source >/dev/null; then
    log "installing dpkg-dev (apt-get source unpacks with it)"
    apt_install dpkg-dev
  fi
  if [ -z "$APT_UPDATED" ]; then apt-get update -qq; APT_UPDATED=1; fi
  log "fetching the Redis source package into $CACHE"
  (cd "$CACHE" && apt-get source -qq redis >/dev/null 2>"$CACHE/apt-get-source.log") || {
    echo "FAILED: apt-get source redis; see $CACHE/apt-get-source.log" >&2
    exit 2
  }
  SUITE="$(find_suite || true)"
  if [ -z "$SUITE" ]; then
    echo "FAILED: apt-get source redis left no redis-*/runtest in $CACHE" >&2
    exit 2
  fi
}

# A port nobody listens on now, below Linux's ephemeral range; not one of those already taken.
TAKEN=" "
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 12000))
    case "$TAKEN" in *" $port "*) continue ;; esac
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      TAKEN="$TAKEN$port "
      echo "$port"
      return 0
    fi
  done
  echo "FAILED: no free port found" >&2
  exit 2
}

# The HTTP status of GET http://127.0.0.1:$1$2, or 000; plain bash (curl may be absent).
http_status() {
  timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
    printf "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" "$1" >&3
    IFS=" " read -r _ status _ <&3 && echo "$status"' "$1" "$2" 2>/dev/null || echo 000
}

start_node() {
  local jar="$REPO/node/target/ringcache-node.jar"
  if [ ! -f "$jar" ]; then
    echo "FAILED: $jar is missing; build first (mvn -B -ntp -DskipTests package)" >&2
    exit 2
  fi
  local grpc http hz
  grpc="$(free_port)"; http="$(free_port)"; hz="$(free_port)"; PORT="$(free_port)"
  log "starting a ringcache node: RESP on 127.0.0.1:$PORT (HTTP $http); log in $OUT/node.log"
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of JVM flags.
  java ${JAVA_OPTS:--Xms1g -Xmx1g -XX:+ExitOnOutOfMemoryError} -jar "$jar" \
    --bind-host=127.0.0.1 --advertise-host=127.0.0.1 --grpc-port="$grpc" --http-port="$http" \
    --hazelcast-port="$hz" --resp-port="$PORT" --join-wait=0s --cluster-name="conformance-$$" \
    --max-value-bytes=8388608 --max-request-bytes=16777216 >"$OUT/node.log" 2>&1 </dev/null &
  NODE_PID=$!
  local deadline=$((SECONDS + 120))
  while [ "$(http_status "$http" /health/ready)" != 200 ]; do
    if ! kill -0 "$NODE_PID" 2>/dev/null; then
      echo "FAILED: the ringcache node exited during startup; the end of its log:" >&2
      tail -30 "$OUT/node.log" >&2
      exit 2
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "FAILED: the ringcache node was not ready within 120 s; the end of its log:" >&2
      tail -30 "$OUT/node.log" >&2
      exit 2
    fi
    sleep 0.5
  done
  log "node ready"
}

ensure_suite
VERSION="$(basename "$SUITE")"; VERSION="${VERSION#redis-}"
if [ "$VERSION" != "$EXPECTED_VERSION" ]; then
  log "warning: Redis $VERSION's suite, not $EXPECTED_VERSION: unit totals are what ran, not what should have"
fi
if [ -z "$PORT" ]; then
  start_node
fi

: >"$OUT/output.txt"
: >"$OUT/failing.txt"
TOTAL_PASSED=0
TOTAL_FAILED=0
TOTAL=0
SUMMARY=""
for unit in "${UNITS[@]}"; do
  log "running $unit against $HOST:$PORT (at most ${UNIT_TIMEOUT} s)"
  unit_out="$OUT/unit.tmp"
  (cd "$SUITE" && exec timeout -k 10 "$UNIT_TIMEOUT" ./runtest --host "$HOST" --port "$PORT" --singledb \
     --ignore-encoding --ignore-digest --tags "$TAGS" "${DURABLE[@]}" --single "$unit") \
     >"$unit_out" 2>&1 </dev/null &
  RUNTEST_PID=$!
  rc=0
  wait "$RUNTEST_PID" || rc=$?
  RUNTEST_PID=""
  # Colours off; the suite's lines are "[ok]: name (n ms)", "[err]: name in tests/unit/x.tcl" and
  # "[exception]: Executing test client: ...".
  sed 's/\x1b\[[0-9;]*m//g' "$unit_out" >>"$OUT/output.txt"
  timed_out=""
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    timed_out=1
    echo "[timeout]: killed after $UNIT_TIMEOUT s" >>"$OUT/output.txt"
  fi
  counts="$(sed 's/\x1b\[[0-9;]*m//g' "$unit_out" | awk -v unit="$unit" -v failing="$OUT/failing.txt" '
    /^\[ok\]: / { ok++; last = substr($0, 7); sub(/ \([0-9]+ ms\)$/, "", last) }
    /^\[err\]: / { err++; name = substr($0, 8); sub(/ in tests\/[^ ]*\.tcl$/, "", name)
                   print unit ": " name >> failing }
    /^\[exception\]: / { exc = substr($0, 14) }
    /^\[[0-9]+\/[0-9]+ done\]: / { done = 1 }
    END { print ok + 0, err + 0, done + 0; if (exc != "") print unit ": [exception] " exc \
          (last == "" ? "" : " (the last test passed: " last ")") >> failing }')"
  rm -f "$unit_out"
  read -r passed errs done <<<"$counts"
  expected="${EXPECTED[$unit]}"
  if [ "$VERSION" != "$EXPECTED_VERSION" ]; then
    expected=$((passed + errs))
  fi
  failed=$((expected - passed))
  if [ "$failed" -lt "$errs" ]; then
    failed="$errs"
    expected=$((passed + errs))
  fi
  if [ "$done" = 0 ]; then
    reason="aborted"
    if [ -n "$timed_out" ]; then reason="timed out after $UNIT_TIMEOUT s"; fi
    echo "$unit: $reason; $((failed - errs)) tests did not run" >>"$OUT/failing.txt"
  fi
  SUMMARY="$SUMMARY$(printf '  %-18s %4d passed %4d failed %4d total%s' "$unit" "$passed" "$failed" "$expected" \
    "$([ "$done" = 0 ] && echo "  (unit did not finish: see output.txt)")")"$'\n'
  TOTAL_PASSED=$((TOTAL_PASSED + passed))
  TOTAL_FAILED=$((TOTAL_FAILED + failed))
  TOTAL=$((TOTAL + expected))
done

echo
echo "Redis $VERSION test suite against $HOST:$PORT:"
printf '%s' "$SUMMARY"
printf '  %-18s %4d passed %4d failed %4d total\n' total "$TOTAL_PASSED" "$TOTAL_FAILED" "$TOTAL"
echo "full output: $OUT/output.txt; failing tests: $OUT/failing.txt ($(wc -l <"$OUT/failing.txt") lines)"
if [ "$TOTAL_PASSED" -lt "$MIN_PASSED" ]; then
  echo "FAILED: $TOTAL_PASSED tests passed, fewer than the minimum of $MIN_PASSED"
  exit 1
fi
echo "OK: $TOTAL_PASSED tests passed (minimum $MIN_PASSED)"
