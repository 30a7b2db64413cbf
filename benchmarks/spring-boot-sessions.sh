#!/usr/bin/env bash
# The Spring Boot sample side by side: its sessions in session-stores (Redis hash mode, the
# starter) and in Spring Session Data Redis (the same application built with -Pspring-session).
# One private redis-server, two instances of each application, wrk from Debian. Prints one row per
# variant: read and write requests per second (one session, one node, wrk -t2 -c32), Redis
# commands per request (INFO commandstats over the run / wrk's request count), and acknowledged
# attribute changes lost when 32 concurrent requests on one session, alternating between the two
# instances, each set an attribute of their own. Not part of the test run.
#   benchmarks/spring-boot-sessions.sh            (DURATION=10 seconds per wrk run)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}
work=$(mktemp -d /tmp/spring-boot-sessions.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  [ -n "${redis_port:-}" ] && redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

echo "building both jars..." >&2
mvn -B -q -pl tomcat-conf-samples/spring-boot -am -DskipTests -DskipITs package
cp tomcat-conf-samples/spring-boot/target/spring-boot-sample-0.1.0-SNAPSHOT.jar "$work/session-stores.jar"
mvn -B -q -pl tomcat-conf-samples/spring-boot -am -DskipTests -DskipITs -Pspring-session package
cp tomcat-conf-samples/spring-boot/target/spring-boot-sample-spring-session-0.1.0-SNAPSHOT.jar "$work/spring-session.jar"

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
  --dir "$work" --logfile "$work/redis.log"
sleep 1

start() { # jar, port, log, args...
  local jar=$1 port=$2 log=$3; shift 3
  java -Xmx512m -jar "$jar" --server.port="$port" --sample.bench=true "$@" >"$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 240); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/login" && return 0
    sleep 0.5
  done
  echo "$jar did not start on $port: $log" >&2; return 1
}

commands() { # total calls in INFO commandstats, without the benchmark's own INFO/CONFIG and keep-alives
  redis-cli -p "$redis_port" info commandstats | tr -d '\r' \
    | awk -F'[:=,]' '/^cmdstat_/ && $1 !~ /cmdstat_(info|config|ping|client|hello|select)$/ {s+=$3} END {print s+0}'
}

cookie_header() { # the session cookie of a curl jar as a request header
  awk '$6 ~ /^(JSESSIONID|SESSION)$/ {print "Cookie: " $6 "=" $7}' "$1" | tail -1
}

measure() { # url, cookie header -> "req/s commands/request"
  redis-cli -p "$redis_port" config resetstat >/dev/null
  local out requests rps calls
  out=$(wrk -t2 -c32 -d"${DURATION}s" -H "$2" "$1")
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  rps=$(echo "$out" | awk '/Requests\/sec/ {printf "%d", $2}')
  calls=$(commands)
  echo "$rps $(awk -v c="$calls" -v r="$requests" 'BEGIN {printf "%.2f", c / r}')"
}

lost_updates() { # port A, port B -> "acknowledged present lost"
  local a=$1 b=$2 jar="$work/lost.jar" acked=0 present
  rm -f "$jar"
  curl -s -c "$jar" -o /dev/null "http://127.0.0.1:$a/bench/write"
  local header; header=$(cookie_header "$jar")
  for i in $(seq 0 31); do
    local port=$a; [ $((i % 2)) -eq 1 ] && port=$b
    (curl -s -o /dev/null -w '%{http_code}\n' -H "$header" "http://127.0.0.1:$port/bench/mark?i=$i" >"$work/mark.$i") &
  done
  wait
  acked=$(cat "$work"/mark.* | grep -c '^200$' || true)
  rm -f "$work"/mark.*
  present=$(curl -s -H "$header" "http://127.0.0.1:$b/bench/marks")
  echo "$acked $present $((acked - present))"
}

run_variant() { # name, jar, args...
  local name=$1 jar=$2; shift 2
  local a b
  a=$(free_port); b=$(free_port)
  start "$jar" "$a" "$work/$name-A.log" "$@"
  start "$jar" "$b" "$work/$name-B.log" "$@"
  local cj="$work/$name.cookies"
  curl -s -c "$cj" -o /dev/null "http://127.0.0.1:$a/bench/write"
  local header; header=$(cookie_header "$cj")
  wrk -t2 -c32 -d5s -H "$header" "http://127.0.0.1:$a/bench/write" >/dev/null # warm-up
  wrk -t2 -c32 -d5s -H "$header" "http://127.0.0.1:$a/bench/read" >/dev/null
  local read write lost
  read=$(measure "http://127.0.0.1:$a/bench/read" "$header")
  write=$(measure "http://127.0.0.1:$a/bench/write" "$header")
  lost=$(lost_updates "$a" "$b")
  printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "${read% *}" "${write% *}" "${read#* }" "${write#* }" "$lost"
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
}

echo "| variant | read req/s | write req/s | Redis commands per read | per write | 32 concurrent changes: acknowledged, present, lost |"
echo "|---|---:|---:|---:|---:|---|"
run_variant "session-stores (starter, Redis hash mode)" "$work/session-stores.jar" \
  --session-stores.redis.address="redis://127.0.0.1:$redis_port" --session-stores.redis.key-prefix=bench:
run_variant "Spring Session Data Redis" "$work/spring-session.jar" \
  --session-stores.enabled=false --spring.data.redis.host=127.0.0.1 --spring.data.redis.port="$redis_port"
echo "logs: $work" >&2
