# Sourced after java-tool.sh by the scripts whose JVM lives for one call (scripts/memoryctl): starts it fast.
#
# 1. Flags for a JVM that makes one call and exits (MEMORYD_CLIENT_FLAGS; each one measured, see the
#    "memoryctl start-up" section of BENCHMARKS.md and scripts/bench-client).
# 2. An AppCDS archive of the client's classes, made by the first call and mapped by every later one
#    (Java 17 has no -XX:+AutoCreateSharedArchive, so this script does what it would):
#    - It is <dir>/memoryctl-<key>-<size>.jsa, <dir> being daemon/target/cds (MEMORYD_CDS_DIR overrides it;
#      `mvn clean` removes it with the jars it was made from). <key> is a CRC of the java binary and of every
#      classpath jar's path, size and mtime (to the nanosecond): a rebuilt jar or another JDK means another
#      name, so a stale archive is never handed to the JVM. <size> is checked before every use, because this
#      JVM dies with SIGBUS on a truncated archive instead of ignoring it.
#    - <dir> must be a directory of this user with mode 0700 and not a symlink (it is created so). The JVM
#      loads classes from the archive, so nobody else may be able to write it; if <dir> is anything else,
#      no archive is used or made.
#    - The first call that finds none makes it: it runs with -XX:ArchiveClassesAtExit, answers as usual
#      (stdout unchanged, the JVM's CDS messages are off), and the JVM writes the archive as it exits under
#      a temporary name. A check run maps it (-Xshare:on with CRC verification) before it is renamed into
#      place, so a reader never sees a partial archive. One call makes it at a time (flock); a call that
#      finds the lock taken runs without. Only a successful call (exit 0) that is not --help or --version
#      keeps its archive (those load too few classes to be worth mapping). The archives of earlier
#      classpaths and orphaned temporary files are removed then.
#    - -Xshare:auto: an archive the JVM rejects (another JVM build, a damaged header) is ignored quietly and
#      the call runs without it. MEMORYD_CDS=off runs without an archive and makes none.

# Client JVM flags. C1 only (a call is over before C2 would pay off), the serial collector (no G1 set-up or
# threads), no hsperfdata file, JVM messages on stderr and the CDS ones off (stdout carries results only),
# the archived classes mapped at their dump-time address instead of relocated (this Debian JDK relocates
# by default, ~40 ms for the client's archive), Netty's JFR allocation events off (registering them costs
# ~50 ms), and SLF4J bound to a small stderr logger instead of Logback (whose XML configuration costs
# ~60 ms).
MEMORYD_CLIENT_FLAGS=(
  -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto
  -XX:+DisplayVMOutputToStderr -Xlog:disable -Xlog:all=warning:stderr '-Xlog:cds*=off:stderr'
  -Dio.netty.jfr.enabled=false -Dio.grpc.netty.useCustomAllocator=false -Dio.netty.allocator.type=unpooled
  -Dslf4j.provider=io.memoryd.process.cli.StderrLogProvider -Dslf4j.internal.verbosity=WARN
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

# Looks for the archive of classpath $1. Returns 1 when none may be used or made here; else sets
# _memoryd_cds_dir, _memoryd_cds_archive (the archive to use, or empty: make one), _memoryd_cds_java (the
# java binary's inode) and _memoryd_cds_others (every other archive in the directory). One process (stat).
_memoryd_cds_find() {
  local dir="${MEMORYD_CDS_DIR:-$MEMORYD_ROOT/daemon/target/cds}"
  if [[ ! -e $dir && ! -L $dir ]]; then
    mkdir -p -- "${dir%/*}" 2>/dev/null || return 1
    mkdir -m 0700 -- "$dir" 2>/dev/null || [[ -d $dir ]] || return 1
  fi
  [[ -d $dir && ! -L $dir && -O $dir && -n ${EPOCHREALTIME:-} ]] || return 1
  hash java 2>/dev/null || return 1
  local java="${BASH_CMDS[java]}"
  local -a jars
  IFS=: read -r -a jars <<< "$1"
  # the newest archive (names sort by their start stamp) is the candidate, every other one goes
  local f archive=""
  _memoryd_cds_others=()
  for f in "$dir"/memoryctl-*.jsa; do
    if [[ -e $f ]]; then
      [[ -n $archive ]] && _memoryd_cds_others+=("$archive")
      archive="$f"
    fi
  done
  local listing
  # the exit status is ignored: whatever is missing from the listing fails the checks below
  listing="$(stat -L -c '%a %u %s %i %.9Z %n' -- "$dir" "$java" "$MEMORYD_CP_FILE" "${jars[@]}" \
      ${archive:+"$archive"} 2>/dev/null)" || true
  local mode uid size inode ctime name newest=0 dir_ok=0 listed=0 archive_size=""
  while read -r mode uid size inode ctime name; do
    if [[ $name == "$dir" ]]; then
      [[ $mode == 700 && $uid == "$EUID" ]] && dir_ok=1
    elif [[ -n $archive && $name == "$archive" ]]; then
      archive_size="$size"
    elif [[ $ctime =~ ^[0-9]+\.[0-9]{9}$ ]]; then
      ctime="${ctime/./}"
      ctime=$((10#${ctime:0:${#ctime}-3}))
      (( ctime > newest )) && newest=$ctime
      [[ $name == "$java" ]] && _memoryd_cds_java="$inode"
      listed=$((listed + 1))
    fi
  done <<< "$listing"
  # stat must have listed the directory (private), java and the classpath file and every jar
  [[ $dir_ok == 1 && $listed == $((${#jars[@]} + 2)) ]] || return 1
  _memoryd_cds_dir="$dir"
  _memoryd_cds_archive=""
  if [[ -n $archive ]]; then
    # memoryctl-<start stamp, µs>-<java inode>-<size>.jsa: made by this java after every file's last change,
    # and whole (the JVM crashes on a truncated archive rather than ignore it)
    local stem="${archive##*/memoryctl-}"
    stem="${stem%.jsa}"
    local stamp="${stem%%-*}" made_by="${stem#*-}"
    made_by="${made_by%-*}"
    if [[ $stamp =~ ^[0-9]+$ && $stem == "$stamp-$made_by-$archive_size" && $made_by == "$_memoryd_cds_java" ]] \
        && (( newest <= 10#$stamp )); then
      _memoryd_cds_archive="$archive"
    else
      _memoryd_cds_others+=("$archive")
    fi
  fi
}

# _memoryd_cds_train CLASSPATH JAVA-AND-FLAGS... -- -cp CP MAIN ARGS...: runs the call with
# -XX:ArchiveClassesAtExit, keeps the archive if the call succeeded and the archive maps, exits with the
# call's status.
_memoryd_cds_train() {
  local cp="$1"; shift
  local -a run=()
  while [[ $1 != -- ]]; do run+=("$1"); shift; done
  shift
  local lock
  # the braces keep 2>/dev/null from applying to the rest of the script, as a bare exec's would
  if ! command -v flock >/dev/null || ! { exec {lock}>>"$_memoryd_cds_dir/train.lock"; } 2>/dev/null; then
    exec "${run[@]}" "$@"
  fi
  if ! flock -n "$lock"; then
    exec {lock}>&-
    exec "${run[@]}" "$@"
  fi
  # under the lock every temporary file is an orphan of a killed training run
  rm -f -- "$_memoryd_cds_dir"/memoryctl-*.tmp-*
  local stamp="${EPOCHREALTIME//[!0-9]/}"
  _memoryd_cds_tmp="$_memoryd_cds_dir/memoryctl-$stamp.tmp-$$"
  trap 'rm -f -- "$_memoryd_cds_tmp"' EXIT
  local status=0
  "${run[@]}" -XX:ArchiveClassesAtExit="$_memoryd_cds_tmp" "$@" || status=$?
  if [[ $status == 0 && -s $_memoryd_cds_tmp ]] \
      && "${run[@]}" -Xshare:on -XX:+VerifySharedSpaces -XX:SharedArchiveFile="$_memoryd_cds_tmp" \
          -XX:ErrorFile=/dev/null -XX:-CreateCoredumpOnCrash -cp "$cp" -version >/dev/null 2>&1; then
    local size
    if size="$(stat -c %s -- "$_memoryd_cds_tmp")" \
        && mv -f -- "$_memoryd_cds_tmp" "$_memoryd_cds_dir/memoryctl-$stamp-$_memoryd_cds_java-$size.jsa"; then
      (( ${#_memoryd_cds_others[@]} == 0 )) || rm -f -- "${_memoryd_cds_others[@]}"
    fi
  fi
  exit "$status"
}
