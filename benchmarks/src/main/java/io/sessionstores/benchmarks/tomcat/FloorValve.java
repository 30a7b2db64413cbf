package io.sessionstores.benchmarks.tomcat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import jakarta.servlet.ServletException;

import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.redisson.Redisson;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;

/**
 * The benchmark's floor: exactly one bare {@code HGET} of a 1 KB value per request through
 * Redisson, in front of Tomcat's StandardManager. No session store can serve a non-sticky request
 * with fewer round trips, so a store's rate divided by this one's says how close it comes to the
 * network's physical limit. The client's pool matches the sample {@code redisson.yaml} the
 * stores use (32 connections).
 */
public final class FloorValve extends ValveBase {

    private static final byte[] FIELD = "floor".getBytes(StandardCharsets.US_ASCII);
    private static final int VALUE_BYTES = 1024;

    private String address = "redis://127.0.0.1:6379";
    private RedissonClient client;
    private RMap<byte[], byte[]> map;

    /** Creates the valve; it supports async requests like the Manager's own valve. */
    public FloorValve() {
        super(true);
    }

    /**
     * The Redis server, {@code redis://host:port}.
     *
     * @param address the server's address
     */
    public void setAddress(String address) {
        this.address = address;
    }

    @Override
    protected void startInternal() throws LifecycleException {
        Config config = new Config();
        config.useSingleServer().setAddress(address).setConnectionPoolSize(32).setConnectionMinimumIdleSize(8);
        config.setCodec(ByteArrayCodec.INSTANCE);
        client = Redisson.create(config);
        map = client.getMap("bench:floor", ByteArrayCodec.INSTANCE);
        byte[] value = new byte[VALUE_BYTES];
        Arrays.fill(value, (byte) 'x');
        map.fastPut(FIELD, value);
        super.startInternal();
    }

    @Override
    protected void stopInternal() throws LifecycleException {
        super.stopInternal();
        if (client != null) {
            client.shutdown();
        }
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        if (map.get(FIELD) == null) {
            throw new ServletException("the floor's value is missing from Redis");
        }
        getNext().invoke(request, response);
    }
}
