-- 70% reads by id, 20% creates, 10% patches.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require "common"
local ids, patchIds

function init(args)
  common.seed()
  ids = common.load(os.getenv("BENCH_IDS"))
  patchIds = common.load(os.getenv("BENCH_PATCH_IDS"))
end

function request()
  local r = math.random()
  if r < 0.7 then
    return wrk.format("GET", "/api/tasks/" .. ids[math.random(#ids)])
  elseif r < 0.9 then
    return wrk.format("POST", "/api/tasks", { ["Content-Type"] = "application/json" },
      '{"title":"bench mix ' .. math.random(1000000) .. '"}')
  else
    return wrk.format("PATCH", "/api/tasks/" .. patchIds[math.random(#patchIds)],
      { ["Content-Type"] = "application/merge-patch+json" },
      '{"status":"in_progress","progress":' .. math.random(0, 100) .. '}')
  end
end

done = common.report
