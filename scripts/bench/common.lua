-- Put before each scenario by lib.sh. BENCH_TOKEN, when set, goes out as a bearer token on
-- every request; wrk.format replaces wrk.headers rather than adding to it, hence a helper.
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
