package io.sessionstores.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code expire} command line ({@code --redisson-config}) against hash mode on a real 3-master
 * Redis Cluster, the shared one ({@link RedisClusterExtension}); unreachable is a Cluster configuration naming a closed port.
 */
@ExtendWith(RedisClusterExtension.class)
class RedisClusterHashExpireCommandIT extends RedisHashExpireCommandIT {

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
