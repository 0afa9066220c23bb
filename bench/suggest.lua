-- wrk script: POST reader suggestions, each with its own idempotency key and explanation,
-- and count the answers by status class. bench/run.py fills in the form's fields from one
-- GET of the suggestion form (WRK_* variables below) and reads the counts done() prints.
local path = os.getenv("WRK_PATH")
local fields = os.getenv("WRK_FIELDS") -- the form's hidden fields, urlencoded
local run = os.getenv("WRK_RUN") -- unique per wrk run, so keys never repeat across runs
-- Signed form keys (urlencoded), one a line, written by bench/run.py: the server accepts
-- only keys it could have issued, and one suggestion per key.
local keys_file = os.getenv("WRK_KEYS")
local thread_count = tonumber(os.getenv("WRK_THREAD_COUNT"))
local headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Cookie"] = "csrftoken=" .. os.getenv("WRK_CSRF_COOKIE"),
  ["HX-Request"] = "true",
}
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  sent, status_2xx, status_3xx, status_4xx, status_5xx = 0, 0, 0, 0, 0
  -- Each thread takes every n-th key, so no two threads send the same one.
  keys, n = {}, 0
  for line in io.lines(keys_file) do
    n = n + 1
    if n % thread_count == id - 1 then
      table.insert(keys, line)
    end
  end
end

function request()
  sent = sent + 1
  local key = keys[sent]
  local body = fields
    .. "&quote=&replacement=&kind=other&input_method=button&website="
    .. "&idempotency_key=" .. key
    .. "&explanation=Load+test+report+" .. run .. "-" .. id .. "-" .. sent
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  if status < 300 then
    status_2xx = status_2xx + 1
  elseif status < 400 then
    status_3xx = status_3xx + 1
  elseif status < 500 then
    status_4xx = status_4xx + 1
  else
    status_5xx = status_5xx + 1
  end
end

function done(summary, latency, requests)
  local totals = { status_2xx = 0, status_3xx = 0, status_4xx = 0, status_5xx = 0 }
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + thread:get(name)
    end
  end
  for name, count in pairs(totals) do
    io.write(string.format("%s %d\n", name, count))
  end
end
