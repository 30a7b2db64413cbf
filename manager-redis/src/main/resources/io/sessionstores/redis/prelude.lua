-- session-stores: shared start of every script (the store prepends it to each script body).
-- ARGV[1] = mode: 'h' hash field, 'x' hash field with native per-field TTL (HPEXPIRE), 's' string key
-- ARGV[2] = hash field (ignored in string mode)
-- Every script touches one slot, that of KEYS[1], so it runs unchanged on Redis Cluster; the scripts
-- that change a session also take the change stream's arguments (see announce below).
-- A stored value is the frame followed by 4 bytes (rawBytes). Frame header (big-endian):
-- 0 "SSF", 3 format version 1, 8 expiresAt, 16 lastAccess, 24 version; 44 bytes in all.
local MODE, FIELD = ARGV[1], ARGV[2]
local MIN_LENGTH = 44 + 4

-- 'x' mode on a server without HPEXPIRE (a failover to an older replica, a mixed-version
-- cluster): fail here, before anything is written, so that no session is ever stored without
-- its expiry; the store then probes again and retries in 'h' mode. Field '' never holds a session.
if MODE == 'x' then
  redis.call('HPEXPIRE', KEYS[1], 1, 'FIELDS', 1, '')
end

-- 8 big-endian bytes at offset 'at' as a number; exact for values below 2^53 (ms times, versions)
local function u64(s, at)
  local n = 0
  for i = at + 1, at + 8 do
    n = n * 256 + string.byte(s, i)
  end
  return n
end

local function is_frame(v)
  return type(v) == 'string' and #v >= MIN_LENGTH and string.sub(v, 1, 4) == 'SSF\1'
end

-- a frame whose expiry (0 = never) lies after now
local function is_live(v, now)
  if not is_frame(v) then
    return false
  end
  local expires = u64(v, 8)
  return expires == 0 or expires > now
end

-- An unsigned LEB128 varint of at most 5 bytes at position 'at' of s: its value and the position
-- after it; nil when it runs past s.
local function varint(s, at)
  local value, scale = 0, 1
  for i = at, math.min(at + 4, #s) do
    local b = string.byte(s, i)
    value = value + (b % 128) * scale
    if b < 128 then
      return value, i + 1
    end
    scale = scale * 128
  end
  return nil, nil
end

-- The principal name a frame carries (FrameReader.principalName), or nil: after the header one
-- byte (isNew), then the authType and the principal name, each a varint of its length plus one
-- (0: none) and its UTF-8 bytes. This part of a frame is never compressed.
local function principal_of(v)
  if not is_frame(v) then
    return nil
  end
  local auth_length, at = varint(v, 46)
  if auth_length == nil then
    return nil
  end
  if auth_length > 0 then
    at = at + auth_length - 1
  end
  local name_length, start = varint(v, at)
  if name_length == nil or name_length == 0 or start + name_length - 2 > #v then
    return nil
  end
  return string.sub(v, start, start + name_length - 2)
end

-- A tombstone (SessionStore.deleteLeavingTombstone: a delete or id change while this store is the
-- new store of a migration) is an expired bare frame header of this version whose lastAccess
-- field holds its end: reads find no session in it, a new record (write with expected version 0)
-- may not replace it before its end (is_tombstone), the sweep keeps it until then.
local TOMBSTONE_VERSION = ${tombstoneVersion}

local function is_tombstone(v, now)
  return is_frame(v) and u64(v, 24) == TOMBSTONE_VERSION and u64(v, 16) > now
end

-- An expired record outlives its session by this grace (ms) before Redis deletes it, so the node
-- holding the session removes it with delete-if-version and fires its listeners. Reads and writes
-- treat it as absent from expiresAt on (is_live). Set from SessionStore.EXPIRED_RECORD_GRACE_MILLIS.
local EXPIRED_GRACE_MS = ${expiredGraceMillis}

-- milliseconds the key or field lives: until expiresAt plus the grace; 0 for a session that never expires
local function ttl_of(expires, now)
  if expires == 0 then
    return 0
  end
  return math.max(1, expires - now) + EXPIRED_GRACE_MS
end

local function load(key)
  if MODE == 's' then
    return redis.call('GET', key)
  end
  return redis.call('HGET', key, FIELD)
end

-- a string key with a time to live in ms (0: none)
local function set_living(key, value, ttl)
  if ttl > 0 then
    redis.call('SET', key, value, 'PX', ttl)
  else
    redis.call('SET', key, value)
  end
end

-- mode 'x': FIELD of hash 'key' lives 'ttl' ms (0: for ever)
local function field_living(key, ttl)
  if ttl > 0 then
    redis.call('HPEXPIRE', key, ttl, 'FIELDS', 1, FIELD)
  else
    redis.call('HPERSIST', key, 'FIELDS', 1, FIELD)
  end
end

local function store(key, value, ttl)
  if MODE == 's' then
    set_living(key, value, ttl)
    return
  end
  redis.call('HSET', key, FIELD, value)
  if MODE == 'x' then
    field_living(key, ttl)
  end
end

local function remove(key)
  if MODE == 's' then
    return redis.call('DEL', key)
  end
  return redis.call('HDEL', key, FIELD)
end

-- The change stream (ChangeChannel): a script that changes a session announces it in the same
-- atomic step. The caller's last argument is the channel ('' for none); KEYS[2] is the sequence
-- counter the channel's messages are numbered by: each message carries the next number, so a
-- subscriber sees a gap. On a single server that is the application's counter
-- '<prefix>changes' and the channel of the same name (PUBLISH, RedisChangeStream); on a Redis
-- Cluster the slot's counter '<prefix>changes{<tag>}', which the tag puts in KEYS[1]'s slot, and
-- the shard channel of the same name (SPUBLISH: the message stays on the shard, ShardedChangeStream).
-- A message is "<sequence or -> <key> <version> [<key> <version>...]", a key being the first 16 hex
-- digits of the SHA-1 of the session's key, a zero byte and its field (ChangeChannel.keyOf), and
-- the version 0 when the session is gone; a write's message may carry the value it stored after a
-- newline (never on a Cluster's shard channels), which a node holding the session takes instead of
-- reading it (ChangeChannel.carries).
local CHANNEL = ARGV[#ARGV]

local function change_key(field)
  return string.sub(redis.sha1hex(KEYS[1] .. '\0' .. field), 1, 16)
end

-- announces a flat list of keys and versions { k1, v1, k2, v2, ... }, and the value stored for
-- a single change when 'carried' is given
local function announce(changes, carried)
  if CHANNEL == nil or CHANNEL == '' or #changes == 0 then
    return
  end
  local sequence = '-'
  if KEYS[2] then
    sequence = redis.call('INCR', KEYS[2])
  end
  local message = sequence .. ' ' .. table.concat(changes, ' ')
  if carried then
    message = message .. '\n' .. carried
  end
  if KEYS[2] and string.sub(KEYS[2], -1) == '}' then
    -- a slot's counter and channel on a Cluster. Redis < 7.0 has no SPUBLISH: the change stands
    -- unannounced there, and no node follows the stream either (SSUBSCRIBE fails the same way)
    redis.pcall('SPUBLISH', CHANNEL, message)
  else
    redis.call('PUBLISH', CHANNEL, message)
  end
end

-- Who may hold a copy of a session in its near cache: KEYS[3] of the scripts run for one session
-- (SessionScripts, ChangeChannel.heldKey). In string mode a small key beside the session; in hash
-- mode a hash beside the session's bucket, holding a field of the same name as the session's.
-- Its value is '<node>' when that node alone may hold a copy, or '*<node> <n>' when other nodes (or
-- ones nobody knows) may too, <node> being the last to register and <n> the writes it made in a row
-- since. A node that follows the change stream registers in the same step as it reads or writes the
-- session (read.lua, write.lua), so every write after that step sees it:
-- * a write by the node that alone may hold a copy announces nothing;
-- * any other write is announced, with the value it stored (ChangeChannel.carries), except the
--   RESET_AFTER-th write in a row of one node: announced without its value, so that every other
--   node's copy reads the store at its next request (which registers that node again), and from
--   then on the writer alone holds a copy. So a session a node restart or another node's read
--   marked as shared returns to costing no message once its requests stay on one node.
-- The entry lives as long as the session (the same TTL, or in mode 'h' until the sweep's HDEL;
-- touch.lua extends it) and goes with it (the deletes); a live session without one (evicted, or
-- written by a node that follows no stream) counts as held by unknown nodes.
local RESET_AFTER = ${resetAfter}

-- '<node> <n>' of a shared record: its last node and count; nil for a node's own record or none
local function shared_by(was)
  if type(was) ~= 'string' or string.sub(was, 1, 1) ~= '*' then
    return nil, 0
  end
  local node, n = string.match(was, '^%*(%S+) (%d+)$')
  return node, tonumber(n or 0)
end

-- the holders' record lives where the session would, in KEYS[3] instead of KEYS[1]: load, store, remove
local function hold(key, holder, expires, now)
  store(key, holder, ttl_of(expires, now))
end

-- touch.lua: the holders live as long as the session (mode 'h': until the sweep deletes both)
local function extend_holders(ttl)
  if not KEYS[3] then
    return
  end
  if MODE == 's' then
    -- GET and SET again rather than PEXPIRE: the commands an ACL user needs stay the README's list
    local holder = redis.call('GET', KEYS[3])
    if holder then
      set_living(KEYS[3], holder, ttl)
    end
  elseif MODE == 'x' then
    field_living(KEYS[3], ttl)
  end
end

-- the deletes: the session's holders go with it
local function forget_holders()
  if KEYS[3] then
    remove(KEYS[3])
  end
end
