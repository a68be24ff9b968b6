-- wrk script: every request is a distinct Teams-shaped "help" message (unique activity id,
-- so deduplication does not short-cut it, and its own conversation, as when many agents ask at
-- once: Teams' 7-sends-per-second-per-conversation pacing is not what is measured); the bot
-- replies with the help card to the sink.
local counter = 0
-- A global, not a local: setup() gives each thread its own value through thread:set().
thread_id = 0
local sink = os.getenv("SINK_URL")
-- Each wrk run (warm-up, measured) has its own ids, so the second is not deduplicated against the first.
local run = os.getenv("RUN_ID") or "run"

function setup(thread)
  thread:set("thread_id", thread_id)
  thread_id = thread_id + 1
end

function request()
  counter = counter + 1
  local id = string.format("bench-%s-%d-%d", run, thread_id, counter)
  local body = string.format([[{"type":"message","id":"%s","timestamp":"2026-11-23T10:00:00.000Z","serviceUrl":"%s","channelId":"msteams","from":{"id":"29:bench-user","name":"Bench User","aadObjectId":"00000000-0000-0000-0000-00000000b001"},"conversation":{"id":"a:bench-%s-%d-%d","conversationType":"personal","tenantId":"7d0e4c1a-0000-0000-0000-000000000000"},"recipient":{"id":"28:expertbot","name":"ExpertBot"},"text":"help","textFormat":"plain","locale":"en-US","channelData":{"tenant":{"id":"7d0e4c1a-0000-0000-0000-000000000000"}}}]], id, sink, run, thread_id, counter)
  return wrk.format("POST", "/api/messages", { ["Content-Type"] = "application/json" }, body)
end

dofile(os.getenv("BENCH_DIR") .. "/report.lua")
