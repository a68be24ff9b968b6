-- The figures every wrk script prints when its run ends (read by bench/*.sh): loaded by the scripts with dofile.
function done(summary, latency, requests)
  io.write(string.format("ACCEPTED %d\n", summary.requests))
  io.write(string.format("ERRORS connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
  io.write(string.format("P50_MS %.3f\nP99_MS %.3f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("RPS %.0f\n", summary.requests / (summary.duration / 1e6)))
end
