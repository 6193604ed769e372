#!/bin/bash
# Watches the survivors of a frozen coordinator for the stall that used to split them
# (docs/reliability.md, "Availability": Hazelcast's output threads looped on the connection to
# the frozen member; fixed 2026-12-05 by the member endpoint) and records what each survivor's
# sockets and threads did. Kept to check a Hazelcast upgrade: with the fix, 10 runs with 14
# burners showed silences of at most about 1 s and no output thread in its task queue. Not a
# test: it asserts nothing and prints what it saw.
#
#   cluster-tests/diagnostics/frozen-coordinator-stall.sh OUT_DIR [CPU_BURNERS] [JVM_ARGS]
#
# Starts 3 nodes from node/target/ringcache-node.jar on 127.0.0.1 (member timeout 8 s), loads the
# two that are not the coordinator with redis-benchmark, optionally adds CPU_BURNERS busy loops
# (the stall needs a loaded machine: 14 burners on 2 cores reproduced it in 3 of 16 runs),
# SIGSTOPs the coordinator for 16 s and, from +5.5 s to +16 s, every 250 ms: `ss -tni` of the
# member sockets (bytes sent, ms since the last send) and a SIGQUIT thread dump of each survivor
# (written into its log). It prints each survivor's suspicions, the longest send silence between
# the survivors, and the state of each output I/O thread per dump. JVM_ARGS could be
# -Dlogback.configurationFile=FILE to see Hazelcast's DEBUG lines (logback.xml hides some of the
# relevant warnings, e.g. "is suspected to be dead"). Needs curl, ss and redis-benchmark. Every
# process it starts ends with it.
set -u
out=$1; burners=${2:-0}; jvm_args=${3:-}
jar=$(cd "$(dirname "$0")/../.." && pwd)/node/target/ringcache-node.jar
[ -f "$jar" ] || { echo "build the node jar first: mvn -o -q -pl node -am package -DskipTests"; exit 2; }
mkdir -p "$out" && cd "$out" || exit 2
base=$((20000 + (RANDOM % 300) * 100))
hz=($((base + 1)) $((base + 2)) $((base + 3)))
join="127.0.0.1:${hz[0]},127.0.0.1:${hz[1]},127.0.0.1:${hz[2]}"
pids=(); helpers=()
cleanup() {
  for p in "${pids[@]}" "${helpers[@]}"; do kill -9 "$p" 2>/dev/null; done
}
trap cleanup EXIT
for i in 0 1 2; do
  # shellcheck disable=SC2086
  java -Xmx256m $jvm_args -jar "$jar" --cluster-name=stall$base --bind-host=127.0.0.1 \
    --advertise-host=127.0.0.1 --grpc-port=$((base + 10 + i)) --http-port=$((base + 20 + i)) \
    --resp-port=$((base + 30 + i)) --hazelcast-port=${hz[$i]} --join="$join" --join-wait=0s \
    --shutdown-timeout=20s > node$i.log 2>&1 &
  pids+=($!)
done
echo "${pids[@]}" > pids
for _ in $(seq 1 120); do
  ready=0
  for i in 0 1 2; do
    curl -s -m 2 http://127.0.0.1:$((base + 20 + i))/health/ready | grep -q '"READY"' && ready=$((ready + 1))
  done
  [ $ready = 3 ] && break
  sleep 1
done
[ $ready = 3 ] || { echo "the 3 nodes were not ready within 120 s"; exit 1; }
# The coordinator is the oldest member: the one that joined with the fewest members, and among
# those, the one that planned the first migration.
coord=$(for i in 0 1 2; do
  echo "$(grep -o 'Joined cluster.*members: [0-9]*' node$i.log | grep -o '[0-9]*$')" \
       "$(grep -q 'Partition migration started' node$i.log && echo 0 || echo 1) $i"
done | sort -k1,1n -k2,2n | head -1 | cut -d' ' -f3)
survivors=(); for i in 0 1 2; do [ $i != "$coord" ] && survivors+=($i); done
echo "coordinator node$coord (port ${hz[$coord]}); survivors node${survivors[0]} node${survivors[1]}"
for s in "${survivors[@]}"; do
  redis-benchmark -p $((base + 30 + s)) -t set,get -n 100000000 -c 8 -P 20 -r 5000 -q > bench$s.log 2>&1 &
  helpers+=($!)
done
for _ in $(seq 1 "$burners"); do (while :; do :; done) & helpers+=($!); done
sleep 5
date -u +%T.%N > frozen_at
kill -STOP "${pids[$coord]}"
start=$(date +%s%N)
while :; do
  elapsed=$((($(date +%s%N) - start) / 1000000))
  [ $elapsed -gt 16000 ] && break
  if [ $elapsed -gt 5500 ]; then
    (echo "== $elapsed $(date +%T.%N)"
     ss -tnpi "( sport >= :${hz[0]} and sport <= :${hz[2]} ) or ( dport >= :${hz[0]} and dport <= :${hz[2]} )") >> ss.log
    for s in "${survivors[@]}"; do kill -QUIT "${pids[$s]}"; done
  fi
  sleep 0.25
done
kill -CONT "${pids[$coord]}"
sleep 6
echo "frozen at $(cat frozen_at)"
for s in "${survivors[@]}"; do
  echo "== node$s (port ${hz[$s]})"
  grep -hE '^[0-9:.]+ ' node$s.log | grep -E 'Suspecting Member|Quorum|Member left|paused for|Cannot handle heartbeat' \
    | sed 's/ - [0-9a-f-]\{36\}//g' | cut -c1-200
done
# The longest send silence of each survivor's sockets to the other survivor (ss: lastsnd, in ms).
# A pair of members may hold two connections and send on either: a silence counts only when both
# sockets of the pair were silent, as the other survivor's heartbeat log lines (DEBUG) confirm.
echo "== longest send silence between the survivors (pid local -> remote: ms, at)"
awk -v a="${pids[${survivors[0]}]}" -v b="${pids[${survivors[1]}]}" '
  /^== / { at = $3; next }
  /ESTAB/ { line = $0; next }
  line != "" && /lastsnd/ {
    split(line, f, " ")
    match(line, /pid=[0-9]+/); pid = substr(line, RSTART + 4, RLENGTH - 4)
    owner[f[4] " " f[5]] = pid
    match($0, /lastsnd:[0-9]+/); ms = substr($0, RSTART + 8, RLENGTH - 8) + 0
    match($0, /bytes_sent:[0-9]+/); sent = substr($0, RSTART + 11, RLENGTH - 11) + 0
    key = f[4] " " f[5]
    if (sent > 1000 && ms >= worst[key]) { worst[key] = ms; when[key] = at }
    line = ""
  }
  END {
    for (k in worst) {
      split(k, e, " "); peer = owner[e[2] " " e[1]]
      if ((owner[k] == a && peer == b) || (owner[k] == b && peer == a))
        printf "pid %s %s -> %s: %d ms, at %s\n", owner[k], e[1], e[2], worst[k], when[k]
    }
  }' ss.log | sort -k6,6rn
# Per thread dump: each Hazelcast output I/O thread waiting in select() (-) or running its task
# queue (T). A T held across dumps, with the silence above, is the stall.
for s in "${survivors[@]}"; do
  echo "== node$s output I/O threads per dump (- select, T task queue)"
  awk '/^20[0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9:]+$/ { at = $2 }
       /^Full thread dump/ { if (row != "") print row; row = at " " }
       /^"hz\..*IO\.thread-out/ { inout = 1; next }
       inout && /processTaskQueue/ { row = row "T"; inout = 0; next }
       inout && /EPoll\.wait/ { row = row "-"; inout = 0; next }
       /^$/ { if (inout) row = row "?"; inout = 0 }
       END { if (row != "") print row }' node$s.log
done
