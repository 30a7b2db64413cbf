-- A read by a node that follows the change stream (RedisRecords.read): the stored value, with the
-- node registered among the session's holders (prelude.lua) in the same step, so that every write
-- by another node from now on announces its change. ARGV[3] now (ms), ARGV[4] the node's id,
-- KEYS[3] the holders. A node that follows no stream reads with a plain HGET or GET.
-- A frame whose expiry lies beyond 2^50 ms (35,000 years: only garbage after a valid header) is
-- returned unregistered: the store refuses it as corrupt, so no node holds a copy of it.
local value = load(KEYS[1])
if is_frame(value) and u64(value, 8) < 2 ^ 50 then
  local node, was = ARGV[4], load(KEYS[3])
  if was ~= node and shared_by(was) ~= node then
    hold(KEYS[3], '*' .. node .. ' 0', u64(value, 8), tonumber(ARGV[3]))
  end
end
return value
