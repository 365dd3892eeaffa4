// Offline push (issue 20): the durable delivery queue, each app's provider credentials, push templates and
// push labels. The queue is what makes push "never on the message path": the send path only inserts a job
// (after the ACK); workers on any node claim due jobs with a lease, send them and retry with backoff.

/** Which provider adapter delivers a job (the SDK's `notifier_name` names one of these, see docs/push.md). */
export type PushProviderKind = 'webpush' | 'fcm' | 'apns';

/** What a device is shown. `data` travels with it (conversation id, message id) for the click handler. */
export interface PushNotification {
  title: string;
  body: string;
  data: Record<string, string>;
}

export interface NewPushJob {
  appId: number;
  username: string;
  deviceId: string;
  provider: PushProviderKind;
  /** The device token: a Web Push subscription (JSON), an FCM registration token or an APNs device token. */
  token: string;
  notification: PushNotification;
  /** ms since the epoch: not before. */
  dueAt: number;
}

export interface PushJob extends NewPushJob {
  id: bigint;
  /** Failed sends so far. */
  attempts: number;
  lastError: string;
}

export interface PushTemplate {
  name: string;
  titlePattern: string;
  contentPattern: string;
  createdAt: number;
  updatedAt: number;
}

export interface PushLabel {
  name: string;
  description: string;
  count: number;
  createdAt: number;
}

export interface PushStore {
  enqueue(jobs: readonly NewPushJob[]): Promise<void>;
  /**
   * Up to `limit` jobs due at `now` and not leased by another worker, oldest due first; each is leased
   * until `leaseUntil` (a worker that dies leaves them to be claimed again then).
   */
  claim(now: number, leaseUntil: number, limit: number): Promise<PushJob[]>;
  /** Sent (or given up): removes the job. */
  complete(id: bigint): Promise<void>;
  /** Failed: counts the attempt, records the error and makes it due again at `dueAt`. */
  retry(id: bigint, dueAt: number, error: string): Promise<void>;
  /** Jobs still queued for a user (operators' view and tests). */
  pending(appId: number, username: string): Promise<PushJob[]>;

  /** The app's provider configuration (JSON object per provider), or undefined. */
  providerConfig(appId: number, provider: PushProviderKind): Promise<Record<string, unknown> | undefined>;
  /** Replaces it; undefined removes it. */
  putProviderConfig(
    appId: number,
    provider: PushProviderKind,
    config: Record<string, unknown> | undefined,
    now: number,
  ): Promise<void>;

  putTemplate(appId: number, t: PushTemplate): Promise<void>;
  template(appId: number, name: string): Promise<PushTemplate | undefined>;
  deleteTemplate(appId: number, name: string): Promise<boolean>;

  /** False when the label exists. */
  createLabel(appId: number, name: string, description: string, now: number): Promise<boolean>;
  label(appId: number, name: string): Promise<PushLabel | undefined>;
  /** In name order after `after`. */
  labels(appId: number, after: string, limit: number): Promise<PushLabel[]>;
  /** Removes the label and its members; false when there was none. */
  deleteLabel(appId: number, name: string): Promise<boolean>;
  addLabelMembers(appId: number, name: string, usernames: readonly string[], now: number): Promise<void>;
  removeLabelMembers(appId: number, name: string, usernames: readonly string[]): Promise<void>;
  /** Members in username order after `after`. */
  labelMembers(appId: number, name: string, after: string, limit: number): Promise<string[]>;
  isLabelMember(appId: number, name: string, username: string): Promise<boolean>;
}
