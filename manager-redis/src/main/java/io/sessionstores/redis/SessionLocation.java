package io.sessionstores.redis;

/**
 * Where one session lives in Redis.
 *
 * @param key   the Redis key (hash mode: the bucket; string mode: the session's own key)
 * @param field the hash field in hash mode, an empty array in string mode
 */
record SessionLocation(String key, byte[] field) {
}
