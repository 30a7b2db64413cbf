-- wrk script: every request carries the next session cookie of a list, so the load is spread
-- over many sessions. Arguments (after wrk's "--"): the cookie file (one "JSESSIONID=..." per
-- line), an optional offset, so two wrk processes sharing the list start apart, and an optional
-- count: only the count cookies from the offset on (a sticky balancer: each node its own sessions).
local threads = 0

function setup(thread)
  thread:set("thread_number", threads)
  threads = threads + 1
end

local cookies = {}
local position = 1

function init(args)
  local offset = tonumber(args[2] or "0")
  local count = tonumber(args[3] or "0")
  local index = 0
  for line in io.lines(args[1]) do
    if count == 0 or (index >= offset and index < offset + count) then
      cookies[#cookies + 1] = line
    end
    index = index + 1
  end
  if count > 0 then offset = 0 end
  position = (offset + thread_number * 997) % #cookies + 1
end

function request()
  local cookie = cookies[position]
  position = position % #cookies + 1
  return wrk.format(nil, nil, { Cookie = cookie })
end
