// The physical-limit baseline: a raw `ws` relay with no persistence and no protocol work, run as its own
// process. A client connects to /?id=N (and &g=G to join group G). Each binary frame starts with
// [u8 type][u32 target]: type 1 forwards the same bytes to client `target`, type 2 to every member of
// group `target` but the sender. Listens on 127.0.0.1 only and prints `listening <port>`.
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

const byId = new Map<number, WebSocket>();
const groups = new Map<number, WebSocket[]>();

const http = createServer((_req, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ server: http, perMessageDeflate: false, clientTracking: false });

wss.on('connection', (ws, req) => {
  const q = new URL(req.url ?? '/', 'http://x').searchParams;
  const id = Number(q.get('id'));
  const gid = q.has('g') ? Number(q.get('g')) : undefined;
  byId.set(id, ws);
  if (gid !== undefined) {
    const members = groups.get(gid) ?? [];
    members.push(ws);
    groups.set(gid, members);
  }
  ws.on('message', (data: Buffer, isBinary) => {
    if (!isBinary || data.length < 5) return;
    const target = data.readUInt32BE(1);
    if (data[0] === 1) byId.get(target)?.send(data);
    else if (data[0] === 2) for (const m of groups.get(target) ?? []) if (m !== ws) m.send(data);
  });
  ws.on('close', () => {
    if (byId.get(id) === ws) byId.delete(id);
    if (gid !== undefined) {
      const members = groups.get(gid)?.filter((m) => m !== ws) ?? [];
      if (members.length) groups.set(gid, members);
      else groups.delete(gid);
    }
  });
  ws.on('error', () => ws.terminate());
});

http.listen(Number(process.env['RELAY_PORT'] ?? 0), '127.0.0.1', () => {
  const addr = http.address();
  console.log(`listening ${typeof addr === 'object' && addr ? addr.port : 0}`);
});
process.on('SIGTERM', () => process.exit(0));
