-- Printed after each run in a form bench-api.sh parses: requests/s, p50 and p99 in ms, and the
-- count of responses that were not 2xx plus socket errors.
function done(summary, latency, requests)
  local errors = summary.errors
  local failed = errors.connect + errors.read + errors.write + errors.timeout + errors.status
  io.write(string.format("RESULT rps=%.0f p50=%.2f p99=%.2f errors=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, failed, summary.requests))
end
