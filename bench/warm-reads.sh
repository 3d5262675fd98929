#!/usr/bin/env bash
# A quick A/B of reads by id on a warmed JVM, for trying one change: needs the database that
# bench/run.sh left (cofounder_bench, bench/.out/ids.txt) and a packaged jar in target/quarkus-app.
#   bench/warm-reads.sh          30 s of wrk to warm the JIT, 15 s measured, then pgbench 15 s on the same SELECT
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18080}
export QUARKUS_DATASOURCE_REACTIVE_URL=${QUARKUS_DATASOURCE_REACTIVE_URL:-postgresql://127.0.0.1:5432/cofounder_bench}
export QUARKUS_DATASOURCE_USERNAME=${QUARKUS_DATASOURCE_USERNAME:-postgres} QUARKUS_HTTP_PORT=$PORT COFOUNDER_AUTH_ENABLED=false
export BENCH_LUA=$(pwd)/bench/lua BENCH_IDS=$(pwd)/bench/.out/ids.txt
MALLOC_ARENA_MAX=2 java -XX:MaxRAM=512m -XX:MaxRAMPercentage=40 -Xms32m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000 -jar target/quarkus-app/quarkus-run.jar > bench/.out/warm-reads.log 2>&1 &
APP=$!
trap 'kill -TERM $APP 2>/dev/null; wait $APP 2>/dev/null || true' EXIT
until curl -sf "localhost:$PORT/q/health/ready" >/dev/null; do sleep 0.2; done
wrk -t2 -c64 -d30s -s "$BENCH_LUA/get.lua" "http://127.0.0.1:$PORT" > /dev/null
wrk -t2 -c64 -d15s -s "$BENCH_LUA/get.lua" "http://127.0.0.1:$PORT" | grep RESULT
pgbench -n -M prepared -c 20 -j 2 -T 15 -h 127.0.0.1 -U postgres -d cofounder_bench -f bench/.out/sql/get.sql 2>&1 | grep '^tps'
