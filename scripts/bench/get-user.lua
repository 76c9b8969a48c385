-- GET /users/{id} with ids drawn uniformly from 1..MAX_ID (the seeded users).
local max_id = tonumber(os.getenv("MAX_ID") or "100000")

function init(args)
  bench_seed_random()
end

function request()
  return wrk.format("GET", "/users/" .. math.random(1, max_id), bench_headers())
end
