// A loopback TCP proxy for outage tests: put it between a client and Redis, then pause() to cut every
// connection and refuse new ones (accepted and dropped at once), resume() to let them through again.
import { createConnection, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` style address of the proxy for the given scheme. */
  url(scheme: string): string;
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let paused = false;
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  const server = createServer((client) => {
    track(client);
    if (paused) {
      client.destroy();
      return;
    }
    const upstream = createConnection(target);
    track(upstream);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('tcp proxy: no port');
  const dropAll = () => {
    for (const s of sockets) s.destroy();
  };
  return {
    port: address.port,
    url: (scheme) => `${scheme}://127.0.0.1:${address.port}`,
    pause() {
      paused = true;
      dropAll();
    },
    resume() {
      paused = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        paused = true;
        dropAll();
        server.close(() => resolve());
      }),
  };
}

/** host/port of a redis:// URL (tests only). */
export const hostPortOf = (url: string) => {
  const u = new URL(url);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || 6379) };
};
