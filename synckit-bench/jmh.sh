#!/bin/sh
# Runs the JMH micro-benchmarks of synckit-bench (dev.synckit.bench.jmh). Arguments go to org.openjdk.jmh.Main, e.g.
#   synckit-bench/jmh.sh                          # all of them
#   synckit-bench/jmh.sh TriggerCapture -f 1      # a regex of benchmark names, one fork
#   synckit-bench/jmh.sh -l                       # list them
# Builds the modules it needs from this working tree (not from ~/.m2) and measures those.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bin/find-jdk.sh"
cd "$ROOT"
# One reactor build: the class path then names the modules' own jars under */target (every module writes the file;
# synckit-bench, built last, writes it last).
./mvnw -B -ntp -q -pl synckit-bench -am -DskipTests package \
  org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
  -Dmdep.outputFile="$ROOT/synckit-bench/target/jmh-classpath.txt" -Dmdep.includeScope=runtime
# JMH forks inherit these JVM options; the logback file keeps the in-process server's logs at WARN.
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -Dlogback.configurationFile="$ROOT/synckit-bench/jmh-logback.xml" \
  -cp "synckit-bench/target/classes:$(cat synckit-bench/target/jmh-classpath.txt)" org.openjdk.jmh.Main "$@"
