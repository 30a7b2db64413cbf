package io.sessionstores.core;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.catalina.util.StandardSessionIdGenerator;
import org.junit.jupiter.api.Test;

import io.sessionstores.core.config.ConfigException;

/**
 * Ids the context will generate must pass the Manager's own id check: otherwise every request would
 * get a fresh session and changeSessionId would fail at login.
 */
class SessionIdCheckTest {

    private static StandardSessionIdGenerator standard(String jvmRoute) {
        StandardSessionIdGenerator generator = new StandardSessionIdGenerator();
        generator.setJvmRoute(jvmRoute);
        return generator;
    }

    @Test
    void standardGeneratorPassesWithAndWithoutAPlainRoute() {
        assertThatCode(() -> SessionIdCheck.check(standard(null), null)).doesNotThrowAnyException();
        assertThatCode(() -> SessionIdCheck.check(standard("node_1-a"), "node_1-a")).doesNotThrowAnyException();
    }

    @Test
    void jvmRouteWithCharactersTheIdCheckRefusesStopsTheContext() {
        assertThatThrownBy(() -> SessionIdCheck.check(standard("node.1"), "node.1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'jvmRoute'")
                .hasMessageContaining("'node.1'")
                .hasMessageContaining("[A-Za-z0-9_-]");
    }

    @Test
    void customGeneratorWhoseIdsTheIdCheckRefusesStopsTheContext() {
        LowerCaseIdGenerator generator = new LowerCaseIdGenerator();
        assertThatThrownBy(() -> SessionIdCheck.check(generator, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'SessionIdGenerator'")
                .hasMessageContaining(LowerCaseIdGenerator.class.getName())
                .hasMessageContaining("upper-case hex");
    }
}
