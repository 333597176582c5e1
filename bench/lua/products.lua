-- GET /products/{id}, rotating over the seeded catalogue (ids 1..BENCH_PRODUCTS, default 1000).
local products = tonumber(os.getenv("BENCH_PRODUCTS") or "1000")
local n = 0
function setup(thread)
  n = n + 1
  thread:set("offset", n * 97)
end
local i = 0
function request()
  i = i + 1
  return wrk.format("GET", "/products/" .. (((offset or 0) + i) % products + 1))
end
