// A stand-in Bot Connector for benchmarks: answers every activity POST like the real one
// (201 {"id"}) and counts them, so the benchmark can prove every reply was delivered, once.
'use strict';
const http = require('http');
let replies = 0;
let duplicates = 0;
// Replies are POST v3/conversations/{conversation}/activities/{replyToId}: one per incoming activity.
const seen = new Set();
const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/count') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ replies, distinct: seen.size, duplicates }));
    return;
  }
  req.resume();
  req.on('end', () => {
    if (req.method === 'POST' && req.url.includes('/v3/conversations/')) {
      replies++;
      const target = req.url.slice(req.url.indexOf('/v3/conversations/'));
      if (seen.has(target)) duplicates++; else seen.add(target);
    }
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: String(replies) }));
  });
});
server.keepAliveTimeout = 60000;
server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => console.log(`Listening on ${server.address().port}`));
