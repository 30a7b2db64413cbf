# session-stores sample: the Prometheus JMX exporter java agent, serving the Manager's, the
# stores' and the expiry valve's JMX attributes as metrics on
#   http://127.0.0.1:9404/metrics
# Copy into $CATALINA_BASE/bin/setenv.sh (or append to yours), put
# jmx_prometheus_javaagent-1.0.1.jar into $CATALINA_BASE/agent/ (not lib/: it is no web
# application's library) and jmx-exporter.yaml into $CATALINA_BASE/conf/. The agent listens on
# the loopback interface: let Prometheus scrape through a proxy or change the address knowingly
# (the page has no authentication).
SESSIONSTORES_METRICS_PORT="${SESSIONSTORES_METRICS_PORT:-9404}"
CATALINA_OPTS="$CATALINA_OPTS \
 -javaagent:$CATALINA_BASE/agent/jmx_prometheus_javaagent-1.0.1.jar=127.0.0.1:$SESSIONSTORES_METRICS_PORT:$CATALINA_BASE/conf/jmx-exporter.yaml"
