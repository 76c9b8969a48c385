-- GET /users?limit=20&after=CURSOR with the cursor after an id drawn from AFTER_MIN..AFTER_MAX
-- (default 1..MAX_ID-20: random depths). The cursor is opaque to clients; the benchmark knows it
-- is the base64url of the last id, so it can jump anywhere. AFTER_MAX=0 asks for the first page,
-- without a cursor.
local max_id = tonumber(os.getenv("MAX_ID") or "100000")
local after_min = tonumber(os.getenv("AFTER_MIN") or "1")
local after_max = tonumber(os.getenv("AFTER_MAX") or tostring(max_id - 20))
local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

local function base64url(s)
  local out = {}
  for i = 1, #s, 3 do
    local a, b, c = s:byte(i, i + 2)
    local n = a * 65536 + (b or 0) * 256 + (c or 0)
    local chars = (c and 4) or (b and 3) or 2
    for j = 1, chars do
      local k = math.floor(n / 2 ^ (6 * (4 - j))) % 64
      out[#out + 1] = alphabet:sub(k + 1, k + 1)
    end
  end
  return table.concat(out)
end

function init(args)
  bench_seed_random()
end

function request()
  if after_max == 0 then
    return wrk.format("GET", "/users?limit=20", bench_headers())
  end
  local after = math.random(after_min, after_max)
  return wrk.format("GET", "/users?limit=20&after=" .. base64url(tostring(after)), bench_headers())
end
