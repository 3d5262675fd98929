#!/usr/bin/env bash
# native-check.sh NATIVE_SOURCES_DIR [WORK_DIR]
#
# Runs GraalVM's native-image builder over a Quarkus native-sources folder
# (`./mvnw package -Dnative -Dquarkus.native.sources-only=true` writes target/native-sources) up to the
# relocatable object file, on a plain JDK 25, where no GraalVM or Mandrel distribution can be installed.
# build.sh calls it, then links the object (README.md). Brought in from the team's shared native-check.
#
# Needs: a JDK 25 ($JDK25, default /usr/lib/jvm/temurin-25*), Maven ($MVN, default mvn) reaching Maven
# Central, gcc, python3, about 8 GB of memory and 7 to 10 minutes on 2 cores. Exit 0 when the object was written.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$1" && pwd)
WORK=$(mkdir -p "${2:-$SRC/../native-check}" && cd "${2:-$SRC/../native-check}" && pwd)
JDK25=${JDK25:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1)}
MVN=${MVN:-mvn}
[ -x "$JDK25/bin/java" ] || { echo "native-check: no JDK 25 (set JDK25)" >&2; exit 2; }
V=25.0.2
J=$WORK/jdk L=$WORK/lib C=$WORK/jdk/lib/svm/clibraries/linux-amd64

# 1. The builder's jars, from Maven Central.
if [ ! -f "$L/svm-$V.jar" ]; then
  JAVA_HOME=$JDK25 $MVN -q -B -f "$HERE/pom.xml" dependency:copy-dependencies -DoutputDirectory="$L"
fi
# 2. A private copy of the JDK: the builder looks for its helpers under java.home/lib/svm.
if [ ! -x "$J/bin/java" ]; then
  cp -a "$JDK25" "$J"
fi
mkdir -p "$J/lib/svm/builder/lib" "$C/include"
gcc -shared -fPIC -I"$J/include" -I"$J/include/linux" "$HERE/reporterchelper.c" -o "$J/lib/svm/builder/lib/libreporterchelper.so"
# 3. The C headers the builder's @CContext directives read (CPU feature structs from the builder's own
#    classes; the locale struct's layout as the builder's LocaleCHelper expects it).
scan=$WORK/scan; rm -rf "$scan"; mkdir -p "$scan"
(cd "$scan" && unzip -q -o "$L/svm-$V.jar" 'com/oracle/svm/core/*/*LibCHelper$CPUFeatures.class')
features() {
  echo "typedef struct {"
  "$J/bin/javap" -p "$scan/com/oracle/svm/core/$1/$2LibCHelper\$CPUFeatures.class" | sed -nE 's/.*boolean ([A-Za-z0-9_]+)\(\);/  char \1;/p'
  echo "} CPUFeatures;"
}
features amd64 AMD64 > "$C/include/amd64cpufeatures.h"
features aarch64 AArch64 > "$C/include/aarch64cpufeatures.h"
features riscv64 RISCV64 > "$C/include/riscv64cpufeatures.h"
cat > "$C/include/svm_locale.h" <<'H'
const int SVM_LOCALE_INITIALIZATION_USE_DEFAULT = 0;
const int SVM_LOCALE_INITIALIZATION_SUCCEEDED = 1;
const int SVM_LOCALE_INITIALIZATION_OUT_OF_MEMORY = 2;
typedef struct {
  char *format_language; char *format_script; char *format_country; char *format_variant;
  char *display_language; char *display_script; char *display_country; char *display_variant;
} svm_locale_props_t;
H
# 4. Every JDK package exported to the builder (the GraalVM JDK does this through its own module graph).
mods=$("$J/bin/java" --list-modules | sed 's/@.*//' | tr '\n' ' ')
targets=org.graalvm.nativeimage.builder,org.graalvm.nativeimage.pointsto,org.graalvm.nativeimage.base,org.graalvm.nativeimage.objectfile,org.graalvm.nativeimage.configure,jdk.graal.compiler,ALL-UNNAMED
"$J/bin/jimage" list "$J/lib/modules" | awk -v tg="$targets" -v mods=" $mods " '
  /^Module: /{ m = $2; keep = index(mods, " " m " ") > 0; next }
  keep && match($0, /^ *([A-Za-z0-9_\/$]+)\/[^\/]+\.class$/, a) { p = a[1]; gsub("/", ".", p); print "--add-exports=" m "/" p "=" tg }
' | sort -u > "$WORK/exports.args"
# 5. What the native-image driver would do with native-image.args, done by hand (no driver jar is published).
OUT=$WORK/out; rm -rf "$OUT"; mkdir -p "$OUT/tmp"
python3 "$HERE/translate-args.py" "$SRC" "$OUT"
mapfile -t JVM < "$OUT/jvm.lst"; mapfile -t BLD < "$OUT/builder.lst"
UP=$L/compiler-$V.jar:$L/truffle-compiler-$V.jar:$L/word-$V.jar:$L/collections-$V.jar:$L/nativeimage-$V.jar
MP=$(ls "$L"/*.jar | grep -v -E "/(compiler|truffle-compiler|word|collections|nativeimage)-$V.jar" | tr '\n' ':')
cd "$SRC"
set +e
"$J/bin/java" -XX:+UseParallelGC -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI -Xmx"${XMX:-10g}" -Xss10m -Xshare:off \
  -Djdk.internal.lambda.disableEagerInitialization=true -Djdk.internal.lambda.eagerlyInitialize=false \
  -Djava.lang.invoke.InnerClassLambdaMetafactory.initializeLambdas=false -Djava.lang.invoke.MethodHandle.DONT_INLINE_THRESHOLD=-1 \
  -Djava.lang.invoke.MethodHandle.PROFILE_GWT=false -Djava.awt.headless=true -Dorg.graalvm.nativeimage.imagecode=buildtime \
  -Dtruffle.TrustAllTruffleRuntimeProviders=true -Dgraalvm.ForcePolyglotInvalid=true \
  -Dorg.graalvm.version=$V -Dorg.graalvm.vendor="GraalVM Community" -Dorg.graalvm.vendorversion="GraalVM CE $V" -Dcom.oracle.graalvm.isaot=true \
  --add-exports=java.base/jdk.internal.module=org.graalvm.nativeimage.base,org.graalvm.nativeimage.builder \
  --enable-native-access=org.graalvm.nativeimage.builder \
  @"$WORK/exports.args" -Djava.system.class.loader=com.oracle.svm.hosted.NativeImageSystemClassLoader \
  "${JVM[@]}" \
  --upgrade-module-path "$UP" --add-modules ALL-DEFAULT,jdk.graal.compiler --module-path "$MP" \
  -m org.graalvm.nativeimage.builder/com.oracle.svm.hosted.NativeImageGeneratorRunner \
  -H:+UnlockExperimentalVMOptions -H:Path="$OUT" -H:TempDirectory="$OUT/tmp" -H:CLibraryPath="$C" \
  -H:+ExitAfterRelocatableImageWrite -H:ImageBuildID="$(cat /proc/sys/kernel/random/uuid)" -H:-UnlockExperimentalVMOptions \
  "${BLD[@]}" 2>&1 | grep -v -E "^WARNING: (A restricted method|java.lang.System::load|Use --enable-native-access|Restricted methods|Unknown module)" | tee "$WORK/builder.log"
rc=${PIPESTATUS[0]}
set -e
obj=$(ls "$OUT"/tmp/SVM-*/*.o 2>/dev/null | head -1 || true)
if [ "$rc" = 0 ] && [ -n "$obj" ]; then
  echo "native-check: analysis and compilation passed; object file $(basename "$obj") ($(( $(stat -c %s "$obj") / 1048576 )) MiB); not linked"
else
  echo "native-check: FAILED (builder exit $rc); log in $WORK/builder.log" >&2
  exit 1
fi
