-- wrk script: every request is a distinct Teams-shaped personal-chat message that is a real new question, asked by one
-- of the directory's people in their own 1:1 chat with the bot (many agents asking at once). One in four paraphrases a
-- knowledge-base article (the bot answers with the suggestion card, nobody is bothered: the cheap turn); the other three
-- are customer-service questions the knowledge base does not answer, over the demo company's topics (billing, mobile,
-- API, reporting, platform, security), so they are routed over the whole directory and three invitations each are queued
-- and delivered (the expensive turn, which the target is about). The customer, the number of affected users and the
-- asker vary with every request, so no two texts are alike. (Questions were kept here only when the knowledge base
-- really does not suggest an article for them at the default confidence, 0.6: several plausible ones, e.g. about
-- Playwright, Intune or Avalara, drew a suggestion from a few shared everyday words.)
local counter = 0
-- A global, not a local: setup() gives each thread its own value through thread:set().
thread_id = 0
local sink = os.getenv("SINK_URL")
-- Each wrk run (warm-up, measured) has its own ids, so the second is not deduplicated against the first.
local run = os.getenv("RUN_ID") or "run"
-- Askers are the synthetic people of bench/directory.py (5e000000-0000-4000-8000-{n}), so the asker is in the directory
-- and routing must leave them out of their own question.
local askers = tonumber(os.getenv("ASKERS") or "9944")

local kb = {
  "SSO sign-in fails with AADSTS50011 reply URL mismatch",
  "SAML assertion rejected because of clock skew, NotOnOrAfter expired",
  "SCIM provisioning stopped creating users, 409 conflict",
  "MFA prompts every time users open the mobile app",
  "Invoice shows the wrong VAT after the company moved country",
  "Card payment declined with authentication required (3-D Secure)",
  "Seats cannot be reduced before the renewal",
  "Proration charges after upgrading mid-cycle",
  "Push notifications not arriving on Android 14",
  "Mobile app crashes on start after the update to 5.3.0 on iOS",
  "Offline mode does not sync changes back",
  "API returns 429 Too Many Requests",
  "Webhook deliveries fail signature validation",
  "Scheduled report email not received",
  "Dashboard numbers differ from the CSV export",
  "Power BI connector times out on large datasets",
}

local experts = {
  "Okta group push does not update roles for existing users",
  "Can the customer pay the annual plan by boleto instead of card?",
  "Pix payment confirmed at the bank but the subscription still shows unpaid",
  "SEPA direct debit mandate rejected for a German bank account",
  "Does the public API support ETag conditional requests for tickets?",
  "Salesforce connector stops syncing custom fields after the v3 upgrade",
  "Dynamics 365 integration writes notes to the wrong account",
  "Audit logs are missing entries for admin role changes",
  "Customer asks for our SOC 2 Type II report and the pen test summary",
  "DAX measure shows different totals per region",
  "Stripe refund succeeded but no credit note was issued",
  "JWT validation fails after the signing key rotation",
  "TestFlight build crashes on iPad during login",
  "Appium tests fail on the redesigned login screen",
  "Zapier zap triggers twice for every new ticket",
  "Throttling limits differ between the EU and US regions",
  "Status page DNS CNAME does not resolve for some customers",
  "Notification emails land in spam for Outlook recipients",
  "When will dark mode for reports ship? A customer is asking",
  "Azure Monitor shows latency spikes on the API gateway every hour",
  "Kubernetes ingress drops long-running export downloads",
  "Customer wants Kafka instead of webhooks for event streaming",
  "Boleto payments expire before the customer pays them",
  "TestFlight invite links expired for the pilot group",
  "Terraform state lock stuck after a failed apply",
  "Amplitude funnel shows activation dropping since Tuesday",
}

local customers = { "Fabrikam", "Northwind Traders", "Adventure Works", "Tailspin Toys", "Woodgrove Bank", "Contoso Pharma",
  "Litware", "Proseware", "Wide World Importers", "Alpine Ski House", "Coho Winery", "Lamna Healthcare" }

-- An offered rate instead of as fast as the bot acknowledges (RATE in bench/questions.sh): each connection waits this
-- long before each request, so the turn latency is measured below capacity rather than as the queue of an overload.
local pause = tonumber(os.getenv("DELAY_MS") or "0")
if pause > 0 then
  function delay()
    return pause
  end
end

function setup(thread)
  thread:set("thread_id", thread_id)
  thread_id = thread_id + 1
end

function request()
  counter = counter + 1
  local n = thread_id * 1000003 + counter
  local issue
  if counter % 4 == 0 then
    issue = kb[(math.floor(counter / 4) + thread_id) % #kb + 1]
  else
    issue = experts[(counter + thread_id * 7) % #experts + 1]
  end
  local text = string.format("%s (%s, %d users affected)", issue, customers[n % #customers + 1], 2 + n % 997)
  local id = string.format("bench-%s-%d-%d", run, thread_id, counter)
  local asker = string.format("5e000000-0000-4000-8000-%012d", n % askers)
  local body = string.format([[{"type":"message","id":"%s","timestamp":"2026-11-23T10:00:00.000Z","serviceUrl":"%s","channelId":"msteams","from":{"id":"29:%s","name":"Bench Agent %d","aadObjectId":"%s"},"conversation":{"id":"a:bench-%s-%d-%d","conversationType":"personal","tenantId":"7d0e4c1a-0000-0000-0000-000000000000"},"recipient":{"id":"28:expertbot","name":"ExpertBot"},"text":"%s","textFormat":"plain","locale":"en-US","channelData":{"tenant":{"id":"7d0e4c1a-0000-0000-0000-000000000000"}}}]],
    id, sink, asker, n % askers, asker, run, thread_id, counter, text)
  return wrk.format("POST", "/api/messages", { ["Content-Type"] = "application/json" }, body)
end

dofile(os.getenv("BENCH_DIR") .. "/report.lua")
