// Agora's documented user id and password limits (agora-rest-api.md §4).
const USERNAME = /^[a-z0-9_.-]{1,64}$/;
const MAX_PASSWORD_BYTES = 64;

/**
 * Agora's character set, less `.` and `..`: as a URL path segment (`/users/{username}`) they are dot
 * segments that clients and proxies resolve away, so such a user could never be addressed.
 */
export const isValidUsername = (username: unknown): username is string =>
  typeof username === 'string' && USERNAME.test(username) && username !== '.' && username !== '..';

export const isValidPassword = (password: unknown): password is string =>
  typeof password === 'string' &&
  password.length > 0 &&
  new TextEncoder().encode(password).length <= MAX_PASSWORD_BYTES;

export const MAX_NICKNAME_LENGTH = 64;
