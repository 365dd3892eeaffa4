// A real app server for callback tests: an HTTP server on port 0 that records every POST (parsed body and
// headers) and answers as the test says (status, JSON, delay), per path.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  body: any;
  raw: string;
  headers: IncomingHttpHeaders;
}

export type Answer = { status: number; json?: unknown; delayMs?: number };

export interface CallbackReceiver {
  url: string;
  received: Received[];
  /** How each request is answered (default 200 {}). */
  answer: (r: Received) => Answer | Promise<Answer>;
  /** Resolves once `predicate` holds for the received list (polling). */
  until(predicate: (all: Received[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startCallbackReceiver(): Promise<CallbackReceiver> {
  const received: Received[] = [];
  // eslint-disable-next-line prefer-const -- the handler below needs `r`, which needs `server`
  let server: Server;
  const r: CallbackReceiver = {
    url: '',
    received,
    answer: () => ({ status: 200, json: {} }),
    async until(predicate, timeoutMs = 20_000) {
      const end = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > end) throw new Error(`callbacks not received in time (${received.length} so far)`);
        await new Promise((res) => setTimeout(res, 20));
      }
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (raw += d));
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
      const rec: Received = { path: req.url ?? '/', body, raw, headers: req.headers };
      void Promise.resolve(r.answer(rec)).then(async (a) => {
        if (a.delayMs) await new Promise((res) => setTimeout(res, a.delayMs));
        if (a.status >= 200 && a.status < 300) received.push(rec);
        res.writeHead(a.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(a.json ?? {}));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return r;
}
