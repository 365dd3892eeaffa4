// One socket login: open the WebSocket (10 s), send PROVISION, wait for its answer (10 s) — the
// official `te()`. Retrying is the caller's business (open() tries 3 times, a reconnect once).
import { Command } from '@confab/protocol';
import type { ConfabError } from '@confab/protocol';
import type { SdkLogger } from './log-events.js';
import { provisionFrame, readProvisionAnswer } from './provision.js';
import type { ProvisionInput } from './provision.js';
import { sdkErrors } from './sdk-errors.js';
import { SocketTransport } from './socket-transport.js';
import type { WebSocketConstructor } from './types.js';

/** Official provision timeout (Qb, §8). */
export const PROVISION_TIMEOUT_MS = 10_000;

export interface LoginAttemptInput extends ProvisionInput {
  url: string;
  WebSocket: WebSocketConstructor;
  log: SdkLogger;
  attempt: number;
  timeouts?: { openMs?: number; provisionMs?: number };
}

export interface LoggedIn {
  transport: SocketTransport;
  resource: string;
  expiresAt?: number;
}

/** Resolves with an open, provisioned socket; rejects with the ConfabError of the failure. */
export async function loginOnce(input: LoginAttemptInput): Promise<LoggedIn> {
  input.log({ kind: 'connecting', url: input.url, attempt: input.attempt });
  const transport = await SocketTransport.open(input.WebSocket, input.url, input.log, input.timeouts?.openMs);
  return new Promise<LoggedIn>((resolve, reject) => {
    let done = false;
    const finish = (
      outcome: { ok: true; value: LoggedIn } | { ok: false; error: ConfabError },
      closeSocket: boolean,
    ) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (closeSocket) transport.close();
      if (outcome.ok) resolve(outcome.value);
      else reject(outcome.error);
    };
    const timer = setTimeout(
      () => finish({ ok: false, error: sdkErrors.provisionTimeout() }, true),
      input.timeouts?.provisionMs ?? PROVISION_TIMEOUT_MS,
    );
    transport.listen({
      frame(message) {
        if (message.command !== Command.PROVISION) return; // nothing else is meaningful before login
        let answer: ReturnType<typeof readProvisionAnswer>;
        try {
          answer = readProvisionAnswer(message.payload, input.device.resource);
        } catch {
          return; // a malformed answer is treated like none: the provision timeout decides
        }
        if (!answer.ok) {
          input.log({ kind: 'login-failed', type: answer.error.type, message: answer.error.message });
          // The official client leaves the socket to the server; closing it ourselves frees it sooner.
          finish({ ok: false, error: answer.error }, true);
          return;
        }
        const value: LoggedIn = { transport, resource: answer.resource };
        if (answer.expiresAt !== undefined) value.expiresAt = answer.expiresAt;
        input.log({ kind: 'provisioned', resource: answer.resource });
        finish({ ok: true, value }, false);
      },
      closed() {
        finish({ ok: false, error: sdkErrors.disconnected() }, false);
      },
    });
    try {
      transport.send(provisionFrame(input));
    } catch (cause) {
      finish({ ok: false, error: sdkErrors.sdkRuntime(cause) }, true);
    }
  });
}
