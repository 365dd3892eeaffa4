// Callbacks over HTTP with Node's built-in fetch (no dependency): a POST that gives up after the timeout
// and reads at most 64 KiB of the answer (an app server cannot make us buffer more).
import type { CallbackTransport } from '../../domain/ports/callback-transport.js';

const MAX_ANSWER_BYTES = 64 * 1024;

export const httpCallbackTransport: CallbackTransport = {
  async post(url, body, headers, timeoutMs) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    let text = '';
    if (res.body) {
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let read = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        read += value.byteLength;
        if (read > MAX_ANSWER_BYTES) {
          await reader.cancel();
          break;
        }
        text += decoder.decode(value, { stream: true });
      }
    }
    return { status: res.status, text };
  },
};
