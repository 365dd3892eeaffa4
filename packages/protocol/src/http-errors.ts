// Server side of REST errors: for an SDK code, the HTTP status and Agora-style error body that make the
// official SDK's mapper (http-mapper.ts) report that code. `error` strings are Agora's documented ones
// (illegal_argument, unauthorized, forbidden_op, service_resource_not_found, reach_limit, …) where one fits.
import { errorEntryOf } from './error-codes.js';
import { codeFromHttp } from './http-mapper.js';

/** The Agora/Easemob REST error body. */
export interface AgoraRestErrorBody {
  readonly error: string;
  readonly exception?: string;
  readonly timestamp: number;
  readonly duration: 0;
  readonly error_description: string;
  /** Numeric sub-code some SDK rules key on (not in Agora's public docs). */
  readonly error_code?: number;
  /** Read instead of error_description by a few rules (609, 702). */
  readonly desc?: string;
}

export interface HttpFailure {
  readonly status: number;
  readonly body: AgoraRestErrorBody;
}

export interface HttpFailureOptions {
  /** Free text for error_description; ignored where the SDK needs one exact text to report the code. */
  readonly description?: string;
  /** Overrides the `error` string (e.g. 'duplicate_unique_property_exists'). */
  readonly error?: string;
  /** Defaults to Date.now(); pass one for reproducible output. */
  readonly timestamp?: number;
}

/** How one code goes over HTTP. `url` names the path segment the request URL must contain, if any. */
export interface HttpShape {
  readonly status: number;
  readonly error: string;
  readonly description: string;
  readonly errorCode?: number;
  readonly exception?: string;
  readonly url?: 'chatgroups' | 'chatrooms';
}

const BAD = 'illegal_argument';
const FORBIDDEN = 'forbidden_op';
const NOT_FOUND = 'service_resource_not_found';
const INTERNAL = 'internal_server_error'; // not in Agora's docs; none of its 500 strings fits

/** The HTTP shape the server uses per code (only codes a REST call can yield). */
export const httpShapes: Readonly<Record<number, HttpShape>> = {
  [-3]: {
    status: 400,
    error: BAD,
    description: 'Request body not readable.Please check content type is correct!',
  },
  [-2]: { status: 500, error: INTERNAL, description: 'unknown error', errorCode: 90005 },
  17: { status: 400, error: BAD, description: 'This is an invalid request.' },
  50: {
    status: 403,
    error: FORBIDDEN,
    description: 'The quantity has exceeded the limit!',
    errorCode: 40005,
  },
  51: { status: 404, error: NOT_FOUND, description: 'user session pin message not exist' },
  52: { status: 401, error: 'unauthorized', description: 'Unable to authenticate (OAuth)' },
  53: { status: 400, error: BAD, description: 'operation unsupported', errorCode: 40009 },
  54: { status: 406, error: FORBIDDEN, description: 'operation not allowed', errorCode: 90004 },
  101: { status: 400, error: BAD, description: 'file size exceeds the limit', errorCode: 14403 },
  204: { status: 404, error: NOT_FOUND, description: 'user not found', exception: 'UserNotFoundException' },
  221: {
    status: 400,
    error: BAD,
    description: 'updateRemark | they are not friends, please add as a friend first.',
  },
  500: { status: 429, error: 'reach_limit', description: 'This request has reached api limit.' },
  503: { status: 500, error: INTERNAL, description: 'internal server error', errorCode: 40006 },
  505: { status: 403, error: FORBIDDEN, description: 'service not open!', errorCode: 40000 },
  601: {
    status: 403,
    error: FORBIDDEN,
    description: 'invite users to join group failed, already in group',
    url: 'chatgroups',
  },
  602: {
    status: 403,
    error: FORBIDDEN,
    description: 'users are not members of this group',
    url: 'chatgroups',
  },
  603: { status: 403, error: FORBIDDEN, description: 'permission denied', errorCode: 60002 },
  605: { status: 404, error: NOT_FOUND, description: 'group does not exist', url: 'chatgroups' },
  606: { status: 403, error: FORBIDDEN, description: 'group member list is full!', url: 'chatgroups' },
  607: { status: 403, error: FORBIDDEN, description: 'members size is greater than max user size !' },
  608: {
    status: 403,
    error: FORBIDDEN,
    description: 'can not operate this group, reason: group is disabled',
  },
  609: { status: 400, error: BAD, description: 'set group member attributes failed', errorCode: 60005 },
  702: { status: 400, error: BAD, description: 'user is not a member of this chat room', errorCode: 60011 },
  704: { status: 403, error: FORBIDDEN, description: 'group member list is full!', url: 'chatrooms' },
  705: { status: 404, error: NOT_FOUND, description: 'chat room does not exist', url: 'chatrooms' },
  1100: { status: 400, error: BAD, description: 'ext is too big ' },
  1101: { status: 400, error: BAD, description: 'the user is already operation this message' },
  1102: { status: 400, error: BAD, description: 'this message is creating reaction, please try again.' },
  1103: { status: 400, error: BAD, description: 'the user operation is illegal!' },
  1200: { status: 400, error: BAD, description: 'The target language is not valid.' },
  1201: { status: 400, error: BAD, description: 'The input text is too long.' },
  1204: { status: 500, error: INTERNAL, description: 'translte failed!' },
  1300: { status: 404, error: NOT_FOUND, description: 'thread does not exist', errorCode: 40011 },
  1301: { status: 400, error: BAD, description: 'thread already exists', errorCode: 40002 },
  1400: { status: 404, error: NOT_FOUND, description: 'conversation does not exist', errorCode: 91001 },
};

/** Codes httpFailure maps exactly. */
export const httpMappedCodes: readonly number[] = Object.freeze(
  Object.keys(httpShapes)
    .map(Number)
    .sort((a, b) => a - b),
);

/** A request URL for a shape's `url` requirement, for self-checks and tests. */
export function sampleUrlFor(shape: HttpShape): string {
  return `https://confab.invalid/org/app/${shape.url ?? 'users'}/x`;
}

/**
 * Server side: the HTTP answer that makes the official SDK report `code`. `opts.description` is used when
 * the SDK still reports `code` with it (checked against the client mapper), else the shape's fixed text.
 * A code with no HTTP shape goes out as 17 (WEBIM_CONNCTION_AJAX_ERROR) carrying the description.
 */
export function httpFailure(code: number, opts: HttpFailureOptions = {}): HttpFailure {
  const mapped = Object.hasOwn(httpShapes, code);
  const target = mapped ? code : 17;
  const shape = httpShapes[target]!;
  const wanted = opts.description ?? (mapped ? undefined : errorEntryOf(code)?.meaning);
  const build = (description: string): HttpFailure => {
    const body: AgoraRestErrorBody = {
      error: opts.error ?? shape.error,
      ...(shape.exception === undefined ? {} : { exception: shape.exception }),
      timestamp: opts.timestamp ?? Date.now(),
      duration: 0,
      error_description: description,
      ...(shape.errorCode === undefined ? {} : { error_code: shape.errorCode }),
      ...(target === 609 || target === 702 ? { desc: description } : {}),
    };
    return { status: shape.status, body };
  };
  if (wanted !== undefined) {
    const candidate = build(wanted);
    if (reportsCode(candidate, shape, target)) return candidate;
  }
  return build(shape.description);
}

// URL-independent shapes must hold for group and room URLs alike.
function reportsCode(failure: HttpFailure, shape: HttpShape, code: number): boolean {
  const text = JSON.stringify(failure.body);
  const urls = shape.url
    ? [sampleUrlFor(shape)]
    : ['https://h/o/a/chatgroups/g', 'https://h/o/a/chatrooms/r'];
  return urls.every((url) => codeFromHttp(failure.status, text, url).type === code);
}

/**
 * Registering a taken username. Agora answers 400 duplicate_unique_property_exists; the SDK reports 17 with
 * the description and stops retrying other hosts when it contains "username be unique". Agora's docs print
 * the name quoted ('username'), which would not match that check, so the name goes out unquoted.
 */
export function duplicateUsernameFailure(username: string, timestamp?: number): HttpFailure {
  return httpFailure(17, {
    error: 'duplicate_unique_property_exists',
    description: `Entity user requires that property named username be unique, value of ${username} exists`,
    ...(timestamp === undefined ? {} : { timestamp }),
  });
}
