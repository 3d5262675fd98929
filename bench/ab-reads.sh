#!/usr/bin/env bash
# Two builds of the service, alternated, on reads by id: reads/s, p99 and what the collector did per read.
#   bench/ab-reads.sh <quarkus-app folder A> <quarkus-app folder B>   (ROUNDS=3, CONNECTIONS=64)
# Needs the database that bench/run.sh left (cofounder_bench, bench/.out/ids.txt). Each round starts
# each build in a JVM of its own with deploy/'s settings, runs 20 s of reads to warm it, then 20 s
# measured with the collector's log: young collections per 10,000 reads follow what a read allocates
# (the eden is the same size in both), which the machine's drift moves far less than reads/s.
# To build the commit before: git stash -u; ./mvnw -q package -DskipTests; cp -r target/quarkus-app A; git stash pop
set -euo pipefail
cd "$(dirname "$0")/.."
A=$1; B=$2
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-18080}
OUT=$(pwd)/bench/.out
export QUARKUS_DATASOURCE_REACTIVE_URL=${QUARKUS_DATASOURCE_REACTIVE_URL:-postgresql://127.0.0.1:5432/cofounder_bench}
export QUARKUS_DATASOURCE_USERNAME=${QUARKUS_DATASOURCE_USERNAME:-postgres} QUARKUS_HTTP_PORT=$PORT
export QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE=20 COFOUNDER_AUTH_ENABLED=false MALLOC_ARENA_MAX=2
export BENCH_LUA=$(pwd)/bench/lua BENCH_IDS=$OUT/ids.txt
JAVA_OPTS=${JAVA_OPTS:--XX:MaxRAM=512m -XX:MaxRAMPercentage=40 -Xms32m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000}
ulimit -n "$(ulimit -Hn)"
APP=
trap '[ -n "$APP" ] && kill -TERM $APP 2>/dev/null; wait 2>/dev/null || true' EXIT

one() { # label folder
    local gc=$OUT/ab-gc.log line result young ms requests
    rm -f "$gc"
    # shellcheck disable=SC2086
    java $JAVA_OPTS "-Xlog:gc:file=$gc" -jar "$2/quarkus-run.jar" > "$OUT/ab-$1.log" 2>&1 &
    APP=$!
    until curl -sf "localhost:$PORT/q/health/ready" > /dev/null; do sleep 0.1; done
    wrk -t2 -c"$CONNECTIONS" -d20s -s "$BENCH_LUA/get.lua" "http://127.0.0.1:$PORT" > /dev/null
    line=$(wc -l < "$gc")
    result=$(wrk -t2 -c"$CONNECTIONS" -d20s -s "$BENCH_LUA/get.lua" "http://127.0.0.1:$PORT" | grep '^RESULT')
    young=$(sed -n "$((line + 1)),\$p" "$gc" | grep -c 'Pause Young' || true)
    ms=$(sed -n "$((line + 1)),\$p" "$gc" | awk '/Pause/ { v = $NF; sub(/ms$/, "", v); s += v } END { printf "%.0f", s }')
    kill -TERM $APP; wait $APP 2> /dev/null || true; APP=
    requests=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<< "$result")
    echo "$1: $(sed -n 's/.* rps=\([^ ]*\).*/\1/p' <<< "$result") reads/s, p99 $(sed -n 's/.*p99_ms=\([^ ]*\).*/\1/p' <<< "$result") ms," \
        "young collections per 10,000 reads $(awk -v y="$young" -v r="$requests" 'BEGIN { printf "%.2f", y * 10000 / r }'), collections $ms ms"
}
for round in $(seq "$ROUNDS"); do
    echo "== round $round"
    one A "$A"
    one B "$B"
done
