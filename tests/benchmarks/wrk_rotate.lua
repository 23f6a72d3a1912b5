-- wrk script for bench_api.py: rotates over the request paths in a file (one per line), sends the API key from
-- BENCH_API_KEY as a Bearer token, and prints the figures as one JSON line at the end.
--   wrk -t2 -c20 -d20s -s wrk_rotate.lua http://127.0.0.1:8000 -- paths.txt
local threads = {}
local paths = {}
local i = 0
local headers = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  local key = os.getenv("BENCH_API_KEY")
  if key and #key > 0 then headers["Authorization"] = "Bearer " .. key end
  i = (id * 7919) % #paths  -- threads start at different places in the list
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\nBENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "non2xx": %d, "connect_errors": %d, ' ..
    '"read_errors": %d, "write_errors": %d, "timeouts": %d, "mean_us": %.1f, "p50_us": %d, "p90_us": %d, ' ..
    '"p95_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, e.status, e.connect, e.read, e.write, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99),
    latency.max))
end
