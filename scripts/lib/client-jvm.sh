# Sourced after java-tool.sh by the scripts whose JVM lives for one call (scripts/memoryctl): starts it fast.
#
# 1. Flags for a JVM that makes one call and exits (MEMORYD_CLIENT_FLAGS below; what each is worth is in
#    the "memoryctl start-up" section of BENCHMARKS.md, measured with scripts/bench-client --flags).
# 2. An AppCDS archive of the client's classes, made by the first call and mapped by every later one
#    (Java 17 has no -XX:+AutoCreateSharedArchive, so this script does what it would):
#    - <dir> is daemon/target/cds (MEMORYD_CDS_DIR overrides it; `mvn clean` removes it with the jars it
#      was made from). It is created with mode 0700, and an archive is made only while it is a directory of
#      this user with that mode, and used only while it and the archive are this user's and not symlinks:
#      the JVM loads classes from the archive, so nobody else may be able to put one there.
#    - The archive is <dir>/memoryctl-<stamp>.jsa with <dir>/memoryctl-<stamp>.made beside it, both dated
#      <stamp> (the start of the call that made it). It is used while neither has changed since (a
#      truncated archive would crash this JVM with SIGBUS instead of being ignored, and truncating changes
#      its date) and neither java, the classpath file nor any jar on the classpath is newer: a rebuilt jar
#      means a new archive, so a stale one is never handed to the JVM. (A JDK installed from a package may
#      keep an older date; the JVM refuses an archive of another build itself, see -Xshare:auto below, and
#      the next build makes a new one.) Checked by bash itself: a process costs ~10 ms here, a good part
#      of what memoryctl has left.
#    - The first call that finds none makes it: it runs with -XX:ArchiveClassesAtExit, answers as usual
#      (stdout unchanged, the JVM's CDS messages are off), and the JVM writes the archive as it exits under
#      a temporary name. A check run maps it (-Xshare:on, CRC verified) before it is renamed into place,
#      so a reader never sees a partial archive. One call makes it at a time (flock); a call that finds the
#      lock taken runs without. Only a successful call (exit 0) that reached the daemon keeps its archive
#      (--help, --version and the local commands load too little of the client to be worth mapping).
#      Earlier archives and orphaned temporary files are removed then.
#    - -Xshare:auto: an archive the JVM rejects (another JVM build, a damaged header) is ignored quietly and
#      the call runs without it. MEMORYD_CDS=off runs without an archive and makes none.

# Client JVM flags, each kept because it measurably helps (scripts/bench-client --flags): C1 only, and only
# for code that is really hot (a call is over before C2 or most C1 compilations would pay off: ~20 ms and
# ~50 ms of CPU); the serial collector (no G1 threads; a few ms of CPU); Netty's allocator unpooled, for
# gRPC too (one call never reuses the arenas a pooled allocator sets up: ~150 ms); SLF4J bound to a small
# stderr logger instead of Logback, whose XML configuration is the largest single cost (~200 ms). Then
# JVM messages on stderr and the CDS ones off: stdout carries results only.
MEMORYD_CLIENT_FLAGS=(
  -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=5 -XX:+UseSerialGC -Xshare:auto
  -Dio.grpc.netty.useCustomAllocator=false -Dio.netty.allocator.type=unpooled
  -Dslf4j.provider=io.memoryd.process.cli.StderrLogProvider -Dslf4j.internal.verbosity=WARN
  -XX:+DisplayVMOutputToStderr -Xlog:disable -Xlog:all=warning:stderr '-Xlog:cds*=off:stderr'
)

# Runs a main class of the daemon module as a client; never returns.
memoryd_client_java() {
  local main="$1"; shift
  memoryd_ensure_built
  local cp
  memoryd_daemon_classpath cp
  # memoryd.checkout: where this checkout is, for the launcher path that `memoryctl service install` writes
  local -a run=(java "${MEMORYD_CLIENT_FLAGS[@]}" -Dmemoryd.checkout="$MEMORYD_ROOT" ${MEMORYD_JAVA_OPTS:-})
  local -a app=(-cp "$cp" "$main" "$@")
  if [[ ${MEMORYD_CDS:-on} == off ]] || ! _memoryd_cds_find "$cp"; then
    exec "${run[@]}" "${app[@]}"
  fi
  if [[ -n $_memoryd_cds_archive ]]; then
    exec "${run[@]}" -XX:SharedArchiveFile="$_memoryd_cds_archive" "${app[@]}"
  fi
  local arg
  for arg in "$@"; do
    if [[ $arg == --help || $arg == --version ]]; then
      exec "${run[@]}" "${app[@]}"
    fi
  done
  _memoryd_cds_train "$cp" "${run[@]}" -- "${app[@]}"
}

# Looks for the archive of classpath $1 without starting a process. Returns 1 when none may be used or
# made here; else sets _memoryd_cds_dir, _memoryd_cds_java, _memoryd_cds_jars (the files the archive must
# not be older than) and _memoryd_cds_archive (the archive to use, or empty: make one).
_memoryd_cds_find() {
  local dir="${MEMORYD_CDS_DIR:-$MEMORYD_ROOT/daemon/target/cds}"
  if [[ ! -e $dir && ! -L $dir ]]; then
    mkdir -p -- "${dir%/*}" 2>/dev/null || return 1
    mkdir -m 0700 -- "$dir" 2>/dev/null || [[ -d $dir ]] || return 1
  fi
  [[ -d $dir && ! -L $dir && -O $dir && -n ${EPOCHREALTIME:-} ]] || return 1
  hash java 2>/dev/null || return 1
  _memoryd_cds_dir="$dir"
  _memoryd_cds_java="${BASH_CMDS[java]}"
  IFS=: read -r -a _memoryd_cds_jars <<< "$1"
  _memoryd_cds_archive=""
  # the newest archive (the stamps are 16 digits, so names sort by age)
  local f archive=""
  for f in "$dir"/memoryctl-*.jsa; do
    if [[ -e $f ]]; then archive="$f"; fi
  done
  [[ -n $archive ]] || return 0
  local made="${archive%.jsa}.made"
  [[ -f $archive && ! -L $archive && -O $archive && -f $made && ! -L $made && -O $made ]] || return 0
  # both still dated as made
  [[ ! $archive -nt $made && ! $made -nt $archive ]] || return 0
  for f in "$_memoryd_cds_java" "$MEMORYD_CP_FILE" "${_memoryd_cds_jars[@]}"; do
    [[ -e $f && ! $f -nt $made ]] || return 0
  done
  _memoryd_cds_archive="$archive"
}

# A class that only a call which reached the daemon loads (gRPC's HTTP/2 client), looked for in a new
# archive: one made by a local command (hooks install, service status) holds too little of the client to
# be worth mapping, and a kept archive is not made again until the jars change.
_MEMORYD_CDS_MARKER=io/netty/handler/codec/http2/DefaultHttp2FrameReader

# _memoryd_cds_train CLASSPATH JAVA-AND-FLAGS... -- -cp CP MAIN ARGS...: runs the call with
# -XX:ArchiveClassesAtExit, keeps the archive if the call succeeded, reached the daemon and the archive
# maps; exits with the call's status.
_memoryd_cds_train() {
  local cp="$1"; shift
  local -a run=()
  while [[ $1 != -- ]]; do run+=("$1"); shift; done
  shift
  local dir="$_memoryd_cds_dir" start="${EPOCHREALTIME//[!0-9]/}"
  # made only in a private directory: this user's, mode 0700 (checked here, where a process is cheap)
  local -a listing
  mapfile -t listing < <(stat -L -c '%a %u %.9Y' -- "$dir" "$_memoryd_cds_java" "$MEMORYD_CP_FILE" \
      "${_memoryd_cds_jars[@]}" 2>/dev/null)
  local mode uid mtime line newest="$start"
  read -r mode uid mtime <<< "${listing[0]:-}"
  if [[ $mode != 700 || $uid != "$EUID" || ${#listing[@]} != $(( ${#_memoryd_cds_jars[@]} + 3 )) ]]; then
    exec "${run[@]}" "$@"
  fi
  # dated no earlier than its newest input, or a file dated in the future would make every call train
  for line in "${listing[@]:1}"; do
    read -r mode uid mtime <<< "$line"
    mtime="${mtime//[!0-9]/}"
    mtime="${mtime:0:16}"
    [[ $mtime =~ ^[0-9]{16}$ ]] || exec "${run[@]}" "$@"
    if (( 10#$mtime > 10#$newest )); then newest="$mtime"; fi
  done
  local lock
  # the braces keep 2>/dev/null from applying to the rest of the script, as a bare exec's would
  if ! command -v flock >/dev/null || ! { exec {lock}>>"$dir/train.lock"; } 2>/dev/null; then
    exec "${run[@]}" "$@"
  fi
  if ! flock -n "$lock"; then
    exec {lock}>&-
    exec "${run[@]}" "$@"
  fi
  # under the lock every temporary file is an orphan of a killed training run
  rm -f -- "$dir"/memoryctl-*.tmp-*
  _memoryd_cds_tmp="$dir/memoryctl-$newest.tmp-$$"
  trap 'rm -f -- "$_memoryd_cds_tmp" "$_memoryd_cds_tmp.made"' EXIT
  local status=0
  "${run[@]}" -XX:ArchiveClassesAtExit="$_memoryd_cds_tmp" "$@" || status=$?
  if [[ $status == 0 && -s $_memoryd_cds_tmp ]] \
      && LC_ALL=C grep -q -a -F "$_MEMORYD_CDS_MARKER" -- "$_memoryd_cds_tmp" \
      && "${run[@]}" -Xshare:on -XX:+VerifySharedSpaces -XX:SharedArchiveFile="$_memoryd_cds_tmp" \
          -XX:ErrorFile=/dev/null -XX:-CreateCoredumpOnCrash -cp "$cp" -version >/dev/null 2>&1 \
      && : > "$_memoryd_cds_tmp.made" \
      && touch -d "@${newest:0:10}.${newest:10}" -- "$_memoryd_cds_tmp" "$_memoryd_cds_tmp.made"; then
    local f
    local -a previous=() stale=()
    for f in "$dir"/memoryctl-*.jsa "$dir"/memoryctl-*.made; do
      if [[ -e $f ]]; then previous+=("$f"); fi
    done
    # .made first: a reader that finds the archive finds it too
    if mv -f -- "$_memoryd_cds_tmp.made" "$dir/memoryctl-$newest.made" \
        && mv -f -- "$_memoryd_cds_tmp" "$dir/memoryctl-$newest.jsa"; then
      for f in "${previous[@]}"; do
        if [[ $f != "$dir/memoryctl-$newest".* ]]; then stale+=("$f"); fi
      done
      if (( ${#stale[@]} )); then rm -f -- "${stale[@]}"; fi
    fi
  fi
  exit "$status"
}
