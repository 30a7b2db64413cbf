package io.sessionstores.samples;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Locale;
import java.util.stream.Stream;

import io.sessionstores.testsupport.TestServices;

/** Where this module's sample files and test output live, and the databases the tests use. */
final class Samples {

    private Samples() {
    }

    /** The module directory (failsafe runs in it; {@code basedir} when set). */
    static Path moduleDir() {
        return Paths.get(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    }

    /** {@code <module>/<sample>/context.xml}, e.g. {@code contextXml("jdbc-postgresql")}. */
    static Path contextXml(String sample) {
        return moduleDir().resolve(sample).resolve("context.xml");
    }

    /** A directory for one test's files, under the execution's it directory. */
    static Path testDir(String name) {
        return Paths.get(System.getProperty("sessionstores.it.dir", "target/it-tomcat")).toAbsolutePath()
                .resolve(name + "-" + System.nanoTime());
    }

    /** A table name of this test's own, so that engineers sharing a database never collide. */
    static String table(Class<?> test) {
        return "ssit_" + test.getSimpleName().toLowerCase(Locale.ROOT);
    }

    static String postgresUrl() {
        return TestServices.postgresUrl();
    }

    static String mariaDbUrl() {
        return TestServices.mariaDbUrl();
    }
    /** Where failsafe unpacked the Tomcat distributions and the operator jars. */
    static Path dist() {
        return Paths.get(System.getProperty("sessionstores.dist.dir", "target/dist"));
    }

    /** The drop-in jar of {@code backend} (jdbc, redis) built in this reactor. */
    static Path dropIn(String backend) {
        return Paths.get(System.getProperty("sessionstores.dropin." + backend,
                "../manager-" + backend + "/target/manager-" + backend + "-all.jar"));
    }

    /** The Prometheus JMX exporter agent of the prometheus sample. */
    static Path prometheusAgent() {
        return jarIn("agent", "jmx_prometheus_javaagent-");
    }

    /** The JDBC driver jar an operator adds to {@code lib/} for {@code sample} (jdbc-h2, jdbc-postgresql and expiry-valve-host, else MariaDB). */
    static Path driver(String sample) {
        String prefix = switch (sample) {
            case "jdbc-h2" -> "h2-";
            case "jdbc-postgresql", "expiry-valve-host", "cached-jdbc-postgresql" -> "postgresql-";
            default -> "mariadb-java-client-";
        };
        return jarIn("drivers", prefix);
    }

    /** The jar named {@code <prefix>*.jar} that failsafe put into {@code <dist>/<dir>}. */
    private static Path jarIn(String dir, String prefix) {
        try (Stream<Path> jars = Files.list(dist().resolve(dir))) {
            return jars.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + prefix + "*.jar in " + dist().resolve(dir)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
