-- Cache write (cached-JDBC store): stores the value unless the stored one carries a greater
-- record version (a newer write, or an eviction marker). Unlike write.lua it expects no version:
-- a cold or stale cache holds an older version or none, and the database has already decided.
-- ARGV[3] now (ms), ARGV[4] the new record's version, ARGV[5] the value, ARGV[6] its expiresAt.
-- Returns 1 when stored, 0 when a newer record was kept.
-- Announced on the change stream (prelude.lua) whether stored or not, since the database holds
-- that version now: the version, or 0 for a value that is no live session (an eviction marker).
local key, now = KEYS[1], tonumber(ARGV[3])
local old = load(key)
local stored = 0
if not (is_frame(old) and u64(old, 24) > tonumber(ARGV[4])) then
  store(key, ARGV[5], ttl_of(tonumber(ARGV[6]), now))
  stored = 1
end
if is_live(ARGV[5], now) then
  announce({ change_key(FIELD), ARGV[4] })
else
  announce({ change_key(FIELD), '0' })
end
return stored
