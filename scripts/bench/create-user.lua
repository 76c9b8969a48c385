-- POST /users with a username no other request of any run uses.
local counter = 0
local prefix

function init(args)
  prefix = bench_init("b")
end

function request()
  counter = counter + 1
  return bench_create_user(prefix .. counter)
end
