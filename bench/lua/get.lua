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

done = common.report
