# Sourced by ./mini-docker and ./mini-docker-runtime: sets run_home to the JDK the JVMs run from.
# That is target/runtime, the runtime image scripts/make-runtime-image made (the AOT caches were made
# with its java), while it was made from $MD_JAVA_HOME as it is now: its .made-from names that JDK and
# the version lines of its release file, which an update changes (a package keeps its files' old
# mtimes, so no timestamp would tell). Else the JDK itself, whose fixes the image would lack.
# No process is started: this runs before every command.
md_run_home() {
  local rt="$here/target/runtime" made_from="" made_version="" jdk_version="" line
  run_home="$MD_JAVA_HOME"
  [ -x "$rt/bin/java" ] && [ -r "$rt/.made-from" ] && [ -r "$MD_JAVA_HOME/release" ] || return 0
  { IFS= read -r made_from && IFS= read -r made_version; } < "$rt/.made-from" || return 0
  while IFS= read -r line; do
    case "$line" in JAVA_VERSION=*|JAVA_RUNTIME_VERSION=*) jdk_version="$jdk_version$line " ;; esac
  done < "$MD_JAVA_HOME/release"
  if [ "$made_from" = "$MD_JAVA_HOME" ] && [ "$made_version" = "$jdk_version" ]; then run_home="$rt"; fi
}
