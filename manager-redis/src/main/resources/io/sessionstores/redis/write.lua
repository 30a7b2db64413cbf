-- Compare-and-set write. ARGV[3] now (ms), ARGV[4] expected version (0: no live record may
-- exist, nor a live tombstone), ARGV[5] the frame, ARGV[6] its expiresAt. Returns 1 when written, 0 on conflict.
local key, now = KEYS[1], tonumber(ARGV[3])
local old = load(key)
local current = 0
if is_live(old, now) then
  current = u64(old, 24)
end
if current ~= tonumber(ARGV[4]) or current == 0 and is_tombstone(old, now) then
  return 0
end
store(key, ARGV[5], ttl_of(tonumber(ARGV[6]), now))
return 1
