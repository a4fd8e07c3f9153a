// The ceiling for a cache hit: a bare Node.js HTTP server that answers every request with the
// bytes the gateway gives for the fan-out query, fetched once at start from STATIC_FROM (a
// GraphQL endpoint). Same IPC contract as bench/aggregator.ts: `{ ready: true, url }`.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FAN_OUT } from './scenarios.js';

const from = process.env['STATIC_FROM'];
if (!from) throw new Error('STATIC_FROM must name the GraphQL endpoint whose answer to serve');
const answer = await fetch(from, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query: process.env['STATIC_QUERY'] ?? FAN_OUT }),
});
const body = Buffer.from(await answer.arrayBuffer());
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length };

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, headers);
    res.end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ ready: true, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bytes: body.length });
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
});
