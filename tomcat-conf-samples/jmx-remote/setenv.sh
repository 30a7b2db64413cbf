# session-stores sample: remote JMX for jconsole (or a JMX exporter) on the loopback interface,
# with a password. Copy into $CATALINA_BASE/bin/setenv.sh (or append to yours), copy
# jmxremote.password and jmxremote.access into $CATALINA_BASE/conf/, make the password file
# readable by the Tomcat user only (chmod 600: the JVM refuses it otherwise), change the
# passwords, then connect with
#   jconsole 127.0.0.1:9010        (user "monitor" reads, user "operator" may also run operations)
# The Manager's MBean is Catalina:type=Manager,host=localhost,context=/<app>.
# Reach it from another machine through an SSH tunnel rather than by opening the port; for a
# network listener, enable SSL (com.sun.management.jmxremote.ssl=true and a keystore).
SESSIONSTORES_JMX_PORT="${SESSIONSTORES_JMX_PORT:-9010}"
CATALINA_OPTS="$CATALINA_OPTS \
 -Dcom.sun.management.jmxremote.port=$SESSIONSTORES_JMX_PORT \
 -Dcom.sun.management.jmxremote.rmi.port=$SESSIONSTORES_JMX_PORT \
 -Dcom.sun.management.jmxremote.host=127.0.0.1 \
 -Djava.rmi.server.hostname=127.0.0.1 \
 -Dcom.sun.management.jmxremote.ssl=false \
 -Dcom.sun.management.jmxremote.authenticate=true \
 -Dcom.sun.management.jmxremote.password.file=$CATALINA_BASE/conf/jmxremote.password \
 -Dcom.sun.management.jmxremote.access.file=$CATALINA_BASE/conf/jmxremote.access"
