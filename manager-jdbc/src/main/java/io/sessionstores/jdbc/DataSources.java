package io.sessionstores.jdbc;

import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sessionstores.core.config.ConfigException;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.jdbc.dialect.Dialect;
import org.apache.catalina.Container;
import org.apache.catalina.Engine;
import org.apache.catalina.Manager;
import org.apache.catalina.Server;

/** Where the JDBC store's connections come from: a JNDI DataSource, or a small pool of its own. */
final class DataSources {

    private DataSources() {
    }

    /**
     * Looks {@code name} up in the web application's {@code java:comp/env}, then in the server's
     * global JNDI resources (as Tomcat's DataSourceStore does). Looking up does not connect.
     *
     * @throws ConfigException when neither holds a DataSource under that name
     */
    static DataSource lookup(String name, StoreContext context, Manager manager) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(context.classLoader());
        try {
            return (DataSource) new InitialContext().lookup("java:comp/env/" + name);
        } catch (NamingException | ClassCastException local) {
            DataSource global = globalLookup(name, manager);
            if (global != null) {
                return global;
            }
            throw new ConfigException("dataSourceName", name, "no javax.sql.DataSource under java:comp/env/" + name
                    + " nor in the server's GlobalNamingResources (" + local.getClass().getSimpleName() + ": "
                    + local.getMessage() + "); declare <Resource name=\"" + name
                    + "\" type=\"javax.sql.DataSource\" .../> in context.xml, or a <ResourceLink> to a global one;"
                    + " a pool that connects when created (initialSize > 0) fails here while the database is down");
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static DataSource globalLookup(String name, Manager manager) {
        Server server = server(manager);
        Context global = server == null ? null : server.getGlobalNamingContext();
        if (global == null) {
            return null;
        }
        try {
            return global.lookup(name) instanceof DataSource ds ? ds : null;
        } catch (NamingException e) {
            return null;
        }
    }

    private static Server server(Manager manager) {
        Container c = manager == null ? null : manager.getContext();
        while (c != null && !(c instanceof Engine)) {
            c = c.getParent();
        }
        return c == null || ((Engine) c).getService() == null ? null : ((Engine) c).getService().getServer();
    }

    /**
     * The store's own HikariCP pool for the {@code url} configuration: small, bounded waits, and
     * created without connecting, so Tomcat starts while the database is down. Its threads come
     * from {@code threads}, so that none holds the web application (see {@link PoolThreads}).
     */
    static HikariDataSource pool(JdbcStoreSettings settings, String poolName, PoolThreads threads) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setThreadFactory(threads);
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setMinimumIdle(Math.min(2, settings.maxPoolSize()));
        config.setConnectionTimeout(settings.connectionTimeout());
        config.setValidationTimeout(Math.max(250, Math.min(5000, settings.connectionTimeout() - 1)));
        config.setInitializationFailTimeout(-1);
        config.setAutoCommit(true);
        Dialect.forUrl(settings.url())
                .ifPresent(d -> d.driverProperties(settings.queryTimeout()).forEach(config::addDataSourceProperty));
        return new HikariDataSource(config);
    }
}
