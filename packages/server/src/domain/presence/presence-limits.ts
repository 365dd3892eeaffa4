// Agora's presence limits (REST spec §3 "Presence", §4).

/** A published description (`ext`), UTF-8 bytes; more is PRESENCE_PARAM_EXCEED (1100). */
export const MAX_PRESENCE_EXT_BYTES = 1024;
/** Users per subscribe, unsubscribe or status call. */
export const MAX_PRESENCE_USERS_PER_CALL = 100;
/** Users who may follow one user's presence at once. */
export const MAX_PRESENCE_SUBSCRIBERS = 3000;
/** Longest subscription, seconds (30 days). */
export const MAX_PRESENCE_EXPIRY_SECONDS = 2_592_000;
/** Largest page of the subscription list. */
export const MAX_PRESENCE_PAGE = 500;
