package io.sessionstores.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's embedded-Tomcat snippet ({@link EmbeddedTomcatExample#start}) really installs the
 * Manager: two such Tomcats on one database serve one session, a counter going on across them;
 * and the snippet in the README is the code that runs here.
 */
class EmbeddedTomcatExampleIT {

    private static final Pattern COUNTER = Pattern.compile("\"counter\":\"(\\d+)\"");

    @TempDir
    Path dir;

    @Test
    void twoEmbeddedTomcatsBuiltInCodeShareOneSession() throws Exception {
        String url = "jdbc:h2:mem:embedded-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Tomcat a = EmbeddedTomcatExample.start(freePort(), url, "embedded_sessions", dir.resolve("a"));
        Tomcat b = EmbeddedTomcatExample.start(freePort(), url, "embedded_sessions", dir.resolve("b"));
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> first = http.send(request(a, null), HttpResponse.BodyHandlers.ofString());
            String cookie = first.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            assertThat(counter(first)).isEqualTo(1);
            assertThat(counter(http.send(request(b, cookie), HttpResponse.BodyHandlers.ofString()))).isEqualTo(2);
            assertThat(counter(http.send(request(a, cookie), HttpResponse.BodyHandlers.ofString()))).isEqualTo(3);
        } finally {
            stop(a);
            stop(b);
        }
    }

    @Test
    void aRefusedAttributeStopsTheStart() throws Exception {
        assertThatThrownBy(() -> EmbeddedTomcatExample.start(freePort(), "jdbc:h2:mem:x", "not a table name!",
                dir.resolve("bad"))).isInstanceOf(IllegalStateException.class).hasMessageContaining("did not start");
    }

    @Test
    void theReadmeSnippetIsTheCodeThatRuns() throws Exception {
        Path root = Samples.moduleDir().getParent();
        String readme = Files.readString(root.resolve("README.md"));
        Matcher block = Pattern.compile("## Embedded Tomcat.*?```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("README has an Embedded Tomcat section with a java block").isTrue();
        String source = Files.readString(Samples.moduleDir().resolve(
                "src/main/java/io/sessionstores/samples/EmbeddedTomcatExample.java")).replaceAll("\\s+", " ");
        for (String line : block.group(1).split("\n")) {
            if (!line.isBlank()) {
                assertThat(source).as("README line in EmbeddedTomcatExample").contains(line.trim().replaceAll("\\s+", " "));
            }
        }
    }

    private static HttpRequest request(Tomcat tomcat, String cookie) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort()
                + "/?format=json"));
        return (cookie == null ? r : r.header("Cookie", cookie)).build();
    }

    private static int counter(HttpResponse<String> response) {
        Matcher m = COUNTER.matcher(response.body());
        assertThat(m.find()).as("counter in %s", response.body()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static void stop(Tomcat tomcat) throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
