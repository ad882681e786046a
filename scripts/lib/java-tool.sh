# Shared by the scripts: builds the project when its sources are newer than the jars, then runs a Java
# main class with the runtime classpath. Build output goes to stderr so that stdout carries results only.
# The root is found by parameter expansion rather than dirname: every process started costs ~10 ms on a
# small VM, and memoryctl's start-up is counted in milliseconds.
MEMORYD_ROOT="${BASH_SOURCE[0]%/*}"
[[ $MEMORYD_ROOT != "${BASH_SOURCE[0]}" ]] || MEMORYD_ROOT=.
MEMORYD_ROOT="$(cd "$MEMORYD_ROOT/../.." && pwd)"
# The product runs from the daemon module's jar and runtime classpath (memory core, contracts, renderer,
# gRPC/Netty); the benchmark and load tools from the tools module's, which holds the product's too.
MEMORYD_JAR="$MEMORYD_ROOT/daemon/target/memoryd-daemon-0.1.0-SNAPSHOT.jar"
MEMORYD_CP_FILE="$MEMORYD_ROOT/daemon/target/runtime-classpath.txt"
MEMORYD_TOOLS_JAR="$MEMORYD_ROOT/tools/target/memoryd-tools-0.1.0-SNAPSHOT.jar"
MEMORYD_TOOLS_CP_FILE="$MEMORYD_ROOT/tools/target/runtime-classpath.txt"

# Builds when a jar is missing or a pom.xml or main source is newer than the daemon jar. The scan is done
# by bash itself (a find process costs more than the scan) and looks only at the modules' pom.xml and
# src/main, so a workspace or bench-out/ kept in the checkout is never walked. MEMORYD_BUILD_CHECK=off
# skips it, for callers that know the build is fresh (tests running the built jars); missing jars are
# still built.
memoryd_ensure_built() {
  local stale=0
  if [[ ! -f "$MEMORYD_JAR" || ! -f "$MEMORYD_CP_FILE" || ! -f "$MEMORYD_TOOLS_JAR" || ! -f "$MEMORYD_TOOLS_CP_FILE" ]]; then
    stale=1
  elif [[ ${MEMORYD_BUILD_CHECK:-on} != off ]] && memoryd_sources_changed; then
    stale=1
  fi
  if [[ $stale == 1 ]]; then
    command -v mvn >/dev/null || { echo "memoryd: Maven (mvn) is needed to build; install it first" >&2; exit 1; }
    echo "memoryd: building (mvn install -DskipTests) ..." >&2
    (cd "$MEMORYD_ROOT" && mvn -q -B -DskipTests install 1>&2) || { echo "memoryd: build failed" >&2; exit 1; }
    # Maven leaves a jar whose contents did not change as it was, so after a change in another module the
    # daemon jar would stay older than that module's sources and every later call would build again
    touch -c "$MEMORYD_JAR"
  fi
}

# Whether a pom.xml or a file under a module's src/main is newer than the daemon jar.
memoryd_sources_changed() {
  local globstar=0 nullglob=0 f changed=1
  if shopt -q globstar 2>/dev/null; then
    globstar=1
  elif ! shopt -s globstar 2>/dev/null; then
    # bash 3 (macOS's /bin/bash) has no globstar: a find process then
    [[ -n "$(find "$MEMORYD_ROOT/pom.xml" "$MEMORYD_ROOT"/*/pom.xml "$MEMORYD_ROOT"/*/src/main -type f \
      -newer "$MEMORYD_JAR" 2>/dev/null | head -1)" ]]
    return
  fi
  if shopt -q nullglob; then nullglob=1; fi
  shopt -s nullglob
  for f in "$MEMORYD_ROOT/pom.xml" "$MEMORYD_ROOT"/*/pom.xml "$MEMORYD_ROOT"/*/src/main/**; do
    if [[ -f $f && $f -nt $MEMORYD_JAR ]]; then
      changed=0
      break
    fi
  done
  if (( ! globstar )); then shopt -u globstar; fi
  if (( ! nullglob )); then shopt -u nullglob; fi
  return "$changed"
}

# Sets the variable named $1 to the daemon module's runtime classpath (its jar first), without a process.
memoryd_daemon_classpath() {
  local deps=""
  IFS= read -r deps < "$MEMORYD_CP_FILE" || [[ -n $deps ]]
  printf -v "$1" '%s' "$MEMORYD_JAR:$deps"
}

# The daemon's JVM flags (io.memoryd.daemon.DaemonJvmFlags says why; a test keeps the two equal): a bounded
# heap that starts small and the serial collector, instead of defaults sized for the whole machine.
MEMORYD_DAEMON_FLAGS="-XX:+UseSerialGC -Xms32m -Xmx512m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"

memoryd_java() {
  memoryd_ensure_built
  local cp
  memoryd_daemon_classpath cp
  # memoryd.checkout: where this checkout is, for the launcher path that `memoryctl service install` writes
  exec java ${MEMORYD_JAVA_OPTS:-} -Dmemoryd.checkout="$MEMORYD_ROOT" \
    -Dlogback.configurationFile="${MEMORYD_LOGBACK:-$MEMORYD_ROOT/scripts/lib/logback-stderr.xml}" \
    -cp "$cp" "$@"
}

# Runs a main class of the tools module (generator, benchmarks, stress, chaos, report).
memoryd_tool_java() {
  memoryd_ensure_built
  exec java ${MEMORYD_JAVA_OPTS:-} \
    -Dlogback.configurationFile="${MEMORYD_LOGBACK:-$MEMORYD_ROOT/scripts/lib/logback-stderr.xml}" \
    -cp "$MEMORYD_TOOLS_JAR:$(cat "$MEMORYD_TOOLS_CP_FILE")" "$@"
}
