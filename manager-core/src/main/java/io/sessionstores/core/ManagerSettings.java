package io.sessionstores.core;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.sessionstores.core.codec.AttributeCodecs;
import io.sessionstores.core.codec.ClassNameFilter;
import io.sessionstores.core.config.ConfigCheck;
import io.sessionstores.core.config.ConfigException;
import io.sessionstores.core.engine.ManagerConfig;
import io.sessionstores.core.engine.SaveMode;

/**
 * The check of the Manager's XML attributes at start: each value as set is validated, and the
 * whole frozen into the {@link ManagerConfig} the engine reads.
 */
final class ManagerSettings {

    private ManagerSettings() {
    }

    private static final int MIN_HMAC_KEY_BYTES = 16;

    /**
     * Validates the Manager's XML attributes as set and freezes them (as the stores'
     * {@code *StoreSettings.validate} do); throws {@link ConfigException} naming the first bad
     * attribute, its value and what is allowed.
     */
    static ManagerConfig validate(SessionStoreManager m) {
        AttributeCodecs.create(m.getCodec(), ClassNameFilter.jdkValueTypesAnd(null)); // validates the name
        String filter = m.getSessionAttributeValueClassNameFilter();
        String allowed = m.getAllowedClassNames();
        String effectiveFilter;
        if (filter != null && !filter.isBlank()) {
            if (allowed != null && !allowed.isBlank()) {
                throw new ConfigException("allowedClassNames", allowed, "not set together with Tomcat's"
                        + " sessionAttributeValueClassNameFilter (which replaces the whole allowlist, JDK value types"
                        + " included): set one of the two");
            }
            effectiveFilter = filter; // Tomcat's attribute, validated by its setter
        } else {
            checkRegex("allowedClassNames", allowed);
            effectiveFilter = ClassNameFilter.jdkValueTypesAnd(allowed).pattern();
        }
        ConfigCheck.range("compressMinLength", m.getCompressMinLength(), 0, Integer.MAX_VALUE);
        ConfigCheck.range("maxDecodedSize", m.getMaxDecodedSize(), 1024, Integer.MAX_VALUE - 64);
        SaveMode mode = ConfigCheck.oneOf("saveMode", m.getSaveMode(), SaveMode.class);
        ConfigCheck.range("touchWindow", m.getTouchWindow(), -1, 86_400);
        ConfigCheck.range("maxSaveRetries", m.getMaxSaveRetries(), 0, 20);
        ConfigCheck.range("stickyMaxAge", m.getStickyMaxAge(), -1, 86_400);
        ConfigCheck.range("maxIdleCopies", m.getMaxIdleCopies(), -1, Integer.MAX_VALUE);
        ConfigCheck.range("unsavedStatus", m.getUnsavedStatus(), 400, 599);
        ConfigCheck.range("maxDepth", m.getMaxDepth(), 2, 1000);
        ConfigCheck.range("maxListedSessions", m.getMaxListedSessions(), 0, 100_000);
        return new ManagerConfig(m.getCodec().trim().toLowerCase(Locale.ROOT), effectiveFilter, m.getMaxDepth(),
                m.getCompressMinLength(), m.getMaxDecodedSize(), hmacKey(m.hmacKeyValue(), m.getHmacKeyEnv()),
                m.getSticky(), mode, m.getTouchWindow(), m.getMaxSaveRetries(), m.getPersistAuthentication(),
                m.getStickyMaxAge(), m.getMaxIdleCopies(), m.getUnsavedStatus(),
                m.getPrincipalAttribute() == null ? null
                        : ConfigCheck.required("principalAttribute", m.getPrincipalAttribute(), "an attribute name").strip());
    }

    private static void checkRegex(String attribute, String regex) {
        if (regex == null || regex.isBlank()) {
            return;
        }
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new ConfigException(attribute, regex, "a Java regular expression (" + e.getDescription() + ")");
        }
    }

    /** The key from {@code hmacKeyEnv} (when set) or {@code hmacKey}; {@code null} for none. */
    private static byte[] hmacKey(String hmacKey, String hmacKeyEnv) {
        String key = hmacKey;
        String attribute = "hmacKey";
        if (hmacKeyEnv != null && !hmacKeyEnv.isBlank()) {
            attribute = "hmacKeyEnv";
            key = System.getenv(hmacKeyEnv.trim());
            if (key == null) {
                throw new ConfigException("hmacKeyEnv", hmacKeyEnv, "the environment variable must be set");
            }
        }
        if (key == null || key.isEmpty()) {
            return null;
        }
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_HMAC_KEY_BYTES) {
            throw new ConfigException(attribute, "(" + bytes.length + " bytes, value masked)",
                    "an HMAC key needs at least " + MIN_HMAC_KEY_BYTES + " bytes");
        }
        return bytes;
    }
}
