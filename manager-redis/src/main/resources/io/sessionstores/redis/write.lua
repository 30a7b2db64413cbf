-- Compare-and-set write. ARGV[3] now (ms), ARGV[4] expected version (0: no live record may
-- exist, nor a live tombstone), ARGV[5] the frame, ARGV[6] its expiresAt, ARGV[7] the principal
-- name the frame carries ('' for none), ARGV[8] '1' when the caller has just listed the id in
-- that user's index (RedisUserIndex), ARGV[9] '1' when the announcement carries the frame
-- (ChangeChannel.carries). Returns 1 when written, 0 on conflict, 2 when not written
-- because the session gets a user the stored record does not carry and ARGV[8] is not '1': the
-- user's index must list a session before any record of it names the user. A write is announced
-- on the change stream (prelude.lua).
local key, now = KEYS[1], tonumber(ARGV[3])
local old = load(key)
local current = 0
if is_live(old, now) then
  current = u64(old, 24)
end
if current ~= tonumber(ARGV[4]) or current == 0 and is_tombstone(old, now) then
  return 0
end
local user = ARGV[7]
if user ~= nil and user ~= '' and ARGV[8] ~= '1' and (current == 0 or principal_of(old) ~= user) then
  return 2
end
store(key, ARGV[5], ttl_of(tonumber(ARGV[6]), now))
local carried = nil
if ARGV[9] == '1' then
  carried = ARGV[5]
end
announce({ change_key(FIELD), tostring(u64(ARGV[5], 24)) }, carried)
return 1
