-- The expiry valve's lease (one node at a time deletes expired sessions), KEYS[1] = lease key.
-- ARGV[3] = 'take' or 'release', ARGV[4] = owner, ARGV[5] = time to live in ms (take).
-- take: succeeds when the lease is free (lapsed keys are gone: PX) or already the owner's (renewed).
-- Returns 1 when the owner holds the lease afterwards (take) or gave it back (release), else 0.
local key, op, owner = KEYS[1], ARGV[3], ARGV[4]
local holder = redis.call('GET', key)
if op == 'release' then
  if holder == owner then
    redis.call('DEL', key)
    return 1
  end
  return 0
end
if holder and holder ~= owner then
  return 0
end
redis.call('SET', key, owner, 'PX', tonumber(ARGV[5]))
return 1
