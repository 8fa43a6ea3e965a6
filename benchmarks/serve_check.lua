-- wrk script for benchmarks/serve_load.sh: POSTs the posts of a JSONL file (one input
-- record per line, docs/reference/records.md) to /v1/check, cycling through them; each connection starts
-- at a different post. Reports p50/p90/p99/p99.9 latency and the non-2xx count.
local posts = {}

local function load(path)
  local file = assert(io.open(path, "r"))
  for line in file:lines() do
    if line:match("%S") then posts[#posts + 1] = line end
  end
  file:close()
end

load(os.getenv("VIGIL_POSTS") or "corpus/sample.jsonl")

local counter = 0
function setup(thread)
  thread:set("offset", counter * 37)
  counter = counter + 1
end

local index = 0
function init(args)
  index = offset or 0
  wrk.method = "POST"
  wrk.path = "/v1/check"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  index = index + 1
  local body = posts[(index % #posts) + 1]
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("requests/s: %.0f\n", summary.requests / seconds))
  io.write(string.format("latency p50: %.3f ms  p90: %.3f ms  p99: %.3f ms  p99.9: %.3f ms  max: %.3f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000))
  io.write(string.format("requests: %d  errors: connect %d, read %d, write %d, timeout %d, non-2xx %d\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, summary.errors.status))
end
