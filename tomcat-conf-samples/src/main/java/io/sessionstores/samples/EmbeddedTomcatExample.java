package io.sessionstores.samples;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;

import io.sessionstores.core.SessionStoreManager;
import io.sessionstores.core.expiry.ExpiryValve;
import io.sessionstores.jdbc.JdbcSessionStore;

/**
 * Plain embedded Tomcat, no Spring, no {@code context.xml}: the Manager installed in a few lines
 * (the README's "Embedded Tomcat" section shows the body of {@link #start}). Every attribute of
 * the README's tables is a setter of the same name. Run it with a JDBC URL:
 * {@code java -cp ... io.sessionstores.samples.EmbeddedTomcatExample 8080 jdbc:h2:file:./sessions}.
 */
public final class EmbeddedTomcatExample {

    private EmbeddedTomcatExample() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        String url = args.length > 1 ? args[1] : "jdbc:h2:file:./sessions";
        Tomcat tomcat = start(port, url, "tomcat_sessions", Files.createTempDirectory("embedded-tomcat"));
        tomcat.getServer().await();
    }

    /** A Tomcat on {@code port} whose sessions are stored in {@code table} at {@code jdbcUrl}; started. */
    public static Tomcat start(int port, String jdbcUrl, String table, Path baseDir) throws LifecycleException {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setPort(port);
        tomcat.getConnector();
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "demo", new DemoServlet());
        context.addServletMappingDecoded("/", "demo");

        JdbcSessionStore store = new JdbcSessionStore();   // or RedisSessionStore, CachedJdbcSessionStore
        store.setUrl(jdbcUrl);                             // or store.setDataSource(yourDataSource)
        store.setTableName(table);
        store.setCreateSchema(true);
        SessionStoreManager manager = new SessionStoreManager();
        manager.setStore(store);
        context.setManager(manager);
        context.getPipeline().addValve(new ExpiryValve());  // optional: bulk deletion of expired sessions
        tomcat.start();
        if (!context.getState().isAvailable()) {            // a refused attribute: the log says which
            throw new IllegalStateException("the context did not start; the log names the attribute it refused");
        }
        return tomcat;
    }
}
