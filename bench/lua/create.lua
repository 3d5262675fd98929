-- POST /api/tasks with a small task.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require "common"

function init(args)
  common.seed()
end

function request()
  return wrk.format("POST", "/api/tasks", { ["Content-Type"] = "application/json" },
    '{"title":"bench create ' .. math.random(1000000) .. '","priority":"high","tags":["bench"]}')
end

done = common.report
