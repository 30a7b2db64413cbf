package io.sessionstores.redis;

import java.time.Duration;

/**
 * The {@code replicaAcks} setting: how many replicas must confirm a write ({@code WAIT}) before it
 * is answered as stored, and how long the master may wait for them.
 *
 * @param replicas 1 or more (0 means the setting is off and this type is not used)
 * @param timeout  how long WAIT may block
 */
record ReplicaAcks(int replicas, Duration timeout) {
}
