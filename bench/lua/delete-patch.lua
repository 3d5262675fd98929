-- Deletes racing patches on the same tasks (bench/deletes.sh): a hot window of 40 tasks that moves on
-- every 200 requests of a thread; 6% deletes, the rest patches. Counts the answers by status.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require "common"
local ids
local sent = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  common.seed()
  ids = common.load(os.getenv("BENCH_IDS"))
  codes = {}
end

function request()
  sent = sent + 1
  local id = ids[(math.floor(sent / 200) * 20 + math.random(1, 40)) % #ids + 1]
  if math.random() < 0.06 then
    return wrk.format("DELETE", "/api/tasks/" .. id)
  end
  return wrk.format("PATCH", "/api/tasks/" .. id, { ["Content-Type"] = "application/merge-patch+json" },
    '{"progress":' .. math.random(0, 100) .. '}')
end

function response(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("codes")) do total[status] = (total[status] or 0) + n end
  end
  local line = "STATUSES"
  for status, n in pairs(total) do line = line .. " " .. status .. "=" .. n end
  io.write(line .. "\n")
  common.report(summary, latency, requests)
end
