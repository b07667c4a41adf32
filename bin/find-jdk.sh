# Sourced by mvnw, bin/synckit and .ci/run: makes sure JAVA_HOME points at a JDK >= 21.
# Order: a JAVA_HOME that is already >= 21, then `java` on the PATH, then the newest JDK under /usr/lib/jvm,
# /opt/java or ~/.sdkman. Stops with a message that says what to install or set when none is found.
synckit_java_major() {
  # The JDK's `release` file names its version without starting a JVM (about 0.1 s saved per candidate).
  synckit_release="$(dirname "$(dirname "$(readlink -f "$1" 2>/dev/null || echo "$1")")")/release"
  if [ -r "$synckit_release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$synckit_release" | head -n 1
    return 0
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1 | cut -d. -f1
}
synckit_find_jdk() {
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    v=$(synckit_java_major "$JAVA_HOME/bin/java")
    if [ "${v:-0}" -ge 21 ] 2>/dev/null; then return 0; fi
  fi
  if command -v java >/dev/null 2>&1; then
    v=$(synckit_java_major java)
    if [ "${v:-0}" -ge 21 ] 2>/dev/null && command -v javac >/dev/null 2>&1; then
      JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")"); export JAVA_HOME; return 0
    fi
  fi
  best=""; bestv=0; v=""
  case $- in *f*) synckit_noglob=1; set +f ;; *) synckit_noglob=0 ;; esac
  for d in /usr/lib/jvm/* /opt/java/* /opt/jdk* "${HOME:-/nonexistent}"/.sdkman/candidates/java/*; do
    [ -x "$d/bin/java" ] && [ -x "$d/bin/javac" ] || continue
    v=$(synckit_java_major "$d/bin/java")
    if [ "${v:-0}" -ge 21 ] 2>/dev/null && [ "$v" -gt "$bestv" ]; then best=$d; bestv=$v; fi
  done
  [ "$synckit_noglob" = 1 ] && set -f
  if [ -n "$best" ]; then JAVA_HOME=$best; export JAVA_HOME; return 0; fi
  echo "SyncKit needs a JDK 21 or newer, and none was found (JAVA_HOME='${JAVA_HOME-}', java on PATH is" \
       "version ${v:-unknown})." >&2
  echo "Install one (for example: apt-get install temurin-25-jdk, or https://adoptium.net) and set JAVA_HOME" \
       "to its directory." >&2
  return 1
}
synckit_find_jdk || exit 1
