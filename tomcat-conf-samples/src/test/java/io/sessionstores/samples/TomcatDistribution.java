package io.sessionstores.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One Tomcat node as an operator runs it: an unpacked Apache Tomcat distribution
 * ({@code CATALINA_HOME}, shared) and a {@code CATALINA_BASE} of this node's own with
 * {@code conf/} copied from the distribution, the files an operator adds ({@code lib/*.jar},
 * {@code conf/Catalina/localhost/<app>.xml}, {@code conf/redisson.yaml}, {@code bin/setenv.sh}), a
 * web application in {@code webapps/}, and {@code server.xml} changed only to listen on a free
 * loopback port without a shutdown port. Started with {@code bin/catalina.sh run}, stopped with
 * SIGTERM as a service manager does; the output goes to {@code <base>/logs/console.log}.
 */
final class TomcatDistribution implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path home;
    private final Path base;
    private final int port;
    private final Map<String, String> systemProperties = new TreeMap<>();
    private final Map<String, String> environment = new TreeMap<>();
    private Process process;

    private TomcatDistribution(Path home, Path base, int port) {
        this.home = home;
        this.base = base;
        this.port = port;
    }

    /** The unpacked distribution of {@code version} (failsafe unpacks it into {@code sessionstores.dist.dir}). */
    static Path home(String version) {
        Path home = Paths.get(System.getProperty("sessionstores.dist.dir", "target/dist"))
                .resolve("apache-tomcat-" + version).toAbsolutePath();
        if (!Files.isRegularFile(home.resolve("bin/catalina.sh"))) {
            throw new IllegalStateException("no Tomcat " + version + " distribution at " + home
                    + ": run the build through `mvn verify` (pre-integration-test unpacks it)");
        }
        return home;
    }

    /** A new {@code CATALINA_BASE} in {@code base} on the distribution of {@code version}. */
    static TomcatDistribution create(String version, Path base) {
        Path home = home(version);
        try {
            Files.createDirectories(base);
            copyTree(home.resolve("conf"), base.resolve("conf"));
            for (String dir : List.of("lib", "logs", "temp", "webapps", "work", "bin", "conf/Catalina/localhost")) {
                Files.createDirectories(base.resolve(dir));
            }
            try (Stream<Path> scripts = Files.list(home.resolve("bin"))) {
                for (Path script : scripts.filter(p -> p.toString().endsWith(".sh")).toList()) {
                    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
            Path catalinaProperties = base.resolve("conf/catalina.properties");
            Files.writeString(catalinaProperties, skippingOurJars(Files.readString(catalinaProperties)));
            int port = freePort();
            Path serverXml = base.resolve("conf/server.xml");
            Files.writeString(serverXml, onLoopback(Files.readString(serverXml), port));
            return new TomcatDistribution(home, base, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare CATALINA_BASE " + base, e);
        }
    }

    /**
     * Uses {@code file} (a sample's) as {@code conf/server.xml}, changed as the distribution's own
     * is: its HTTP connector (port 8080) on this node's loopback port, no shutdown port (8005).
     */
    TomcatDistribution serverXml(Path file) {
        try {
            return write("conf/server.xml", onLoopback(Files.readString(file), port));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * The distribution's {@code catalina.properties} with the drop-in jars added to the jar scan's
     * skip list, as the README tells operators: Tomcat otherwise reads every class of the 20 MB
     * Redis jar at each application start (about 2 s here).
     */
    static String skippingOurJars(String catalinaProperties) {
        String key = "tomcat.util.scan.StandardJarScanFilter.jarsToSkip=";
        if (!catalinaProperties.contains(key + "\\")) { // the list continues on the next lines
            throw new IllegalStateException("catalina.properties has no jarsToSkip list to extend");
        }
        return catalinaProperties.replace(key, key + "manager-jdbc-*-all.jar,manager-redis-*-all.jar,");
    }

    private static String onLoopback(String serverXml, int port) {
        return serverXml.replace("port=\"8005\"", "port=\"-1\"")
                .replace("port=\"8080\"", "port=\"" + port + "\" address=\"127.0.0.1\"");
    }

    /** Copies {@code file} into {@code <base>/<dir>/}, keeping its name (e.g. a jar into {@code lib}). */
    TomcatDistribution add(String dir, Path file) {
        return copy(dir + "/" + file.getFileName(), file);
    }

    /** Copies {@code file} to {@code <base>/<path>}. */
    TomcatDistribution copy(String path, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " does not exist (was it built in this reactor?)");
        }
        try {
            Path target = base.resolve(path);
            Files.createDirectories(target.getParent());
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + file + " into " + base, e);
        }
    }

    /** Writes {@code content} to {@code <base>/<path>}. */
    TomcatDistribution write(String path, String content) {
        try {
            Path target = base.resolve(path);
            Files.createDirectories(target.getParent());
            Files.writeString(target, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + " in " + base, e);
        }
    }

    /** A {@code -Dname=value} for the Tomcat JVM (through {@code CATALINA_OPTS}). */
    TomcatDistribution property(String name, String value) {
        systemProperties.put(name, value);
        return this;
    }

    /** An environment variable for {@code catalina.sh} (and {@code setenv.sh}). */
    TomcatDistribution env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** The node's {@code CATALINA_BASE}. */
    Path base() {
        return base;
    }

    /**
     * Deploys the distribution's own manager webapp ({@code webapps/manager}) in this base, with
     * {@code conf/tomcat-users.xml} naming one user of the roles {@code manager-gui},
     * {@code manager-script} and {@code manager-jmx} (the webapp's own {@code context.xml} lets only
     * loopback addresses in).
     */
    TomcatDistribution withManagerWebapp(String user, String password) {
        try {
            copyTree(home.resolve("webapps/manager"), base.resolve("webapps/manager"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the manager webapp of " + home, e);
        }
        return write("conf/tomcat-users.xml", "<tomcat-users>\n"
                + "  <role rolename=\"manager-gui\"/>\n  <role rolename=\"manager-script\"/>\n"
                + "  <role rolename=\"manager-jmx\"/>\n"
                + "  <user username=\"" + user + "\" password=\"" + password
                + "\" roles=\"manager-gui,manager-script,manager-jmx\"/>\n</tomcat-users>\n");
    }

    /** {@code http://127.0.0.1:<port>/<path>/}. */
    URI uri(String contextPath) {
        return URI.create("http://127.0.0.1:" + port + contextPath + "/");
    }

    /** {@code bin/catalina.sh run}; returns once {@code probePath} answers (any HTTP status but 404). */
    TomcatDistribution start(String probePath) {
        List<String> opts = new ArrayList<>();
        // catalina.sh evaluates CATALINA_OPTS: quote each option (URLs hold '&' and ';').
        systemProperties.forEach((k, v) -> opts.add("'-D" + k + "=" + v + "'"));
        ProcessBuilder builder = new ProcessBuilder("sh", home.resolve("bin/catalina.sh").toString(), "run")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("logs/console.log").toFile()));
        builder.environment().put("CATALINA_HOME", home.toString());
        builder.environment().put("CATALINA_BASE", base.toString());
        builder.environment().put("CATALINA_PID", base.resolve("temp/tomcat.pid").toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("CATALINA_OPTS", String.join(" ", opts));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run catalina.sh of " + home, e);
        }
        awaitServing(URI.create("http://127.0.0.1:" + port + probePath));
        return this;
    }

    private void awaitServing(URI probe) {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Tomcat ended before it served " + probe + ":\n" + console());
            }
            try {
                int status = HTTP.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status != 404 && status != 503) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + probe, e);
            }
            sleep(200);
        }
        throw new IllegalStateException("Tomcat did not serve " + probe + " within " + START + ":\n" + console());
    }

    /** SIGTERM (a service stop), then waits for Tomcat to shut down cleanly. */
    void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Tomcat did not stop within 30 s:\n" + console());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            process = null;
        }
    }

    /** Stops and starts again (same base, same port). */
    void restart(String probePath) {
        stop();
        start(probePath);
    }

    /** What Tomcat printed (console) and logged (catalina log files), for failure messages. */
    String console() {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> logs = Files.list(base.resolve("logs"))) {
            for (Path log : logs.sorted().toList()) {
                out.append("==> ").append(log.getFileName()).append('\n').append(Files.readString(log));
            }
        } catch (IOException e) {
            out.append("(logs unreadable: ").append(e).append(')');
        }
        return out.toString();
    }

    @Override
    public void close() {
        stop();
    }

    /** A free loopback port. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
