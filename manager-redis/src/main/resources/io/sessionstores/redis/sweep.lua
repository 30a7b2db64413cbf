-- Expiry sweep of one bucket hash (hash mode). Deletes every field whose frame has expired at
-- "now": the earlier of ARGV[3] (the calling node's clock, ms) and the server's TIME, so a node
-- whose clock runs ahead deletes nothing early. The check and the HDEL happen inside this one
-- script, so a session written or touched since can never be deleted. Bounded work: at most about ARGV[5] fields per call;
-- a bigger bucket is walked with HSCAN from cursor ARGV[4] over several calls.
-- Values that are not frames are left alone.
-- Mode 'x' (the server expires fields itself, HPEXPIRE): the same, and every live field that has
-- no TTL of its own (written before an upgrade, or while a failover put an older server in
-- charge) gets one: HPTTL answers -1 for it, HPEXPIRE gives it expiresAt + grace by the server's
-- clock. On a server without HPEXPIRE the prelude fails first, and the store probes again.
-- KEYS[3], when given, is the bucket's holders hash: the fields deleted go from it too.
-- Returns { next cursor ('0' = bucket done), deleted, fields given their TTL }.
local key, now, cursor, count = KEYS[1], tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5])
-- HDEL arguments per call: Lua 5.1's unpack fails beyond about 8,000 values
local HDEL_CHUNK = 1000

if redis.replicate_commands then
  redis.replicate_commands() -- Redis < 5: replicate effects, so TIME may precede writes
end
local time = redis.call('TIME')
local server_now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
now = math.min(now, server_now)

-- the expired fields, and the live fields that expire (each with its expiresAt)
local function classify(flat)
  local dead, expiring, expiring_at = {}, {}, {}
  for i = 1, #flat, 2 do
    local v = flat[i + 1]
    if is_frame(v) then
      local expires = u64(v, 8)
      if u64(v, 24) == TOMBSTONE_VERSION then
        expires = u64(v, 16) -- a tombstone lasts until its end
      end
      if expires ~= 0 and expires <= now then
        dead[#dead + 1] = flat[i]
      elseif expires ~= 0 then
        expiring[#expiring + 1] = flat[i]
        expiring_at[#expiring] = expires
      end
    end
  end
  return dead, expiring, expiring_at
end

-- mode 'x': gives every expiring field without a TTL of its own its TTL; returns how many
local function give_ttls(expiring, expiring_at)
  local given = 0
  for first = 1, #expiring, HDEL_CHUNK do
    local last = math.min(first + HDEL_CHUNK - 1, #expiring)
    local ttls = redis.call('HPTTL', key, 'FIELDS', last - first + 1, unpack(expiring, first, last))
    for i = first, last do
      if ttls[i - first + 1] == -1 then
        redis.call('HPEXPIRE', key, ttl_of(expiring_at[i], server_now), 'FIELDS', 1, expiring[i])
        given = given + 1
      end
    end
  end
  return given
end

local next_cursor, flat
if cursor == '0' then
  local size = redis.call('HLEN', key)
  if size == 0 then
    return { '0', 0, 0 }
  end
  if size <= count then
    next_cursor, flat = '0', redis.call('HGETALL', key)
  end
end
if flat == nil then
  local page = redis.call('HSCAN', key, cursor, 'COUNT', count)
  next_cursor, flat = page[1], page[2]
end
local dead, expiring, expiring_at = classify(flat)
for first = 1, #dead, HDEL_CHUNK do
  redis.call('HDEL', key, unpack(dead, first, math.min(first + HDEL_CHUNK - 1, #dead)))
  if KEYS[3] then
    -- their holders (prelude.lua), the hash beside the bucket
    redis.call('HDEL', KEYS[3], unpack(dead, first, math.min(first + HDEL_CHUNK - 1, #dead)))
  end
end
-- one message for the whole batch on the change stream
local gone = {}
for i = 1, #dead do
  gone[#gone + 1] = change_key(dead[i])
  gone[#gone + 1] = '0'
end
announce(gone)
local given = 0
if MODE == 'x' then
  given = give_ttls(expiring, expiring_at)
end
return { next_cursor, #dead, given }
