#!/usr/bin/env bash
# Writes src/main/resources/native/startup-methods.txt.gz: the methods a start runs, from process start
# to the first ready 200 (then the shutdown), as package.Class.method, one per line. StartupCodeLayout
# lays these out first in the native executable's code (bench/README, "Issue 16, seventh pass").
#
#   .ci/native/startup-methods.sh      (after ./mvnw package; JDK 17's -XX:+LogTouchedMethods)
#   .ci/native/startup-methods.sh --native target/*-runner
#         adds to src/main/resources/native/startup-symbols.txt the methods a native start of that
#         executable faults in (perf's page-fault events over 3 starts, each address named by nm): what
#         only the image runs (GraalVM's runtime, reflection accessors, substitutions), which a JVM
#         cannot list. Each fault reveals one method per 64 KiB the kernel maps, so running it again on
#         an executable built with the longer list finds more; it converges in a few rounds.
#
# Made on the JVM, as a native executable cannot list what it ran: the JVM also runs static
# initialisers the image ran at build time, and misses the few methods only the image has, so the list
# is a close superset. Settings as bench/startup.sh's (deploy/kubernetes): the database of
# QUARKUS_DATASOURCE_REACTIVE_URL, else the local cofounder_startup, migrated first.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "${1:-}" = --native ]; then
    EXE=$(readlink -f "$2")
    command -v perf >/dev/null || { echo "--native needs perf (linux-perf)" >&2; exit 1; }
    SYMS=src/main/resources/native/startup-symbols.txt
    WORK=$(mktemp -d)
    read -r TEXT_START TEXT_SIZE < <(readelf -SW "$EXE" | awk '$2 == ".text" {print $4, $6}')
    nm -n "$EXE" | awk '$2 ~ /^[tT]$/ {print $1, $3}' > "$WORK/syms"
fi
JDK17=${JDK17:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
"$JDK17/bin/java" -XX:+UnlockDiagnosticVMOptions -XX:+LogTouchedMethods -version >/dev/null 2>&1 \
    || { echo "$JDK17 has no -XX:+LogTouchedMethods (JDK 17 has it; set JDK17)" >&2; exit 1; }
[ -f target/quarkus-app/quarkus-run.jar ] || { echo "no target/quarkus-app: ./mvnw package -DskipTests first" >&2; exit 1; }
if [ -z "${QUARKUS_DATASOURCE_REACTIVE_URL:-}" ]; then
    psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'cofounder_startup'" | grep -q 1 \
        || psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE cofounder_startup"
    export QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:5432/cofounder_startup
    export QUARKUS_DATASOURCE_USERNAME=${QUARKUS_DATASOURCE_USERNAME:-postgres}
fi
PORT=${PORT:-18090}
export QUARKUS_HTTP_PORT=$PORT QUARKUS_LOG_CONSOLE_JSON_ENABLED=false COFOUNDER_WORKER_ENABLED=true COFOUNDER_AUTH_ENABLED=false
"$JDK17/bin/java" -Dcofounder.db.migrate-only=true -jar target/quarkus-app/quarkus-run.jar > /dev/null 2>&1
export QUARKUS_FLYWAY_MIGRATE_AT_START=false QUARKUS_FLYWAY_VALIDATE_AT_START=false

# await_ready <pid> <its log>: polls /q/health/ready until a 200; shows the log and stops if the process ends
await_ready() {
    local status conn
    while :; do
        if { exec {conn}<>"/dev/tcp/127.0.0.1/$PORT"; } 2>/dev/null; then
            printf 'GET /q/health/ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' >&"$conn"
            read -r -t 2 -u "$conn" status || status=
            exec {conn}<&-
            [[ $status == *" 200"* ]] && return 0
        fi
        kill -0 "$1" 2>/dev/null || { cat "$2" >&2; exit 1; }
        sleep 0.005
    done
}

if [ "${1:-}" = --native ]; then
    for run in 1 2 3; do
        perf record -q -e page-faults -c 1 -d -o "$WORK/pf.$run" -- "$EXE" -Xmx205m > "$WORK/log" 2>&1 &
        pid=$!
        await_ready "$pid" "$WORK/log"
        pkill -TERM -f "^$EXE" || true; wait "$pid" || true
        perf script -i "$WORK/pf.$run" -F addr 2>/dev/null >> "$WORK/addrs"
    done
    touch "$SYMS"
    # each faulting address in .text -> the symbol that contains it (nm -n: sorted by address)
    awk -v lo=$((16#$TEXT_START)) -v hi=$((16#$TEXT_START + 16#$TEXT_SIZE)) '
        NR == FNR { a[NR] = strtonum("0x" $1); s[NR] = $2; n = NR; next }
        { x = strtonum("0x" $1); if (x < lo || x >= hi) next
          l = 1; h = n; while (l < h) { m = int((l + h + 1) / 2); if (a[m] <= x) l = m; else h = m - 1 }
          print s[l] }' "$WORK/syms" "$WORK/addrs" | cat - "$SYMS" | grep -v '^#' | LC_ALL=C sort -u > "$WORK/new"
    before=$(grep -vc '^#' "$SYMS" || true)
    { echo "# Methods a native start faulted in, by their symbol (.ci/native/startup-methods.sh --native)"; cat "$WORK/new"; } > "$SYMS"
    echo "$SYMS: $(grep -vc '^#' "$SYMS") symbols ($before before)"
    rm -rf "$WORK"
    exit 0
fi

LOG=$(mktemp)
"$JDK17/bin/java" -XX:+UnlockDiagnosticVMOptions -XX:+LogTouchedMethods -XX:+PrintTouchedMethodsAtExit \
    -XX:MaxRAM=512m -XX:MaxRAMPercentage=40 -Xms32m -XX:+UseSerialGC -jar target/quarkus-app/quarkus-run.jar > "$LOG" 2>&1 &
pid=$!
await_ready "$pid" "$LOG"
kill -TERM "$pid"; wait "$pid" || true
OUT=src/main/resources/native/startup-methods.txt.gz
# java/util/HashMap.get:(Ljava/lang/Object;)Ljava/lang/Object;  ->  java.util.HashMap.get
# a lambda's class (Foo$$Lambda$12/0x...) -> Foo$$Lambda, as StartupCodeLayout.normalize does
grep -E '^[A-Za-z_$][^ ]*\.[^ .]+:\(' "$LOG" | sed -E 's/:\(.*//; s#/#.#g; s/(\$\$Lambda)[^ ]*(\.[^.]+)$/\1\2/' \
    | LC_ALL=C sort -u | gzip -9n > "$OUT"
rm -f "$LOG"
echo "$OUT: $(zcat "$OUT" | wc -l) methods"
