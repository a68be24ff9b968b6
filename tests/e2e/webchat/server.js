// Web Chat + offline-directline: a second real client for ExpertBot, fully offline.
// Usage: node server.js --port <port> --bot http://127.0.0.1:<botPort>/api/messages
// Prints "Listening on <port>" once the page and the Direct Line routes are served.
'use strict';

const path = require('path');
const express = require('express');
const { initializeRoutes } = require('offline-directline');

function arg(name) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
}

const port = Number(arg('port'));
const botUrl = arg('bot');
if (!Number.isInteger(port) || port <= 0 || !botUrl) {
  console.error('usage: node server.js --port <port> --bot <bot messages URL>');
  process.exit(2);
}

const app = express();
// The package's "exports" hide dist/, so resolve the bundle by its place in node_modules.
const webchatDist = path.join(__dirname, '..', 'node_modules', 'botframework-webchat', 'dist');
app.get('/', (req, res) => res.sendFile(path.join(__dirname, 'index.html')));
app.get('/webchat.js', (req, res) => res.sendFile(path.join(webchatDist, 'webchat.js')));

// offline-directline calls app.listen(port) itself (all interfaces, no ready hook): bind it to
// loopback instead and announce readiness only once the socket is really listening.
const listen = app.listen.bind(app);
app.listen = (listenPort, callback) => {
  const server = listen(listenPort, '127.0.0.1', () => {
    callback?.();
    console.log(`Listening on ${server.address().port}`);
  });
  return server;
};

// Its routes live at /directline/conversations (client side) and /v3/conversations (bot side);
// the bot's serviceUrl becomes http://127.0.0.1:<port>.
initializeRoutes(app, port, botUrl);
