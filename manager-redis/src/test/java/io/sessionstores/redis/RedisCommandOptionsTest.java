package io.sessionstores.redis;

import java.util.List;
import java.util.Map;

import io.sessionstores.core.store.StoreFactory;
import io.sessionstores.core.contract.CommandOptionsContract;

/** The Redis store's command-line options (the address is a closed loopback port). */
class RedisCommandOptionsTest extends CommandOptionsContract {

    private static final String ADDRESS = "redis://127.0.0.1:1";

    @Override
    protected StoreFactory factory() {
        return new RedisStoreFactory();
    }

    @Override
    protected Map<String, List<String>> badValues() {
        return Map.of(
                "--redisson-config", List.of(" ", "./target/no-such-redisson.yaml"),
                "--redis-address", List.of(" ", "localhost:6379", "http://h:1"),
                "--mode", List.of("list", "yes"),
                "--key-prefix", List.of("", "a b", "{app}"),
                "--bucket-count", List.of("3", "0", "65537", "many", "4294967296"),
                "--bucket-generator", List.of("no.such.Generator", "java.lang.String", " "));
    }

    /** The address, unless the option under test is the Redisson file (the two exclude each other). */
    @Override
    protected Map<String, String> storeOptions(String side, String option) {
        return option.equals("--redisson-config") ? Map.of() : Map.of(side + "redis-address", ADDRESS);
    }
}
