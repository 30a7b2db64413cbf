package io.sessionstores.samples;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

import io.sessionstores.jdbc.TestDatabases;

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
        return TestDatabases.postgresUrl();
    }

    static String mariaDbUrl() {
        return TestDatabases.mariaDbUrl();
    }
}
