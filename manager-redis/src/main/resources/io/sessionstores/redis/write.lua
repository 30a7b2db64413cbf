-- Compare-and-set write. ARGV[3] now (ms), ARGV[4] expected version (0: no live record may
-- exist, nor a live tombstone), ARGV[5] the frame, ARGV[6] its expiresAt, ARGV[7] the principal
-- name the frame carries ('' for none), ARGV[8] '1' when the caller has just listed the id in
-- that user's index (RedisUserIndex), ARGV[9] '1' when the announcement may carry the frame
-- (ChangeChannel.carries), ARGV[10] the writing node's id when it follows the change stream, else
-- '', KEYS[3] the session's holders (prelude.lua). Returns 1 when written, 0 on conflict, 2 when
-- not written because the session gets a user the stored record does not carry and ARGV[8] is not
-- '1': the user's index must list a session before any record of it names the user.
-- A write is announced on the change stream (prelude.lua) as the holders' record says: always when
-- the writer follows no stream; never for a new session (nothing stored under its id: its writer
-- alone holds it) nor when the writer alone may hold a copy.
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
local node = ARGV[10]
local change = { change_key(FIELD), tostring(u64(ARGV[5], 24)) }
if node == nil or node == '' then
  announce(change, carried)
  return 1
end
local expires = tonumber(ARGV[6])
if old == false or old == nil then
  hold(KEYS[3], node, expires, now)
  return 1
end
local was = load(KEYS[3])
if was == node then
  if MODE ~= 'h' then
    hold(KEYS[3], node, expires, now) -- the new expiry
  end
  return 1
end
local last, count = shared_by(was)
if last ~= node then
  count = 0
end
if count + 1 >= RESET_AFTER then
  announce(change, nil)
  hold(KEYS[3], node, expires, now)
else
  announce(change, carried)
  hold(KEYS[3], '*' .. node .. ' ' .. (count + 1), expires, now)
end
return 1
