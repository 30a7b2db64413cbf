package io.sessionstores.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sessionstores.core.it.SessionClient;
import io.sessionstores.core.it.SessionTestApp;

/**
 * The drop-in jar, built against the newest Tomcat 10.1 and 11, on the oldest patch releases
 * the README supports: their {@code org.apache.catalina.Store} lacks the
 * {@code default ReadWriteLock getSessionStoreLock(String)} of current releases, which the
 * project's stores implement with the same signature. The {@code jdbc-h2} sample (no service
 * needed) as an operator installs it: a session survives a restart of that Tomcat, which is the
 * version it says it is.
 */
class OlderPatchReleasesIT {

    @ParameterizedTest(name = "jdbc-h2 on Tomcat {0}")
    @ValueSource(strings = {"sessionstores.dist.oldest10", "sessionstores.dist.oldest11"})
    void dropInJarServesSessionsOnTheOldestSupportedPatchRelease(String versionProperty) {
        String version = System.getProperty(versionProperty);
        assertThat(version).as("system property %s (set by failsafe)", versionProperty).isNotBlank();
        String sample = "jdbc-h2";
        String app = "/" + sample;
        Path base = Samples.testDir("oldest-" + sample + "-" + version);
        try (TomcatDistribution node = TomcatDistribution.create(version, base)) {
            node.copy("conf/Catalina/localhost/" + sample + ".xml", Samples.moduleDir().resolve(sample).resolve("context.xml"))
                    .add("lib", Samples.dropIn("jdbc")).add("lib", Samples.driver(sample))
                    .property("sessionstores.h2.url", "jdbc:h2:file:" + base.resolve("h2/sessions"));
            SessionTestApp.exportTo(webapp(sample), base.resolve("webapps"));
            node.start(app + "/info");
            SessionClient client = new SessionClient(node.uri(app));
            String id = client.get("session/create").id();
            assertThat(client.get("session/set?name=on&value=" + version).status()).isEqualTo(200);

            node.restart(app + "/info");
            SessionClient.Response afterRestart = client.get("session/get");
            assertThat(afterRestart.status()).as("after a restart: %s\n%s", afterRestart, node.console()).isEqualTo(200);
            assertThat(afterRestart.id()).isEqualTo(id);
            assertThat(afterRestart.attribute("on")).isEqualTo(version);
            assertThat(client.get("info").json().path("serverInfo").asText()).as("the Tomcat serving")
                    .isEqualTo("Apache Tomcat/" + version);
            assertThat(node.console()).as("Tomcat's log").doesNotContain("SEVERE");
        }
    }

    /** The test webapp with the Jackson it needs in WEB-INF/lib (an operator's webapp brings its own). */
    private static WebArchive webapp(String name) {
        WebArchive war = SessionTestApp.war(name, "<Context/>");
        try (Stream<Path> jars = Files.list(Samples.dist().resolve("webapp-lib"))) {
            jars.forEach(jar -> war.addAsLibrary(jar.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("no webapp libraries in " + Samples.dist().resolve("webapp-lib"), e);
        }
        return war;
    }
}
