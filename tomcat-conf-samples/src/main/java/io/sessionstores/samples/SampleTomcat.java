package io.sessionstores.samples;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * A real Tomcat (embedded, JNDI enabled as in a standalone Tomcat) serving one web application
 * whose {@code context.xml} is one of this module's samples: the one-command demo, and the Tomcat
 * that the sample tests boot, in this JVM or as a separate process (one JVM per node, as in
 * production).
 *
 * <p>Command line: {@code java -cp ... io.sessionstores.samples.SampleTomcat [--port=8080]
 * [--context-xml=jdbc-h2/context.xml] [--war=app.war] [--path=/demo] [--base-dir=target/demo]}.
 * Without {@code --war} it serves the {@link DemoServlet}. It prints {@code READY <port>} once
 * serving, and stops cleanly on Ctrl-C (SIGINT/SIGTERM).
 */
public final class SampleTomcat implements AutoCloseable {

    /** Printed on standard output once Tomcat serves; followed by the port. */
    public static final String READY = "READY";

    private final Tomcat tomcat;
    private final Connector connector;

    private SampleTomcat(Tomcat tomcat, Connector connector) {
        this.tomcat = tomcat;
        this.connector = connector;
    }

    /**
     * Starts Tomcat.
     *
     * @param port       HTTP port on 127.0.0.1 (0: any free port)
     * @param baseDir    Tomcat's work directory
     * @param contextXml the context.xml to use, or {@code null} for the WAR's own
     * @param war        the web application, or {@code null} for the demo servlet
     * @param path       the context path, e.g. {@code /demo}
     */
    public static SampleTomcat start(int port, Path baseDir, Path contextXml, Path war, String path) {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toAbsolutePath().toString());
        tomcat.getServer().setPort(-1);
        tomcat.getEngine().setName("Catalina");
        tomcat.setHostname("localhost");
        tomcat.getHost().setAppBase(baseDir.resolve("webapps").toAbsolutePath().toString());
        tomcat.setAddDefaultWebXmlToWebapp(false);
        tomcat.enableNaming();
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        try {
            Files.createDirectories(baseDir.resolve("webapps"));
            Context context = tomcat.addWebapp(path, war != null ? war.toAbsolutePath().toString() : demoDocBase(baseDir));
            ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
            if (contextXml != null) {
                context.setConfigFile(contextXml.toAbsolutePath().toUri().toURL());
            }
            if (war == null) {
                Tomcat.addServlet(context, "demo", new DemoServlet());
                context.addServletMappingDecoded("/", "demo");
            }
            tomcat.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + baseDir, e);
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not start", e);
        }
        return new SampleTomcat(tomcat, connector);
    }

    private static String demoDocBase(Path baseDir) throws IOException {
        Path docBase = baseDir.resolve("demo-docbase");
        Files.createDirectories(docBase);
        return docBase.toAbsolutePath().toString();
    }

    /** The HTTP port Tomcat listens on. */
    public int port() {
        return connector.getLocalPort();
    }

    /** The web application's Context (its Manager, for tests in the same JVM). */
    public Context context() {
        return (Context) tomcat.getHost().findChildren()[0];
    }

    /** Stops Tomcat (the Manager stops as on a shutdown). */
    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not stop", e);
        }
    }

    /** Runs until Ctrl-C. Arguments: see the class comment. */
    public static void main(String[] args) throws InterruptedException, MalformedURLException {
        Map<String, String> options = options(args);
        String path = options.getOrDefault("path", "/demo");
        Path war = pathOrNull(options.get("war"));
        // The demo page uses the H2 sample; a WAR brings its own context.xml unless told otherwise.
        String contextXml = options.getOrDefault("context-xml", war == null ? "jdbc-h2/context.xml" : null);
        SampleTomcat server = start(Integer.parseInt(options.getOrDefault("port",
                        System.getProperty("sessionstores.demo.port", "8080"))),
                Paths.get(options.getOrDefault("base-dir", "target" + File.separator + "demo-tomcat")),
                pathOrNull(contextXml), war, path);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "sample-tomcat-shutdown"));
        System.out.println("session-stores sample Tomcat on http://localhost:" + server.port() + path + "/"
                + "  (Ctrl-C stops it)");
        System.out.println(READY + " " + server.port());
        System.out.flush();
        stopped.await();
    }

    private static Path pathOrNull(String value) {
        return value == null || value.isEmpty() ? null : Paths.get(value);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'; expected --name=value with name"
                        + " one of port, context-xml, war, path, base-dir");
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return options;
    }
}
