-- Records an access: patches expiresAt and lastAccess in the stored header, never moving either
-- earlier and never giving an expiry to a session that has none. ARGV[3] now, ARGV[4] new
-- expiresAt, ARGV[5] new lastAccess, ARGV[6] and ARGV[7] the same two as 8 big-endian bytes.
-- Returns 1 when a live record was touched, 0 when there is none.
local key, now = KEYS[1], tonumber(ARGV[3])
local old = load(key)
if not is_live(old, now) then
  return 0
end
local expires, expires_bytes = tonumber(ARGV[4]), ARGV[6]
local stored_expires = u64(old, 8)
if stored_expires == 0 or expires == 0 or expires < stored_expires then
  expires, expires_bytes = stored_expires, string.sub(old, 9, 16)
end
local access_bytes = ARGV[7]
if tonumber(ARGV[5]) < u64(old, 16) then
  access_bytes = string.sub(old, 17, 24)
end
local ttl = ttl_of(expires, now)
store(key, string.sub(old, 1, 8) .. expires_bytes .. access_bytes .. string.sub(old, 25), ttl)
extend_holders(ttl)
return 1
