-- Size analysis and tools (hash mode): one HSCAN page of each bucket KEYS[1..n], from cursor
-- ARGV[3] (the same for every bucket: '0' when a call covers several), with COUNT ARGV[4]; read
-- only. Several buckets per call only where keys of different slots may meet in one script (not
-- on Redis Cluster): one call instead of one per bucket. Keeps every frame whose rawBytes (the 4
-- bytes after the frame, see StoredValues) is greater than ARGV[5]; ARGV[6] > 0: only the first
-- ARGV[6] bytes of a longer frame (its head), followed by the 4 rawBytes. Once ARGV[7] frames
-- are kept, the buckets after the current one are left for another call: one answer stays small
-- however the buckets' sizes differ. Returns, bucket after bucket (only the buckets paged): its
-- next cursor ('0' = bucket done), the fields examined, how many records follow, then field,
-- value and whole frame length of every record kept. Filtering here keeps small sessions off the
-- network.
local cursor, count, bigger = ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])
local head, budget = tonumber(ARGV[6]), tonumber(ARGV[7])

local function raw_bytes(v)
  local n = 0
  for i = #v - 3, #v do
    n = n * 256 + string.byte(v, i)
  end
  return n
end

local out = {}
local total = 0
for k = 1, #KEYS do
  if total >= budget then
    break
  end
  local page = redis.call('HSCAN', KEYS[k], cursor, 'COUNT', count)
  local flat = page[2]
  local at = #out
  out[at + 1] = page[1]
  out[at + 2] = #flat / 2
  out[at + 3] = 0
  local kept = 0
  for i = 1, #flat, 2 do
    local v = flat[i + 1]
    if is_frame(v) and raw_bytes(v) > bigger then
      local frame = #v - 4
      if head > 0 and frame > head then
        v = string.sub(v, 1, head) .. string.sub(v, -4)
      end
      out[at + 4 + 3 * kept] = flat[i]
      out[at + 5 + 3 * kept] = v
      out[at + 6 + 3 * kept] = frame
      kept = kept + 1
    end
  end
  out[at + 3] = kept
  total = total + kept
end
return out
