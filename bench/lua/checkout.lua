-- The checkout path, one shopper per wrk thread (run with -c equal to -t so each connection is
-- one shopper and its requests are sequential): PUT /cart/items/{id} then POST /orders with a
-- fresh Idempotency-Key, alternating. BENCH_TOKENS: comma-separated bearer tokens, one per thread.
-- BENCH_RUN: a run id so keys stay unique across runs on the same database.
local products = tonumber(os.getenv("BENCH_PRODUCTS") or "1000")
local tokens = {}
for t in string.gmatch(os.getenv("BENCH_TOKENS") or "", "[^,]+") do table.insert(tokens, t) end
local n = 0
function setup(thread)
  n = n + 1
  thread:set("token", tokens[((n - 1) % #tokens) + 1])
  thread:set("tid", n)
end
local run = os.getenv("BENCH_RUN") or tostring(os.time())
local step = 0
function request()
  step = step + 1
  local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
  if step % 2 == 1 then
    local id = (tid * 131 + step) % products + 1
    return wrk.format("PUT", "/cart/items/" .. id, headers, '{"quantity":1}')
  end
  headers["Idempotency-Key"] = "bench-" .. run .. "-" .. tid .. "-" .. step
  return wrk.format("POST", "/orders", headers, "")
end
-- Non-2xx answers are counted by wrk itself ("Non-2xx or 3xx responses").
