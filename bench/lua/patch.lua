-- PATCH /api/tasks/{id}: an in-progress task's status (kept) and progress (changed), as a worker reports.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require "common"
local ids

function init(args)
  common.seed()
  ids = common.load(os.getenv("BENCH_PATCH_IDS"))
end

function request()
  return wrk.format("PATCH", "/api/tasks/" .. ids[math.random(#ids)],
    { ["Content-Type"] = "application/merge-patch+json" },
    '{"status":"in_progress","progress":' .. math.random(0, 100) .. '}')
end

done = common.report
