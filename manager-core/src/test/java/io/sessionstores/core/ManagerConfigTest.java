package io.sessionstores.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.sessionstores.core.config.ConfigException;
import io.sessionstores.core.engine.ManagerConfig;
import io.sessionstores.core.engine.SaveMode;

class ManagerConfigTest {

    private static ManagerConfig freeze(Consumer<SessionStoreManager> configure) {
        SessionStoreManager m = new SessionStoreManager();
        configure.accept(m);
        return m.freezeConfig();
    }

    private static void assertRejected(Consumer<SessionStoreManager> configure, String... fragments) {
        assertThatThrownBy(() -> freeze(configure)).isInstanceOf(ConfigException.class)
                .message().contains(fragments);
    }

    @Test
    void defaultsAreValid() {
        ManagerConfig c = freeze(m -> { });
        assertThat(c.codec()).isEqualTo("java");
        assertThat(c.saveMode()).isEqualTo(SaveMode.DIGEST);
        assertThat(c.sticky()).isFalse();
        assertThat(c.compressMinLength()).isEqualTo(400);
        assertThat(c.maxDepth()).isEqualTo(25);
        assertThat(c.hmacKey()).isNull();
        assertThat(c.persistAuthentication()).isTrue();
        assertThat(c.describe()).contains("hmac=off");
    }

    @Test
    void badValuesNameTheAttributeTheValueAndWhatIsAllowed() {
        assertRejected(m -> m.setSaveMode("sometimes"), "'saveMode'", "'sometimes'", "digest, set_attribute, always");
        assertRejected(m -> m.setCodec("xml"), "'codec'", "'xml'", "java", "json");
        assertRejected(m -> m.setCompressMinLength(-5), "'compressMinLength'", "'-5'", "0 to");
        assertRejected(m -> m.setMaxDecodedSize(10), "'maxDecodedSize'", "'10'", "1024 to");
        assertRejected(m -> m.setTouchWindow(-7), "'touchWindow'", "'-7'", "-1 to 86400");
        assertRejected(m -> m.setMaxDepth(1), "'maxDepth'", "'1'", "2 to 1000");
        assertRejected(m -> m.setMaxSaveRetries(100), "'maxSaveRetries'", "'100'", "0 to 20");
        assertRejected(m -> m.setAllowedClassNames("com\\.example\\.(unclosed"), "'allowedClassNames'",
                "regular expression");
        assertRejected(m -> m.setHmacKeyEnv("SESSIONSTORES_SURELY_UNSET_VARIABLE"), "'hmacKeyEnv'",
                "SESSIONSTORES_SURELY_UNSET_VARIABLE", "must be set");
    }

    /** allowedClassNames used to be ignored silently when Tomcat's filter was set: the operator believed it applied. */
    @Test
    void allowedClassNamesTogetherWithTomcatsClassNameFilterIsRefused() {
        assertRejected(m -> {
            m.setAllowedClassNames("com\\.example\\..*");
            m.setSessionAttributeValueClassNameFilter("java\\.lang\\.String");
        }, "'allowedClassNames'", "sessionAttributeValueClassNameFilter", "set one of the two");
    }

    @Test
    void newAttributesAreRangeChecked() {
        assertRejected(m -> m.setStickyMaxAge(-2), "'stickyMaxAge'", "'-2'", "-1 to 86400");
        assertRejected(m -> m.setMaxIdleCopies(-5), "'maxIdleCopies'", "'-5'");
        assertRejected(m -> m.setMaxListedSessions(100_001), "'maxListedSessions'", "'100001'", "0 to 100000");
    }

    @Test
    void shortHmacKeyIsRejectedWithoutEchoingIt() {
        assertThatThrownBy(() -> freeze(m -> m.setHmacKey("short-secret")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'hmacKey'")
                .hasMessageContaining("at least 16 bytes")
                .hasMessageNotContaining("short-secret");
    }

    @Test
    void hmacKeyIsMaskedInTheDescription() {
        ManagerConfig c = freeze(m -> m.setHmacKey("a-long-enough-secret-key"));
        assertThat(c.hmacKey()).isNotNull();
        assertThat(c.describe()).contains("key masked").doesNotContain("a-long-enough-secret-key");
    }

    @Test
    void enumValuesAreCaseInsensitiveAndAcceptDashes() {
        assertThat(freeze(m -> m.setSaveMode("SET-ATTRIBUTE")).saveMode()).isEqualTo(SaveMode.SET_ATTRIBUTE);
        assertThat(freeze(m -> m.setCodec(" JSON ")).codec()).isEqualTo("json");
    }

    @Test
    void allowedClassNamesAreAddedToTheJdkDefaultsAndTomcatsFilterReplacesThem() {
        ManagerConfig added = freeze(m -> m.setAllowedClassNames("com\\.example\\..*"));
        assertThat(java.util.regex.Pattern.matches(added.classNameFilter(), "com.example.Cart")).isTrue();
        assertThat(java.util.regex.Pattern.matches(added.classNameFilter(), "java.lang.String")).isTrue();
        ManagerConfig replaced = freeze(m -> m.setSessionAttributeValueClassNameFilter("com\\.example\\..*"));
        assertThat(java.util.regex.Pattern.matches(replaced.classNameFilter(), "java.lang.String")).isFalse();
    }
}
