// A stand-in Bot Connector for benchmarks: answers every activity POST like the real one
// (201 {"id"}) and counts them, so the benchmark can prove every reply was delivered.
'use strict';
const http = require('http');
let replies = 0;
const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/count') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ replies }));
    return;
  }
  req.resume();
  req.on('end', () => {
    if (req.method === 'POST' && req.url.includes('/v3/conversations/')) replies++;
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: String(replies) }));
  });
});
server.keepAliveTimeout = 60000;
server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => console.log(`Listening on ${server.address().port}`));
