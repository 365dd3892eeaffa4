// Fan-out port. The bus only carries wake-up hints ("queue Q of user U has new entries"); the
// committed queue is the truth, so a lost hint delays delivery until the next sync and loses nothing.

export interface QueueHint {
  appId: number;
  owner: string;
  queue: string;
  /** Device that caused the entry; it is not woken. */
  exceptResource?: string;
}

export interface Bus {
  publish(hint: QueueHint): Promise<void>;
  subscribe(handler: (hint: QueueHint) => void): () => void;
  close(): Promise<void>;
}
