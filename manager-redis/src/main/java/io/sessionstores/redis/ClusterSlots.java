package io.sessionstores.redis;

import java.nio.charset.StandardCharsets;

/**
 * Redis Cluster's hash slots, computed as the server does (CRC-16/XMODEM of the key, or of its
 * hash tag: the text between the first {@code {} and the next {@code }}, when not empty, modulo
 * 16384), and for every slot a short tag that hashes to it, so that a key {@code ...{tag}} can be
 * placed in the slot of any other key.
 *
 * <p>The tags name keys and channels in Redis ({@link ChangeChannel}): the table must never change,
 * or nodes of two versions would count and announce a slot's changes under different names. A tag
 * is the first string, in the order {@code 0..9a..z}, then two such characters, and so on, that
 * hashes to its slot; three or four characters.
 */
final class ClusterSlots {

    /** The number of hash slots of a Redis Cluster. */
    static final int SLOTS = 16384;

    private static final String DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final String[] TAGS = tags();

    private ClusterSlots() {
    }

    /** The slot of {@code key}, as Redis Cluster computes it. */
    static int slot(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        int from = 0;
        int to = bytes.length;
        int open = indexOf(bytes, (byte) '{', 0);
        if (open >= 0) {
            int close = indexOf(bytes, (byte) '}', open + 1);
            if (close > open + 1) {
                from = open + 1;
                to = close;
            }
        }
        return crc16(bytes, from, to) & (SLOTS - 1);
    }

    /** A short text (letters and digits) whose slot is {@code slot}: a key {@code a{tag}} lives in that slot. */
    static String tag(int slot) {
        return TAGS[slot];
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** CRC-16/XMODEM (polynomial 0x1021, initial value 0) of {@code bytes[from, to)}. */
    static int crc16(byte[] bytes, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= (bytes[i] & 0xFF) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            crc &= 0xFFFF;
        }
        return crc;
    }

    private static String[] tags() {
        String[] tags = new String[SLOTS];
        int left = SLOTS;
        for (int length = 1; left > 0; length++) {
            char[] text = new char[length];
            long count = (long) Math.pow(DIGITS.length(), length);
            for (long n = 0; n < count && left > 0; n++) {
                long rest = n;
                for (int at = length - 1; at >= 0; at--) {
                    text[at] = DIGITS.charAt((int) (rest % DIGITS.length()));
                    rest /= DIGITS.length();
                }
                byte[] bytes = new String(text).getBytes(StandardCharsets.US_ASCII);
                int slot = crc16(bytes, 0, bytes.length) & (SLOTS - 1);
                if (tags[slot] == null) {
                    tags[slot] = new String(text);
                    left--;
                }
            }
        }
        return tags;
    }
}
