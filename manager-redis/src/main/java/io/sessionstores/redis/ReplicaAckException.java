package io.sessionstores.redis;

/**
 * A write reached the master but fewer replicas than {@code replicaAcks} confirmed it within
 * {@code replicaAckTimeout}: it may be lost in a failover, so it is not answered as stored.
 */
final class ReplicaAckException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ReplicaAckException(String script, int confirmed, ReplicaAcks acks) {
        super(script + " reached the master but " + confirmed + " of " + acks.replicas()
                + " replicas confirmed it within " + acks.timeout().toMillis() + " ms (replicaAcks)");
    }
}
