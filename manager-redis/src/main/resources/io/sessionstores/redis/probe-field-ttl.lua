-- Whether this server has per-field hash TTL (HPEXPIRE: Redis >= 7.4, Valkey 9). Touches only
-- KEYS[1], which does not exist, so nothing is changed. Returns 1 or 0.
local ok = pcall(redis.call, 'HPEXPIRE', KEYS[1], 1000, 'FIELDS', 1, 'probe')
if ok then
  return 1
end
return 0
