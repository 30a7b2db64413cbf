-- wrk script: every request carries the next session cookie of a list, so the load is spread
-- over many sessions. Arguments (after wrk's "--"): the cookie file (one "JSESSIONID=..." per
-- line) and an optional offset, so two wrk processes sharing the list start apart.
local threads = 0

function setup(thread)
  thread:set("thread_number", threads)
  threads = threads + 1
end

local cookies = {}
local position = 1

function init(args)
  for line in io.lines(args[1]) do
    cookies[#cookies + 1] = line
  end
  local offset = tonumber(args[2] or "0")
  position = (offset + thread_number * 997) % #cookies + 1
end

function request()
  local cookie = cookies[position]
  position = position % #cookies + 1
  return wrk.format(nil, nil, { Cookie = cookie })
end
