#!/usr/bin/env bash
# Time from process start to the first 200 on /q/health/ready, and resident memory once ready, for:
#   jar-jdk17  the plain fast-jar on JDK 17
#   jar-jdk25  the same jar on JDK 25
#   aot-jdk25  the jar packaged with the JDK 25 AOT cache (trained by the integration tests)
#   native     the native binary, when target/*-runner exists (built where GraalVM/Mandrel is)
#
#   bench/startup.sh [runs]          (default 5 runs per variant; prints medians)
#
# Settings as in deploy/kubernetes: the schema is migrated once first, then each start only
# validates it (QUARKUS_FLYWAY_MIGRATE_AT_START=false, VALIDATE_AT_START=true); the JVM sizes its
# heap and collector as in a 512 MiB container (-XX:MaxRAM=512m -XX:MaxRAMPercentage=40 -XX:+UseSerialGC).
# Database: QUARKUS_DATASOURCE_REACTIVE_URL (+ _USERNAME/_PASSWORD); without it, the PostgreSQL at
# 127.0.0.1:5432 (database cofounder_startup is created there). SKIP_BUILD=1 reuses bench/.startup.
# The machine is shared: compare the variants of one run with each other, not runs with each other.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${1:-5}
PORT=${PORT:-18090}
JDK17=${JDK17:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
JDK25=${JDK25:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1)}
OUT=$(pwd)/bench/.startup
[ -n "$JDK25" ] || { echo "JDK 25 not found: set JDK25=/path/to/jdk-25" >&2; exit 1; }

if [ -z "${QUARKUS_DATASOURCE_REACTIVE_URL:-}" ]; then
    command -v psql >/dev/null || { echo "set QUARKUS_DATASOURCE_REACTIVE_URL (no psql to prepare a local database)" >&2; exit 1; }
    psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'cofounder_startup'" | grep -q 1 \
        || psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE cofounder_startup"
    export QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:5432/cofounder_startup
    export QUARKUS_DATASOURCE_USERNAME=${QUARKUS_DATASOURCE_USERNAME:-postgres}
fi
export QUARKUS_HTTP_PORT=$PORT QUARKUS_LOG_CONSOLE_JSON_ENABLED=false COFOUNDER_WORKER_ENABLED=true COFOUNDER_AUTH_ENABLED=false

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    rm -rf "$OUT" && mkdir -p "$OUT"
    echo "== building the plain jar (JDK 17)"
    JAVA_HOME=$JDK17 ./mvnw -B -q --no-transfer-progress clean package -DskipTests
    cp -a target/quarkus-app "$OUT/jar"
    echo "== building the AOT-cached jar (JDK 25; the integration tests train the cache)"
    JAVA_HOME=$JDK25 PATH=$JDK25/bin:$PATH ./mvnw -B -q --no-transfer-progress clean verify \
        -Dquarkus.package.jar.aot.enabled=true -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false \
        -Dit.test='TaskCreateIT,TaskReadDeleteIT,TaskPatchIT,TaskListIT,ContentApiIT,HealthIT,OperationsIT'
    # -a: the AOT cache checks the jars' timestamps
    cp -a target/quarkus-app "$OUT/aot"
    if ls target/*-runner >/dev/null 2>&1; then cp -a target/*-runner "$OUT/native"; fi
fi
[ -f "$OUT/aot/app.aot" ] || { echo "no AOT cache in $OUT/aot" >&2; exit 1; }

JVM_OPTS=(-XX:MaxRAM=512m -XX:MaxRAMPercentage=40 -XX:+UseSerialGC)
echo "== migrating $QUARKUS_DATASOURCE_REACTIVE_URL once (migrate-only)"
"$JDK17/bin/java" -Dcofounder.db.migrate-only=true -jar "$OUT/jar/quarkus-run.jar" > "$OUT/migrate.log" 2>&1
export QUARKUS_FLYWAY_MIGRATE_AT_START=false QUARKUS_FLYWAY_VALIDATE_AT_START=true

now_ms() { date +%s%3N; }

# one start: prints "<ms to ready> <rss KiB>"
measure() {
    local start pid code rss elapsed
    start=$(now_ms)
    "$@" > "$OUT/last-run.log" 2>&1 &
    pid=$!
    while :; do
        code=$(curl -s -o /dev/null -m 1 -w '%{http_code}' "http://127.0.0.1:$PORT/q/health/ready" || true)
        [ "$code" = 200 ] && break
        kill -0 "$pid" 2>/dev/null || { echo "process exited before ready; see $OUT/last-run.log" >&2; exit 1; }
        sleep 0.01
    done
    elapsed=$(( $(now_ms) - start ))
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    kill -TERM "$pid"; wait "$pid" || true
    echo "$elapsed $rss"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

run_variant() {
    local name=$1; shift
    local times=() rsss=() t r
    measure "$@" > /dev/null # warm the file cache once
    for _ in $(seq 1 "$RUNS"); do
        read -r t r < <(measure "$@")
        times+=("$t"); rsss+=("$r")
    done
    printf '| %-10s | %8s ms | %7s MiB | %s |\n' "$name" \
        "$(printf '%s\n' "${times[@]}" | median)" \
        "$(( $(printf '%s\n' "${rsss[@]}" | median) / 1024 ))" "${times[*]}"
}

echo
echo "Startup to first 200 on /q/health/ready, median of $RUNS runs ($(nproc) cores, $(date -u +%Y-%m-%d))"
echo "| variant    | to ready    | RSS ready   | each run (ms) |"
echo "|------------|-------------|-------------|---------------|"
run_variant jar-jdk17 "$JDK17/bin/java" "${JVM_OPTS[@]}" -jar "$OUT/jar/quarkus-run.jar"
run_variant jar-jdk25 "$JDK25/bin/java" "${JVM_OPTS[@]}" -jar "$OUT/jar/quarkus-run.jar"
(cd "$OUT/aot" && run_variant aot-jdk25 "$JDK25/bin/java" "${JVM_OPTS[@]}" -XX:AOTCache=app.aot -jar quarkus-run.jar)
if [ -x "$OUT/native" ]; then
    run_variant native "$OUT/native"
else
    echo "| native     | (not built: needs GraalVM or Mandrel, see README) |"
fi
