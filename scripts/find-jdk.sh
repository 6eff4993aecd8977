# Sourced by ./mini-docker, ./run-tests and .ci/run: sets MD_JAVA_HOME to a JDK >= 22.
# Order: $JAVA_HOME, then every /usr/lib/jvm/* (newest first). Needs javac too, since the
# launcher builds the jar when it is missing or stale.

md_jdk_major() { # prints the major version of the JDK in $1, or nothing
  local rel="$1/release" v
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ -f "$rel" ] || return 0
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel")
  echo "$v"
}

md_find_jdk() {
  local cand major
  for cand in ${JAVA_HOME:+"$JAVA_HOME"} $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    cand="${cand%/}"
    major=$(md_jdk_major "$cand")
    if [ -n "$major" ] && [ "$major" -ge 22 ]; then
      MD_JAVA_HOME="$cand"
      return 0
    fi
  done
  echo "mini-docker: no JDK >= 22 found (looked at \$JAVA_HOME and /usr/lib/jvm/*); install one, e.g. 'apt-get install openjdk-25-jdk' or Temurin 25" >&2
  return 1
}
