package io.sessionstores.samples;

import java.util.HashMap;
import java.util.Map;

/**
 * Sets system properties (a sample's {@code ${...}} settings) for a test, and puts the previous
 * values back on close.
 */
final class SystemProperties implements AutoCloseable {

    private final Map<String, String> previous = new HashMap<>();

    @SafeVarargs
    static SystemProperties set(Map<String, String>... settings) {
        SystemProperties p = new SystemProperties();
        for (Map<String, String> map : settings) {
            map.forEach((k, v) -> {
                p.previous.putIfAbsent(k, System.getProperty(k));
                System.setProperty(k, v);
            });
        }
        return p;
    }

    @Override
    public void close() {
        previous.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }
}
