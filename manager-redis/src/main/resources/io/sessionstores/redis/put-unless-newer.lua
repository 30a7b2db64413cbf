-- Cache write (cached-JDBC store): stores the value unless the stored one carries a greater
-- record version (a newer write, or an eviction marker). Unlike write.lua it expects no version:
-- a cold or stale cache holds an older version or none, and the database has already decided.
-- ARGV[3] now (ms), ARGV[4] the new record's version, ARGV[5] the value, ARGV[6] its expiresAt.
-- Returns 1 when stored, 0 when a newer record was kept.
local key, now = KEYS[1], tonumber(ARGV[3])
local old = load(key)
if is_frame(old) and u64(old, 24) > tonumber(ARGV[4]) then
  return 0
end
store(key, ARGV[5], ttl_of(tonumber(ARGV[6]), now))
return 1
