-- Size analysis and tools (hash mode): one HSCAN page of bucket KEYS[1] from cursor ARGV[3] with
-- COUNT ARGV[4]; read only. Returns { next cursor ('0' = bucket done), fields examined, then field
-- and value of every frame whose rawBytes (the 4 bytes after the frame, see StoredValues) is
-- greater than ARGV[5] }. Filtering here keeps small sessions off the network.
local key, cursor, count, bigger = KEYS[1], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])

local function raw_bytes(v)
  local n = 0
  for i = #v - 3, #v do
    n = n * 256 + string.byte(v, i)
  end
  return n
end

local page = redis.call('HSCAN', key, cursor, 'COUNT', count)
local flat = page[2]
local out = { page[1], #flat / 2 }
for i = 1, #flat, 2 do
  local v = flat[i + 1]
  if is_frame(v) and raw_bytes(v) > bigger then
    out[#out + 1] = flat[i]
    out[#out + 1] = v
  end
end
return out
