// Login on the socket: the device resource, the PROVISION frame and its answer (msync spec §1.5, §4.1,
// §4.11). The frame is built like the official SDK's so the server cannot tell the two clients apart.
import {
  AUTH_TOKEN_PREFIX,
  ConfabError,
  Domain,
  OsType,
  StatusCode,
  codeFromProvisionStatus,
  frames,
  msync,
} from '@confab/protocol';
import type { Provision } from '@confab/protocol';

/** The client version the official SDK reports; it names the protocol dialect we speak. */
export const PROTOCOL_CLIENT_VERSION = '1.4.0';
const ACTION_VERSION = 'v5.1';
const PLATFORM = 'web';
const DEVICE_STORAGE_KEY = 'localDeviceInfo';

export interface DeviceOptions {
  deviceId: string;
  isFixedDeviceId: boolean;
  customOSPlatform?: number;
  customDeviceName?: string;
}

export interface DeviceInfo {
  resource: string;
  deviceUuid: string;
  deviceName: string;
}

interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * The device triple of the official `q()`: "webim" → webim_web_<ms>, custom X → webim_web_X. With
 * isFixedDeviceId (default) browsers persist it in localStorage, so all tabs share one resource.
 */
export function deviceInfo(
  options: DeviceOptions,
  now = Date.now(),
  storage: KeyValueStorage | undefined = browserStorage(),
): DeviceInfo {
  const custom = options.customOSPlatform;
  const customName = options.customDeviceName ?? options.deviceId;
  if (options.isFixedDeviceId && storage) {
    const stored = readStored(storage);
    if (stored) {
      return custom === undefined
        ? stored
        : { ...stored, deviceName: customName, resource: `custom${custom}_${stored.deviceUuid}` };
    }
  }
  const stamp = options.isFixedDeviceId ? `${PLATFORM}_${now}` : `random_${PLATFORM}_${now}`;
  let info: DeviceInfo;
  if (custom !== undefined) {
    info = { deviceUuid: stamp, deviceName: customName, resource: `custom${custom}_${stamp}` };
  } else if (options.deviceId === 'webim') {
    info = { deviceUuid: stamp, deviceName: 'webim', resource: `webim_${stamp}` };
  } else {
    const fixed = `webim_${PLATFORM}_${options.deviceId}`;
    info = { deviceUuid: fixed, deviceName: fixed, resource: fixed };
  }
  if (options.isFixedDeviceId && storage) {
    try {
      storage.setItem(
        DEVICE_STORAGE_KEY,
        JSON.stringify({ deviceId: info.resource, deviceName: info.deviceName, deviceUuid: info.deviceUuid }),
      );
    } catch {
      // storage full or denied: the resource is then per page load, which is still valid
    }
  }
  return info;
}

export interface ProvisionInput {
  appKey: string;
  user: string;
  token: string;
  device: DeviceInfo;
  customOSPlatform?: number;
  loginInfoCustomExt?: string;
}

export function provisionFrame(input: ProvisionInput, now = Date.now()): Uint8Array {
  const { device, token } = input;
  const payload: Provision = {
    osType: input.customOSPlatform === undefined ? OsType.OS_OTHER : OsType.OS_CUSTOM,
    version: PROTOCOL_CLIENT_VERSION,
    compressType: [0],
    encryptType: [0],
    deviceUuid: device.deviceUuid,
    deviceName: device.deviceName,
    resource: device.resource,
    actionVersion: ACTION_VERSION,
    authToken: JSON.stringify({ token: AUTH_TOKEN_PREFIX + token }),
    sessionId: `${now}:`,
  };
  if (input.customOSPlatform !== undefined) payload.osCustomValue = input.customOSPlatform;
  if (input.loginInfoCustomExt) payload.reason = input.loginInfoCustomExt;
  return frames.provision(payload, {
    version: 0,
    guid: { appKey: input.appKey, name: input.user, domain: Domain.USER, clientResource: device.resource },
    auth: AUTH_TOKEN_PREFIX + token,
    deviceId: 0,
    encryptType: [0],
  });
}

export type ProvisionResult =
  { ok: true; resource: string; expiresAt?: number } | { ok: false; error: ConfabError };

/** Reads the server's PROVISION answer; `expiresAt` is the absolute token expiry in epoch ms. */
export function readProvisionAnswer(
  payload: Uint8Array | undefined,
  fallbackResource: string,
): ProvisionResult {
  const answer = msync.Provision.decode(payload ?? new Uint8Array());
  const status = answer.status ?? { errorCode: StatusCode.FAIL, reason: '' };
  if ((status.errorCode ?? 0) !== StatusCode.OK) {
    const mapped = codeFromProvisionStatus(status);
    return { ok: false, error: new ConfabError(mapped.type, mapped.message, status) };
  }
  const result: { ok: true; resource: string; expiresAt?: number } = {
    ok: true,
    resource: answer.resource || fallbackResource,
  };
  const expiresAt = parseExpiry(answer.authToken);
  if (expiresAt !== undefined) result.expiresAt = expiresAt;
  return result;
}

// The official SDK treats anything but {"expires_in": <abs ms>} as "already expired" (§4.11); we
// ignore an unreadable value instead of logging the user out on a server bug.
function parseExpiry(authToken: string | undefined): number | undefined {
  if (!authToken) return undefined;
  try {
    const value = (JSON.parse(authToken) as { expires_in?: unknown }).expires_in;
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function readStored(storage: KeyValueStorage): DeviceInfo | undefined {
  try {
    const raw = storage.getItem(DEVICE_STORAGE_KEY);
    if (!raw) return undefined;
    const parsed = JSON.parse(raw) as { deviceId?: string; deviceName?: string; deviceUuid?: string };
    if (!parsed.deviceId || !parsed.deviceUuid) return undefined;
    return {
      resource: parsed.deviceId,
      deviceName: parsed.deviceName ?? 'webim',
      deviceUuid: parsed.deviceUuid,
    };
  } catch {
    return undefined;
  }
}

function browserStorage(): KeyValueStorage | undefined {
  try {
    const storage = (globalThis as { localStorage?: KeyValueStorage }).localStorage;
    return storage && typeof storage.getItem === 'function' ? storage : undefined;
  } catch {
    return undefined;
  }
}
