-- User index (RedisUserIndex): removes from KEYS[1] each id ARGV[4 + 2k] seen with score
-- ARGV[5 + 2k] whose session the caller found gone or no longer the user's, only if it was not
-- listed again since (the score is unchanged) and was listed more than ARGV[3] ms ago by this
-- server's clock: a write that lists an id and then stores the session finishes well within that
-- time, so an id is never removed between the two. Returns how many were removed.
if redis.replicate_commands then
  redis.replicate_commands()
end
local time = redis.call('TIME')
local before = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000) - tonumber(ARGV[3])
local removed = 0
for i = 4, #ARGV, 2 do
  local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if score and tonumber(score) == tonumber(ARGV[i + 1]) and tonumber(score) < before then
    removed = removed + redis.call('ZREM', KEYS[1], ARGV[i])
  end
end
return removed
