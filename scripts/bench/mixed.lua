-- The load test's workload (scripts/load-test.sh): per request, at random, 60 % GET /users/{id}
-- of a seeded user, 20 % POST /users with a name no other request uses, 20 % PATCH /users/{id}
-- with If-Match: * (the conditional path, always satisfiable). Users are never deleted, so every
-- answer is expected to be 200 or 201; anything else is counted as unexpected, by status.
local max_id = tonumber(os.getenv("MAX_ID") or "1000")
local counter = 0
local prefix
-- Global, not local: done() reads it from each thread with thread:get.
unexpected = {}
local threads = {}

function setup(thread)
  thread:set("tid", tostring(math.random(1, 1e9)))
  table.insert(threads, thread)
end

function init(args)
  bench_seed_random()
  prefix = "l" .. os.time() .. "_" .. (tid or "0") .. "_"
end

function request()
  local draw = math.random(1, 10)
  local id = math.random(1, max_id)
  if draw <= 6 then
    return wrk.format("GET", "/users/" .. id, bench_headers())
  elseif draw <= 8 then
    counter = counter + 1
    local name = prefix .. counter
    return wrk.format("POST", "/users", bench_headers({ ["Content-Type"] = "application/json" }),
      '{"username":"' .. name .. '","email":"' .. name .. '@example.com"}')
  else
    local active = (draw == 9) and "true" or "false"
    return wrk.format("PATCH", "/users/" .. id,
      bench_headers({ ["Content-Type"] = "application/merge-patch+json", ["If-Match"] = "*" }),
      '{"isActive":' .. active .. '}')
  end
end

function response(status, headers, body)
  if status ~= 200 and status ~= 201 then
    unexpected[status] = (unexpected[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local total, by_status = 0, {}
  for _, thread in ipairs(threads) do
    -- Each thread's table comes back as a copy: sum them.
    for status, count in pairs(thread:get("unexpected") or {}) do
      by_status[status] = (by_status[status] or 0) + count
      total = total + count
    end
  end
  local e = summary.errors
  local statuses = ""
  for status, count in pairs(by_status) do statuses = statuses .. status .. ":" .. count .. "," end
  io.write(string.format(
    "RESULT rps=%.0f p50=%.2f p99=%.2f requests=%d unexpected=%d socket_errors=%d statuses=%s\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.requests, total,
    e.connect + e.read + e.write + e.timeout, statuses ~= "" and statuses:sub(1, -2) or "none"))
end
