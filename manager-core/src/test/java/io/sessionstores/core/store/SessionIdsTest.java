package io.sessionstores.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionIdsTest {

    private static final String ID = "0123456789ABCDEF0123456789ABCDEF";

    @Test
    void acceptsWhatTheStandardGeneratorProduces() {
        org.apache.catalina.util.StandardSessionIdGenerator g = new org.apache.catalina.util.StandardSessionIdGenerator();
        for (int i = 0; i < 100; i++) {
            assertThat(SessionIds.isWellFormed(g.generateSessionId(), 16, null)).isTrue();
        }
        g.setJvmRoute("node-1");
        assertThat(SessionIds.isWellFormed(g.generateSessionId(), 16, "node-1")).isTrue();
        assertThat(SessionIds.isWellFormed(ID, 16, "")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0123", "0123456789abcdef0123456789abcdef", ID + "0", ID + ".node1",
            "../../etc/passwd", "' OR 1=1 --", "0123456789ABCDEF0123456789ABCDE*", ID + "\n"})
    void rejectsAnythingElseWithoutARoute(String id) {
        assertThat(SessionIds.isWellFormed(id, 16, null)).as("'%s'", id).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {ID + ".", ID + ".a b", ID + ".x;y", ID + "..n", ID + ".n/../x"})
    void rejectsBadRouteSuffixes(String id) {
        assertThat(SessionIds.isWellFormed(id, 16, "node1")).as("'%s'", id).isFalse();
    }

    @Test
    void rejectsOverlongIdsEvenWithARoute() {
        assertThat(SessionIds.isWellFormed(ID + "." + "a".repeat(SessionIds.MAX_ROUTE_LENGTH), 16, "n")).isTrue();
        assertThat(SessionIds.isWellFormed(ID + "." + "a".repeat(SessionIds.MAX_ROUTE_LENGTH + 1), 16, "n")).isFalse();
        assertThat(SessionIds.isWellFormed("A".repeat(10_000), 16, "n")).isFalse();
        assertThat(SessionIds.isWellFormed(null, 16, null)).isFalse();
    }

    @Test
    void hashIsShortStableAndNotTheId() {
        assertThat(SessionIds.hash(ID)).hasSize(12).isEqualTo(SessionIds.hash(ID)).doesNotContain("0123456789");
        assertThat(SessionIds.hash(ID)).isNotEqualTo(SessionIds.hash(ID.replace('0', '1')));
    }
}
