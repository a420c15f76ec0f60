-- wrk script: each request is the cheap poll of one sync (GET with its current ETag in
-- If-None-Match), going round the syncs listed in the file given after `--`, one line each:
--   <path> <bearer token> <etag>
-- done() prints one line "RESULT {json}" for bench/service/run.py; any answer other than 304
-- is counted in "not_304" (wrk itself counts only 4xx and 5xx as errors).

local requests = {}
local next_index = 0
local threads = {}
-- Global, so done() can read each thread's count with thread:get().
other = 0

function setup(thread)
  threads[#threads + 1] = thread
end

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    local path, token, etag = line:match("^(%S+) (%S+) (%S+)$")
    if path then
      requests[#requests + 1] = wrk.format("GET", path, {
        ["Authorization"] = "Bearer " .. token,
        ["If-None-Match"] = etag,
      })
    end
  end
  file:close()
  assert(#requests > 0, "no syncs in " .. args[1])
end

function request()
  next_index = next_index % #requests + 1
  return requests[next_index]
end

function response(status, headers, body)
  if status ~= 304 then
    other = other + 1
  end
end

function done(summary, latency, requests_stats)
  local errors = summary.errors
  local not_304 = 0
  for _, thread in ipairs(threads) do
    not_304 = not_304 + (thread:get("other") or 0)
  end
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "not_304": %d, "errors": {"connect": %d, '
      .. '"read": %d, "write": %d, "status": %d, "timeout": %d}, "latency_us": {"p50": %d, '
      .. '"p90": %d, "p99": %d, "max": %d, "mean": %.1f}}\n',
    summary.requests, summary.duration, not_304, errors.connect, errors.read, errors.write,
    errors.status, errors.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean
  ))
end
