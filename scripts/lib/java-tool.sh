# Shared by the scripts: builds the project when its sources are newer than the jars, then runs a Java
# main class with the runtime classpath. Build output goes to stderr so that stdout carries results only.
MEMORYD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# The product runs from the daemon module's jar and runtime classpath (memory core, contracts, renderer,
# gRPC/Netty); the benchmark and load tools from the tools module's, which holds the product's too.
MEMORYD_JAR="$MEMORYD_ROOT/daemon/target/memoryd-daemon-0.1.0-SNAPSHOT.jar"
MEMORYD_CP_FILE="$MEMORYD_ROOT/daemon/target/runtime-classpath.txt"
MEMORYD_TOOLS_JAR="$MEMORYD_ROOT/tools/target/memoryd-tools-0.1.0-SNAPSHOT.jar"
MEMORYD_TOOLS_CP_FILE="$MEMORYD_ROOT/tools/target/runtime-classpath.txt"

memoryd_ensure_built() {
  local stale=0
  if [[ ! -f "$MEMORYD_JAR" || ! -f "$MEMORYD_CP_FILE" || ! -f "$MEMORYD_TOOLS_JAR" || ! -f "$MEMORYD_TOOLS_CP_FILE" ]]; then
    stale=1
  elif [[ -n "$(find "$MEMORYD_ROOT" -path "$MEMORYD_ROOT/.git" -prune -o \
        \( -name pom.xml -o -path '*/src/main/*' \) -type f -newer "$MEMORYD_JAR" -print -quit)" ]]; then
    stale=1
  fi
  if [[ $stale == 1 ]]; then
    command -v mvn >/dev/null || { echo "memoryd: Maven (mvn) is needed to build; install it first" >&2; exit 1; }
    echo "memoryd: building (mvn install -DskipTests) ..." >&2
    (cd "$MEMORYD_ROOT" && mvn -q -B -DskipTests install 1>&2) || { echo "memoryd: build failed" >&2; exit 1; }
  fi
}

memoryd_java() {
  memoryd_ensure_built
  # memoryd.checkout: where this checkout is, for the launcher path that `memoryctl service install` writes
  exec java ${MEMORYD_JAVA_OPTS:-} -Dmemoryd.checkout="$MEMORYD_ROOT" \
    -Dlogback.configurationFile="${MEMORYD_LOGBACK:-$MEMORYD_ROOT/scripts/lib/logback-stderr.xml}" \
    -cp "$MEMORYD_JAR:$(cat "$MEMORYD_CP_FILE")" "$@"
}

# Runs a main class of the tools module (generator, benchmarks, stress, chaos, report).
memoryd_tool_java() {
  memoryd_ensure_built
  exec java ${MEMORYD_JAVA_OPTS:-} \
    -Dlogback.configurationFile="${MEMORYD_LOGBACK:-$MEMORYD_ROOT/scripts/lib/logback-stderr.xml}" \
    -cp "$MEMORYD_TOOLS_JAR:$(cat "$MEMORYD_TOOLS_CP_FILE")" "$@"
}
