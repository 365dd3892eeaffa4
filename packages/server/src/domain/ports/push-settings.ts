// Push settings of a user (issue 20): device tokens the SDK binds (PUT /users/{me}), the push language and
// display style, and silent mode ("do not disturb") app-wide and per conversation. The domain validates
// (domain/push/*); the store keeps what it is handed.

/** Where a silent-mode setting applies: the whole app, a one-to-one peer or a group. */
export type SilentScope = 'all' | 'user' | 'group';

export interface SilentKey {
  scope: SilentScope;
  /** Peer or group id; '' for `all`. */
  target: string;
}

export type RemindType = 'ALL' | 'AT' | 'NONE';

/** One silent-mode setting; absent fields are unset (the conversation follows the app-wide setting). */
export interface SilentMode {
  type?: RemindType | undefined;
  /** Silenced until this time, ms since the epoch (the SDK's ignoreDuration, made absolute). */
  ignoreUntil?: number | undefined;
  /** Daily quiet hours "H:M-H:M" (app-wide only). */
  ignoreInterval?: string | undefined;
}

export interface PushDevice {
  deviceId: string;
  token: string;
  notifier: string;
  updatedAt: number;
}

export interface PushProfile {
  /** Push translation language ('' = none). */
  language: string;
  /** 0 = "You have a new message", 1 = sender and content. */
  displayStyle: number;
}

export interface PushSettingsStore {
  /** The settings of each key that has one. Keys are `${scope}:${target}`. */
  silentModes(appId: number, username: string, keys: readonly SilentKey[]): Promise<Map<string, SilentMode>>;
  /** Replaces a setting; an empty mode (no field set) removes it. */
  putSilentMode(
    appId: number,
    username: string,
    key: SilentKey,
    mode: SilentMode,
    now: number,
  ): Promise<void>;
  /** Conversations (not `all`) with a remind type, in key order after `after`, at most `limit`. */
  remindTypes(
    appId: number,
    username: string,
    after: string,
    limit: number,
  ): Promise<{ key: SilentKey; type: RemindType }[]>;
  /** Binds (or rebinds) a device's token. */
  putDevice(appId: number, username: string, device: PushDevice): Promise<void>;
  /** Unbinds a device; false when it had no token. */
  removeDevice(appId: number, username: string, deviceId: string): Promise<boolean>;
  /** The user's bound devices, by device id. */
  devices(appId: number, username: string): Promise<PushDevice[]>;
  profile(appId: number, username: string): Promise<PushProfile>;
  /** Changes the given fields of the profile. */
  putProfile(appId: number, username: string, change: Partial<PushProfile>, now: number): Promise<void>;
}

export const silentKeyId = (k: SilentKey): string => `${k.scope}:${k.target}`;
