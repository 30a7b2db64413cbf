package io.sessionstores.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code expire} command line ({@code --redisson-config}) against hash mode on a real 3-master
 * Redis Cluster (ports 7150-7152); unreachable is a Cluster configuration naming a closed port.
 */
class RedisClusterHashExpireCommandIT extends RedisHashExpireCommandIT {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension(7150, 7151, 7152);

    @Override
    RedisTarget target() {
        return RedisClusterExtension.target();
    }

    @Override
    protected List<String> unreachableStoreOptions() {
        try {
            Path yaml = Files.writeString(Files.createTempFile("unreachable-cluster", ".yaml"),
                    "clusterServersConfig:\n  connectTimeout: 500\n  timeout: 500\n  retryAttempts: 0\n  nodeAddresses:\n    - \"redis://127.0.0.1:7448\"\n");
            yaml.toFile().deleteOnExit();
            return List.of("--redisson-config", yaml.toString(), "--key-prefix", "unreachable:");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
