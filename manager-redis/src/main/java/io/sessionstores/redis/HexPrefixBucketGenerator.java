package io.sessionstores.redis;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The default {@link BucketGenerator}: the id's first four hex digits (16 random bits of Tomcat's
 * generated ids) modulo the bucket count. An id that does not start with four upper-case hex
 * digits falls back to a CRC-32 of its UTF-8.
 */
public class HexPrefixBucketGenerator implements BucketGenerator {

    private static final int DIGITS = 4;

    @Override
    public int bucket(String id, int bucketCount) {
        return prefixValue(id) & (bucketCount - 1);
    }

    private static int prefixValue(String id) {
        if (id.length() >= DIGITS) {
            int value = 0;
            int i = 0;
            while (i < DIGITS && SessionIdBytes.isUpperHex(id.charAt(i))) {
                value = value << 4 | SessionIdBytes.upperHexValue(id.charAt(i));
                i++;
            }
            if (i == DIGITS) {
                return value;
            }
        }
        CRC32 crc = new CRC32();
        crc.update(id.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }
}
