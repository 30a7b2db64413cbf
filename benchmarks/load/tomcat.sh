# Sourced by run.sh: one Tomcat node per CATALINA_BASE under $WORK, built from the unpacked
# distribution, the jars in target/tomcat-lib, the benchmark webapp and one context.xml variant.

# The variants, in the order they run: id|label|store kind (none, redis, pg, mariadb)
VARIANTS_ALL="
standard|StandardManager (ceiling)|none
floor|floor: StandardManager + one 1 KB HGET|redis
redisson-redis|Redisson manager, readMode REDIS|redis
redisson-memory|Redisson manager, readMode MEMORY|redis
tomcat-pg|Tomcat PersistentManager + DataSourceStore, PostgreSQL|pg
hash|ours, Redis hash, near cache|redis
hash-nonear|ours, Redis hash, nearCache=false|redis
string|ours, Redis string, near cache|redis
hash-sticky|ours, Redis hash, sticky|redis
hash-unbounded|ours, Redis hash, maxIdleCopies=-1|redis
jdbc-pg|ours, JDBC PostgreSQL|pg
jdbc-mariadb|ours, JDBC MariaDB|mariadb
cached-pg|ours, cached-JDBC: PostgreSQL + Redis|pg
"

# A variant id may end in "@base": the same context.xml, but the jars come from BASELINE_LIB (another
# build's benchmarks/target/tomcat-lib), so that a change is measured before and after in one run.
variant_field() { # id field-number
  local suffix=""
  case "$1" in *@base) [ "$2" = 2 ] && suffix=" (baseline jars)" ;; esac
  echo "$VARIANTS_ALL" | awk -F'|' -v id="${1%@base}" -v f="$2" -v suffix="$suffix" '$1 == id { print $f suffix }'
}

variant_lib() { # id
  case "$1" in
    *@base)
      [ -n "${BASELINE_LIB:-}" ] && [ -d "$BASELINE_LIB" ] || { echo "variant $1 needs BASELINE_LIB (a tomcat-lib directory)" >&2; return 1; }
      echo "$BASELINE_LIB" ;;
    *) echo "$TOMCAT_LIB" ;;
  esac
}

http_port() { echo $((HTTP_PORT_BASE + $1 - 1)); }
jmx_port() { echo $((JMX_PORT_BASE + $1 - 1)); }

PG_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$BENCH_DB?connectTimeout=5&amp;socketTimeout=10"
MARIADB_URL="jdbc:mariadb://$MARIADB_HOST:$MARIADB_PORT/$BENCH_DB?sslMode=disable&amp;connectTimeout=5000&amp;socketTimeout=10000"

datasource() { # driver url user
  cat <<EOF
  <Resource name="jdbc/sessions" auth="Container" type="javax.sql.DataSource"
            factory="org.apache.tomcat.jdbc.pool.DataSourceFactory" closeMethod="close"
            driverClassName="$1" url="$2" username="$3" password=""
            initialSize="8" minIdle="8" maxIdle="32" maxActive="32" maxWait="5000"
            testOnBorrow="true" validationQuery="SELECT 1" validationInterval="5000"
            defaultAutoCommit="true" jmxEnabled="false"/>
EOF
}

our_manager() { # manager attributes, store element
  cat <<EOF
  <Manager className="io.sessionstores.core.SessionStoreManager" $1>
    $2
  </Manager>
EOF
}

REDIS_STORE='<Store className="io.sessionstores.redis.RedisSessionStore" redissonConfig="${catalina.base}/conf/redisson.yaml"'
JDBC_STORE='<Store className="io.sessionstores.jdbc.JdbcSessionStore" dataSourceName="jdbc/sessions" tableName="bench_sessions" createSchema="true" queryTimeout="5"/>'
CACHED_STORE='<Store className="io.sessionstores.redis.CachedJdbcSessionStore" dataSourceName="jdbc/sessions" tableName="bench_sessions" createSchema="true" queryTimeout="5" redissonConfig="${catalina.base}/conf/redisson.yaml"/>'

# StandardManager's variants keep the session id a request brings (Tomcat reuses a requested id
# only with the cookie path "/" and validateClientProvidedNewSessionId off): on a second node,
# or after the cookies were made elsewhere, each cookie then gets one session there, as it would
# from a store, instead of a new session per request (a million after a few runs, and a heap
# that fills).
context_open() { # variant id
  case "$1" in
    standard|floor) echo '<Context sessionCookiePath="/" validateClientProvidedNewSessionId="false">' ;;
    *) echo '<Context>' ;;
  esac
}

context_body() { # variant id
  case "$1" in
    standard) echo '  <Manager className="org.apache.catalina.session.StandardManager" pathname=""/>' ;;
    floor)
      echo '  <Manager className="org.apache.catalina.session.StandardManager" pathname=""/>'
      echo "  <Valve className=\"io.sessionstores.benchmarks.tomcat.FloorValve\" address=\"redis://127.0.0.1:$REDIS_PORT\"/>" ;;
    redisson-redis|redisson-memory)
      local mode=REDIS; [ "$1" = redisson-memory ] && mode=MEMORY
      echo "  <Manager className=\"org.redisson.tomcat.RedissonSessionManager\" configPath=\"\${catalina.base}/conf/redisson.yaml\" readMode=\"$mode\" updateMode=\"DEFAULT\" broadcastSessionEvents=\"false\"/>" ;;
    tomcat-pg)
      datasource org.postgresql.Driver "$PG_URL" "$PG_USER"
      cat <<'EOF'
  <Manager className="org.apache.catalina.session.PersistentManager" maxIdleBackup="-1" saveOnRestart="false">
    <Store className="org.apache.catalina.session.DataSourceStore" dataSourceName="jdbc/sessions" localDataSource="true"
           sessionTable="tomcat_pm_sessions" sessionIdCol="session_id" sessionValidCol="valid_session"
           sessionMaxInactiveCol="max_inactive" sessionLastAccessedCol="last_access" sessionAppCol="app_name"
           sessionDataCol="session_data"/>
  </Manager>
  <Valve className="org.apache.catalina.valves.PersistentValve"/>
EOF
      ;;
    hash) our_manager "" "$REDIS_STORE mode=\"hash\"/>" ;;
    string) our_manager "" "$REDIS_STORE mode=\"string\"/>" ;;
    hash-nonear) our_manager 'nearCache="false"' "$REDIS_STORE mode=\"hash\"/>" ;;
    hash-sticky) our_manager 'sticky="true"' "$REDIS_STORE mode=\"hash\"/>" ;;
    hash-unbounded) our_manager 'maxIdleCopies="-1"' "$REDIS_STORE mode=\"hash\"/>" ;;
    jdbc-pg) datasource org.postgresql.Driver "$PG_URL" "$PG_USER"; our_manager "" "$JDBC_STORE" ;;
    jdbc-mariadb) datasource org.mariadb.jdbc.Driver "$MARIADB_URL" "$MARIADB_USER"; our_manager "" "$JDBC_STORE" ;;
    cached-pg) datasource org.postgresql.Driver "$PG_URL" "$PG_USER"; our_manager "" "$CACHED_STORE" ;;
    *) echo "unknown variant $1" >&2; return 1 ;;
  esac
}

server_xml() { # http port
  cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<Server port="-1" shutdown="SHUTDOWN">
  <Listener className="org.apache.catalina.startup.VersionLoggerListener"/>
  <Service name="Catalina">
    <Connector port="$1" address="127.0.0.1" protocol="HTTP/1.1" connectionTimeout="20000" maxThreads="200"/>
    <Engine name="Catalina" defaultHost="localhost">
      <Host name="localhost" appBase="webapps" unpackWARs="false" autoDeploy="false"/>
    </Engine>
  </Service>
</Server>
EOF
}

web_xml() {
  cat <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="true">
  <servlet>
    <servlet-name>bench</servlet-name>
    <servlet-class>io.sessionstores.benchmarks.tomcat.BenchServlet</servlet-class>
  </servlet>
  <servlet-mapping>
    <servlet-name>bench</servlet-name>
    <url-pattern>/read</url-pattern>
    <url-pattern>/write</url-pattern>
  </servlet-mapping>
  <session-config>
    <session-timeout>30</session-timeout>
  </session-config>
</web-app>
EOF
}

redisson_yaml() {
  cat <<EOF
singleServerConfig:
  address: "redis://127.0.0.1:$REDIS_PORT"
  timeout: 2000
  connectTimeout: 2000
  retryAttempts: 1
  connectionMinimumIdleSize: 8
  connectionPoolSize: 32
EOF
}

# Lays out CATALINA_BASE for node n with the variant's context.xml.
node_base() { # node variant
  local base="$WORK/node$1"
  rm -rf "$base"
  mkdir -p "$base"/{bin,conf,lib,logs,temp,work} "$base/webapps/bench/WEB-INF" "$base/webapps/bench/META-INF"
  cp "$CATALINA_HOME"/conf/{catalina.properties,logging.properties,web.xml,tomcat-users.xml} "$base/conf/"
  # the jar scan at start-up is not what is measured
  echo 'tomcat.util.scan.StandardJarScanFilter.jarsToSkip=*.jar' >> "$base/conf/catalina.properties"
  server_xml "$(http_port "$1")" > "$base/conf/server.xml"
  redisson_yaml > "$base/conf/redisson.yaml"
  local lib; lib=$(variant_lib "$2") || return 1
  cp "$lib"/*.jar "$base/lib/"
  web_xml > "$base/webapps/bench/WEB-INF/web.xml"
  { echo '<?xml version="1.0" encoding="UTF-8"?>'; context_open "${2%@base}"; context_body "${2%@base}"; echo '</Context>'; } \
    > "$base/webapps/bench/META-INF/context.xml"
  local jmx; jmx=$(jmx_port "$1")
  cat > "$base/bin/setenv.sh" <<EOF
CATALINA_OPTS="\$CATALINA_OPTS $TOMCAT_HEAP -Dcom.sun.management.jmxremote.port=$jmx -Dcom.sun.management.jmxremote.rmi.port=$jmx -Dcom.sun.management.jmxremote.host=127.0.0.1 -Djava.rmi.server.hostname=127.0.0.1 -Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false"
EOF
}

# Starts node n (catalina.sh run, so $! is Tomcat's JVM) and waits until /bench answers.
node_up() { # node variant
  node_base "$1" "$2"
  local base="$WORK/node$1"
  CATALINA_HOME="$CATALINA_HOME" CATALINA_BASE="$base" sh "$CATALINA_HOME/bin/catalina.sh" run \
    > "$base/logs/console.log" 2>&1 &
  echo $! > "$base/tomcat.pid"
  local url="http://127.0.0.1:$(http_port "$1")/bench/read"
  for _ in $(seq 1 120); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$url")" = 200 ]; then
      return 0
    fi
    if ! kill -0 "$(cat "$base/tomcat.pid")" 2>/dev/null; then break; fi
    sleep 0.5
  done
  echo "node $1 ($2) did not start; the end of its log:" >&2
  tail -40 "$base/logs/console.log" >&2
  node_down "$1"
  return 1
}

node_pid() { cat "$WORK/node$1/tomcat.pid"; }

node_down() { # node
  local pidfile="$WORK/node$1/tomcat.pid"
  [ -f "$pidfile" ] || return 0
  local pid; pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$pid" 2>/dev/null || true
  # the node's log stays with the results: errors under load are part of the figures
  mkdir -p "$RAW/logs"
  cat "$WORK/node$1"/logs/*.log > "$RAW/logs/$CURRENT_VARIANT-node$1.log" 2>/dev/null || true
  rm -f "$pidfile"
}
