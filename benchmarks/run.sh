#!/usr/bin/env bash
# session-stores benchmarks: the whole suite or some parts, in one command.
#
#   benchmarks/run.sh                 every part (about 18 minutes on 2 cores)
#   benchmarks/run.sh load nodes      some parts
#   benchmarks/run.sh --smoke load    a few seconds per part: checks that each starts and gives rows
#
# Parts:
#   load      real Tomcat distribution, wrk on loopback: StandardManager, the one-HGET floor,
#             Redisson's Tomcat manager, Tomcat's PersistentManager, and ours (Redis hash, string,
#             sticky, JDBC PostgreSQL and MariaDB, cached-JDBC); one hot session, many sessions, a new session
#             per request; read and write endpoints; MONITOR sample of round trips per request
#   nodes     the same load split over two Tomcats on one store (non-sticky)
#   copies    Java heap per session copy a node holds (10,000 copies; ours and StandardManager)
#   memory    Redis used_memory per session, 10^4-10^6 sessions of 200 B and 2 KB: string, hash
#             (default and tuned listpack settings) and Redisson's Tomcat manager layout
#   buckets   hash-mode overhead per session by session count and bucketCount
#   sweep     hash-mode sweep of 1,000,000 expired fields
#   jmh       JMH FrameBenchmark (frame encode/decode; small, 2 KB, 50 KB; compression on/off)
#   expiry, analysis: run when their classes are in the build (see JAVA_PARTS)
#
# Results: benchmarks/target/results/<timestamp>/results.md (the tables) and raw/ (wrk output,
# store counters, Redis INFO commandstats, JMX counters, Tomcat logs, MONITOR captures).
#
# Settings (environment): THREADS (2), CONNECTIONS (32), DURATION (10s), WARMUP (5s per path and round: new session, write, read, hot write, hot read), WARMUP_ROUNDS (4, most), WARMUP_SETTLED (5: % of a round the JIT may still compile),
# SESSIONS (2000), VARIANTS (all, space-separated ids: see load/tomcat.sh; an id ending in @base runs
# with the jars in BASELINE_LIB, another build's target/tomcat-lib: before and after in one run), NODE_VARIANTS,
# REDIS_PORT (7310, a private redis-server the script starts), HTTP_PORT_BASE (18080),
# JMX_PORT_BASE (18090), PG_HOST/PG_PORT/PG_USER, MARIADB_HOST/MARIADB_PORT/MARIADB_USER,
# BENCH_DB (ssbench, created in both databases), TOMCAT_HEAP, BUILD (auto|always|never).
# Run it alone on the machine (other integration tests use the same databases):
#   flock /tmp/sessionstores-it.lock benchmarks/run.sh
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
TARGET="$HERE/target"

SMOKE=false
if [ "${1:-}" = --smoke ]; then SMOKE=true; shift; fi
PARTS=("$@")
[ ${#PARTS[@]} -gt 0 ] || PARTS=(load nodes copies memory buckets sweep expiry analysis jmh)

THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5s}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-4}
WARMUP_SETTLED=${WARMUP_SETTLED:-5}
SESSIONS=${SESSIONS:-2000}
COPIES=${COPIES:-10000}
COPY_VARIANTS=${COPY_VARIANTS:-standard hash-unbounded}
MONITOR_REQUESTS=${MONITOR_REQUESTS:-20}
REDIS_PORT=${REDIS_PORT:-7310}
HTTP_PORT_BASE=${HTTP_PORT_BASE:-18080}
JMX_PORT_BASE=${JMX_PORT_BASE:-18090}
PG_HOST=${PG_HOST:-127.0.0.1}; PG_PORT=${PG_PORT:-5432}; PG_USER=${PG_USER:-postgres}
MARIADB_HOST=${MARIADB_HOST:-127.0.0.1}; MARIADB_PORT=${MARIADB_PORT:-3306}; MARIADB_USER=${MARIADB_USER:-root}
BENCH_DB=${BENCH_DB:-ssbench}
PG_STATS_WAIT=${PG_STATS_WAIT:-1.5}
TOMCAT_HEAP=${TOMCAT_HEAP:--Xms1g -Xmx1g}
VARIANTS=${VARIANTS:-standard floor redisson-redis redisson-memory tomcat-pg hash string hash-sticky jdbc-pg jdbc-mariadb cached-pg}
NODE_VARIANTS=${NODE_VARIANTS:-floor hash jdbc-pg}
SHAPES=${SHAPES:-hot:read hot:write many:read many:write new:read}
NODE_SHAPES=${NODE_SHAPES:-hot:read hot:write many:read many:write split:write}
if $SMOKE; then
  DURATION=1s; WARMUP=1s; SESSIONS=50; MONITOR_REQUESTS=2
  VARIANTS=${SMOKE_VARIANTS:-standard hash}; NODE_VARIANTS=${SMOKE_NODE_VARIANTS:-hash}
  SHAPES=${SMOKE_SHAPES:-many:read}; NODE_SHAPES=${SMOKE_SHAPES:-many:read}
  COPIES=200; COPY_VARIANTS=${SMOKE_COPY_VARIANTS:-hash-unbounded}
fi

# Java parts: part|main class|arguments|arguments under --smoke. expiry (issue 11) and analysis
# (issue 15 item 6) come with their own issues; a part whose class is not in the build is skipped.
JAVA_PARTS="
memory|io.sessionstores.benchmarks.redis.MemoryFigures||
buckets|io.sessionstores.benchmarks.redis.BucketCountFigures||
sweep|io.sessionstores.benchmarks.redis.SweepFigures||
expiry|io.sessionstores.benchmarks.ExpiryBenchmark||2000 200
analysis|io.sessionstores.benchmarks.AnalysisBenchmark||2000
"

BENCH_JAR="$TARGET/benchmarks.jar"
TOMCAT_LIB="$TARGET/tomcat-lib"
TOMCAT_VERSION=$(sed -n 's:.*<bench.tomcat.version>\(.*\)</bench.tomcat.version>.*:\1:p' "$HERE/pom.xml")
CATALINA_HOME="$TARGET/dist/apache-tomcat-$TOMCAT_VERSION"
STAMP=$(date -u +%Y%m%d-%H%M%S)
RESULTS=${RESULTS_DIR:-$TARGET/results/$STAMP}
RAW="$RESULTS/raw"
WORK=${WORK_DIR:-$TARGET/work}
CURRENT_VARIANT=none
mkdir -p "$RAW" "$WORK"
rm -f "$RAW/load.tsv" "$RAW/monitor.tsv" "$RAW/skipped.txt"

. "$HERE/load/tomcat.sh"
. "$HERE/load/measure.sh"

log() { echo "[$(date +%H:%M:%S)] $*"; }

build() {
  local mode=${BUILD:-auto}
  if [ "$mode" = always ] || { [ "$mode" = auto ] && [ ! -f "$BENCH_JAR" -o ! -d "$CATALINA_HOME" ]; }; then
    log "building: mvn -B -q -pl benchmarks -am package -DskipTests"
    (cd "$ROOT" && mvn -B -q -pl benchmarks -am package -DskipTests)
  fi
  [ -f "$BENCH_JAR" ] && [ -d "$CATALINA_HOME" ] || { echo "build first: mvn -B -q -pl benchmarks -am package -DskipTests" >&2; exit 1; }
  cp "$TARGET"/benchmarks-*-tomcat.jar "$TOMCAT_LIB/"
}

require_wrk() {
  if command -v wrk > /dev/null; then return 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    log "wrk is missing: installing Debian's package (apt-get update && apt-get install -y wrk)"
    apt-get update -qq && apt-get install -y -qq wrk > /dev/null
  else
    echo "wrk is missing: install it (Debian: apt-get install wrk)" >&2; exit 1
  fi
}

redis_up() {
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
    --hash-max-listpack-value 256 > "$RAW/redis.log" 2>&1 &
  echo $! > "$WORK/redis.pid"
  for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping > /dev/null 2>&1 && return 0; sleep 0.1; done
  echo "redis-server on port $REDIS_PORT did not start" >&2; cat "$RAW/redis.log" >&2; exit 1
}

redis_down() {
  [ -f "$WORK/redis.pid" ] || return 0
  redis-cli -p "$REDIS_PORT" shutdown nosave > /dev/null 2>&1 || kill "$(cat "$WORK/redis.pid")" 2>/dev/null || true
  rm -f "$WORK/redis.pid"
}

databases_up() {
  psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -Atqc "select 1 from pg_database where datname = '$BENCH_DB'" \
    | grep -q 1 || psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -qc "create database $BENCH_DB"
  psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$BENCH_DB" -q <<'EOF'
create table if not exists tomcat_pm_sessions (
  session_id varchar(100) not null primary key, valid_session char(1) not null, max_inactive int not null,
  last_access bigint not null, app_name varchar(255), session_data bytea);
create index if not exists tomcat_pm_sessions_app on tomcat_pm_sessions (app_name);
EOF
  mysql -h "$MARIADB_HOST" -P "$MARIADB_PORT" -u "$MARIADB_USER" -e "create database if not exists $BENCH_DB"
}

stores_clean() {
  redis-cli -p "$REDIS_PORT" flushall > /dev/null
  psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$BENCH_DB" -qc \
    "truncate tomcat_pm_sessions; drop table if exists bench_sessions" 2> /dev/null
  mysql -h "$MARIADB_HOST" -P "$MARIADB_PORT" -u "$MARIADB_USER" "$BENCH_DB" -e "drop table if exists bench_sessions"
}

# On any exit, also an interrupted run: stop what was started, report what was measured.
cleanup() {
  local n
  for n in 1 2; do node_down "$n" 2>/dev/null || true; done
  redis_down
  if [ "$REPORTED" = false ]; then report || true; fi
}
REPORTED=false
trap cleanup EXIT
trap 'log "terminated by a signal"; exit 143' TERM INT

# The sessions the runs reuse, created through /write; the hot session is the first of them.
cookies() { # node
  java -cp "$BENCH_JAR" io.sessionstores.benchmarks.load.SessionCookies \
    "http://127.0.0.1:$(http_port "$1")/bench/write" "$SESSIONS" "$WORK/many.cookies"
  head -1 "$WORK/many.cookies" > "$WORK/hot.cookie"
}

# JIT warm-up of every node on each path the runs take (new sessions, writes and reads over the
# 2,000 sessions, writes and reads of the hot session), in rounds of WARMUP per path, repeated
# until the round's JIT compilation time (JMX, java.lang:type=Compilation) is under
# WARMUP_SETTLED percent of the round, at most WARMUP_ROUNDS rounds; then every node's Manager
# counters start from zero. A fixed warm-up left C2 compiling through the measured runs on 2
# cores: with 10 s per path (and no hot-session write), C2 took 30 % of Tomcat's CPU samples in
# the hot-session write run (SessionSaver.plan, 47 KB of code, 2 s per compilation), and a
# hot-session read measured first ran at 35-60 % of the same read measured after another shape.
# New sessions come first: created last, their idle copies made our Manager evict the 2,000
# sessions the runs use (maxIdleCopies), which were then read and decoded again in the runs.
warm_up() { # nodes
  local n url round jit0 jit1 started took
  if ! $SMOKE; then
    for n in $(seq 1 "$1"); do
      url="http://127.0.0.1:$(http_port "$n")/bench"
      for round in $(seq 1 "$WARMUP_ROUNDS"); do
        jit0=$(jmx "$n" jit); started=$(date +%s%N)
        { wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$url/read"
          wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$HERE/load/many.lua" "$url/write" -- "$WORK/many.cookies"
          wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$HERE/load/many.lua" "$url/read" -- "$WORK/many.cookies"
          wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "Cookie: $(head -1 "$WORK/hot.cookie")" "$url/write"
          wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "Cookie: $(head -1 "$WORK/hot.cookie")" "$url/read"
        } >> "$RAW/$CURRENT_VARIANT-node$n-warmup.wrk" 2>&1
        jit1=$(jmx "$n" jit); took=$(( ($(date +%s%N) - started) / 1000000 ))
        echo "node $n round $round: ${took} ms, JIT compilation $(( ${jit1:-0} - ${jit0:-0} )) ms" \
          >> "$RAW/$CURRENT_VARIANT-warmup.jit"
        [ -n "$jit0" ] && [ -n "$jit1" ] && [ $(( (jit1 - jit0) * 100 )) -lt $(( took * WARMUP_SETTLED )) ] && break
      done
    done
  fi
  for n in $(seq 1 "$1"); do jmx "$n" reset > /dev/null; done
}

part_load() {
  local variant shape
  for variant in $VARIANTS; do
    CURRENT_VARIANT=$variant
    log "load: $variant ($(variant_field "$variant" 2))"
    stores_clean
    node_up 1 "$variant" || { echo "$variant: Tomcat did not start, skipped" >> "$RAW/skipped.txt"; continue; }
    cookies 1
    warm_up 1
    for shape in $SHAPES; do measure "$variant" "${shape%:*}" "${shape#*:}" 1; done
    if [ "$(variant_field "$variant" 3)" = redis ]; then monitor_sample "$variant"; fi
    node_down 1
  done
}

part_nodes() {
  local variant shape
  for variant in $NODE_VARIANTS; do
    CURRENT_VARIANT=$variant
    log "nodes: $variant on two Tomcats"
    stores_clean
    node_up 1 "$variant" || { echo "$variant (2 nodes): Tomcat did not start, skipped" >> "$RAW/skipped.txt"; continue; }
    node_up 2 "$variant" || { node_down 1; echo "$variant (2 nodes): second Tomcat did not start" >> "$RAW/skipped.txt"; continue; }
    cookies 1
    warm_up 2
    for shape in $NODE_SHAPES; do measure "$variant" "${shape%:*}" "${shape#*:}" 2; done
    node_down 2; node_down 1
  done
}

# Java heap per session copy: the heap after a full GC (the total of jcmd GC.class_histogram,
# which collects first) of node 1 holding COPIES more sessions than before, divided by how many
# more it holds (JMX activeSessions). A store variant creates the sessions through /write on node
# 2 and reads each on node 1 (node 1 holds copies read from the store, as each node does behind a
# round-robin balancer; node 2 the copies it wrote, reported too); StandardManager creates them on
# node 1. 100 sessions go the same way first, so that classes and caches are in place before.
part_copies() {
  local variant source n
  for variant in $COPY_VARIANTS; do
    CURRENT_VARIANT=$variant
    log "copies: $variant"
    stores_clean
    node_up 1 "$variant" || { echo "$variant (copies): Tomcat did not start, skipped" >> "$RAW/skipped.txt"; continue; }
    source=1
    if [ "$(variant_field "$variant" 3)" != none ]; then
      node_up 2 "$variant" || { node_down 1; echo "$variant (copies): second Tomcat did not start" >> "$RAW/skipped.txt"; continue; }
      source=2
    fi
    copies_made "$source" 100 first
    for n in $(seq 1 "$source"); do
      echo "$(heap_total "$n") $(jmx "$n" dump | sed -n 's/^activeSessions=//p')" > "$WORK/copies-node$n.before"
    done
    copies_made "$source" "$COPIES" counted
    for n in $(seq 1 "$source"); do
      # shellcheck disable=SC2046
      set -- $(cat "$WORK/copies-node$n.before") $(heap_total "$n") $(jmx "$n" dump | sed -n 's/^activeSessions=//p')
      local held=$(($4 - $2)) how="created on it"
      [ "$source" = 2 ] && { [ "$n" = 1 ] && how="read from the store" || how="written by it"; }
      printf '| %s | %s | %d | %d | %d | %.0f |\n' "$(variant_field "$variant" 2)" "$how" "$held" "$1" "$3" \
        "$(awk -v a="$3" -v b="$1" -v n="$held" 'BEGIN { print (n > 0 ? (a - b) / n : 0) }')" >> "$RAW/copies.rows"
    done
    node_down 2; node_down 1
  done
  { echo "| store | copies | copies held (activeSessions, more than before) | heap before (bytes) | heap after | bytes per copy |"
    echo "|---|---|---:|---:|---:|---:|"; cat "$RAW/copies.rows" 2>/dev/null; } > "$RAW/copies.md"
  cat "$RAW/copies.md"
}

# count sessions created through /write on the source node and, when that is node 2, read on node 1
copies_made() { # source-node count name
  java -cp "$BENCH_JAR" io.sessionstores.benchmarks.load.SessionCookies \
    "http://127.0.0.1:$(http_port "$1")/bench/write" "$2" "$WORK/copies-$3.cookies"
  [ "$1" = 2 ] || return 0
  # one wrk thread: its connections share one position in the list, so every cookie comes in turn
  wrk -t1 -c8 -d"${COPY_READ:-10s}" -s "$HERE/load/many.lua" "http://127.0.0.1:$(http_port 1)/bench/read" \
    -- "$WORK/copies-$3.cookies" >> "$RAW/$CURRENT_VARIANT-copies.wrk" 2>&1
}

heap_total() { jcmd "$(node_pid "$1")" GC.class_histogram | awk '$1 == "Total" { print $3 }'; }

part_java() { # part
  local line class args
  line=$(echo "$JAVA_PARTS" | awk -F'|' -v p="$1" '$1 == p')
  class=$(echo "$line" | cut -d'|' -f2); args=$(echo "$line" | cut -d'|' -f3)
  $SMOKE && args=$(echo "$line" | cut -d'|' -f4)
  if ! unzip -l "$BENCH_JAR" "${class//.//}.class" > /dev/null 2>&1; then
    log "$1: $class is not in this build, skipped"
    echo "$1: $class is not in this build" >> "$RAW/skipped.txt"
    return 0
  fi
  log "$1: java $class"
  local smoke=""; $SMOKE && smoke="-Dsessionstores.figures.smoke=true"
  # shellcheck disable=SC2086
  if ! java $smoke -cp "$BENCH_JAR:$CATALINA_HOME/lib/*:$CATALINA_HOME/bin/tomcat-juli.jar" "$class" $args > "$RAW/$1.out" 2>&1; then
    tail -20 "$RAW/$1.out"
    echo "$1: $class failed, see raw/$1.out" >> "$RAW/skipped.txt"
    return 0
  fi
  # a part's markdown table lines and [headings]; a part that prints none is shown whole
  if grep -E '^(\||\[)' "$RAW/$1.out" > "$RAW/$1.md"; then
    cat "$RAW/$1.md"
  else
    { echo '```'; cat "$RAW/$1.out"; echo '```'; } > "$RAW/$1.md"
  fi
}

part_jmh() {
  local options=(-rf json -rff "$RAW/jmh.json" -o "$RAW/jmh.txt")
  local pattern=FrameBenchmark
  if $SMOKE; then
    pattern=FrameBenchmark.readAndDecode
    options+=(-f 0 -wi 0 -i 1 -r 200ms -p size=small -p codecName=json -p compression=on)
  else
    options+=(-wi 1 -w 1 -i 3 -r 1)
  fi
  log "jmh: $pattern ${options[*]}"
  java -jar "$BENCH_JAR" "$pattern" "${options[@]}"
  { echo '```'; sed -n '/^Benchmark /,/^$/p' "$RAW/jmh.txt" | sed '/^$/d'; echo '```'; } > "$RAW/jmh.md"
}

report() {
  {
    echo "# session-stores benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "Machine: $(nproc) cores, $(free -h | awk '/^Mem:/ { print $2 }') RAM, $(uname -sr); load average before: $LOAD_BEFORE"
    echo "Versions: Tomcat $TOMCAT_VERSION, $(java -version 2>&1 | head -1), $(redis-server --version | awk '{ print $3 }'),"
    echo "$(psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -Atc 'show server_version' | awk '{ print "PostgreSQL " $1 }'),"
    echo "$(mysql -h "$MARIADB_HOST" -P "$MARIADB_PORT" -u "$MARIADB_USER" -N -B -e 'select version()' | sed 's/^/MariaDB /'), $(wrk -v 2>&1 | head -1 | awk '{ print "wrk " $2 }')"
    echo "Load: wrk -t$THREADS -c$CONNECTIONS -d$DURATION on loopback, $SESSIONS sessions in the many-sessions shape."
    echo
    if [ -f "$RAW/load.tsv" ]; then
      java -cp "$BENCH_JAR" io.sessionstores.benchmarks.load.LoadReport "$RAW/load.tsv" "$RAW/monitor.tsv"
    fi
    local part
    for part in copies memory buckets sweep expiry analysis jmh; do
      [ -s "$RAW/$part.md" ] || continue
      echo; echo "## $part"; echo; cat "$RAW/$part.md"
    done
    [ -f "$RAW/skipped.txt" ] && { echo; echo "Skipped:"; sed 's/^/- /' "$RAW/skipped.txt"; }
  } > "$RESULTS/results.md"
  REPORTED=true
  log "results: $RESULTS/results.md"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
build
for part in "${PARTS[@]}"; do
  case "$part" in
    load|nodes|copies)
      require_wrk
      [ -f "$WORK/redis.pid" ] || { redis_up; databases_up; }
      "part_$part" ;;
    jmh) part_jmh ;;
    *) part_java "$part" ;;
  esac
done
redis_down
report
