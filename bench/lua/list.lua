-- GET /api/tasks?status=pending&limit=20 (BENCH_QUERY adds to it, e.g. a cursor deep in the table).
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require "common"
local path = "/api/tasks?status=pending&limit=20" .. (os.getenv("BENCH_QUERY") or "")

function request()
  return wrk.format("GET", path)
end

done = common.report
