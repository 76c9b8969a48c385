-- The cluster's workload (examples/scale-out/load.sh), after bench/common.lua: per request, at
-- random, 50 % GET /users/{id} of a seeded user, 10 % GET /users?q= (a page of seeded users by
-- name prefix), 20 % POST /users with a name no other request uses, 10 % PATCH /users/{id} with
-- If-Match: *, and 10 % GET of the user this thread created last, sending the Consistency-Token
-- its POST returned (read-your-writes). Users are never deleted, so 200 and 201 are the only
-- expected answers: a 404 is a read that did not see an acknowledged write. Each request is
-- labelled with its kind (GET, GET-list, POST, PATCH, GET-own-write), which the balancer echoes,
-- so that unexpected answers are counted by kind. Each 201's username is appended to
-- $ACK_DIR/acked-<thread>, for the check that every acknowledged write is in the primary.
local max_id = tonumber(os.getenv("MAX_ID") or "1000")
local ack_dir = os.getenv("ACK_DIR") or "/tmp"
local counter = 0
local prefix
local acked
local last_id, last_token

function init(args)
  prefix = bench_init("c")
  acked = io.open(ack_dir .. "/acked-" .. (tid or "0"), "a")
end

function request()
  local draw = math.random(1, 10)
  if draw <= 5 then
    return wrk.format("GET", "/users/" .. math.random(1, max_id), bench_headers(bench_label("GET", {})))
  elseif draw == 6 then
    return wrk.format("GET", "/users?limit=20&q=seed" .. math.random(1, 999), bench_headers(bench_label("GET-list", {})))
  elseif draw <= 8 then
    counter = counter + 1
    return bench_create_user(prefix .. counter, bench_label("POST", {}))
  elseif draw == 9 then
    return bench_patch_active(math.random(1, max_id), math.random(1, 2) == 1, bench_label("PATCH", {}))
  elseif last_id then
    return wrk.format("GET", "/users/" .. last_id,
      bench_headers(bench_label("GET-own-write", { ["Consistency-Token"] = last_token })))
  else
    return wrk.format("GET", "/users/" .. math.random(1, max_id), bench_headers(bench_label("GET", {})))
  end
end

function response(status, headers, body)
  if status == 201 then
    acked:write(body:match('"username":"([^"]+)"'), "\n")
    acked:flush()
    last_id = body:match('"id":(%d+)')
    last_token = bench_header(headers, "Consistency-Token")
  elseif status ~= 200 then
    bench_unexpected(status, headers)
  end
end

done = bench_done
