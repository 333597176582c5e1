# Sourced by every bench/* script: machine description, tools, and a frozen harness classpath.
# shellcheck shell=bash
set -euo pipefail

BENCH_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO="$(cd "$BENCH_HOME/.." && pwd)"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# The machine a figure came from. Load average matters: other builds may share the cores.
bench_machine() {
  echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpus:    $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "ram:     $(free -h | awk '/^Mem:/{print $2}')"
  echo "jdk:     $("$JAVA" -version 2>&1 | head -1)"
  echo "load:    $(uptime | sed 's/.*load average: //') (1/5/15 min)"
}

bench_load() {
  echo "load now: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# Installs Debian packages that are missing (root, apt).
bench_need() {
  local missing=()
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || missing+=("$tool")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing ${missing[*]} …" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  fi
}

# The harness classpath (gameday-cli/target/classpath.txt), with the project's own jars copied into
# a private folder first: other builds running `install` at the same time must not swap a jar under
# a running benchmark. The project's jars are this checkout's (<module>/target/) where built, else
# ~/.m2's. Builds offline (-o) what is missing.
bench_classpath() {
  local cp_file="$REPO/gameday-cli/target/classpath.txt"
  if [ ! -f "$cp_file" ]; then
    echo "building the harness (classpath missing) …" >&2
    (cd "$REPO" && ./mvnw -q -o -B -pl gameday-cli -am package -DskipTests >&2)  # never install: ~/.m2 is shared
  fi
  BENCH_TMP="${BENCH_TMP:-$(mktemp -d -t gameday-bench.XXXXXX)}"
  mkdir -p "$BENCH_TMP/lib"
  local out=()
  local entry
  IFS=: read -r -a entries < "$cp_file" || true  # no trailing newline: read returns 1
  for entry in "${entries[@]}"; do
    case "$entry" in
      */dev/gameday/*)
        # This checkout's own build when it has one: ~/.m2 is shared with other checkouts' installs.
        local module own
        module="$(basename "$(dirname "$(dirname "$entry")")")"
        own="$REPO/$module/target/$(basename "$entry")"
        [ -f "$own" ] && entry="$own"
        if [ ! -f "$entry" ]; then
          echo "missing $entry: run ./mvnw -o -pl gameday-cli -am package -DskipTests" >&2
          return 1
        fi
        cp "$entry" "$BENCH_TMP/lib/"
        out+=("$BENCH_TMP/lib/$(basename "$entry")")
        ;;
      "$REPO"/*/target/*.jar)
        # This checkout's module jars: frozen too, or a rebuild during a long benchmark swaps them
        # under the running JVM (a soak died of NoClassDefFoundError that way).
        cp "$entry" "$BENCH_TMP/lib/"
        out+=("$BENCH_TMP/lib/$(basename "$entry")")
        ;;
      *) out+=("$entry") ;;
    esac
  done
  local IFS=':'
  BENCH_CP="${out[*]}"
  export BENCH_CP BENCH_TMP
}

# Runs a single-file Java helper from bench/java on the frozen classpath, in the foreground.
bench_java() {
  bench_java_argv "$@"
  "${JAVA_ARGV[@]}"
}

# Sets JAVA_ARGV to the command line of a helper, for starting it in the background with
# `"${JAVA_ARGV[@]}" &` so that $! is the JVM itself (a backgrounded function would be a subshell).
bench_java_argv() {
  local file="$1"
  shift
  JAVA_ARGV=("$JAVA" --add-opens=java.base/java.lang=ALL-UNNAMED
      -Dlogback.configurationFile="$BENCH_HOME/java/logback-bench.xml"
      ${BENCH_JVM_FLAGS:-} -cp "$BENCH_CP" "$BENCH_HOME/java/$file" "$@")
}

# Waits until a helper wrote its key=value file; fails after $2 seconds or when its process died.
bench_wait_file() {
  local file="$1" timeout="$2" pid="$3"
  local waited=0
  while [ ! -s "$file" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "helper (pid $pid) exited before it was ready" >&2
      return 1
    fi
    if [ "$waited" -ge $((timeout * 10)) ]; then
      echo "helper not ready within ${timeout}s" >&2
      return 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

# Reads key from a key=value file.
bench_get() {
  grep "^$2=" "$1" | head -1 | cut -d= -f2-
}

# Prints req/s, p50, p99 from a `wrk --latency` output file as one line.
wrk_summary() {
  local file="$1"
  local rps p50 p99 errs
  rps="$(awk '/^Requests\/sec:/{print $2}' "$file")"
  p50="$(awk '$1=="50%"{print $2}' "$file")"
  p99="$(awk '$1=="99%"{print $2}' "$file")"
  errs="$(grep -E 'Non-2xx|Socket errors' "$file" | tr '\n' ' ' || true)"
  echo "req/s=$rps p50=$p50 p99=$p99 ${errs:+errors: $errs}"
}
