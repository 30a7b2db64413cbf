package io.sessionstores.core.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * One embedded Tomcat serving one web application, on a free loopback port: a "node" for tests
 * that need several Tomcats on one store, or a Tomcat that stops and starts again.
 *
 * <pre>{@code
 * WebArchive war = SessionTestApp.war(SessionTestApp.inMemoryStoreContextXml("it"));
 * try (TomcatNode a = TomcatNode.start("node-a", war);
 *      TomcatNode b = TomcatNode.start("node-b", war)) {
 *     SessionClient client = new SessionClient(a.baseUri());
 *     client.get("session/set?name=x&value=1");
 *     client.get(b.baseUri(), "session/get");  // same session, other node
 *     a.restart();                              // same port, new Tomcat, same store
 *     b.redeploy();                             // undeploy + deploy, new Manager
 * }
 * }</pre>
 *
 * The node's engine is {@value #ENGINE} and its host {@value #HOST}, so the store's application
 * name is {@link #appName()} ({@code /Catalina/localhost/app}), as in a default Tomcat. Its files
 * live under {@code <sessionstores.it.dir>/<name>} (the failsafe executions set that system
 * property per Tomcat line; default {@code target/it-tomcat}). The Manager and store classes come
 * from the test class path, as they come from {@code $CATALINA_BASE/lib} in a real Tomcat; the
 * webapp's own classes from its WAR. Works the same on Tomcat 10.1 and 11 (whichever
 * {@code tomcat-embed-core} is on the class path). Not thread-safe: drive it from the test thread.
 */
public final class TomcatNode implements AutoCloseable {

    /** Engine name, as in Tomcat's default server.xml. */
    public static final String ENGINE = "Catalina";
    /** Host name, as in Tomcat's default server.xml. */
    public static final String HOST = "localhost";

    /**
     * Request header limit of a node's connector: 64 KiB instead of Tomcat's 8 KiB, so an
     * oversized cookie (e.g. a 10 KB session id) reaches the Manager, which must refuse it.
     */
    public static final int MAX_REQUEST_HEADER_BYTES = 64 * 1024;

    private final String name;
    private final WebArchive war;
    private final Path baseDir;
    private final String contextPath;
    private final boolean naming;
    private Tomcat tomcat;
    private Context context;
    private int port;

    private TomcatNode(String name, WebArchive war, Path baseDir, boolean naming) {
        this.name = name;
        this.war = war;
        this.baseDir = baseDir;
        this.naming = naming;
        this.contextPath = "/" + war.getName().replaceFirst("\\.war$", "");
    }

    /**
     * Starts a node called {@code name} (its directory) serving {@code war}, on a free port,
     * without JNDI: any number of these run side by side.
     */
    public static TomcatNode start(String name, WebArchive war) {
        return start(name, war, false);
    }

    /**
     * Starts a node with JNDI enabled, so the WAR's context.xml may declare {@code <Resource>}
     * and {@code <Environment>} entries (e.g. a JNDI DataSource). Only ONE such node may run in a
     * JVM at a time: Tomcat keys each web application's naming context by
     * {@code /engine/host/context}, which is the same on every node (it must be: it is also the
     * store's application name), and a second node's context fails with "Context is read only".
     * Multi-node tests therefore configure their store without JNDI (e.g. a JDBC URL).
     */
    public static TomcatNode startWithNaming(String name, WebArchive war) {
        return start(name, war, true);
    }

    private static TomcatNode start(String name, WebArchive war, boolean naming) {
        Path root = Paths.get(System.getProperty("sessionstores.it.dir", "target/it-tomcat"));
        TomcatNode node = new TomcatNode(name, war, root.resolve(name).toAbsolutePath(), naming);
        node.startOn(0);
        return node;
    }

    /** The HTTP port (kept across {@link #restart()}). */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>/<context>/}, for {@link SessionClient}. */
    public URI baseUri() {
        return SessionClient.baseUri(port, contextPath.substring(1));
    }

    /** Tomcat's name for the application, the store's partition key: {@code /Catalina/localhost/app}. */
    public String appName() {
        return "/" + ENGINE + "/" + HOST + contextPath;
    }

    /** The running web application's Context (its Manager: {@code context().getManager()}). */
    public Context context() {
        return context;
    }

    /**
     * Adds Tomcat's own manager servlet ({@code org.apache.catalina.manager.ManagerServlet}, the
     * text interface of the manager webapp) under {@code /manager/text/*} in a privileged context
     * of this node's host, without a login; gone at the next {@link #restart()}.
     *
     * @return its base, e.g. {@code http://127.0.0.1:<port>/manager/text/}
     */
    public URI addManagerServlet() {
        Context manager = new StandardContext();
        manager.setName("/manager");
        manager.setPath("/manager");
        manager.setPrivileged(true); // before it starts: Tomcat loads a ContainerServlet only in a privileged context
        manager.addLifecycleListener(new Tomcat.FixContextListener());
        tomcat.getHost().addChild(manager);
        Tomcat.addServlet(manager, "manager", "org.apache.catalina.manager.ManagerServlet");
        manager.addServletMappingDecoded("/text/*", "manager");
        return URI.create("http://127.0.0.1:" + port + "/manager/text/");
    }

    /** Stops the whole Tomcat (the Manager stops as on a shutdown). */
    public void stop() {
        if (tomcat == null) {
            return;
        }
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("node " + name + " did not stop", e);
        } finally {
            tomcat = null;
            context = null;
        }
    }

    /** Stops Tomcat and starts a new one on the same port with the same WAR. */
    public void restart() {
        stop();
        startOn(port);
    }

    /** Undeploys the web application and deploys it again (new class loader, new Manager). */
    public void redeploy() {
        tomcat.getHost().removeChild(context);
        deploy();
    }

    /** Stops the node. */
    @Override
    public void close() {
        stop();
    }

    private void startOn(int requestedPort) {
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.getEngine().setName(ENGINE);
        tomcat.setHostname(HOST);
        tomcat.getHost().setAppBase(baseDir.resolve("webapps").toString());
        tomcat.setAddDefaultWebXmlToWebapp(false);
        if (naming) {
            tomcat.enableNaming();
        }
        Connector connector = new Connector();
        connector.setPort(requestedPort);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxHttpRequestHeaderSize", String.valueOf(MAX_REQUEST_HEADER_BYTES));
        tomcat.setConnector(connector);
        try {
            Files.createDirectories(baseDir.resolve("webapps"));
            deploy();
            tomcat.start();
        } catch (IOException e) {
            throw new UncheckedIOException("node " + name + ": cannot prepare " + baseDir, e);
        } catch (LifecycleException e) {
            stop();
            throw new IllegalStateException("node " + name + " did not start", e);
        }
        port = connector.getLocalPort();
    }

    private void deploy() {
        Path warFile = SessionTestApp.exportTo(war, baseDir.resolve("wars"));
        context = tomcat.addWebapp(contextPath, warFile.toString());
        // The test class path is long and holds no web fragments: scanning it only costs seconds.
        ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
    }
}
