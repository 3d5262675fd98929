#!/usr/bin/env bash
# Deletes racing patches of the same tasks, against the packaged service (the reproduction of the
# Hibernate Reactive delete hang, hibernate-reactive#1713, bench/README):
#   bench/deletes.sh      (DURATION=30 s, CONNECTIONS=64)
#
# Seeds 200,000 tasks; wrk sends 6% DELETEs and 94% PATCHes to a hot window of 40 tasks that moves on.
# Every 5 s it counts the service's transactions left open ("idle in transaction" for more than 5 s).
# Passes when none is, and every answer is 200, 204 or 404 (a task deleted before its patch).
# Database as bench/run.sh (QUARKUS_DATASOURCE_REACTIVE_URL, else cofounder_bench at 127.0.0.1:5432);
# SKIP_BUILD=1 reuses target/quarkus-app; JAR= runs another build of the service.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-18080}
JAR=${JAR:-target/quarkus-app/quarkus-run.jar}
OUT=$(pwd)/bench/.out/deletes
mkdir -p "$OUT"
export BENCH_LUA=$(pwd)/bench/lua BENCH_IDS=$OUT/ids.txt

need() { command -v "$1" >/dev/null 2>&1; }
if ! need wrk || ! need psql; then
    apt-get update -qq && apt-get install -y -qq wrk postgresql-client >/dev/null
fi
if [ -z "${QUARKUS_DATASOURCE_REACTIVE_URL:-}" ]; then
    psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS cofounder_bench" \
        -c "CREATE DATABASE cofounder_bench" >/dev/null
    export QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:5432/cofounder_bench
    export QUARKUS_DATASOURCE_USERNAME=postgres
fi
hostport=${QUARKUS_DATASOURCE_REACTIVE_URL#postgresql://}; hostport=${hostport%%/*}
export PGHOST=${hostport%%:*} PGPORT=${hostport##*:} PGDATABASE=${QUARKUS_DATASOURCE_REACTIVE_URL##*/}
export PGUSER=${QUARKUS_DATASOURCE_USERNAME:-postgres} PGPASSWORD=${QUARKUS_DATASOURCE_PASSWORD:-}

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    ./mvnw -B -q --no-transfer-progress package -DskipTests
fi
JAVA_OPTS=${JAVA_OPTS:--XX:MaxRAM=512m -XX:MaxRAMPercentage=40 -Xms32m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError}
# shellcheck disable=SC2086
QUARKUS_HTTP_PORT=$PORT COFOUNDER_AUTH_ENABLED=false java $JAVA_OPTS -jar "$JAR" \
    > "$OUT/service.log" 2>&1 &
APP=$!
trap 'kill -TERM $APP 2>/dev/null; wait $APP 2>/dev/null || true' EXIT
until [ "$(curl -s -o /dev/null -m 1 -w '%{http_code}' "http://127.0.0.1:$PORT/q/health/ready" || true)" = 200 ]; do
    kill -0 "$APP" 2>/dev/null || { echo "the service did not start; see $OUT/service.log" >&2; exit 1; }
    sleep 0.2
done
psql -q -v ON_ERROR_STOP=1 <<SQL
TRUNCATE tasks;
INSERT INTO tasks (id, title, type, status, priority, category, tags, created_by, progress, created_at, updated_at)
SELECT md5('task' || i)::uuid, 'Seeded task ' || i, 'general', 'in_progress', 'normal', 'general', ARRAY['seed'],
       'bench', 0, now(), now()
FROM generate_series(1, 200000) AS i;
VACUUM ANALYZE tasks;
SQL
psql -qAt -c "SELECT id FROM tasks ORDER BY random()" > "$BENCH_IDS"

wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 20s -s bench/lua/delete-patch.lua "http://127.0.0.1:$PORT" \
    > "$OUT/wrk.txt" &
WRK=$!
stuck=0
while kill -0 "$WRK" 2>/dev/null; do
    sleep 5
    now=$(psql -qAt -c "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
        AND state = 'idle in transaction' AND now() - state_change > interval '5 s'")
    [ "$now" -gt "$stuck" ] && stuck=$now
done
wait "$WRK"
result=$(grep '^RESULT' "$OUT/wrk.txt"); statuses=$(grep '^STATUSES' "$OUT/wrk.txt")
echo "$result"
echo "$statuses"
echo "deleted: $(( 200000 - $(psql -qAt -c 'SELECT count(*) FROM tasks') )) tasks"
unexpected=$(echo "$statuses" | tr ' ' '\n' | grep -vE '^(STATUSES|200=.*|204=.*|404=.*)$' || true)
mark() { if [ "$1" = 0 ]; then echo PASS; else echo FAIL; fi; }
echo "transactions left open for more than 5 s (most at once): $stuck $(mark "$stuck")"
echo "answers other than 200, 204, 404: ${unexpected:-none} $(mark "$(echo -n "$unexpected" | grep -c . || true)")"
