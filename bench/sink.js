// A stand-in Bot Connector for benchmarks: answers like the real one and counts, so the benchmark can prove every
// reply and every proactive send was delivered, once.
// - POST v3/conversations/{conversation}/activities/{replyToId}: a reply to an incoming activity (201 {"id"}).
// - POST v3/conversations/{conversation}/activities: a proactive send, e.g. an invitation (201 {"id"}).
// - POST v3/conversations: a new 1:1 chat (members[0]) or channel thread (channelData.channel): 201 with the
//   conversation id, the same 1:1 conversation for the same member as Teams does.
// - PUT v3/conversations/{conversation}/activities/{id}: a card updated in place (200 {"id"}).
'use strict';
const http = require('http');
const crypto = require('crypto');
let replies = 0;
let duplicates = 0;
let sends = 0;
let sendDuplicates = 0;
let conversations = 0;
let threads = 0;
let updates = 0;
let ids = 0;
// Replies: one per incoming activity, so a second POST to the same URL is a duplicate.
const seen = new Set();
// Proactive sends: the same body to the same conversation twice is a duplicate (one invitation per expert and question).
const seenSends = new Set();
const conversations1on1 = new Set();
const route = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/;
const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/count') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ replies, distinct: seen.size, duplicates, sends, sendDuplicates, conversations, people: conversations1on1.size, threads, updates }));
    return;
  }
  const chunks = [];
  req.on('data', c => chunks.push(c));
  req.on('end', () => {
    const at = req.url.indexOf('/v3/conversations');
    const path = at < 0 ? '' : req.url.slice(at);
    const match = route.exec(path);
    let answer = { id: String(++ids) };
    let status = 201;
    if (req.method === 'POST' && match && match[2]) {
      replies++;
      if (seen.has(path)) duplicates++; else seen.add(path);
    } else if (req.method === 'POST' && match) {
      sends++;
      const key = crypto.createHash('sha1').update(match[1]).update(Buffer.concat(chunks)).digest('base64');
      if (seenSends.has(key)) sendDuplicates++; else seenSends.add(key);
    } else if (req.method === 'POST' && /^\/v3\/conversations\/?(\?|$)/.test(path)) {
      conversations++;
      let body = {};
      try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { /* answered anyway: the bot decides */ }
      const channel = body.channelData && body.channelData.channel && body.channelData.channel.id;
      if (channel) {
        threads++;
        answer = { id: `${channel};messageid=${ids}`, activityId: String(ids) };
      } else {
        const member = (body.members && body.members[0] && body.members[0].id) || 'unknown';
        conversations1on1.add(member);
        answer = { id: `a:1on1-${member}` };
      }
    } else if (req.method === 'PUT' && match) {
      updates++;
      status = 200;
    }
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
  });
});
server.keepAliveTimeout = 60000;
server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => console.log(`Listening on ${server.address().port}`));
