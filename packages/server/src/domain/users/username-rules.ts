// Agora's documented user id and password limits (agora-rest-api.md §4).
const MAX_USERNAME_LENGTH = 64;
const USERNAME_CHARS = 'a-z0-9_.-';
const USERNAME = new RegExp(`^[${USERNAME_CHARS}]{1,${MAX_USERNAME_LENGTH}}$`);
const MAX_PASSWORD_BYTES = 64;

/**
 * Agora's character set, less `.` and `..`: as a URL path segment (`/users/{username}`) they are dot
 * segments that clients and proxies resolve away, so such a user could never be addressed.
 */
export const isValidUsername = (username: unknown): username is string =>
  typeof username === 'string' && USERNAME.test(username) && username !== '.' && username !== '..';

/** The rules above as clients show them (GET …/sdk/client-settings): built from the same constants. */
export const USERNAME_RULES = Object.freeze({
  pattern: USERNAME.source,
  maxLength: MAX_USERNAME_LENGTH,
  text:
    `1 to ${MAX_USERNAME_LENGTH} characters: lowercase letters a–z, digits 0–9, "_", "-" and "."` +
    ' (not "." or ".." alone)',
});

export const isValidPassword = (password: unknown): password is string =>
  typeof password === 'string' &&
  password.length > 0 &&
  new TextEncoder().encode(password).length <= MAX_PASSWORD_BYTES;

export const MAX_NICKNAME_LENGTH = 64;
