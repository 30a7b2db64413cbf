-- User index (RedisUserIndex): lists session ARGV[3] in the user's index, KEYS[1], a sorted set
-- whose scores are when each id was last listed, by this server's clock (ms). Called before a
-- write that gives the session that user, so the index never misses a stored session of the user.
if redis.replicate_commands then
  redis.replicate_commands() -- Redis < 5: replicate effects, so TIME may precede writes
end
local time = redis.call('TIME')
redis.call('ZADD', KEYS[1], tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000), ARGV[3])
return 1
