// The tab's Insights and Admin views. The page script (ideas.html) signs in and hands over its helpers on window.ExpertBotTab;
// Chart.js comes from npm (tab/package.json) and is served by the bot like the rest of the page: nothing from a CDN.
// Every chart says what it shows in words (a summary, also its accessible name) and has its numbers in a table.
(() => {
  "use strict";
  const tab = window.ExpertBotTab = window.ExpertBotTab || {};
  const $ = id => document.getElementById(id);
  const charts = [];
  let last = null, poolsLoaded = false;

  const pct = share => share.rate == null ? "no data" : Math.round(share.rate * 100) + " %";
  const minutes = m => m == null ? "no data" : m < 60 ? Math.round(m) + " min" : m < 1440 ? (m / 60).toFixed(1) + " h" : (m / 1440).toFixed(1) + " days";
  const week = w => new Date(w + "T00:00:00Z").toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
  const css = name => getComputedStyle(document.body).getPropertyValue(name).trim();

  function table(caption, head, rows, empty) {
    const t = tab.el("table"), thead = tab.el("thead"), tr = tab.el("tr"), body = tab.el("tbody");
    t.append(tab.el("caption", caption, { className: "muted" }));
    for (const h of head) tr.append(tab.el("th", h, { scope: "col" }));
    thead.append(tr); t.append(thead);
    for (const row of rows) {
      const r = tab.el("tr");
      row.forEach((v, i) => r.append(tab.el("td", String(v), { className: i > 0 && typeof v === "number" ? "num" : "" })));
      body.append(r);
    }
    if (!rows.length) { const r = tab.el("tr"); r.append(tab.el("td", empty || "Nothing in this period.", { colSpan: head.length })); body.append(r); }
    t.append(body);
    return t;
  }

  // One chart: a figure with its title, a sentence saying what it shows, the canvas (named by that sentence) and its numbers.
  function figure(title, summary, config, head, rows) {
    const f = tab.el("figure"), id = "fig-" + charts.length;
    f.append(tab.el("figcaption", title, { id }));
    f.append(tab.el("p", summary, { className: "summary" }));
    const box = tab.el("div", null, { className: "chart" }), canvas = tab.el("canvas");
    canvas.setAttribute("role", "img"); canvas.setAttribute("aria-label", title + ": " + summary);
    box.append(canvas); f.append(box);
    const details = tab.el("details"); details.append(tab.el("summary", "Show the numbers"), table(title, head, rows)); f.append(details);
    $("i-charts").append(f);
    charts.push({ canvas, config });
  }

  function draw() {
    for (const c of charts) { if (c.chart) c.chart.destroy(); c.chart = null; }
    if (!window.Chart) return; // the tables and summaries still say everything
    const text = css("--colorNeutralForeground2"), grid = css("--colorNeutralStroke1");
    const colours = [css("--colorBrandBackground"), css("--colorStatusDangerForeground1"), css("--colorStatusSuccessForeground1")];
    Chart.defaults.color = text; Chart.defaults.borderColor = grid; Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    for (const c of charts) {
      const config = structuredClone(c.config);
      config.data.datasets.forEach((d, i) => { d.backgroundColor = colours[i % 3]; d.borderColor = colours[i % 3]; });
      config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: config.data.datasets.length > 1, labels: { color: text } } } }, config.options || {});
      // Every bar chart here counts things (questions, replies, invitations, ideas): whole numbers on its value axis.
      if (config.type === "bar") {
        const value = config.options.indexAxis === "y" ? "x" : "y";
        config.options.scales = { [value]: { beginAtZero: true, ticks: { precision: 0 } } };
      }
      c.chart = new Chart(c.canvas, config);
    }
  }
  window.addEventListener("expertbot-theme", () => { if (charts.length) draw(); });

  function query() {
    const q = new URLSearchParams();
    for (const [k, id] of [["pool", "i-pool"], ["from", "i-from"], ["to", "i-to"]]) if ($(id).value) q.set(k, $(id).value);
    return q;
  }

  async function load() {
    tab.notice("");
    let result;
    try { result = await tab.api("insights?" + query()); } catch (e) { return tab.notice(e.message, "error"); }
    const r = last = result.report;
    if (!poolsLoaded) {
      for (const p of result.pools) $("i-pool").append(tab.el("option", p, { value: p }));
      poolsLoaded = true;
    }
    if (!$("i-from").value) $("i-from").value = r.from;
    if (!$("i-to").value) $("i-to").value = r.to;
    $("i-period").textContent = "Questions asked " + r.from + " to " + r.to + (r.pool ? " in the " + r.pool + " pool" : " in all pools") + " (UTC).";
    const tiles = $("i-tiles"); tiles.replaceChildren();
    for (const [label, value] of [
      ["Questions asked", r.questions], ["Sent to experts", pct(r.sentToExperts)], ["Nobody joined", pct(r.nobodyJoined)],
      ["Answered from knowledge", pct(r.answeredFromKnowledge)], ["Median first expert response", minutes(r.firstResponse.medianMinutes)],
      ["Median time to resolution", minutes(r.resolution.medianMinutes)], ["Knowledge link rate", pct(r.knowledge.linkRate)], ["Knowledge reuse", pct(r.knowledge.reuse)]]) {
      const li = tab.el("li"); li.append(tab.el("span", String(value), { className: "value" }), tab.el("span", label, { className: "muted" })); tiles.append(li);
    }
    for (const c of charts) if (c.chart) c.chart.destroy();
    charts.length = 0; $("i-charts").replaceChildren();

    const busiest = r.questionsPerWeek.reduce((a, w) => (a && a.questions >= w.questions ? a : w), null);
    figure("Questions per week", r.questions + " questions in " + r.questionsPerWeek.length + " weeks" + (busiest && busiest.questions ? "; the busiest was the week of " + week(busiest.week) + " with " + busiest.questions + "." : "."),
      { type: "bar", data: { labels: r.questionsPerWeek.map(w => week(w.week)), datasets: [{ label: "Questions", data: r.questionsPerWeek.map(w => w.questions) }] } },
      ["Week of", "Questions"], r.questionsPerWeek.map(w => [w.week, w.questions]));
    for (const [name, d] of [["Time to first expert response", r.firstResponse], ["Time to resolution", r.resolution]]) {
      figure(name + ": distribution", d.questions + " questions; median " + minutes(d.medianMinutes) + ", 90 % within " + minutes(d.p90Minutes) + ".",
        { type: "bar", data: { labels: d.buckets.map(b => b.label), datasets: [{ label: "Questions", data: d.buckets.map(b => b.questions) }] } },
        ["Time", "Questions"], d.buckets.map(b => [b.label, b.questions]));
      const hours = m => m == null ? null : Math.round(m / 6) / 10;
      figure(name + ": weekly trend", "Median and 90th percentile in hours, by the week the question was asked; weeks without any are gaps.",
        { type: "line", data: { labels: d.weekly.map(w => week(w.week)), datasets: [
          { label: "Median (h)", data: d.weekly.map(w => hours(w.medianMinutes)), spanGaps: false },
          { label: "90th percentile (h)", data: d.weekly.map(w => hours(w.p90Minutes)), spanGaps: false }] } },
        ["Week of", "Questions", "Median", "90th percentile"], d.weekly.map(w => [w.week, w.questions, minutes(w.medianMinutes), minutes(w.p90Minutes)]));
    }
    const top = r.topContributors;
    figure("Top contributors", top.length ? top[0].name + " leads with " + top[0].acceptedAnswers + " accepted answers and " + top[0].replies + " replies." : "No expert replied in this period.",
      { type: "bar", data: { labels: top.map(c => c.name), datasets: [{ label: "Accepted answers", data: top.map(c => c.acceptedAnswers) }, { label: "Replies", data: top.map(c => c.replies) }] }, options: { indexAxis: "y" } },
      ["Expert", "Accepted answers", "Replies", "Questions helped", "Rating"], top.map(c => [c.name, c.acceptedAnswers, c.replies, c.questionsHelped, c.averageRating == null ? "no ratings" : c.averageRating.toFixed(1) + " of 5 (" + c.ratings + ")"]));
    const load = r.load, open = load.reduce((n, e) => n + e.openInvitations, 0);
    figure("Open invitations per expert (now)", open + " open invitations with " + load.length + " experts" + (load.length ? "; most with " + load[0].name + " (" + load[0].openInvitations + ")." : "."),
      { type: "bar", data: { labels: load.map(e => e.name), datasets: [{ label: "Open invitations", data: load.map(e => e.openInvitations) }] }, options: { indexAxis: "y" } },
      ["Expert", "Open invitations"], load.map(e => [e.name, e.openInvitations]));
    const ideas = r.ideaFunnel, raised = ideas.reduce((n, s) => n + s.ideas, 0);
    figure("Idea funnel", raised + " ideas raised in the period, by their status now: " + ideas.filter(s => s.ideas).map(s => s.ideas + " " + s.label).join(", ") + (raised ? "." : "none."),
      { type: "bar", data: { labels: ideas.map(s => s.label), datasets: [{ label: "Ideas", data: ideas.map(s => s.ideas) }] }, options: { indexAxis: "y" } },
      ["Status", "Ideas"], ideas.map(s => [s.label, s.ideas]));
    const kb = r.knowledge, kbFigure = tab.el("figure");
    kbFigure.append(tab.el("figcaption", "Knowledge base"), tab.el("p", kb.validated + " validated articles, " + kb.drafts + " drafts, " + kb.openFlags + " open flags, " + kb.dueForVerification + " due for verification.", { className: "summary" }));
    for (const [title, items] of [["Due for verification", kb.due], ["Low-rated", kb.lowRated], ["Flagged", kb.flagged]]) {
      kbFigure.append(tab.el("h3", title));
      const ul = tab.el("ul");
      for (const a of items) ul.append(tab.el("li", a.number + ": " + a.title + " (" + a.detail + (a.owner ? ", owner " + a.owner : "") + ")"));
      if (!items.length) ul.append(tab.el("li", "None."));
      kbFigure.append(ul);
    }
    $("i-charts").append(kbFigure);
    draw();
  }

  async function downloadCsv() {
    const { token, devUser } = tab.headers(), headers = {};
    if (token) headers["Authorization"] = "Bearer " + token;
    if (devUser) headers["X-ExpertBot-User"] = devUser;
    try {
      const response = await fetch("/tab/api/insights.csv?" + query(), { headers });
      if (!response.ok) throw new Error((await response.json().catch(() => null))?.error || "HTTP " + response.status);
      const url = URL.createObjectURL(await response.blob()), a = tab.el("a", null, { href: url, download: "insights-" + (last ? last.from + "-" + last.to : "export") + ".csv" });
      document.body.append(a); a.click(); a.remove(); setTimeout(() => URL.revokeObjectURL(url), 10000);
      tab.notice("The CSV is downloaded.", "ok");
    } catch (e) { tab.notice(e.message, "error"); }
  }

  tab.openInsights = async () => { tab.show("insights"); await load(); };
  tab.openAdmin = async () => { tab.show("admin"); await loadAdmin(); };
  // This script comes after the views' markup: their controls exist already.
  for (const id of ["i-pool", "i-from", "i-to"]) $(id).addEventListener("change", load);
  $("i-csv").addEventListener("click", downloadCsv);

  async function loadAdmin() {
    let a;
    try { a = await tab.api("admin"); } catch (e) { return tab.notice(e.message, "error"); }
    $("a-pools").replaceChildren(table("Pools as configured (Routing:Pools)", ["Pool", "Products", "Topics", "Channel", "Delivery", "Experts per step", "Time-out", "Steps", "Fallback"],
      a.pools.map(p => [p.name, p.products.join(", ") || "none", p.topics.join(", ") || "none", p.channelId || "none", p.delivery, p.expertsPerStep,
        minutes(p.invitationTimeoutMinutes), p.maxSteps, [p.fallbackSupervisorId && "supervisor " + (p.fallbackSupervisorName || p.fallbackSupervisorId), p.fallbackChannelId && "channel " + p.fallbackChannelId].filter(Boolean).join("; ") || "the pool's channel"]), "No pools."));
    const d = a.directory, dl = $("a-directory"); dl.replaceChildren();
    for (const [k, v] of [["Source", d.source], ["Phase", d.source === "Graph" ? (d.phase || "never synced") : "not synced (the directory is read from its file)"], ["Last full sync", d.fullSyncCompletedAt ? new Date(d.fullSyncCompletedAt).toISOString().slice(0, 16).replace("T", " ") + " UTC" : "never"],
                          ["Last sync run", d.lastSyncJobAt ? new Date(d.lastSyncJobAt).toISOString().slice(0, 16).replace("T", " ") + " UTC" : "none yet"]])
      dl.append(tab.el("dt", k), tab.el("dd", v));
    $("a-outbox").replaceChildren(table("Jobs waiting or running, by kind", ["Kind", "Pending", "Running", "Retrying", "Oldest due", "Last error"],
      a.outbox.map(b => [b.kind, b.pending, b.running, b.retrying, b.oldestDue ? new Date(b.oldestDue).toISOString().slice(0, 16).replace("T", " ") : "", b.lastError || ""]), "Nothing waiting: the outbox is empty."));
    $("a-failed-count").textContent = a.failedTotal + " failed jobs" + (a.failedTotal > a.failed.length ? "; the latest " + a.failed.length + " are shown." : ".");
    const t = table("Failed jobs (dead-lettered): a retry runs one once more", ["Job", "Kind", "Attempts", "Failed at", "Last error", "Action"], [], "No failed jobs.");
    const body = t.querySelector("tbody"); if (a.failed.length) body.replaceChildren();
    for (const j of a.failed) {
      const tr = tab.el("tr");
      for (const v of [String(j.id), j.kind, String(j.attempts), new Date(j.failedAt).toISOString().slice(0, 16).replace("T", " ") + " UTC"]) tr.append(tab.el("td", v));
      tr.append(tab.el("td", j.lastError || "", { className: "error" }));
      const cell = tab.el("td"), retry = tab.el("button", "Retry", { type: "button" });
      retry.setAttribute("aria-label", "Retry job " + j.id + " (" + j.kind + ")");
      retry.addEventListener("click", async () => {
        try { await tab.api("admin/jobs/" + j.id + "/retry", { method: "POST" }); tab.notice("Job " + j.id + " will run once more now.", "ok"); await loadAdmin(); }
        catch (e) { tab.notice(e.message, "error"); }
      });
      cell.append(retry); tr.append(cell); body.append(tr);
    }
    $("a-failed").replaceChildren(t);
  }
})();
