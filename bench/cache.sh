#!/usr/bin/env bash
# The Redis task cache against PostgreSQL itself, in one run on one machine (issue 17):
#   bench/cache.sh        (DURATION=20 s measured per scenario after WARMUP=20 s, CONNECTIONS=64, HOT=5000)
#
# Seeds 100,000 tasks; a hot set of HOT of them is read at random. In the same run: pgbench -M prepared
# with the service's SELECT by id on the hot set; the packaged service with the cache off, then on (a
# Redis of this run's own, so that it can be stopped); the cached service with 10,000 keep-alive
# connections; and reads with Redis stopped in the middle of the load and started again, with the
# service's reads and cache hits per second sampled from /q/metrics. Then the limit of the same work:
# bench/peers/RedisPeer.java, bare Vert.x with the service's Vert.x and Redis client, answering the hot
# set from the entries the service wrote, and from its own memory (no store: the HTTP ceiling), at 64
# and 10,000 connections. Prints every figure beside its target with PASS or FAIL.
#
# Database as bench/run.sh (QUARKUS_DATASOURCE_REACTIVE_URL, else cofounder_bench at 127.0.0.1:5432).
# Redis: redis-server from the PATH, else the Redis 6.2 binary of the embedded-redis jar in ~/.m2, on
# REDIS_PORT (16379). SKIP_BUILD=1 reuses target/quarkus-app. Figures are ratios within this run.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20}
WARMUP=${WARMUP:-20}
CONNECTIONS=${CONNECTIONS:-64}
POOL=${POOL:-20}
PORT=${PORT:-18080}
SEED=${SEED:-100000}
HOT=${HOT:-5000}
REDIS_PORT=${REDIS_PORT:-16379}
OUT=$(pwd)/bench/.out/cache
mkdir -p "$OUT"
export BENCH_LUA=$(pwd)/bench/lua

need() { command -v "$1" >/dev/null 2>&1; }
if ! need wrk || ! need pgbench || ! need psql; then
    echo "== installing wrk and the PostgreSQL client tools"
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
    echo "== packaging the jar"
    ./mvnw -B -q --no-transfer-progress package -DskipTests
fi

REDIS_SERVER=$(command -v redis-server || true)
if [ -z "$REDIS_SERVER" ]; then
    jar=$(ls ~/.m2/repository/com/github/codemonstur/embedded-redis/*/embedded-redis-*.jar | tail -1)
    (cd "$OUT" && unzip -o -q "$jar" redis-server-6.2.6-v5-linux-amd64 && chmod +x redis-server-6.2.6-v5-linux-amd64)
    REDIS_SERVER=$OUT/redis-server-6.2.6-v5-linux-amd64
fi
REDIS=
start_redis() { # as deploy/ configures one: nothing on disk, only entries with a time to live evicted
    "$REDIS_SERVER" --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
        --maxmemory 256mb --maxmemory-policy volatile-lru > "$OUT/redis.log" 2>&1 &
    REDIS=$!
    until (exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT") 2>/dev/null; do sleep 0.05; done
}
stop_redis() { if [ -n "$REDIS" ] && kill -0 "$REDIS" 2>/dev/null; then kill -TERM "$REDIS"; wait "$REDIS" || true; fi; }

ulimit -n "$(ulimit -Hn)"
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
JAVA_OPTS=${JAVA_OPTS:--XX:MaxRAM=512m -XX:MaxRAMPercentage=40 -Xms32m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError}
export QUARKUS_HTTP_PORT=$PORT QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE=$POOL COFOUNDER_AUTH_ENABLED=false
APP=
stop_app() { if [ -n "$APP" ] && kill -0 "$APP" 2>/dev/null; then kill -TERM "$APP"; wait "$APP" || true; fi; }
trap 'stop_app; stop_redis' EXIT
start_app() { # log file [env...]
    local log=$1; shift
    # shellcheck disable=SC2086
    env "$@" java $JAVA_OPTS -jar target/quarkus-app/quarkus-run.jar > "$log" 2>&1 &
    APP=$!
    until [ "$(curl -s -o /dev/null -m 1 -w '%{http_code}' "http://127.0.0.1:$PORT/q/health/ready" || true)" = 200 ]; do
        kill -0 "$APP" 2>/dev/null || { echo "the service did not start; see $log" >&2; exit 1; }
        sleep 0.05
    done
}

start_app "$OUT/service-seed.log"
echo "== seeding $SEED tasks; hot set: $HOT of them"
psql -q -v ON_ERROR_STOP=1 <<SQL
TRUNCATE tasks;
INSERT INTO tasks (id, title, type, status, priority, category, tags, created_by, progress, created_at, updated_at)
SELECT md5('task' || i)::uuid, 'Seeded task ' || i, 'general',
       CASE WHEN i % 10 < 4 THEN 'pending' WHEN i % 10 < 7 THEN 'in_progress' WHEN i % 10 < 9 THEN 'completed' ELSE 'failed' END,
       (ARRAY['low','normal','high','urgent'])[1 + i % 4], 'general', ARRAY['seed'], 'bench', 0,
       now() - make_interval(secs => i), now() - make_interval(secs => i)
FROM generate_series(1, $SEED) AS i;
VACUUM ANALYZE tasks;
SQL
psql -qAt -c "SELECT md5('task' || i)::uuid FROM generate_series(1, $HOT) AS i" > "$OUT/hot-ids.txt"
export BENCH_IDS=$OUT/hot-ids.txt
stop_app

COLUMNS="id, title, description, type, status, priority, category, tags, assigned_agents, created_by, topic, primary_keyword, style, tone, target_length, publish_mode, content, slug, quality_score, result, error_message, progress, attempts, approval_status, reviewed_by, review_feedback, published_at, metadata, version, created_at, updated_at, started_at, completed_at"
cat > "$OUT/get-hot.sql" <<SQL
\set r random(1, $HOT)
SELECT $COLUMNS FROM tasks WHERE id = md5('task' || :r)::uuid;
SQL

field() { sed -n "s/.*[ ]$1=\([^ ]*\).*/\1/p" <<< "$2"; }
wrk_run() { # connections seconds -> RESULT line
    wrk -t2 -c"$1" -d"$2s" --timeout 10s -s "$BENCH_LUA/get.lua" "http://127.0.0.1:$PORT" 2>&1 \
        | tee -a "$OUT/wrk.log" | grep '^RESULT' || echo "RESULT rps=0 p50_ms=- p99_ms=- errors=?"
}
warm() { wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$BENCH_LUA/get.lua" "http://127.0.0.1:$PORT" > /dev/null 2>&1 || true; }

echo "== pgbench: the service's SELECT by id on the hot set, $POOL clients"
PGBENCH=$(pgbench -n -M prepared -c "$POOL" -j 2 -T "$DURATION" -f "$OUT/get-hot.sql" 2>&1 | tee "$OUT/pgbench.log" \
    | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1)
echo "   $PGBENCH tps"

echo "== the service, cache off: reads of the hot set, $CONNECTIONS connections"
start_app "$OUT/service-off.log"
warm
OFF=$(wrk_run "$CONNECTIONS" "$DURATION")
wrk_run 10000 "$DURATION" > /dev/null; sleep 10 # first time at 10,000 connections: the warm-up, as at 64
OFF_MANY=$(wrk_run 10000 "$DURATION")
echo "   $(field rps "$OFF") req/s; 10,000 connections: $(field rps "$OFF_MANY") req/s, p99 $(field p99_ms "$OFF_MANY") ms"
stop_app

echo "== the service, cache on (Redis on $REDIS_PORT): reads of the hot set"
start_redis
CACHE_ENV=(COFOUNDER_CACHE_ENABLED=true "QUARKUS_REDIS_HOSTS=redis://127.0.0.1:$REDIS_PORT")
start_app "$OUT/service-on.log" "${CACHE_ENV[@]}"
warm
ON=$(wrk_run "$CONNECTIONS" "$DURATION")
sleep 2
ON_FIRST=$(wrk_run 10000 "$DURATION"); sleep 10 # its errors count with the measured run's
ON_MANY=$(wrk_run 10000 "$DURATION")
echo "   $(field rps "$ON") req/s; 10,000 connections: $(field rps "$ON_MANY") req/s, p99 $(field p99_ms "$ON_MANY") ms"
sleep 5

metric() { curl -s "http://127.0.0.1:$PORT/q/metrics" | awk -v n="$1" '$1 == n || index($1, n "{") == 1 { s += $NF } END { printf "%.0f", s }'; }
echo "== Redis stopped in the middle of the load: $CONNECTIONS connections for 30 s, Redis down from 10 s to 20 s"
: > "$OUT/timeline.txt"
wrk -t2 -c"$CONNECTIONS" -d30s --timeout 10s -s "$BENCH_LUA/get.lua" "http://127.0.0.1:$PORT" > "$OUT/outage-wrk.txt" 2>&1 &
WRK=$!
prev_hits=$(metric cofounder_cache_hits_total); prev_reads=$(metric http_server_requests_seconds_count)
began=$(date +%s%3N); prev_at=$began; down=0; up=0
while kill -0 "$WRK" 2>/dev/null; do
    sleep 0.5
    at=$(date +%s%3N); elapsed=$(( (at - began) / 1000 ))
    if [ "$down" = 0 ] && [ "$elapsed" -ge 10 ]; then stop_redis; down=1; fi
    if [ "$up" = 0 ] && [ "$elapsed" -ge 20 ]; then start_redis; up=1; fi
    hits=$(metric cofounder_cache_hits_total); reads=$(metric http_server_requests_seconds_count)
    # seconds since the start, requests/s and hits/s over the last sample
    awk -v t="$(( (at - began) ))" -v r="$(( reads - prev_reads ))" -v h="$(( hits - prev_hits ))" -v d="$(( at - prev_at ))" \
        'BEGIN { printf "%.1f %.0f %.0f\n", t / 1000, r * 1000 / d, h * 1000 / d }' >> "$OUT/timeline.txt"
    prev_hits=$hits; prev_reads=$reads; prev_at=$at
done
wait "$WRK" || true
OUTAGE=$(grep '^RESULT' "$OUT/outage-wrk.txt" || echo "RESULT rps=0 errors=?")
stop_app

# The limit of the same work on this machine: bare Vert.x (the service's Vert.x and Redis client) answering
# the hot set from the entries the service just wrote, alone on the machine as the service was; then the
# same yardstick from its own memory (no store at all: the HTTP ceiling of any cache here).
PEER_PORT=8093
PEER=
stop_peer() { if [ -n "$PEER" ] && kill -0 "$PEER" 2>/dev/null; then kill -TERM "$PEER"; wait "$PEER" || true; fi; }
trap 'stop_app; stop_peer; stop_redis' EXIT
rm -rf "$OUT/peer" && mkdir -p "$OUT/peer"
javac -cp 'target/quarkus-app/lib/main/*' -d "$OUT/peer" bench/peers/RedisPeer.java
peer() { # mode -> PEER_64 and PEER_10K, RESULT lines at 64 and at 10,000 connections
    echo "== yardstick: bare Vert.x and its Redis client (bench/peers/RedisPeer.java), PEER_MODE=$1"
    # shellcheck disable=SC2086
    PEER_MODE=$1 PEER_PORT=$PEER_PORT PEER_REDIS="redis://127.0.0.1:$REDIS_PORT" \
        java $JAVA_OPTS -cp "$OUT/peer:target/quarkus-app/lib/main/*" RedisPeer > "$OUT/peer-$1.log" 2>&1 &
    PEER=$!
    until [ "$(curl -s -o /dev/null -m 1 -w '%{http_code}' "http://127.0.0.1:$PEER_PORT/api/health" || true)" = 200 ]; do
        kill -0 "$PEER" 2>/dev/null || { echo "the yardstick did not start; see $OUT/peer-$1.log" >&2; exit 1; }
        sleep 0.05
    done
    PORT=$PEER_PORT warm
    PEER_64=$(PORT=$PEER_PORT wrk_run "$CONNECTIONS" "$DURATION")
    PORT=$PEER_PORT wrk_run 10000 "$DURATION" > /dev/null; sleep 10 # its first time at 10,000, as the service's
    PEER_10K=$(PORT=$PEER_PORT wrk_run 10000 "$DURATION")
    stop_peer
}
peer redis; PEER_ON=$PEER_64; PEER_MANY=$PEER_10K
peer memory; MEM_ON=$PEER_64; MEM_MANY=$PEER_10K
stop_redis

phase() { # from to column -> mean per second
    awk -v a="$1" -v b="$2" -v c="$3" '$1 >= a && $1 <= b { s += $c; n++ } END { if (n) printf "%.0f", s / n; else print "-" }' "$OUT/timeline.txt"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
target() { # label figure op limit unit
    awk -v l="$1" -v f="$2" -v o="$3" -v m="$4" -v u="$5" 'BEGIN {
        if (f !~ /^-?[0-9]+([.][0-9]+)?$/) { printf "  FAIL  %-62s no figure (target %s %s%s)\n", l, o, m, u; exit }
        ok = (o == ">=") ? (f + 0 >= m + 0) : (f + 0 <= m + 0)
        printf "  %s  %-62s %s%s (target %s %s%s)\n", ok ? "PASS" : "FAIL", l, f, u, o, m, u }'
}

echo
echo "Task cache, one run, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), hot set of $HOT tasks of $SEED, ${DURATION}s per figure after ${WARMUP}s warm-up"
echo "| reads by id (hot set)        | cache off          | cache on           |"
echo "|------------------------------|--------------------|--------------------|"
printf '| %-28s | %18s | %18s |\n' "$CONNECTIONS connections, req/s" "$(field rps "$OFF")" "$(field rps "$ON")"
printf '| %-28s | %18s | %18s |\n' "  p50 / p99 ms" "$(field p50_ms "$OFF") / $(field p99_ms "$OFF")" "$(field p50_ms "$ON") / $(field p99_ms "$ON")"
printf '| %-28s | %18s | %18s |\n' "  / pgbench ($PGBENCH tps)" "$(ratio "$(field rps "$OFF")" "$PGBENCH")" "$(ratio "$(field rps "$ON")" "$PGBENCH")"
printf '| %-28s | %18s | %18s |\n' "10,000 connections, req/s" "$(field rps "$OFF_MANY")" "$(field rps "$ON_MANY")"
printf '| %-28s | %18s | %18s |\n' "  p50 / p99 ms" "$(field p50_ms "$OFF_MANY") / $(field p99_ms "$OFF_MANY")" "$(field p50_ms "$ON_MANY") / $(field p99_ms "$ON_MANY")"
printf '| %-28s | %18s | %18s |\n' "  errors" "$(field errors "$OFF_MANY")" "$(field errors "$ON_MANY")"
echo
echo "Bare Vert.x yardstick (the same hot set, same run): from Redis | from its own memory"
echo "  $CONNECTIONS connections: $(field rps "$PEER_ON") req/s, p99 $(field p99_ms "$PEER_ON") ms, $(ratio "$(field rps "$PEER_ON")" "$PGBENCH") of pgbench | $(field rps "$MEM_ON") req/s, p99 $(field p99_ms "$MEM_ON") ms, $(ratio "$(field rps "$MEM_ON")" "$PGBENCH") of pgbench"
echo "  10,000 connections: $(field rps "$PEER_MANY") req/s, p50 $(field p50_ms "$PEER_MANY") ms, p99 $(field p99_ms "$PEER_MANY") ms, errors $(field errors "$PEER_MANY") | $(field rps "$MEM_MANY") req/s, p50 $(field p50_ms "$MEM_MANY") ms, p99 $(field p99_ms "$MEM_MANY") ms, errors $(field errors "$MEM_MANY")"
echo "  the cached service / the yardstick from Redis: $(ratio "$(field rps "$ON")" "$(field rps "$PEER_ON")") at $CONNECTIONS connections, $(ratio "$(field rps "$ON_MANY")" "$(field rps "$PEER_MANY")") at 10,000"
echo
echo "Redis stopped at 10 s, started at 20 s ($CONNECTIONS connections, 30 s): $(field rps "$OUTAGE") req/s overall, errors $(field errors "$OUTAGE")"
echo "  requests/s (of which cache hits/s): before $(phase 2 9.5 2) ($(phase 2 9.5 3)), Redis down $(phase 12 19.5 2) ($(phase 12 19.5 3)), after $(phase 24 29.5 2) ($(phase 24 29.5 3))"
echo "  samples (s requests/s hits/s): $(tr '\n' ',' < "$OUT/timeline.txt" | sed 's/,$//')"
echo
echo "Targets, this run (issue 17):"
target "cached reads of the hot set / pgbench SELECT" "$(ratio "$(field rps "$ON")" "$PGBENCH")" ">=" 1.0 ""
target "10,000 connections, cache on, errors in both runs" "$(awk -v a="$(field errors "$ON_FIRST")" \
    -v b="$(field errors "$ON_MANY")" 'BEGIN { if (a ~ /^[0-9]+$/ && b ~ /^[0-9]+$/) print a + b; else print "?" }')" "<=" 0 ""
target "10,000 connections, cache on, p99" "$(field p99_ms "$ON_MANY")" "<=" 500 " ms"
target "Redis stopped mid-load, errors" "$(field errors "$OUTAGE")" "<=" 0 ""
target "Redis down: hits/s while down (reads go to PostgreSQL)" "$(phase 12 19.5 3)" "<=" 0 ""
target "Redis back: hits/s / requests/s after" "$(ratio "$(phase 24 29.5 3)" "$(phase 24 29.5 2)")" ">=" 0.9 ""
