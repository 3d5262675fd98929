#!/usr/bin/env bash
# The service against PostgreSQL itself, in one run on one machine:
#   bench/run.sh                 (DURATION=20 s measured per scenario after WARMUP=30 s, CONNECTIONS=64)
#   (then the native executable when target/*-runner exists (NATIVE_BIN=<file>), and the bare Vert.x
#   yardstick from ../shared/peers/vertx-pgclient when present: PEER_SRC=<folder>)
#
# Starts the packaged jar with production-like settings (prod profile, the deploy/ JVM settings:
# -XX:MaxRAM=512m -XX:MaxRAMPercentage=40 -Xms32m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000), seeds 100,000 tasks, then for each scenario drives the
# service with wrk over loopback and runs pgbench (-M prepared) with the equivalent SQL on the same
# database, and prints requests/s, p50, p99, errors and the ratio service/pgbench. Then: 10,000
# concurrent keep-alive connections on reads (closed loop: each sends again as soon as answered; and
# paced: each reads every 0-10 s; the closed loop measured after a first run of it, as every scenario
# is after its warm-up, the first run's figures printed beside it), pool exhaustion, resident memory under load, startup.
#
# Then the change feed: pgbench INSERTs into tasks with the table's triggers disabled and enabled (the
# service running, so its sequencer does its share), POST /api/tasks against the trigger-free rate,
# and the commit-to-subscriber latency of the event stream under 1,000 changes/s.
#
# Database: QUARKUS_DATASOURCE_REACTIVE_URL/_USERNAME/_PASSWORD, else the PostgreSQL at
# 127.0.0.1:5432 (database cofounder_bench, dropped and created). wrk, psql and pgbench are installed
# from Debian's packages when absent. SKIP_BUILD=1 reuses target/quarkus-app; APP_DIR=<a quarkus-app
# folder> runs another build (an older commit's, for a before/after in the same minutes).
# Every figure is a ratio within this run: the 2 cores are shared by service, database and load.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20}
WARMUP=${WARMUP:-30}
CONNECTIONS=${CONNECTIONS:-64}
POOL=${POOL:-20}
PORT=${PORT:-18080}
SEED=${SEED:-100000}
FEED_RATE=${FEED_RATE:-1000}
APP_DIR=${APP_DIR:-target/quarkus-app}
OUT=$(pwd)/bench/.out
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
# postgresql://host:port/db for psql and pgbench
hostport=${QUARKUS_DATASOURCE_REACTIVE_URL#postgresql://}; hostport=${hostport%%/*}
export PGHOST=${hostport%%:*} PGPORT=${hostport##*:} PGDATABASE=${QUARKUS_DATASOURCE_REACTIVE_URL##*/}
export PGUSER=${QUARKUS_DATASOURCE_USERNAME:-postgres} PGPASSWORD=${QUARKUS_DATASOURCE_PASSWORD:-}

if [ "${SKIP_BUILD:-0}" != 1 ] && [ "$APP_DIR" = target/quarkus-app ]; then
    echo "== packaging the jar"
    ./mvnw -B -q --no-transfer-progress package -DskipTests
fi

ulimit -n "$(ulimit -Hn)"  # 10,000 connections need as many descriptors in wrk and in the service
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} # as deploy/docker/Dockerfile.jvm sets it
JAVA_OPTS=${JAVA_OPTS:--XX:MaxRAM=512m -XX:MaxRAMPercentage=40 -Xms32m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError}
# Authentication off: the figures measure the path to the database, as in the history below (a bearer
# token would add one RS256 signature check per request).
export QUARKUS_HTTP_PORT=$PORT QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE=$POOL COFOUNDER_AUTH_ENABLED=false
APP=
stop_app() { if [ -n "$APP" ] && kill -0 "$APP" 2>/dev/null; then kill -TERM "$APP"; wait "$APP" || true; fi; }
trap stop_app EXIT

start_app() { # log file: starts the packaged service (with the caller's environment) and waits until ready
    # shellcheck disable=SC2086
    # The collector's log beside it (one line a collection): which pauses a storm met.
    java $JAVA_OPTS "-Xlog:gc:file=${1%.log}-gc.log" -jar "$APP_DIR/quarkus-run.jar" > "$1" 2>&1 &
    APP=$!
    until [ "$(curl -s -o /dev/null -m 1 -w '%{http_code}' "http://127.0.0.1:$PORT/q/health/ready" || true)" = 200 ]; do
        kill -0 "$APP" 2>/dev/null || { echo "the service did not start; see $1" >&2; exit 1; }
        sleep 0.05
    done
}
now_ms() { date +%s%3N; }
start=$(now_ms)
start_app "$OUT/service.log"
STARTUP_MS=$(( $(now_ms) - start ))
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$APP/status"; }
RSS_IDLE=$(rss_kib)

echo "== seeding $SEED tasks"
psql -q -v ON_ERROR_STOP=1 <<SQL
TRUNCATE tasks;
INSERT INTO tasks (id, title, type, status, priority, category, tags, created_by, progress, created_at, updated_at)
SELECT md5('task' || i)::uuid, 'Seeded task ' || i,
       'general',
       CASE WHEN i % 10 < 4 THEN 'pending' WHEN i % 10 < 7 THEN 'in_progress' WHEN i % 10 < 9 THEN 'completed' ELSE 'failed' END,
       (ARRAY['low','normal','high','urgent'])[1 + i % 4], 'general', ARRAY['seed'], 'bench', 0,
       now() - make_interval(secs => i), now() - make_interval(secs => i)
FROM generate_series(1, $SEED) AS i;
VACUUM ANALYZE tasks;
SQL
psql -qAt -c "SELECT id FROM tasks ORDER BY id" > "$OUT/ids.txt"
psql -qAt -c "SELECT id FROM tasks WHERE status = 'in_progress' ORDER BY id" > "$OUT/patch-ids.txt"
export BENCH_IDS=$OUT/ids.txt BENCH_PATCH_IDS=$OUT/patch-ids.txt

# A cursor deep in the pending tasks (30,000 rows in), as the API hands it out.
DEEP=$(( SEED * 4 / 10 * 3 / 4 ))
CURSOR=$(curl -s "http://127.0.0.1:$PORT/api/tasks?status=pending&limit=20&offset=$DEEP" \
    | python3 -c 'import sys, json; print(json.load(sys.stdin)["next_cursor"])')
IFS='|' read -r DEEP_AT DEEP_ID < <(psql -qAt -F '|' -c "SELECT created_at, id FROM tasks WHERE status = 'pending'
    ORDER BY created_at DESC, id DESC OFFSET $(( DEEP + 19 )) LIMIT 1")

# --- the equivalent SQL, as the service sends it ----------------------------------------------
SQL_DIR=$OUT/sql; mkdir -p "$SQL_DIR"
COLUMNS="id, title, description, type, status, priority, category, tags, assigned_agents, created_by, topic, primary_keyword, style, tone, target_length, publish_mode, content, slug, quality_score, result, error_message, progress, attempts, approval_status, reviewed_by, review_feedback, published_at, idempotency_key, metadata, version, created_at, updated_at, started_at, completed_at"
cat > "$SQL_DIR/get.sql" <<SQL
\set r random(1, $SEED)
SELECT $COLUMNS FROM tasks WHERE id = md5('task' || :r)::uuid;
SQL
cat > "$SQL_DIR/list.sql" <<SQL
SELECT count(*) FROM tasks t WHERE t.status IN ('pending');
SELECT t.* FROM tasks t WHERE t.status IN ('pending') ORDER BY t.created_at DESC, t.id DESC LIMIT 21 OFFSET 0;
SQL
cat > "$SQL_DIR/page.sql" <<SQL
SELECT t.* FROM tasks t WHERE t.status IN ('pending') ORDER BY t.created_at DESC, t.id DESC LIMIT 21 OFFSET 0;
SQL
cat > "$SQL_DIR/cursor.sql" <<SQL
SELECT t.* FROM tasks t WHERE t.status IN ('pending') AND (t.created_at, t.id) < ('$DEEP_AT'::timestamptz, '$DEEP_ID'::uuid)
 ORDER BY t.created_at DESC, t.id DESC LIMIT 21 OFFSET 0;
SQL
cat > "$SQL_DIR/create.sql" <<SQL
\set r random(1, 1000000)
INSERT INTO tasks ($COLUMNS) VALUES (gen_random_uuid(), 'bench create ' || :r, NULL, 'general', 'pending', 'high', 'general',
  ARRAY['bench'], '{}', 'system', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL,
  NULL, '{}', 0, now(), now(), NULL, NULL);
SQL
cat > "$SQL_DIR/patch.sql" <<SQL
\set i random(0, $(( SEED / 10 - 1 )))
\set k random(4, 6)
\set p random(0, 100)
SELECT $COLUMNS FROM tasks WHERE id = md5('task' || (:i * 10 + :k))::uuid \\gset
UPDATE tasks SET progress = :p, version = version + 1, updated_at = now()
WHERE id = md5('task' || (:i * 10 + :k))::uuid AND version = :version;
SQL
echo "SELECT 1;" > "$SQL_DIR/health.sql"
# One change per transaction at a fixed rate, stamped with the statement's own clock (feed latency).
cat > "$SQL_DIR/change.sql" <<SQL
\set i random(1, $SEED)
UPDATE tasks SET progress = (progress + 1) % 100, version = version + 1, updated_at = clock_timestamp()
WHERE id = md5('task' || :i)::uuid;
SQL

# --- running ---------------------------------------------------------------------------------
sample_rss() { # file: the largest RSS seen until stopped
    echo 0 > "$1"
    while kill -0 "$APP" 2>/dev/null; do
        r=$(rss_kib); [ "$r" -gt "$(cat "$1")" ] && echo "$r" > "$1"; sleep 0.5
    done
}
sample_rss "$OUT/rss-scenarios" & SAMPLER=$!

field() { sed -n "s/.*[ ]$1=\([^ ]*\).*/\1/p" <<< "$2"; }
wrk_run() { # lua connections [extra env] -> RESULT line
    local lua=$1 conns=$2
    wrk -t2 -c"$conns" -d"${DURATION}s" --timeout 10s -s "$BENCH_LUA/$lua" "http://127.0.0.1:$PORT" 2>&1 \
        | tee -a "$OUT/wrk.log" | grep '^RESULT' || echo "RESULT rps=0 p50_ms=- p99_ms=- errors=?"
}
pgbench_tps() { # script-args... -> tps
    pgbench -n -M prepared -c "$POOL" -j 2 -T "$DURATION" "$@" 2>&1 | tee -a "$OUT/pgbench.log" \
        | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1 || true
}

ROWS=()
scenario() { # name lua [pgbench args...]
    local name=$1 lua=$2; shift 2
    local result tps ratio
    # the JIT compiles this path first: an unmeasured run of the same load
    wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$BENCH_LUA/$lua" "http://127.0.0.1:$PORT" > /dev/null 2>&1 || true
    result=$(wrk_run "$lua" "$CONNECTIONS")
    tps=$(pgbench_tps "$@")
    ratio=$(awk -v a="$(field rps "$result")" -v b="$tps" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "-" }')
    ROWS+=("$(printf '| %-22s | %9s | %8s | %8s | %6s | %9s | %6s |' "$name" "$(field rps "$result")" \
        "$(field p50_ms "$result")" "$(field p99_ms "$result")" "$(field errors "$result")" "$tps" "$ratio")")
    echo "   $name: service $(field rps "$result") req/s, pgbench $tps tps"
    RPS[$name]=$(field rps "$result"); TPS[$name]=$tps; P99[$name]=$(field p99_ms "$result")
}
declare -A RPS TPS P99

echo "== scenarios: ${WARMUP}s warm-up then ${DURATION}s measured each, wrk $CONNECTIONS connections, pgbench $POOL clients (the service's pool)"
scenario "get by id"              get.lua    -f "$SQL_DIR/get.sql"
scenario "list page + total"      list.lua   -f "$SQL_DIR/list.sql"
export BENCH_QUERY="&total=false"
scenario "list page, total=false" list.lua   -f "$SQL_DIR/page.sql"
export BENCH_QUERY="&total=false&cursor=$CURSOR"
scenario "same, cursor $DEEP deep" list.lua -f "$SQL_DIR/cursor.sql"
unset BENCH_QUERY
scenario "health/ready"           health.lua -f "$SQL_DIR/health.sql"
scenario "patch status"           patch.lua  -f "$SQL_DIR/patch.sql"
scenario "create"                 create.lua -f "$SQL_DIR/create.sql"
scenario "mix 70/20/10"           mix.lua    -f "$SQL_DIR/get.sql@7" -f "$SQL_DIR/create.sql@2" -f "$SQL_DIR/patch.sql@1"

kill "$SAMPLER" 2>/dev/null || true; wait "$SAMPLER" 2>/dev/null || true

# --- the change feed --------------------------------------------------------------------------
# What the feed costs a writer: the same INSERT with the table's user triggers disabled and enabled,
# alternated twice, each after a checkpoint; the service runs meanwhile, so the sequencer moving the
# changes into the feed is part of the "enabled" figure. And what the service reaches against the
# trigger-free rate: POST /api/tasks (warm: the create scenario ran above) just before.
echo "== change feed: INSERT with the table's triggers disabled and enabled, POST against the trigger-free rate"
pgbench_insert() { # on|off -> tps
    [ "$1" = off ] && psql -qc "ALTER TABLE tasks DISABLE TRIGGER USER"
    psql -qc "CHECKPOINT"
    pgbench_tps -f "$SQL_DIR/create.sql"
    [ "$1" = off ] && psql -qc "ALTER TABLE tasks ENABLE TRIGGER USER"
    return 0
}
# Twice over, so that the machine's drift (the table grows, the host's other load comes and goes)
# weighs on both sides alike.
POST1=$(wrk_run create.lua "$CONNECTIONS"); OFF1=$(pgbench_insert off); ON1=$(pgbench_insert on)
POST2=$(wrk_run create.lua "$CONNECTIONS"); OFF2=$(pgbench_insert off); ON2=$(pgbench_insert on)
POST_RPS="$(field rps "$POST1"), $(field rps "$POST2")"
echo "   INSERT without triggers $OFF1, $OFF2 tps; with $ON1, $ON2 tps; POST $POST_RPS req/s"
TRIGGER_RATIO=$(awk -v a="$ON1" -v b="$ON2" -v c="$OFF1" -v d="$OFF2" 'BEGIN { printf "%.2f", (a + b) / (c + d) }')
POST_RATIO=$(awk -v p="$(field rps "$POST1")" -v q="$(field rps "$POST2")" -v c="$OFF1" -v d="$OFF2" \
    'BEGIN { printf "%.2f", (p + q) / (c + d) }')

echo "== change feed: commit-to-subscriber latency, $FEED_RATE changes/s by pgbench for ${DURATION}s"
python3 bench/feed_latency.py "http://127.0.0.1:$PORT/api/tasks/events" $(( DURATION + 4 )) > "$OUT/feed-latency.txt" &
PROBE=$!
sleep 2
FEED_OUT=$(pgbench -n -M prepared -c 4 -j 2 -R "$FEED_RATE" -T "$DURATION" -f "$SQL_DIR/change.sql" 2>&1 | tee -a "$OUT/pgbench.log")
wait "$PROBE" || true
FEED_SENT=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<< "$FEED_OUT")
LATENCY=$(grep '^RESULT' "$OUT/feed-latency.txt" || echo "RESULT received=0")

echo "== 10,000 concurrent keep-alive connections, reads by id"
sample_rss "$OUT/rss-many" & SAMPLER=$!
# Like every scenario above, measured after a run of the same load: the JVM's first time at 10,000
# connections (its JIT never saw parking, the heap never held that many) is reported, not the target.
idle_collections() { curl -s "http://127.0.0.1:$PORT/q/metrics" | awk -v n=cofounder_heap_idle_collection_seconds_count \
    '$1 == n || index($1, n "{") == 1 { s += $NF } END { printf "%.0f", s }'; }
GC_LOG=$OUT/service-gc.log
gc_mark() { wc -l < "$GC_LOG" 2>/dev/null || echo 0; }
full_gcs() { # from-line to-line -> "n (ms in all)": the full collections the collector logged between
    sed -n "$(( $1 + 1 )),$2p" "$GC_LOG" 2>/dev/null | awk '/Pause Full/ { n++; sub(/ms$/, "", $NF); ms += $NF } END { printf "%d (%.0f ms)", n, ms }'; }
GC0=$(gc_mark)
FIRST_MANY=$(wrk_run get.lua 10000)
GC1=$(gc_mark)
IDLE_BEFORE=$(idle_collections)
sleep 10 # let the requests still queued from 10,000 connections drain (and the idle collection run)
IDLE_AFTER=$(idle_collections)
GC2=$(gc_mark)
MANY=$(wrk_run get.lua 10000)
GC3=$(gc_mark)
sleep 10
# Closed loop, 10,000 connections wait in line for what the machine can answer: by Little's law the
# mean latency is connections / throughput, whatever the server. The paced run holds the same 10,000
# connections open with each reading every 0-10 s (about 2,000 req/s offered): the cost of holding them.
PACED=$(BENCH_PACE_MS=5000 wrk_run get.lua 10000)
kill "$SAMPLER" 2>/dev/null || true; wait "$SAMPLER" 2>/dev/null || true
sleep 5

echo "== pool exhaustion: the tasks table locked for $(( 5 + 4 ))s while 200 callers read"
psql -qc "BEGIN; LOCK TABLE tasks IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(9); COMMIT;" >/dev/null &
LOCKER=$!
sleep 0.5
head -200 "$OUT/ids.txt" | sed "s|^|http://127.0.0.1:$PORT/api/tasks/|" \
    | xargs -P 200 -n 1 curl -s -o /dev/null -m 30 -w '%{http_code} %{time_total}\n' > "$OUT/exhaustion.txt" &
CALLERS=$!
sleep 2
LIVE=$(curl -s -o /dev/null -m 10 -w '%{http_code} %{time_total}' "http://127.0.0.1:$PORT/q/health/live")
wait "$LOCKER" "$CALLERS"

# --- authentication on -----------------------------------------------------------------------
# Everything above runs without authentication; production runs with it. Reads by id once more, on a
# service restarted with bearer tokens required (a key pair and an RS256 token made here, one token for
# every request, as a client holding one token sends it), with the verified-token cache and without it.
echo "== reads by id with a bearer token: verified-token cache on, then off"
AUTH_DIR=$OUT/auth; mkdir -p "$AUTH_DIR"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$AUTH_DIR/key.pem" 2>/dev/null
openssl pkey -in "$AUTH_DIR/key.pem" -pubout -out "$AUTH_DIR/public.pem"
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
JWT_HEAD=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
JWT_BODY=$(printf '{"iss":"https://bench.cofounder/","aud":"cofounder-agent","sub":"bench","groups":["tasks:read"],"iat":%d,"exp":%d}' \
    "$(date +%s)" "$(( $(date +%s) + 3600 ))" | b64url)
JWT_SIG=$(printf '%s.%s' "$JWT_HEAD" "$JWT_BODY" | openssl dgst -sha256 -sign "$AUTH_DIR/key.pem" -binary | b64url)
TOKEN="$JWT_HEAD.$JWT_BODY.$JWT_SIG"
authed_reads() { # cache size -> RESULT line in $OUT/auth-<size>.txt (not in a subshell: APP must be this shell's)
    stop_app
    COFOUNDER_AUTH_ENABLED=true MP_JWT_VERIFY_ISSUER=https://bench.cofounder/ MP_JWT_VERIFY_AUDIENCES=cofounder-agent \
        MP_JWT_VERIFY_PUBLICKEY_LOCATION="$AUTH_DIR/public.pem" COFOUNDER_AUTH_VERIFIED_TOKEN_CACHE_SIZE=$1 \
        start_app "$OUT/service-auth-$1.log"
    if [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
        "http://127.0.0.1:$PORT/api/tasks/$(head -1 "$OUT/ids.txt")")" != 200 ]; then
        echo "RESULT rps=0 p50_ms=- p99_ms=- errors=? (the token was refused)" > "$OUT/auth-$1.txt"
        return
    fi
    wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -H "Authorization: Bearer $TOKEN" -s "$BENCH_LUA/get.lua" "http://127.0.0.1:$PORT" > /dev/null 2>&1 || true
    wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -H "Authorization: Bearer $TOKEN" -s "$BENCH_LUA/get.lua" \
        "http://127.0.0.1:$PORT" 2>&1 | tee -a "$OUT/wrk.log" | grep '^RESULT' > "$OUT/auth-$1.txt" \
        || echo "RESULT rps=0 p50_ms=- p99_ms=- errors=?" > "$OUT/auth-$1.txt"
}
authed_reads 10000; AUTH_CACHED=$(cat "$OUT/auth-10000.txt")
authed_reads 0; AUTH_UNCACHED=$(cat "$OUT/auth-0.txt")
stop_app

# --- the native executable ---------------------------------------------------------------------
# target/*-runner when one was built (./mvnw package -DskipTests -Dnative-standin on this machine, see
# .ci/native; or with GraalVM/Mandrel): the same database, seed and wrk scripts as the jar above, with
# the heap of deploy/ (the Knative service's 256 MiB limit, of which a native image takes 80%: 205 MiB).
NATIVE_BIN=${NATIVE_BIN:-$(ls target/*-runner 2>/dev/null | head -1 || true)}
NATIVE_OPTS=${NATIVE_OPTS:--Xmx205m}
NATIVE_LINES=("native executable: not run (no target/*-runner; ./mvnw package -DskipTests -Dnative-standin builds one, see .ci/native)")
if [ -n "$NATIVE_BIN" ] && [ -x "$NATIVE_BIN" ]; then
    stop_app
    echo "== native executable ($NATIVE_BIN $NATIVE_OPTS): reads by id, create, mix"
    start=$(now_ms)
    # shellcheck disable=SC2086
    "$NATIVE_BIN" $NATIVE_OPTS > "$OUT/native.log" 2>&1 &
    APP=$!
    until [ "$(curl -s -o /dev/null -m 1 -w '%{http_code}' "http://127.0.0.1:$PORT/q/health/ready" || true)" = 200 ]; do
        kill -0 "$APP" 2>/dev/null || { echo "the native executable did not start; see $OUT/native.log" >&2; exit 1; }
        sleep 0.01
    done
    NATIVE_START_MS=$(( $(now_ms) - start ))
    NATIVE_RSS_IDLE=$(rss_kib)
    sample_rss "$OUT/rss-native" & SAMPLER=$!
    native_scenario() { # name lua -> one line: the native figure beside the jar's and pgbench's of this run
        local name=$1 lua=$2 result
        wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$BENCH_LUA/$lua" "http://127.0.0.1:$PORT" > /dev/null 2>&1 || true
        result=$(wrk_run "$lua" "$CONNECTIONS")
        echo "   $name: native $(field rps "$result") req/s" >&2
        awk -v n="$name" -v r="$(field rps "$result")" -v p="$(field p99_ms "$result")" -v e="$(field errors "$result")" \
            -v j="${RPS[$name]}" -v t="${TPS[$name]}" 'BEGIN {
            printf "  %s: native %.0f req/s (p99 %s ms, errors %s) = %.2f of pgbench (%.0f tps), %.2f of the jar (%.0f req/s)\n",
                n, r, p, e, (t > 0) ? r / t : 0, t, (j > 0) ? r / j : 0, j }'
    }
    NATIVE_LINES=("$(native_scenario "get by id" get.lua)" "$(native_scenario "create" create.lua)" "$(native_scenario "mix 70/20/10" mix.lua)")
    kill "$SAMPLER" 2>/dev/null || true; wait "$SAMPLER" 2>/dev/null || true
    NATIVE_LINES+=("  started to ready in $NATIVE_START_MS ms (the jar: $STARTUP_MS ms); resident memory $(( NATIVE_RSS_IDLE / 1024 )) MiB idle after start (the jar: $(( RSS_IDLE / 1024 )) MiB), $(( $(cat "$OUT/rss-native") / 1024 )) MiB at most under load (the jar: $(( $(cat "$OUT/rss-scenarios") / 1024 )) MiB)")
    stop_app
fi

# --- the bare Vert.x yardstick -----------------------------------------------------------------
# ../shared/peers/vertx-pgclient, when present: the same core endpoints on plain Vert.x 5 and the
# reactive client, on its own (simpler) table in its own database, with the same seed and the same
# wrk scripts; each system is compared with pgbench on its own table, then the service with the peer.
# The service is stopped first, so that its timers (feed, metrics) cost the peer nothing.
PEER_SRC=${PEER_SRC:-$(pwd)/../shared/peers/vertx-pgclient}
PEER_PORT=8092
PEER=
stop_peer() { if [ -n "$PEER" ] && kill -0 "$PEER" 2>/dev/null; then kill -TERM "$PEER"; wait "$PEER" || true; fi; }
trap 'stop_app; stop_peer' EXIT
PEER_LINES=("bare Vert.x yardstick: not run ($PEER_SRC not found)")
if [ -f "$PEER_SRC/pom.xml" ]; then
    stop_app
    echo "== yardstick: bare Vert.x 5 + reactive PG client ($PEER_SRC) on database peer_bench"
    rm -rf "$OUT/peer" && cp -r "$PEER_SRC" "$OUT/peer"  # shared/ may be read-only
    ./mvnw -B -q --no-transfer-progress -f "$OUT/peer/pom.xml" package -DskipTests
    psql -d postgres -qc "DROP DATABASE IF EXISTS peer_bench" -c "CREATE DATABASE peer_bench" >/dev/null
    PEER_DB="postgresql://$PGUSER@$PGHOST:$PGPORT/peer_bench" java -jar "$OUT/peer/target/peer.jar" > "$OUT/peer.log" 2>&1 &
    PEER=$!
    until [ "$(curl -s -o /dev/null -m 1 -w '%{http_code}' "http://127.0.0.1:$PEER_PORT/api/health" || true)" = 200 ]; do
        kill -0 "$PEER" 2>/dev/null || { echo "the yardstick did not start; see $OUT/peer.log" >&2; exit 1; }
        sleep 0.1
    done
    PGDATABASE=peer_bench psql -q -v ON_ERROR_STOP=1 <<SQL
INSERT INTO tasks (id, title, status, priority, tags, created_by, progress, created_at, updated_at)
SELECT md5('task' || i)::uuid, 'Seeded task ' || i,
       CASE WHEN i % 10 < 4 THEN 'pending' WHEN i % 10 < 7 THEN 'in_progress' WHEN i % 10 < 9 THEN 'completed' ELSE 'failed' END,
       (ARRAY['low','normal','high','urgent'])[1 + i % 4], '["seed"]', 'bench', 0,
       now() - make_interval(secs => i), now() - make_interval(secs => i)
FROM generate_series(1, $SEED) AS i;
VACUUM ANALYZE tasks;
SQL
    # The peer's own statements (Peer.java), for pgbench on its table.
    cat > "$SQL_DIR/peer-get.sql" <<SQL
\set r random(1, $SEED)
SELECT * FROM tasks WHERE id = md5('task' || :r)::uuid;
SQL
    cat > "$SQL_DIR/peer-create.sql" <<SQL
\set r random(1, 1000000)
INSERT INTO tasks (id, title, description, type, category, priority, tags, assigned_agents, created_by)
VALUES (gen_random_uuid(), 'bench create ' || :r, NULL, 'general', 'general', 'high', '["bench"]', '[]', 'system') RETURNING *;
SQL
    peer_scenario() { # name lua sql -> one line
        local name=$1 lua=$2 sql=$3 result tps
        PORT=$PEER_PORT wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$BENCH_LUA/$lua" "http://127.0.0.1:$PEER_PORT" > /dev/null 2>&1 || true
        result=$(PORT=$PEER_PORT wrk_run "$lua" "$CONNECTIONS")
        tps=$(PGDATABASE=peer_bench pgbench_tps -f "$sql")
        echo "   $name: yardstick $(field rps "$result") req/s, pgbench on its table $tps tps" >&2
        awk -v n="$name" -v p="$(field rps "$result")" -v t="$tps" -v s="${RPS[$name]}" -v u="${TPS[$name]}" 'BEGIN {
            printf "  %s: yardstick %.0f req/s = %.0f%% of pgbench on its table (%.0f tps); service %.0f req/s = %.0f%% of pgbench on its table (%.0f tps); service / yardstick %.2f\n",
                n, p, 100 * p / t, t, s, 100 * s / u, u, s / p }'
    }
    PEER_LINES=("$(peer_scenario "get by id" get.lua "$SQL_DIR/peer-get.sql")"
                "$(peer_scenario "create" create.lua "$SQL_DIR/peer-create.sql")")
    PORT=$PEER_PORT wrk_run get.lua 10000 > /dev/null; sleep 10 # its first time at 10,000, as the service's
    PEER_MANY=$(PORT=$PEER_PORT wrk_run get.lua 10000)
    PEER_LINES+=("  10,000 connections, closed loop, reads by id: yardstick $(field rps "$PEER_MANY") req/s, p50 $(field p50_ms "$PEER_MANY") ms, p99 $(field p99_ms "$PEER_MANY") ms, errors $(field errors "$PEER_MANY") (the service: $(field rps "$MANY") req/s, p99 $(field p99_ms "$MANY") ms)")
    stop_peer
fi

echo
echo "Service vs PostgreSQL, one run, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), ${DURATION}s per scenario after ${WARMUP}s warm-up"
echo "| scenario               |  req/s    | p50 ms   | p99 ms   | errors | pgbench tps | ratio |"
echo "|------------------------|-----------|----------|----------|--------|-------------|-------|"
printf '%s\n' "${ROWS[@]}"
echo
echo "10,000 connections (reads by id), closed loop: $(field rps "$MANY") req/s, p50 $(field p50_ms "$MANY") ms, p99 $(field p99_ms "$MANY") ms, errors $(field errors "$MANY") (connect $(field connect "$MANY"), timeout $(field timeout "$MANY"), status $(field status "$MANY")); Little's law floor for the mean: $(awk -v r="$(field rps "$MANY")" 'BEGIN { if (r > 0) printf "%.0f", 10000 * 1000 / r; else print "-" }') ms"
echo "10,000 connections (reads by id), closed loop, the JVM's first time at that concurrency (the warm-up of the figure above, not a target): $(field rps "$FIRST_MANY") req/s, p50 $(field p50_ms "$FIRST_MANY") ms, p99 $(field p99_ms "$FIRST_MANY") ms, errors $(field errors "$FIRST_MANY"); idle collections in the pause between the two: $(( ${IDLE_AFTER:-0} - ${IDLE_BEFORE:-0} )) (common/heap)"
echo "10,000 connections, full collections (bench/.out/service-gc.log): in the first run $(full_gcs "$GC0" "$GC1"), in the pause $(full_gcs "$GC1" "$GC2"), in the measured run $(full_gcs "$GC2" "$GC3")"
echo "10,000 connections (reads by id), paced (each every 0-10 s): $(field rps "$PACED") req/s, p50 $(field p50_ms "$PACED") ms, p99 $(field p99_ms "$PACED") ms, errors $(field errors "$PACED")"
awk '{n[$1]++; if ($2 > max[$1]) max[$1] = $2} END {for (c in n) printf "pool exhaustion: %d answered %s, slowest after %.2f s\n", n[c], c, max[c]}' "$OUT/exhaustion.txt" | sort
echo "liveness during the exhaustion: $LIVE s"
echo "resident memory: $(( RSS_IDLE / 1024 )) MiB idle after start, $(( $(cat "$OUT/rss-scenarios") / 1024 )) MiB at most during the scenarios, $(( $(cat "$OUT/rss-many") / 1024 )) MiB at most with 10,000 connections (JAVA_OPTS: $JAVA_OPTS; MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX)"
echo "startup: ${STARTUP_MS} ms from process start to the first 200 on /q/health/ready"
echo
echo "Authentication on (one RS256 token for every request), reads by id: with the verified-token cache $(field rps "$AUTH_CACHED") req/s, p99 $(field p99_ms "$AUTH_CACHED") ms, errors $(field errors "$AUTH_CACHED"); verifying every request $(field rps "$AUTH_UNCACHED") req/s, p99 $(field p99_ms "$AUTH_UNCACHED") ms, errors $(field errors "$AUTH_UNCACHED"); without authentication (above) ${RPS[get by id]} req/s"
echo
echo "Native executable ($NATIVE_OPTS), $CONNECTIONS connections, same run:"
printf '%s\n' "${NATIVE_LINES[@]}"
echo
echo "Bare Vert.x yardstick (../shared/peers/vertx-pgclient; issue 13 asks reads >= 0.55 of pgbench, the yardstick's level):"
printf '%s\n' "${PEER_LINES[@]}"
echo
echo "Change feed (targets: triggers >= 0.75, POST >= 0.60, p99 <= 250 ms):"
echo "  INSERT into tasks, triggers enabled / disabled: $TRIGGER_RATIO (with: $ON1, $ON2 tps; without: $OFF1, $OFF2 tps)"
echo "  POST /api/tasks / INSERT without triggers: $POST_RATIO (POST $POST_RPS req/s, p99 $(field p99_ms "$POST1"), $(field p99_ms "$POST2") ms)"
echo "  commit to SSE subscriber at $FEED_RATE changes/s: p50 $(field p50_ms "$LATENCY") ms, p90 $(field p90_ms "$LATENCY") ms, p99 $(field p99_ms "$LATENCY") ms, max $(field max_ms "$LATENCY") ms; $(field received "$LATENCY") of $FEED_SENT changes received, ids increasing: $(field ids_increasing "$LATENCY")"
echo
# Every target of issues 12 and 13 with this run's figure: PASS when it holds, FAIL when it does not.
target() { # label figure op limit unit
    awk -v l="$1" -v f="$2" -v o="$3" -v m="$4" -v u="$5" 'BEGIN {
        if (f !~ /^-?[0-9]+([.][0-9]+)?$/) { printf "  FAIL  %-58s no figure (target %s %s%s)\n", l, o, m, u; exit }
        ok = (o == ">=") ? (f + 0 >= m + 0) : (f + 0 <= m + 0)
        printf "  %s  %-58s %s%s (target %s %s%s)\n", ok ? "PASS" : "FAIL", l, f, u, o, m, u }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
echo "Targets, this run:"
target "get by id / pgbench SELECT (issue 13)" "$(ratio "${RPS[get by id]}" "${TPS[get by id]}")" ">=" 0.55 ""
target "patch status / pgbench transaction (issue 13)" "$(ratio "${RPS[patch status]}" "${TPS[patch status]}")" ">=" 0.60 ""
target "mix 70/20/10 / pgbench mix (issue 13)" "$(ratio "${RPS[mix 70/20/10]}" "${TPS[mix 70/20/10]}")" ">=" 0.60 ""
target "list page total=false, p99 at $CONNECTIONS connections (issue 13)" "${P99[list page, total=false]}" "<=" 20 " ms"
# zero errors in both runs: the first one's are errors all the same
target "10,000 connections, closed loop, errors in both runs (issue 13)" \
    "$(awk -v a="$(field errors "$FIRST_MANY")" -v b="$(field errors "$MANY")" \
        'BEGIN { if (a ~ /^[0-9]+$/ && b ~ /^[0-9]+$/) print a + b; else print "?" }')" "<=" 0 ""
target "10,000 connections, closed loop, p99 (issue 13)" "$(field p99_ms "$MANY")" "<=" 1000 " ms"
target "10,000 connections, paced, errors (issue 13)" "$(field errors "$PACED")" "<=" 0 ""
target "10,000 connections, paced, p99 (issue 13)" "$(field p99_ms "$PACED")" "<=" 1000 " ms"
target "resident memory, $CONNECTIONS connections (issue 13)" "$(( $(cat "$OUT/rss-scenarios") / 1024 ))" "<=" 256 " MiB"
target "resident memory, 10,000 connections (issue 13)" "$(( $(cat "$OUT/rss-many") / 1024 ))" "<=" 384 " MiB"
target "INSERT, feed trigger enabled / disabled (issue 12)" "$TRIGGER_RATIO" ">=" 0.75 ""
target "POST /api/tasks / INSERT without triggers (issue 12)" "$POST_RATIO" ">=" 0.60 ""
target "commit to SSE subscriber p99 at $FEED_RATE changes/s (issue 12)" "$(field p99_ms "$LATENCY")" "<=" 250 " ms"
