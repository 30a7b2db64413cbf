package io.sessionstores.core.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.juli.logging.Log;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {

    /** A JULI log that records its WARN messages; every level but WARN is off. */
    private static Log recording(List<String> warnings) {
        return (Log) Proxy.newProxyInstance(Log.class.getClassLoader(), new Class<?>[] {Log.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("warn")) {
                        warnings.add(String.valueOf(args[0]));
                    }
                    return method.getReturnType() == boolean.class ? Boolean.FALSE : null;
                });
    }

    @Test
    void aBurstPerIntervalIsLoggedAndTheRestCountedInTheNextLine() {
        List<String> warnings = new ArrayList<>();
        AtomicLong clock = new AtomicLong(1_000);
        RateLimitedLog limited = new RateLimitedLog(recording(warnings), 10_000, 3, clock::get);
        for (int i = 0; i < 50; i++) {
            limited.warn("bad record " + i);
        }
        assertThat(warnings).containsExactly("bad record 0", "bad record 1", "bad record 2");

        clock.addAndGet(10_000);
        limited.warn("bad record 50");
        assertThat(warnings).hasSize(4).last().isEqualTo("bad record 50 (47 similar messages suppressed)");
    }
}
