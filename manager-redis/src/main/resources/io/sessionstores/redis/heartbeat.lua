-- The change stream's heartbeat (RedisChangeStream). ARGV[1] and ARGV[2] are '' (no session),
-- ARGV[3] the node, ARGV[4] the heartbeat's number, ARGV[5] '1' when KEYS[1] is the application's
-- sequence counter (not on a Cluster), ARGV[6] the channel. Publishes "h <node> <n> <sequence or ->"
-- in one step with the read of the counter, so that every change message numbered up to that
-- sequence reached a subscriber before the heartbeat does: a subscriber that gets its heartbeat
-- with a higher number than it has seen has missed a change.
local sequence = '-'
if ARGV[5] == '1' then
  sequence = redis.call('GET', KEYS[1]) or '0'
end
redis.call('PUBLISH', CHANNEL, 'h ' .. ARGV[3] .. ' ' .. ARGV[4] .. ' ' .. sequence)
return 1
