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
-- PUT or POST is decided by the last answer, not by counting calls: wrk calls request() once
-- more on the first thread before sending anything (to check for pipelining), which used to
-- make that thread's first POST find an empty cart (the "1 non-2xx in ~50,000": a 400
-- "cart is empty" at thread 1's first checkout, every run).
local put_next = true
local last = ""
function request()
  step = step + 1
  local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
  if put_next then
    local id = (tid * 131 + step) % products + 1
    last = wrk.format("PUT", "/cart/items/" .. id, headers, '{"quantity":1}')
  else
    headers["Idempotency-Key"] = "bench-" .. run .. "-" .. tid .. "-" .. step
    last = wrk.format("POST", "/orders", headers, "")
  end
  return last
end
-- Non-2xx answers are counted by wrk itself ("Non-2xx or 3xx responses"); the first few of each
-- thread are also printed (stderr) with what was asked, so a rare one can be told apart.
local reported = 0
function response(status, headers, body)
  put_next = not put_next
  if status >= 300 and reported < 3 then
    reported = reported + 1
    io.stderr:write(string.format("non-2xx: thread %d step %d status %d body %s request %s\n",
        tid, step, status, body, string.match(last, "^[^\r]*")))
  end
end
