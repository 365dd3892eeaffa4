// How callbacks reach the app server: one HTTP POST with a JSON body. The adapter (adapters/callbacks)
// uses Node's fetch; the domain only sees the answer's status and text.
export interface CallbackAnswer {
  status: number;
  text: string;
}

export interface CallbackTransport {
  /** Rejects on a network error or when `timeoutMs` passes without an answer. */
  post(
    url: string,
    body: string,
    headers: Record<string, string>,
    timeoutMs: number,
  ): Promise<CallbackAnswer>;
}
