package io.sessionstores.core.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Proves which Tomcat line the in-container tests run on: the running server's version must be
 * the one the failsafe execution promises ({@code sessionstores.expected.tomcat}), so the
 * 10.1/11 split cannot silently run the same Tomcat twice.
 */
@InContainerTest
class TomcatVersionIT {

    @Deployment(testable = false)
    static WebArchive app() {
        return SessionTestApp.war(SessionTestApp.STANDARD_MANAGER);
    }

    @ArquillianResource
    URL base;

    @Test
    void serverIsTheTomcatThisExecutionPromises() throws Exception {
        String expected = System.getProperty("sessionstores.expected.tomcat");
        assertThat(expected)
                .as("system property sessionstores.expected.tomcat (set by the failsafe execution)")
                .isNotBlank();

        SessionClient.Response info = new SessionClient(base.toURI()).get("info");

        assertThat(info.status()).as(info.toString()).isEqualTo(200);
        assertThat(info.json().get("serverNumber").asText())
                .as("ServerInfo.getServerNumber() of the Tomcat serving %s", base)
                .startsWith(expected + ".");
        assertThat(info.json().get("serverInfo").asText()).isEqualTo("Apache Tomcat/" + expected);
    }
}
