#!/usr/bin/env bash
# Time from process start to the first 200 on /q/health/ready, and resident memory once ready, for:
#   jar-jdk17     the plain fast-jar on JDK 17
#   appcds-jdk17  the jar packaged with an AppCDS archive on JDK 17 (quarkus.package.jar.appcds.enabled)
#   jar-jdk25     the plain jar on JDK 25
#   aot-jdk25     the jar packaged with the JDK 25 AOT cache (trained by the integration tests)
#   native        the native executable: target/*-runner when it exists (with target/native-lib when
#                 it was linked by .ci/native), or built here first with NATIVE=1 (JDK 25, gcc,
#                 ./mvnw package -Dnative-standin, 8 to 12 minutes); heap -Xmx205m as the JVM's
#   yardstick     the bare Vert.x service of ../shared/peers/vertx-pgclient (PEER_SRC=<folder>), when
#                 present: first 200 on its /api/health (which asks its database) on the same database
#   floor-*       bench/floor: the stack the project is fixed on and nothing else (Quarkus REST +
#                 Jackson, Hibernate Reactive Panache, the reactive PostgreSQL client, SmallRye Health,
#                 Flyway; one entity, reads and creates, readiness from the database), as a plain jar on
#                 JDK 17, with its AOT cache on JDK 25 and, with NATIVE=1, as a native executable: what
#                 the stack alone costs to start, before any feature of the service (FLOOR=0 skips it)
#   floor-*-c1, floor-*-c2later, floor-aot-start*  with FLOOR_FLAGS=1: the floor again with compiler and
#                 cache settings that are not deploy/'s (C1 only; C2 from ten times the JDK's thresholds;
#                 an AOT cache trained by one start alone instead of the tests): how low the stack's own
#                 memory goes, against issue 15's 150 MiB
#
#   bench/startup.sh [runs]          (default 5 runs per variant; prints medians, the ratio of each to
#                                     the yardstick, and issue 15's targets with PASS/FAIL)
#
# Settings as in deploy/kubernetes: the schema is migrated once first, then each start only
# checks its version in readiness, without Flyway (QUARKUS_FLYWAY_MIGRATE_AT_START=false,
# VALIDATE_AT_START=false); the JVM sizes its
# heap and collector as in a 512 MiB container (-XX:MaxRAM=512m -XX:MaxRAMPercentage=40 -Xms32m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000).
# Database: QUARKUS_DATASOURCE_REACTIVE_URL (+ _USERNAME/_PASSWORD); without it, the PostgreSQL at
# 127.0.0.1:5432 (database cofounder_startup is created there). SKIP_BUILD=1 reuses bench/.startup.
# The readiness URL is polled every 2 ms by bash itself (/dev/tcp, no process per try), so a start is
# seen within a few ms of its first 200 and the poll takes no CPU from the process starting beside it.
# Each variant's files are copied into bench/.startup by the run (SKIP_BUILD=1: as a past run left them),
# so the page cache holds them as just written; read back after an eviction, a native start is ~6%
# slower and ~8 MiB smaller (bench/README, "Issue 16, fifth pass").
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

JVM_OPTS=(-XX:MaxRAM=512m -XX:MaxRAMPercentage=40 -Xms32m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000)
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    rm -rf "$OUT" && mkdir -p "$OUT"
    # the jar builds below start with clean: keep an executable that is already there
    copy_native() { # copy_native <build folder> <name in bench/.startup>: the executable a build left there, if any
        if ls "$1"/*-runner >/dev/null 2>&1; then
            rm -rf "$OUT/$2" && mkdir -p "$OUT/$2"
            cp -a "$(ls "$1"/*-runner | head -1)" "$OUT/$2/native"
            if [ -d "$1/native-lib" ]; then cp -a "$1/native-lib" "$OUT/$2/"; fi
        fi
    }
    copy_native target native-bin
    # The native build first: it rewrites target/quarkus-app, and the AOT-cached jar must be the last
    # build there. Its cache records the folder it was trained in (target/quarkus-app), and a start of
    # the copy in bench/.startup reads quarkus/quarkus-application.dat from that folder while it exists:
    # after another build there it stops with "Invalid magic number in AOT cache file".
    if [ "${NATIVE:-0}" = 1 ]; then
        echo "== building the native executable (JDK 25, .ci/native: 8 to 12 minutes)"
        JAVA_HOME=$JDK25 PATH=$JDK25/bin:$PATH ./mvnw -B -q --no-transfer-progress package -DskipTests -Dnative-standin
        copy_native target native-bin
    fi
    echo "== building the plain jar (JDK 17)"
    JAVA_HOME=$JDK17 ./mvnw -B -q --no-transfer-progress clean package -DskipTests
    cp -a target/quarkus-app "$OUT/jar"
    echo "== building the AppCDS jar (JDK 17; the archive is dumped by a start of the application at build)"
    JAVA_HOME=$JDK17 ./mvnw -B -q --no-transfer-progress package -DskipTests -Dquarkus.package.jar.appcds.enabled=true
    cp -a target/quarkus-app "$OUT/appcds"
    # Trained with the heap and collector it runs with: a cache dumped by a JVM with another heap
    # (the default G1 and a quarter of this machine's memory) holds archived heap objects that a
    # 205 MiB serial heap cannot load, and the JVM then refuses to start ("Unable to use AOT cache").
    echo "== building the AOT-cached jar (JDK 25; the integration tests train the cache)"
    JAVA_HOME=$JDK25 PATH=$JDK25/bin:$PATH ./mvnw -B -q --no-transfer-progress clean verify \
        -Dquarkus.package.jar.aot.enabled=true "-Dquarkus.test.arg-line=${JVM_OPTS[*]}" -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false \
        -Dit.test='TaskCreateIT,TaskReadDeleteIT,TaskPatchIT,TaskListIT,ContentApiIT,HealthIT,OperationsIT'
    # -a: the AOT cache checks the jars' timestamps
    cp -a target/quarkus-app "$OUT/aot"
    PEER_SRC=${PEER_SRC:-$(pwd)/../shared/peers/vertx-pgclient}
    if [ -f "$PEER_SRC/pom.xml" ]; then
        echo "== building the yardstick ($PEER_SRC)"
        rm -rf "$OUT/peer-src" && cp -r "$PEER_SRC" "$OUT/peer-src"  # shared/ may be read-only
        JAVA_HOME=$JDK17 ./mvnw -B -q --no-transfer-progress -f "$OUT/peer-src/pom.xml" package -DskipTests
        cp "$OUT/peer-src/target/peer.jar" "$OUT/peer.jar"
    fi
    if [ "${FLOOR:-1}" = 1 ]; then
        # the same order as the service's: native first (it rewrites bench/floor/target), the AOT cache last
        FLOOR_POM=bench/floor/pom.xml
        copy_native bench/floor/target floor-native
        if [ "${NATIVE:-0}" = 1 ]; then
            echo "== building the floor's native executable (JDK 25, .ci/native: 5 to 12 minutes)"
            JAVA_HOME=$JDK25 PATH=$JDK25/bin:$PATH ./mvnw -B -q --no-transfer-progress -f $FLOOR_POM clean package -DskipTests \
                -Dquarkus.native.enabled=true -Dquarkus.native.sources-only=true
            JAVA_HOME=$JDK25 PATH=$JDK25/bin:$PATH bash .ci/native/build.sh bench/floor/target/native-sources bench/floor/target
            copy_native bench/floor/target floor-native
        fi
        echo "== building the floor (bench/floor): plain jar (JDK 17), then with its AOT cache (JDK 25, trained by FloorIT)"
        JAVA_HOME=$JDK17 ./mvnw -B -q --no-transfer-progress -f $FLOOR_POM clean package -DskipTests
        cp -a bench/floor/target/quarkus-app "$OUT/floor-jar"
        JAVA_HOME=$JDK25 PATH=$JDK25/bin:$PATH ./mvnw -B -q --no-transfer-progress -f $FLOOR_POM clean verify \
            -Dquarkus.package.jar.aot.enabled=true "-Dquarkus.test.arg-line=${JVM_OPTS[*]}"
        cp -a bench/floor/target/quarkus-app "$OUT/floor-aot"
    fi
fi
[ -f "$OUT/aot/app.aot" ] || { echo "no AOT cache in $OUT/aot" >&2; exit 1; }
if [ -f target/quarkus-app/quarkus/quarkus-application.dat ] \
    && ! cmp -s target/quarkus-app/quarkus/quarkus-application.dat "$OUT/aot/quarkus/quarkus-application.dat"; then
    echo "target/quarkus-app is another build than $OUT/aot, whose AOT cache reads from there (see the" \
        "comment on the build order in bench/startup.sh): run without SKIP_BUILD, or move target/quarkus-app away" >&2
    exit 1
fi

echo "== migrating $QUARKUS_DATASOURCE_REACTIVE_URL once (migrate-only)"
"$JDK17/bin/java" -Dcofounder.db.migrate-only=true -jar "$OUT/jar/quarkus-run.jar" > "$OUT/migrate.log" 2>&1
export QUARKUS_FLYWAY_MIGRATE_AT_START=false QUARKUS_FLYWAY_VALIDATE_AT_START=false

# The poll forks nothing: a curl and a sleep per try took 18-28 ms here, so a start was seen up to that
# much late and the polling took CPU from the process starting beside it. Bash's own /dev/tcp, clock
# ($EPOCHREALTIME) and a read with a timeout on a pipe nobody writes (the 2 ms sleep) do the same work.
exec {NEVER_FD}<> <(:)
ready_200() { # 0 when READY_URL answers 200; a refused connection fails at once
    local hostport=${READY_URL#http://} status
    local path=/${hostport#*/} host=${hostport%%/*}
    { exec {conn}<>"/dev/tcp/${host%:*}/${host#*:}"; } 2>/dev/null || return 1
    printf 'GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$host" >&"$conn"
    read -r -t 2 -u "$conn" status || status=
    exec {conn}<&-
    [[ $status == "HTTP/1."?" 200"* ]]
}

# one start: prints "<ms to ready> <rss KiB>"; READY_URL is the address polled
READY_URL=http://127.0.0.1:$PORT/q/health/ready
measure() {
    local start pid rss elapsed
    start=${EPOCHREALTIME/./}
    "$@" > "$OUT/last-run.log" 2>&1 &
    pid=$!
    until ready_200; do
        kill -0 "$pid" 2>/dev/null || { echo "process exited before ready; see $OUT/last-run.log" >&2; exit 1; }
        read -r -t 0.002 -u "$NEVER_FD" _ || true
    done
    elapsed=$(( (${EPOCHREALTIME/./} - start) / 1000 ))
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    kill -TERM "$pid"; wait "$pid" || true
    echo "$elapsed $rss"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

declare -A MS MIB
run_variant() {
    local name=$1; shift
    local times=() rsss=() t r
    measure "$@" > /dev/null # warm the file cache once
    for _ in $(seq 1 "$RUNS"); do
        read -r t r < <(measure "$@")
        times+=("$t"); rsss+=("$r")
    done
    MS[$name]=$(printf '%s\n' "${times[@]}" | median)
    MIB[$name]=$(( $(printf '%s\n' "${rsss[@]}" | median) / 1024 ))
    ROWS+=("$(printf '| %-12s | %8s ms | %7s MiB | %s |' "$name" "${MS[$name]}" "${MIB[$name]}" "${times[*]}")")
}
ROWS=()

echo "== starting each variant $RUNS times (after one start that warms the file cache)"
run_variant jar-jdk17 "$JDK17/bin/java" "${JVM_OPTS[@]}" -jar "$OUT/jar/quarkus-run.jar"
if [ -f "$OUT/appcds/app-cds.jsa" ]; then
    cd "$OUT/appcds"  # the archive names the jar as it was dumped: start from its folder
    run_variant appcds-jdk17 "$JDK17/bin/java" "${JVM_OPTS[@]}" -XX:SharedArchiveFile=app-cds.jsa -jar quarkus-run.jar
    cd - > /dev/null
fi
run_variant jar-jdk25 "$JDK25/bin/java" "${JVM_OPTS[@]}" -jar "$OUT/jar/quarkus-run.jar"
cd "$OUT/aot"
run_variant aot-jdk25 "$JDK25/bin/java" "${JVM_OPTS[@]}" -XX:AOTCache=app.aot -jar quarkus-run.jar
cd - > /dev/null
if [ -x "$OUT/native-bin/native" ]; then
    run_variant native "$OUT/native-bin/native" -Xmx205m
fi
if [ -f "$OUT/peer.jar" ]; then
    psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'peer_startup'" | grep -q 1 \
        || psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE peer_startup"
    READY_URL=http://127.0.0.1:8092/api/health
    PEER_DB=postgresql://postgres@127.0.0.1:5432/peer_startup run_variant yardstick "$JDK17/bin/java" "${JVM_OPTS[@]}" -jar "$OUT/peer.jar"
fi
READY_URL=http://127.0.0.1:$PORT/q/health/ready
if [ "${FLOOR:-1}" = 1 ] && [ -f "$OUT/floor-jar/quarkus-run.jar" ]; then
    # its schema (floor) migrated once, as the service's: a start with Flyway, then starts without
    QUARKUS_FLYWAY_MIGRATE_AT_START=true measure "$JDK17/bin/java" -jar "$OUT/floor-jar/quarkus-run.jar" > /dev/null
    run_variant floor-jdk17 "$JDK17/bin/java" "${JVM_OPTS[@]}" -jar "$OUT/floor-jar/quarkus-run.jar"
    if [ -f "$OUT/floor-aot/app.aot" ] && [ -f bench/floor/target/quarkus-app/quarkus/quarkus-application.dat ] \
        && ! cmp -s bench/floor/target/quarkus-app/quarkus/quarkus-application.dat "$OUT/floor-aot/quarkus/quarkus-application.dat"; then
        echo "bench/floor/target/quarkus-app is another build than $OUT/floor-aot (see the build order): floor-aot-jdk25 not run" >&2
    elif [ -f "$OUT/floor-aot/app.aot" ]; then
        cd "$OUT/floor-aot"
        run_variant floor-aot-jdk25 "$JDK25/bin/java" "${JVM_OPTS[@]}" -XX:AOTCache=app.aot -jar quarkus-run.jar
        cd - > /dev/null
    fi
    if [ -x "$OUT/floor-native/native" ]; then
        run_variant floor-native "$OUT/floor-native/native" -Xmx205m
    fi
    if [ "${FLOOR_FLAGS:-0}" = 1 ]; then
        # Not deploy/'s settings: C1-only code serves the request path slower for good, and C2 ten times
        # later serves a path new to the JVM a sixth to a quarter slower for its first minute (bench/README,
        # "Issue 15, second pass"). They say how low the stack's own memory goes, not what to ship.
        C2_LATER=(-XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000)
        run_variant floor-jdk17-c2later "$JDK17/bin/java" "${JVM_OPTS[@]}" "${C2_LATER[@]}" -jar "$OUT/floor-jar/quarkus-run.jar"
        run_variant floor-jdk17-c1 "$JDK17/bin/java" "${JVM_OPTS[@]}" -XX:TieredStopAtLevel=1 -jar "$OUT/floor-jar/quarkus-run.jar"
        if [ -n "${MS[floor-aot-jdk25]:-}" ]; then
            cd "$OUT/floor-aot"
            run_variant floor-aot-c2later "$JDK25/bin/java" "${JVM_OPTS[@]}" "${C2_LATER[@]}" -XX:AOTCache=app.aot -jar quarkus-run.jar
            run_variant floor-aot-c1 "$JDK25/bin/java" "${JVM_OPTS[@]}" -XX:TieredStopAtLevel=1 -XX:AOTCache=app.aot -jar quarkus-run.jar
            # A cache trained by one start to its first ready 200 (written when measure stops it): the
            # JVM loads every class of a cache when it starts, and this one holds only the start's.
            rm -f start.aot
            measure "$JDK25/bin/java" "${JVM_OPTS[@]}" -XX:AOTCacheOutput=start.aot -jar quarkus-run.jar > /dev/null
            [ -f start.aot ] || { echo "no AOT cache written by the training start; see $OUT/last-run.log" >&2; exit 1; }
            run_variant floor-aot-start "$JDK25/bin/java" "${JVM_OPTS[@]}" -XX:AOTCache=start.aot -jar quarkus-run.jar
            run_variant floor-aot-start-c1 "$JDK25/bin/java" "${JVM_OPTS[@]}" -XX:TieredStopAtLevel=1 -XX:AOTCache=start.aot -jar quarkus-run.jar
            cd - > /dev/null
        fi
    fi
fi

echo
echo "Startup to the first 200 on /q/health/ready (the yardstick: /api/health), median of $RUNS runs"
echo "($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ); settings of deploy/kubernetes; one run: compare rows, not runs)"
echo "| variant      | to ready    | RSS ready   | each run (ms) |"
echo "|--------------|-------------|-------------|---------------|"
printf '%s\n' "${ROWS[@]}"
[ -x "$OUT/native-bin/native" ] || echo "| native       | (not built: NATIVE=1, or target/*-runner, see .ci/native) |"
if [ -n "${MS[yardstick]:-}" ]; then
    echo
    for name in jar-jdk17 appcds-jdk17 jar-jdk25 aot-jdk25 native; do
        [ -n "${MS[$name]:-}" ] && awk -v n="$name" -v a="${MS[$name]}" -v b="${MS[yardstick]}" \
            'BEGIN { printf "  %s / yardstick: %.1f x the time to ready\n", n, a / b }'
    done
fi

if [ -n "${MS[floor-jdk17]:-}" ]; then
    echo
    echo "The service against the floor (the fixed stack alone, bench/floor), time to ready and RSS when ready:"
    for pair in jar-jdk17:floor-jdk17 aot-jdk25:floor-aot-jdk25 native:floor-native; do
        a=${pair%%:*} b=${pair#*:}
        [ -n "${MS[$a]:-}" ] && [ -n "${MS[$b]:-}" ] && awk -v n="$a" -v f="$b" -v a="${MS[$a]}" -v b="${MS[$b]}" \
            -v ra="${MIB[$a]}" -v rb="${MIB[$b]}" \
            'BEGIN { printf "  %s / %s: %.2f x the time (%d against %d ms), %.2f x the memory (%d against %d MiB)\n", n, f, a / b, a, b, ra / rb, ra, rb }'
    done
fi

mark() { if [ "$1" -le "$2" ]; then echo PASS; else echo FAIL; fi; }
echo
echo "Targets (issue 15):"
echo "  JDK 25 with the AOT cache ready in <= 1000 ms: ${MS[aot-jdk25]} ms $(mark "${MS[aot-jdk25]}" 1000)"
echo "  JDK 17 plain jar ready in <= 2500 ms: ${MS[jar-jdk17]} ms $(mark "${MS[jar-jdk17]}" 2500)"
[ -n "${MS[appcds-jdk17]:-}" ] && echo "  JDK 17 with AppCDS (stated, no target): ${MS[appcds-jdk17]} ms"
for name in jar-jdk17 appcds-jdk17 jar-jdk25 aot-jdk25; do
    [ -n "${MIB[$name]:-}" ] && echo "  resident memory when ready <= 150 MiB, $name: ${MIB[$name]} MiB $(mark "${MIB[$name]}" 150)"
done
if [ "${FLOOR_FLAGS:-0}" = 1 ]; then
    echo "The stack alone (bench/floor) against issue 15's 150 MiB, deploy/'s settings first:"
    for name in floor-jdk17 floor-jdk17-c2later floor-jdk17-c1 floor-aot-jdk25 floor-aot-c2later floor-aot-c1 floor-aot-start floor-aot-start-c1; do
        [ -n "${MIB[$name]:-}" ] && echo "  $name: ${MIB[$name]} MiB $(mark "${MIB[$name]}" 150), ${MS[$name]} ms"
    done
fi
if [ -n "${MS[native]:-}" ]; then
    echo "Targets (issue 16, native with the Kubernetes settings):"
    echo "  native ready in <= 100 ms: ${MS[native]} ms $(mark "${MS[native]}" 100)"
    echo "  native resident memory when ready <= 80 MiB: ${MIB[native]} MiB $(mark "${MIB[native]}" 80)"
fi
