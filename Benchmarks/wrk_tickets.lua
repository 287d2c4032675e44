-- wrk script of ticket_throughput.py: POST /api/v1/tickets without paper ("print": false),
-- cycling the demo queues that have no daily cap, and the answers counted by HTTP status.
-- Prints `name value` lines; the script reads them back.
local queues = {"green-channel", "pickup", "proxy", "unresolved"}
local threads = {}

function setup(thread)
  thread:set("first", #threads)
  table.insert(threads, thread)
end

function init(args)
  counter = first or 0
  statuses = {}
end

function request()
  counter = counter + 1
  local body = '{"queue":"' .. queues[counter % #queues + 1] .. '","print":false}'
  return wrk.format("POST", "/api/v1/tickets", {["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, t in ipairs(threads) do
    for status, n in pairs(t:get("statuses")) do totals[status] = (totals[status] or 0) + n end
  end
  for status, n in pairs(totals) do io.write(string.format("wrk.status.%d %d\n", status, n)) end
  local e = summary.errors
  io.write(string.format("wrk.requests %d\n", summary.requests))
  io.write(string.format("wrk.duration_us %d\n", summary.duration))
  io.write(string.format("wrk.socket_errors %d\n", e.connect + e.read + e.write + e.timeout))
  for _, p in ipairs({50, 90, 99}) do
    io.write(string.format("wrk.latency_us.p%d %d\n", p, latency:percentile(p)))
  end
  io.write(string.format("wrk.latency_us.max %d\n", latency.max))
end
