-- GET /api/tasks/{id} for random ids of the seeded table.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require "common"
local ids

function init(args)
  common.seed()
  ids = common.load(os.getenv("BENCH_IDS"))
end

function request()
  return wrk.format("GET", "/api/tasks/" .. ids[math.random(#ids)])
end

-- BENCH_PACE_MS: each connection waits a random 0..2x that many ms before each request (an offered
-- rate of connections / pace, whatever the answers' speed), as many idle clients do.
local pace = tonumber(os.getenv("BENCH_PACE_MS") or "")
if pace then
  function delay()
    return math.random(0, 2 * pace)
  end
end

done = common.report
