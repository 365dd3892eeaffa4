// Connection state, announced politely to screen readers.
import type { ConnectionState } from '../chat/model.js';

const labels: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  disconnected: 'Disconnected',
};

export function ConnectionBadge({ state, syncing }: { state: ConnectionState; syncing: boolean }) {
  return (
    <span className={`conn conn-${state}`} role="status" aria-live="polite" data-state={state}>
      <span className="conn-dot" aria-hidden="true" />
      {labels[state]}
      {syncing && state === 'connected' ? ' · syncing' : ''}
    </span>
  );
}
