package io.sessionstores.core;

import io.sessionstores.core.it.ContextXml;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import io.sessionstores.core.it.SessionTestApp;
import io.sessionstores.core.it.TomcatNode;

/**
 * In a real Tomcat: a context whose id generator makes ids the Manager would
 * refuse as malformed (every request a fresh session, changeSessionId failing at login) does not
 * start, and its log says why.
 */
class StartChecksIT {

    @Test
    void customSessionIdGeneratorWhoseIdsTheIdCheckRefusesStopsTheContext() {
        String xml = ContextXml.sessionStoreManager()
                .inManager("SessionIdGenerator", LowerCaseIdGenerator.class.getName())
                .inMemoryStore("start-checks").xml();
        List<String> errors = new CopyOnWriteArrayList<>();
        Logger catalina = Logger.getLogger("org.apache.catalina");
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord logRecord) {
                for (Throwable t = logRecord.getThrown(); t != null; t = t.getCause()) {
                    errors.add(String.valueOf(t.getMessage()));
                }
            }

            @Override
            public void flush() {
                // nothing buffered
            }

            @Override
            public void close() {
                // nothing held
            }
        };
        catalina.addHandler(capture);
        try (TomcatNode node = TomcatNode.start("start-checks", SessionTestApp.war(xml))) {
            assertThat(node.context().getState().isAvailable()).as("context with a refused id generator started")
                    .isFalse();
            assertThat(errors).as("errors logged at start")
                    .anyMatch(m -> m.contains("'SessionIdGenerator'") && m.contains(LowerCaseIdGenerator.class.getName()));
        } finally {
            catalina.removeHandler(capture);
        }
    }
}
