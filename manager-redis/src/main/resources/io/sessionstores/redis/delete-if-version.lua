-- Deletes the record only if its stored version is ARGV[3]. Returns 1 when deleted, else 0.
local key = KEYS[1]
local old = load(key)
if not is_frame(old) or u64(old, 24) ~= tonumber(ARGV[3]) then
  return 0
end
remove(key)
forget_holders()
announce({ change_key(FIELD), '0' })
return 1
