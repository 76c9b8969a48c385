-- POST /users with a username no other request of any run uses.
local counter = 0
local prefix

function setup(thread)
  thread:set("tid", tostring(math.random(1, 1e9)))
end

function init(args)
  prefix = "b" .. os.time() .. "_" .. (tid or "0") .. "_"
end

function request()
  counter = counter + 1
  local name = prefix .. counter
  return wrk.format("POST", "/users", bench_headers({ ["Content-Type"] = "application/json" }),
    '{"username":"' .. name .. '","email":"' .. name .. '@example.com"}')
end
