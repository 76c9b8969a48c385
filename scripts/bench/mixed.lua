-- The load test's workload (scripts/load-test.sh): per request, at random, 60 % GET /users/{id}
-- of a seeded user, 20 % POST /users with a name no other request uses, 20 % PATCH /users/{id}
-- with If-Match: * (the conditional path, always satisfiable). Users are never deleted, so every
-- answer is expected to be 200 or 201; anything else is counted as unexpected, by status.
local max_id = tonumber(os.getenv("MAX_ID") or "1000")
local counter = 0
local prefix

function init(args)
  prefix = bench_init("l")
end

function request()
  local draw = math.random(1, 10)
  local id = math.random(1, max_id)
  if draw <= 6 then
    return wrk.format("GET", "/users/" .. id, bench_headers())
  elseif draw <= 8 then
    counter = counter + 1
    return bench_create_user(prefix .. counter)
  else
    return bench_patch_active(id, draw == 9)
  end
end

function response(status, headers, body)
  if status ~= 200 and status ~= 201 then
    bench_unexpected(status, headers)
  end
end

done = bench_done
