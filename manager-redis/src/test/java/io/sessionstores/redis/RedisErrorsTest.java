package io.sessionstores.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.RedisWrongPasswordException;

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

    /** Redisson reports a refused AUTH as "Unable to connect to Redis server", which reads like a network fault. */
    @Test
    void aRefusedPasswordIsReportedAsAnAuthenticationFailureNotAsAConnectionFault() {
        RedisConnectionException e = new RedisConnectionException(new ExecutionException(new RedisConnectionException(
                "Unable to connect to Redis server: 127.0.0.1/127.0.0.1:7140", new RedisWrongPasswordException(
                        "WRONGPASS invalid username-password pair or user is disabled.. channel: [id: 0x432de307,"
                                + " L:/127.0.0.1:46706 - R:127.0.0.1/127.0.0.1:7140] data: CommandData [promise="))));

        String message = RedisErrors.toStoreException("count", null, e).getMessage();

        assertThat(message).startsWith("Redis count failed: Redis refused authentication (WRONGPASS invalid"
                + " username-password pair or user is disabled): the password").doesNotContain("Unable to connect")
                .doesNotContain("channel");
        assertThat(RedisErrors.authenticationFailure(new RedisException("NOAUTH Authentication required.")))
                .isEqualTo("NOAUTH Authentication required");
        assertThat(RedisErrors.authenticationFailure(new RedisConnectionException(
                "Unable to connect to Redis server: 127.0.0.1/127.0.0.1:1"))).as("a network fault").isNull();
    }
}
