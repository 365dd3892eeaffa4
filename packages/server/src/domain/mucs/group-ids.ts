// Group ids look like Agora's: a numeric string of 15 digits (e.g. "226377920053249"), drawn at random
// and unique per app: the store refuses a taken id and creation draws again.
import { randomInt } from 'node:crypto';

const TAIL = 100_000_000_000_000; // 14 digits after the first (randomInt's range must stay below 2^48)

export const newGroupId = (): string => String(randomInt(1, 10) * TAIL + randomInt(0, TAIL));

/** A group id as the SDK and app server send it: digits only (anything else names no group). */
export const isGroupId = (id: string): boolean => /^\d{1,32}$/.test(id);
