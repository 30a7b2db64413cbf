-- Lays a tombstone (see prelude.lua) under the id, so that no copy of the session read from a
-- migration's old store before this delete can be inserted after it. ARGV[3] now (ms), ARGV[4] 0
-- (replace whatever the id holds) or the only record version it may replace, ARGV[5] the
-- tombstone, ARGV[6] its end (ms). The key or field lives until the end plus the expired-record
-- grace. Returns 1 when laid, 0 when the id held no record of the version given.
local key, now, version = KEYS[1], tonumber(ARGV[3]), tonumber(ARGV[4])
if version ~= 0 then
  local old = load(key)
  if not is_frame(old) or u64(old, 24) ~= version then
    return 0
  end
end
store(key, ARGV[5], ttl_of(tonumber(ARGV[6]), now))
forget_holders()
announce({ change_key(FIELD), '0' })
return 1
