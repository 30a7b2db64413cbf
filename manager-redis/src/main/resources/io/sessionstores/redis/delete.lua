-- Deletes a session (a logout, invalidate) and announces it on the change stream, in one step.
-- Returns 1 when something was deleted, else 0 (announced either way: a node may hold a copy of a
-- session deleted by Redis itself).
local removed = remove(KEYS[1])
forget_holders()
announce({ change_key(FIELD), '0' })
return removed
