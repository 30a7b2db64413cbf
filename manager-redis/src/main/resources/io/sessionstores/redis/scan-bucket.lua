-- Size analysis and tools (hash mode): one HSCAN page of each bucket KEYS[1..n], from cursor
-- ARGV[3] (the same for every bucket: '0' when a call covers several), with COUNT ARGV[4]; read
-- only. Several buckets per call only where keys of different slots may meet in one script (not
-- on Redis Cluster): one call instead of one per bucket. Returns, bucket after bucket: its next
-- cursor ('0' = bucket done), the fields examined, how many field/value pairs follow, then field
-- and value of every frame whose rawBytes (the 4 bytes after the frame, see StoredValues) is
-- greater than ARGV[5]. Filtering here keeps small sessions off the network.
local cursor, count, bigger = ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])

local function raw_bytes(v)
  local n = 0
  for i = #v - 3, #v do
    n = n * 256 + string.byte(v, i)
  end
  return n
end

local out = {}
for k = 1, #KEYS do
  local page = redis.call('HSCAN', KEYS[k], cursor, 'COUNT', count)
  local flat = page[2]
  local head = #out
  out[head + 1] = page[1]
  out[head + 2] = #flat / 2
  local kept = 0
  for i = 1, #flat, 2 do
    local v = flat[i + 1]
    if is_frame(v) and raw_bytes(v) > bigger then
      out[head + 4 + 2 * kept] = flat[i]
      out[head + 5 + 2 * kept] = v
      kept = kept + 1
    end
  end
  out[head + 3] = kept
end
return out
