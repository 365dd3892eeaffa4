// A scripted msync endpoint for the cases the real server cannot be asked to produce on demand
// (kicks, failing ACKs, token expiry, odd provision answers). Speaks the frames of @confab/protocol.
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import { Command, StatusCode, frames, msync, u64ToString } from '@confab/protocol';
import type { CommSyncUL, MSync, Provision, Status } from '@confab/protocol';

export interface FakeBehaviour {
  /** Provision answer status (default OK) and optional authToken. */
  provision?: (p: Provision) => { status: Status; authToken?: string };
  /** ACK status for a client meta; null = never answer. Default OK. */
  ack?: (ul: CommSyncUL) => Status | null;
  /** Whether to answer an UNREAD (default always): false plays a socket that went dead. */
  unread?: () => boolean;
}

export interface FakeServer {
  url: string;
  provisions: Provision[];
  received: MSync[];
  sockets: Set<WebSocket>;
  /** Sends `bytes` to every connected socket. */
  push(bytes: Uint8Array): void;
  close(): Promise<void>;
}

export async function startFakeServer(behaviour: FakeBehaviour = {}): Promise<FakeServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const provisions: Provision[] = [];
  const received: MSync[] = [];
  const sockets = new Set<WebSocket>();
  let serverId = 1000n;
  wss.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (data: Buffer) => {
      const message = msync.MSync.decode(new Uint8Array(data));
      received.push(message);
      if (message.command === Command.PROVISION) {
        const p = msync.Provision.decode(message.payload!);
        provisions.push(p);
        const answer = behaviour.provision?.(p) ?? { status: { errorCode: StatusCode.OK } };
        socket.send(
          frames.provision({
            status: answer.status,
            resource: p.resource!,
            ...(answer.authToken ? { authToken: answer.authToken } : {}),
          }),
        );
      } else if (message.command === Command.UNREAD) {
        if (behaviour.unread?.() === false) return;
        socket.send(
          frames.unreadDL({ status: { errorCode: StatusCode.OK }, unread: [], timestamp: Date.now() }),
        );
      } else if (message.command === Command.SYNC) {
        const ul = msync.CommSyncUL.decode(message.payload!);
        if (ul.meta && ul.meta.ns !== 0) {
          const status = behaviour.ack ? behaviour.ack(ul) : { errorCode: StatusCode.OK };
          if (status)
            socket.send(
              frames.syncDL({
                status,
                metaId: u64ToString(ul.meta.id),
                serverId: String((serverId += 1n)),
                timestamp: Date.now(),
              }),
            );
        } else if (ul.queue) {
          socket.send(frames.syncDL({ status: { errorCode: StatusCode.OK }, queue: ul.queue, isLast: true }));
        }
      }
    });
  });
  const port = (wss.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    provisions,
    received,
    sockets,
    push(bytes) {
      for (const s of sockets) s.send(bytes);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.terminate();
        wss.close(() => resolve());
      }),
  };
}
