# Sourced by run.sh: one measured wrk run and the counters around it (store commands or
# statements, CPU seconds of Tomcat, Redis and the database, the Manager's JMX counters).

CLK_TCK=$(getconf CLK_TCK)

# "pid ticks" lines: CPU ticks (user + system) of each of the given processes still running.
cpu_ticks() {
  local pid fields
  for pid in "$@"; do
    fields=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
    # after the command name: field 12 is utime, 13 stime (14 and 15 of the whole line)
    echo "$pid $(echo "$fields" | awk '{ print $12 + $13 }')"
  done
}

# Ticks used between two cpu_ticks samples: a process started meanwhile counts in full, one
# that ended meanwhile (a database backend) is left out rather than counted negative.
cpu_used() { # before after
  awk 'NR == FNR { before[$1] = $2; next } { used += $2 - ($1 in before ? before[$1] : 0) } END { print used + 0 }' \
    <(echo "$1") <(echo "$2")
}

seconds() { awk -v ticks="$1" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", ticks / hz }'; }

tomcat_pids() { local n; for n in $(seq 1 "$1"); do node_pid "$n"; done; }
redis_pids() { cat "$WORK/redis.pid"; }
db_pids() { # kind
  case "$1" in
    pg) pgrep -x postgres ;;
    mariadb) pgrep -x mariadbd || pgrep -x mysqld ;;
  esac
}

# Store counters as "name=value" words; redis after CONFIG RESETSTAT, the databases as totals.
store_counters() { # kind
  case "$1" in
    redis)
      redis-cli -p "$REDIS_PORT" info commandstats | tr -d '\r' \
        | sed -n 's/^cmdstat_\([a-z|]*\):calls=\([0-9]*\),.*/\1=\2/p' \
        | { grep -v -E '^(info|config|ping|client|hello|select|command|echo|monitor|readonly)(\|[a-z]+)?=' || true; } | tr '\n' ' ' ;;
    pg)
      psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -At -F ' ' -c \
        "select 'transactions=' || (xact_commit + xact_rollback), 'tup_fetched=' || tup_fetched,
                'tup_inserted=' || tup_inserted, 'tup_updated=' || tup_updated, 'tup_deleted=' || tup_deleted
           from pg_stat_database where datname = '$BENCH_DB'" ;;
    mariadb)
      mysql -h "$MARIADB_HOST" -P "$MARIADB_PORT" -u "$MARIADB_USER" -N -B -e \
        "show global status where Variable_name in ('Com_select','Com_insert','Com_update','Com_delete')" \
        | awk '{ printf "%s=%s ", tolower($1), $2 }' ;;
  esac
}

used_memory() { # kind: Redis used_memory in bytes, 0 for the others
  if [ "$1" = redis ]; then
    redis-cli -p "$REDIS_PORT" info memory | tr -d '\r' | sed -n 's/^used_memory:\([0-9]*\)$/\1/p'
  else
    echo 0
  fi
}

store_reset() { # kind
  if [ "$1" = redis ]; then redis-cli -p "$REDIS_PORT" config resetstat > /dev/null; fi
}

# after-minus-before of two "name=value" word lists (redis: after alone, it was reset)
counter_delta() { # kind before after
  if [ "$1" = redis ]; then echo "$3"; return; fi
  awk -v before="$2" -v after="$3" 'BEGIN {
    n = split(before, b, " "); for (i = 1; i <= n; i++) { split(b[i], kv, "="); base[kv[1]] = kv[2] }
    n = split(after, a, " "); for (i = 1; i <= n; i++) { split(a[i], kv, "="); printf "%s=%d ", kv[1], kv[2] - base[kv[1]] }
  }'
}

# Store calls in a delta: redis every command, PostgreSQL transactions (autocommit: statements),
# MariaDB the four statement counters.
store_calls() { # kind delta
  echo "$2" | tr ' ' '\n' | awk -F= -v kind="$1" '
    NF == 2 && (kind == "redis" || $1 == "transactions" || $1 ~ /^com_/) { s += $2 } END { print s + 0 }'
}

# the Manager's counters were reset after the warm-up and are reset after each run (dump-reset)
jmx() { # node action
  java -cp "$BENCH_JAR" io.sessionstores.benchmarks.load.JmxCounters "$(jmx_port "$1")" "$2" 2>> "$RAW/jmx.err" || true
}

# wrk's summary as "requests rps p50ms p99ms errors"
wrk_summary() { # wrk output file
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000; return v * 1000 }
    / requests in / { requests = $1 }
    /^Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx or 3xx responses:/ { errors += $NF }
    /Socket errors:/ { gsub(",", ""); errors += $4 + $6 + $8 + $10 }
    END { printf "%d %.1f %.3f %.3f %d\n", requests, rps, p50, p99, errors + 0 }' "$1"
}

# Runs wrk on node n; shape hot (one cookie), many (the cookie list), split (the count cookies
# from the offset on: with two nodes each its own half, as behind a sticky balancer) or new (no cookie).
wrk_on() { # node shape endpoint connections threads output [cookie-offset [cookie-count]]
  local url="http://127.0.0.1:$(http_port "$1")/bench/$3"
  local common=(-t"$5" -c"$4" -d"$DURATION" --timeout 5s --latency)
  case "$2" in
    hot) wrk "${common[@]}" -H "Cookie: $(head -1 "$WORK/hot.cookie")" "$url" > "$6" 2>&1 ;;
    many) wrk "${common[@]}" -s "$HERE/load/many.lua" "$url" -- "$WORK/many.cookies" "${7:-0}" > "$6" 2>&1 ;;
    split) wrk "${common[@]}" -s "$HERE/load/many.lua" "$url" -- "$WORK/many.cookies" "${7:-0}" "${8:-0}" > "$6" 2>&1 ;;
    new) wrk "${common[@]}" "$url" > "$6" 2>&1 ;;
  esac
}

# One measured run over the given number of nodes; appends a row to $RAW/load.tsv.
measure() { # variant shape endpoint nodes
  local variant=$1 shape=$2 endpoint=$3 nodes=$4 kind; kind=$(variant_field "$variant" 3)
  local name="$variant-$shape-$endpoint-${nodes}n" n
  local tomcats redis db
  tomcats=$(tomcat_pids "$nodes"); redis=$(redis_pids); db=$(db_pids "$kind")
  store_reset "$kind"
  local before cpu0_t cpu0_r cpu0_d memory0
  memory0=$(used_memory "$kind")
  before=$(store_counters "$kind")
  cpu0_t=$(cpu_ticks $tomcats); cpu0_r=$(cpu_ticks $redis); cpu0_d=$(cpu_ticks $db)
  if [ "$nodes" = 1 ]; then
    wrk_on 1 "$shape" "$endpoint" "$CONNECTIONS" "$THREADS" "$RAW/$name.wrk"
  else
    local half=$((SESSIONS / nodes)) pids=()
    for n in $(seq 1 "$nodes"); do
      wrk_on "$n" "$shape" "$endpoint" $((CONNECTIONS / nodes)) 1 "$RAW/$name.node$n.wrk" $(((n - 1) * half)) "$half" &
      pids+=($!)
    done
    wait "${pids[@]}"
  fi
  local cpu_t cpu_r cpu_d
  cpu_t=$(cpu_used "$cpu0_t" "$(cpu_ticks $tomcats)"); cpu_r=$(cpu_used "$cpu0_r" "$(cpu_ticks $redis)")
  cpu_d=$(cpu_used "$cpu0_d" "$(cpu_ticks $(db_pids "$kind"))")
  [ "$kind" = pg ] && sleep "$PG_STATS_WAIT"   # backends report their statistics about once a second
  local delta; delta=$(counter_delta "$kind" "$before" "$(store_counters "$kind")")
  if [ "$kind" = redis ]; then # Redis's own time per command (a script's inner calls count in both)
    redis-cli -p "$REDIS_PORT" info commandstats | tr -d '\r' | grep '^cmdstat_' > "$RAW/$name.commandstats" || true
  fi
  local counters=""
  for n in $(seq 1 "$nodes"); do
    jmx "$n" dump-reset > "$RAW/$name.node$n.jmx"
    counters="$counters $(tr '\n' ' ' < "$RAW/$name.node$n.jmx")"
  done
  local summary
  if [ "$nodes" = 1 ]; then summary=$(wrk_summary "$RAW/$name.wrk"); else summary=$(sum_summaries "$RAW/$name".node*.wrk); fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$variant" "$(variant_field "$variant" 2)" \
    "$shape" "$endpoint" "$nodes" "$(echo "$summary" | tr ' ' '\t')" "$(store_calls "$kind" "$delta")" "$delta" \
    "$(seconds "$cpu_t")" "$(seconds "$cpu_r")" "$(seconds "$cpu_d")" \
    "$(merge_counters $counters)" $(( $(used_memory "$kind") - memory0 )) >> "$RAW/load.tsv"
  echo "  $name: $summary (requests req/s p50 p99 errors)"
}

# Two wrk processes: requests, req/s and errors add up; the latencies shown are the higher ones.
sum_summaries() {
  local f
  for f in "$@"; do wrk_summary "$f"; done | awk '
    { r += $1; s += $2; if ($3 > p50) p50 = $3; if ($4 > p99) p99 = $4; e += $5 }
    END { printf "%d %.1f %.3f %.3f %d\n", r, s, p50, p99, e }'
}

# name=value words of several nodes, values of one name added up
merge_counters() {
  echo "$@" | tr ' ' '\n' | awk -F= 'NF == 2 { if (!($1 in sum)) order[++n] = $1; sum[$1] += $2 }
    END { for (i = 1; i <= n; i++) printf "%s=%s ", order[i], sum[order[i]] }'
}

# Round trips per request: MONITOR while 20 sequential requests of each kind run on node 1.
monitor_sample() { # variant
  local out="$RAW/$1.monitor" phase i
  redis-cli -p "$REDIS_PORT" monitor > "$out" &
  local monitor=$!
  sleep 0.2
  local base="http://127.0.0.1:$(http_port 1)/bench"
  for phase in read write new; do
    redis-cli -p "$REDIS_PORT" echo "phase:$phase" > /dev/null
    for i in $(seq 1 "$MONITOR_REQUESTS"); do
      case "$phase" in
        new) curl -s -o /dev/null "$base/read" ;;
        *) curl -s -o /dev/null -H "Cookie: $(head -1 "$WORK/hot.cookie")" "$base/$phase" ;;
      esac
    done
  done
  redis-cli -p "$REDIS_PORT" echo "phase:end" > /dev/null
  sleep 0.2
  kill "$monitor" || true
  wait "$monitor" 2>/dev/null || true
  awk -v variant="$1" -v label="$(variant_field "$1" 2)" -v requests="$MONITOR_REQUESTS" '
    /"echo" "phase:/ { match($0, /phase:[a-z]+/); if (phase != "") report(); phase = substr($0, RSTART + 6, RLENGTH - 6); delete count; total = 0; next }
    phase != "" && /^[0-9.]+ \[/ { match($0, /\] "[^"]*"/); command = toupper(substr($0, RSTART + 3, RLENGTH - 4));
      if (command == "PING") next; count[command]++; total++ }
    function report(   c, detail) { detail = ""; for (c in count) detail = detail sprintf("%s %.2f, ", c, count[c] / requests);
      sub(/, $/, "", detail); printf "%s\t%s\t%s\t%.2f\t%s\n", variant, label, phase, total / requests, detail }
  ' "$out" >> "$RAW/monitor.tsv"
}
