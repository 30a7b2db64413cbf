package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.redisson.client.RedisTimeoutException;

import io.sessionstores.core.store.SessionIds;

class RedisErrorsTest {

    @Test
    void messageKeepsTheCauseButNeverTheCommandParameters() {
        String id = "A1B2C3D4E5F60718293A4B5C6D7E8F90";
        RedisTimeoutException e = new RedisTimeoutException("Command execution timeout for command: (GET), params: [ss:1:"
                + id + "], Redis client: [addr=redis://127.0.0.1:6379]");

        String message = RedisErrors.toStoreException("read", id, e).getMessage();

        assertThat(message).contains("RedisTimeoutException", "Command execution timeout", SessionIds.hash(id))
                .doesNotContain(id);
        assertThat(RedisErrors.toStoreException("read", id, e).getCause()).isNull();
    }
}
