-- wrk script: single-rating PUTs over random user and item ids (100,000 users x 20,000 items).
-- Each wrk thread gets its own seed so threads do not write the same pairs in lockstep.
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  math.randomseed(4242 + id)
end

request = function()
  local u = math.random(1, 100000)
  local i = math.random(1, 20000)
  local r = math.random(1, 10) / 2
  return wrk.format("PUT", "/api/v1/users/u" .. u .. "/ratings/i" .. i,
    { ["Content-Type"] = "application/json" }, '{"rating":' .. r .. '}')
end
