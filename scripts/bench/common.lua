-- Put before each scenario by lib.sh, load-test.sh and cluster/load.sh: what the scenarios share.
-- BENCH_TOKEN, when set, goes out as a bearer token on every request; wrk.format replaces
-- wrk.headers rather than adding to it, hence a helper.
local bench_token = os.getenv("BENCH_TOKEN")

function bench_headers(headers)
  headers = headers or {}
  if bench_token and bench_token ~= "" then
    headers["Authorization"] = "Bearer " .. bench_token
  end
  return headers
end

-- Each thread draws its own sequence: os.time() alone would give both threads the same one.
function bench_seed_random()
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

-- Every thread gets an id of its own (for names no other thread uses) and is kept for done(),
-- which reads each thread's counts with thread:get. A scenario may define its own setup.
bench_threads = {}

function setup(thread)
  thread:set("tid", tostring(math.random(1, 1e9)))
  table.insert(bench_threads, thread)
end

-- Seeds this thread's random numbers; returns a username prefix no other thread or run uses.
function bench_init(letter)
  bench_seed_random()
  return letter .. os.time() .. "_" .. (tid or "0") .. "_"
end

function bench_create_user(name, headers)
  headers = headers or {}
  headers["Content-Type"] = "application/json"
  return wrk.format("POST", "/users", bench_headers(headers),
    '{"username":"' .. name .. '","email":"' .. name .. '@example.com"}')
end

-- PATCH with If-Match: * (the conditional path, always satisfiable).
function bench_patch_active(id, active, headers)
  headers = headers or {}
  headers["Content-Type"] = "application/merge-patch+json"
  headers["If-Match"] = "*"
  return wrk.format("PATCH", "/users/" .. id, bench_headers(headers),
    '{"isActive":' .. (active and "true" or "false") .. '}')
end

-- Response headers as wrk gives them: the name as the server wrote it (HAProxy writes lower case).
function bench_header(headers, name)
  return headers[name] or headers[name:lower()]
end

-- Which request an answer belongs to. wrk's response() is given neither the request nor its
-- connection, and a thread's connections answer in any order, so no per-thread queue of the
-- requests sent can pair them. bench_label puts the kind of request in X-Request-ID; a balancer
-- that echoes that header (cluster/up.sh's HAProxy does, on its own errors too) hands it back.
-- Without the echo (a service alone), an answer's kind is "?".
local labels = 0

function bench_label(kind, headers)
  labels = labels + 1
  headers["X-Request-ID"] = kind .. "." .. (tid or "0") .. "." .. labels
  return headers
end

-- Globals, not locals: done() reads them from each thread with thread:get.
unexpected = {}
retry_after = 0

-- Counts an unexpected answer by kind of request and status; and the 503s that said when to retry.
function bench_unexpected(status, headers)
  local kind = (bench_header(headers, "X-Request-ID") or "?"):match("^([^.]+)") or "?"
  local key = kind .. "/" .. status
  unexpected[key] = (unexpected[key] or 0) + 1
  if status == 503 and bench_header(headers, "Retry-After") then
    retry_after = retry_after + 1
  end
end

-- Prints the RESULT line the scripts parse: rate, latency (ms), wrk's socket errors, the
-- unexpected answers in total, by status (statuses=503:4,502:1) and by kind of request and
-- status (by_request=POST/502:1,GET/503:4), and the 503s with Retry-After.
function bench_done(summary, latency)
  local total, by_status, by_request, with_retry_after = 0, {}, {}, 0
  for _, thread in ipairs(bench_threads) do
    -- Each thread's table comes back as a copy: sum them.
    for key, count in pairs(thread:get("unexpected") or {}) do
      local status = key:match("/(%d+)$")
      by_status[status] = (by_status[status] or 0) + count
      by_request[key] = (by_request[key] or 0) + count
      total = total + count
    end
    with_retry_after = with_retry_after + (thread:get("retry_after") or 0)
  end
  local function list(counts)
    local keys = {}
    for key in pairs(counts) do table.insert(keys, key) end
    table.sort(keys)
    for i, key in ipairs(keys) do keys[i] = key .. ":" .. counts[key] end
    return #keys > 0 and table.concat(keys, ",") or "none"
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT rps=%.0f p50=%.2f p99=%.2f requests=%d unexpected=%d socket_errors=%d statuses=%s by_request=%s retry_after=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.requests, total,
    e.connect + e.read + e.write + e.timeout, list(by_status), list(by_request), with_retry_after))
end
