-- The cluster's workload (scripts/cluster/load.sh), after bench/common.lua: per request, at
-- random, 50 % GET /users/{id} of a seeded user, 10 % GET /users?q= (a page of
-- seeded users by name prefix), 20 % POST /users with a
-- name no other request uses, 10 % PATCH /users/{id} with If-Match: *, and 10 % GET of the user
-- this thread created last, sending the Consistency-Token its POST returned (read-your-writes).
-- Users are never deleted, so 200 and 201 are the only expected answers: a 404 is a read that
-- did not see an acknowledged write. Each 201's username is appended to $ACK_DIR/acked-<thread>,
-- for the check that every acknowledged write is in the primary.
local max_id = tonumber(os.getenv("MAX_ID") or "1000")
local ack_dir = os.getenv("ACK_DIR") or "/tmp"
local counter = 0
local prefix
local acked
local last_id, last_token
-- Globals, not locals: done() reads them from each thread with thread:get.
unexpected = {}
retry_after = 0
local threads = {}

function setup(thread)
  thread:set("tid", tostring(math.random(1, 1e9)))
  table.insert(threads, thread)
end

function init(args)
  bench_seed_random()
  prefix = "c" .. os.time() .. "_" .. (tid or "0") .. "_"
  acked = io.open(ack_dir .. "/acked-" .. (tid or "0"), "a")
end

function request()
  local draw = math.random(1, 10)
  if draw <= 5 then
    return wrk.format("GET", "/users/" .. math.random(1, max_id), bench_headers())
  elseif draw == 6 then
    return wrk.format("GET", "/users?limit=20&q=seed" .. math.random(1, 999), bench_headers())
  elseif draw <= 8 then
    counter = counter + 1
    local name = prefix .. counter
    return wrk.format("POST", "/users", bench_headers({ ["Content-Type"] = "application/json" }),
      '{"username":"' .. name .. '","email":"' .. name .. '@example.com"}')
  elseif draw == 9 then
    return wrk.format("PATCH", "/users/" .. math.random(1, max_id),
      bench_headers({ ["Content-Type"] = "application/merge-patch+json", ["If-Match"] = "*" }),
      '{"isActive":' .. (math.random(1, 2) == 1 and "true" or "false") .. '}')
  elseif last_id then
    return wrk.format("GET", "/users/" .. last_id, bench_headers({ ["Consistency-Token"] = last_token }))
  else
    return wrk.format("GET", "/users/" .. math.random(1, max_id), bench_headers())
  end
end

function response(status, headers, body)
  if status == 201 then
    local name = body:match('"username":"([^"]+)"')
    acked:write(name, "\n")
    acked:flush()
    last_id = body:match('"id":(%d+)')
    last_token = headers["Consistency-Token"] or headers["consistency-token"]
  elseif status ~= 200 then
    unexpected[status] = (unexpected[status] or 0) + 1
    if status == 503 and (headers["Retry-After"] or headers["retry-after"]) then
      retry_after = retry_after + 1
    end
  end
end

function done(summary, latency, requests)
  local total, by_status, with_retry_after = 0, {}, 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("unexpected") or {}) do
      by_status[status] = (by_status[status] or 0) + count
      total = total + count
    end
    with_retry_after = with_retry_after + (thread:get("retry_after") or 0)
  end
  local e = summary.errors
  local statuses = ""
  for status, count in pairs(by_status) do statuses = statuses .. status .. ":" .. count .. "," end
  io.write(string.format(
    "RESULT rps=%.0f p50=%.2f p99=%.2f requests=%d unexpected=%d socket_errors=%d statuses=%s retry_after=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.requests, total,
    e.connect + e.read + e.write + e.timeout, statuses ~= "" and statuses:sub(1, -2) or "none", with_retry_after))
end
