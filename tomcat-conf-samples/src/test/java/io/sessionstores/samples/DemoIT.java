package io.sessionstores.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import io.sessionstores.core.it.InContainerTest;
import io.sessionstores.core.it.SessionClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The one-command demo, as the demo profile runs it: {@link SampleTomcat} in a JVM of its own
 * with jdbc-h2/context.xml and the demo page, sessions in an H2 file. Stopped (SIGTERM, as
 * Ctrl-C) and started again, the counter goes on. Only the H2 file is moved under target/, so
 * the test never touches a developer's own demo database.
 */
@Tag(InContainerTest.TAG)
class DemoIT {

    @Test
    void counterGoesOnAfterTheDemoTomcatIsStoppedAndStartedAgain() {
        Path dir = Samples.testDir("demo");
        Map<String, String> properties = Map.of("sessionstores.h2.url", "jdbc:h2:file:" + dir.resolve("db/sessions"));
        String[] demo = {"--context-xml=" + Samples.contextXml("jdbc-h2")};
        SessionClient browser;
        String id;
        try (TomcatProcess tomcat = TomcatProcess.start(dir, "/demo", properties, demo)) {
            browser = new SessionClient(tomcat.baseUri());
            assertThat(counter(browser.get("?format=json"))).as("first visit").isEqualTo("1");
            assertThat(counter(browser.get("?format=json"))).as("second visit").isEqualTo("2");
            SessionClient.Response third = browser.get("?format=json&name=colour&value=blue");
            assertThat(counter(third)).as("third visit").isEqualTo("3");
            id = third.id();
            assertThat(browser.get("").body()).as("the HTML page").contains("Counter: <b>4</b>");
            tomcat.stop();
            assertThat(tomcat.output()).as("demo output").contains("session-stores sample Tomcat on http://localhost:");
        }

        try (TomcatProcess again = TomcatProcess.start(dir, "/demo", properties, demo)) {
            SessionClient.Response afterRestart = browser.get(again.baseUri(), "?format=json");

            assertThat(afterRestart.id()).as("same session after the restart: %s", afterRestart).isEqualTo(id);
            assertThat(counter(afterRestart)).as("counter after the restart").isEqualTo("5");
            assertThat(afterRestart.attribute("colour")).as("attribute set before the restart").isEqualTo("blue");
        }
    }

    private static String counter(SessionClient.Response response) {
        assertThat(response.status()).as("demo page answer %s", response).isEqualTo(200);
        return response.attribute("counter");
    }
}
