-- Expiry sweep of one bucket hash (hash mode). Deletes every field whose frame has expired at
-- "now": the earlier of ARGV[3] (the calling node's clock, ms) and the server's TIME, so a node
-- whose clock runs ahead deletes nothing early. The check and the HDEL happen inside this one
-- script, so a session written or touched since can never be deleted. Bounded work: at most about ARGV[5] fields per call;
-- a bigger bucket is walked with HSCAN from cursor ARGV[4] over several calls.
-- Values that are not frames are left alone. Returns { next cursor ('0' = bucket done), deleted }.
local key, now, cursor, count = KEYS[1], tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5])
-- HDEL arguments per call: Lua 5.1's unpack fails beyond about 8,000 values
local HDEL_CHUNK = 1000

if redis.replicate_commands then
  redis.replicate_commands() -- Redis < 5: replicate effects, so TIME may precede writes
end
local time = redis.call('TIME')
now = math.min(now, tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000))

local function expired_fields(flat)
  local dead = {}
  for i = 1, #flat, 2 do
    local v = flat[i + 1]
    if is_frame(v) then
      local expires = u64(v, 8)
      if expires ~= 0 and expires <= now then
        dead[#dead + 1] = flat[i]
      end
    end
  end
  return dead
end

local next_cursor, flat
if cursor == '0' then
  local size = redis.call('HLEN', key)
  if size == 0 then
    return { '0', 0 }
  end
  if size <= count then
    next_cursor, flat = '0', redis.call('HGETALL', key)
  end
end
if flat == nil then
  local page = redis.call('HSCAN', key, cursor, 'COUNT', count)
  next_cursor, flat = page[1], page[2]
end
local dead = expired_fields(flat)
for first = 1, #dead, HDEL_CHUNK do
  redis.call('HDEL', key, unpack(dead, first, math.min(first + HDEL_CHUNK - 1, #dead)))
end
return { next_cursor, #dead }
