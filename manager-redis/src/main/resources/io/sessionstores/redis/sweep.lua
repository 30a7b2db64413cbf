-- Expiry sweep of one bucket hash (hash mode). Deletes every field whose frame has expired at
-- ARGV[3] (now, ms): the check and the HDEL happen inside this one script, so a session written
-- or touched since can never be deleted. Bounded work: at most about ARGV[5] fields per call;
-- a bigger bucket is walked with HSCAN from cursor ARGV[4] over several calls.
-- Values that are not frames are left alone. Returns { next cursor ('0' = bucket done), deleted }.
local key, now, cursor, count = KEYS[1], tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5])

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
if #dead > 0 then
  redis.call('HDEL', key, unpack(dead))
end
return { next_cursor, #dead }
