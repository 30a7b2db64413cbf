-- Size analysis and tools (string mode): one SCAN page from cursor ARGV[3], MATCH ARGV[5] (the
-- store's key prefix, escaped, then '*'), COUNT ARGV[4]; read only, touches no key. KEYS[1] only
-- routes the call to a master. Returns { next cursor ('0' = done), key names... }.
local page = redis.call('SCAN', ARGV[3], 'MATCH', ARGV[5], 'COUNT', tonumber(ARGV[4]))
local out = { page[1] }
for i = 1, #page[2] do
  out[#out + 1] = page[2][i]
end
return out
