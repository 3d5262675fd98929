-- GET /q/health/ready: one database round trip per call.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require "common"

function request()
  return wrk.format("GET", "/q/health/ready")
end

done = common.report
