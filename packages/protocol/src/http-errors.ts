// Server side of REST errors: for an SDK code, the HTTP status and Agora-style error body that make the
// official SDK's mapper (http-mapper.ts) report that code. `error` strings are Agora's documented ones
// (illegal_argument, unauthorized, forbidden_op, service_resource_not_found, reach_limit, …) where one fits.
import { ConfabError } from './confab-error.js';
import { ErrorCode, errorEntryOf, errorNameOf, type ErrorCodeName } from './error-codes.js';
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
  /** One of the code's variant shapes (httpShapeVariants); unknown names are ignored. */
  readonly variant?: string;
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
const METADATA = 'metadata_error';

/** The HTTP shape the server uses per code (only codes a REST call can yield). */
export const httpShapes: Readonly<Record<number, HttpShape>> = {
  [ErrorCode.REQUEST_PARAMETER_ERROR]: {
    status: 400,
    error: BAD,
    description: 'Request body not readable.Please check content type is correct!',
  },
  [ErrorCode.REQUEST_UNKNOWN]: {
    status: 500,
    error: INTERNAL,
    description: 'unknown error',
    errorCode: 90005,
  },
  [ErrorCode.WEBIM_CONNCTION_AJAX_ERROR]: {
    status: 400,
    error: BAD,
    description: 'This is an invalid request.',
  },
  [ErrorCode.MAX_LIMIT]: {
    status: 403,
    error: FORBIDDEN,
    description: 'The quantity has exceeded the limit!',
    errorCode: 40005,
  },
  [ErrorCode.MESSAGE_NOT_FOUND]: {
    status: 404,
    error: NOT_FOUND,
    description: 'user session pin message not exist',
  },
  [ErrorCode.NO_PERMISSION]: {
    status: 401,
    error: 'unauthorized',
    description: 'Unable to authenticate (OAuth)',
  },
  [ErrorCode.OPERATION_UNSUPPORTED]: {
    status: 400,
    error: BAD,
    description: 'operation unsupported',
    errorCode: 40009,
  },
  [ErrorCode.OPERATION_NOT_ALLOWED]: {
    status: 406,
    error: FORBIDDEN,
    description: 'operation not allowed',
    errorCode: 90004,
  },
  [ErrorCode.WEBIM_UPLOADFILE_ERROR]: {
    status: 400,
    error: BAD,
    description: 'file size exceeds the limit',
    errorCode: 14403,
  },
  [ErrorCode.USER_NOT_FOUND]: {
    status: 404,
    error: NOT_FOUND,
    description: 'user not found',
    exception: 'UserNotFoundException',
  },
  [ErrorCode.USER_NOT_FRIEND]: {
    status: 400,
    error: BAD,
    description: 'updateRemark | they are not friends, please add as a friend first.',
  },
  [ErrorCode.SERVER_BUSY]: {
    status: 429,
    error: 'reach_limit',
    description: 'This request has reached api limit.',
  },
  [ErrorCode.SERVER_UNKNOWN_ERROR]: {
    status: 500,
    error: INTERNAL,
    description: 'internal server error',
    errorCode: 40006,
  },
  [ErrorCode.SERVICE_NOT_ENABLED]: {
    status: 403,
    error: FORBIDDEN,
    description: 'service not open!',
    errorCode: 40000,
  },
  [ErrorCode.GROUP_ALREADY_JOINED]: {
    status: 403,
    error: FORBIDDEN,
    description: 'invite users to join group failed, already in group',
    url: 'chatgroups',
  },
  [ErrorCode.GROUP_NOT_JOINED]: {
    status: 403,
    error: FORBIDDEN,
    description: 'users are not members of this group',
    url: 'chatgroups',
  },
  [ErrorCode.PERMISSION_DENIED]: {
    status: 403,
    error: FORBIDDEN,
    description: 'permission denied',
    errorCode: 60002,
  },
  [ErrorCode.GROUP_NOT_EXIST]: {
    status: 404,
    error: NOT_FOUND,
    description: 'group does not exist',
    url: 'chatgroups',
  },
  [ErrorCode.GROUP_MEMBERS_FULL]: {
    status: 403,
    error: FORBIDDEN,
    description: 'group member list is full!',
    url: 'chatgroups',
  },
  [ErrorCode.GROUP_MEMBERS_LIMIT]: {
    status: 403,
    error: FORBIDDEN,
    description: 'members size is greater than max user size !',
  },
  [ErrorCode.GROUP_IS_DISABLED]: {
    status: 403,
    error: FORBIDDEN,
    description: 'can not operate this group, reason: group is disabled',
  },
  [ErrorCode.GROUP_MEMBER_ATTRIBUTES_SET_FAILED]: {
    status: 400,
    error: BAD,
    description: 'set group member attributes failed',
    errorCode: 60005,
  },
  [ErrorCode.CHATROOM_NOT_JOINED]: {
    status: 400,
    error: BAD,
    description: 'user is not a member of this chat room',
    errorCode: 60011,
  },
  [ErrorCode.CHATROOM_MEMBERS_FULL]: {
    status: 403,
    error: FORBIDDEN,
    description: 'group member list is full!',
    url: 'chatrooms',
  },
  [ErrorCode.CHATROOM_NOT_EXIST]: {
    status: 404,
    error: NOT_FOUND,
    description: 'chat room does not exist',
    url: 'chatrooms',
  },
  [ErrorCode.PRESENCE_PARAM_EXCEED]: { status: 400, error: BAD, description: 'ext is too big ' },
  [ErrorCode.REACTION_ALREADY_ADDED]: {
    status: 400,
    error: BAD,
    description: 'the user is already operation this message',
  },
  [ErrorCode.REACTION_CREATING]: {
    status: 400,
    error: BAD,
    description: 'this message is creating reaction, please try again.',
  },
  [ErrorCode.REACTION_OPERATION_IS_ILLEGAL]: {
    status: 400,
    error: BAD,
    description: 'the user operation is illegal!',
  },
  [ErrorCode.TRANSLATION_NOT_VALID]: {
    status: 400,
    error: BAD,
    description: 'The target language is not valid.',
  },
  [ErrorCode.TRANSLATION_TEXT_TOO_LONG]: {
    status: 400,
    error: BAD,
    description: 'The input text is too long.',
  },
  [ErrorCode.TRANSLATION_FAILED]: { status: 500, error: INTERNAL, description: 'translte failed!' },
  [ErrorCode.THREAD_NOT_EXIST]: {
    status: 404,
    error: NOT_FOUND,
    description: 'thread does not exist',
    errorCode: 40011,
  },
  [ErrorCode.THREAD_ALREADY_EXIST]: {
    status: 400,
    error: BAD,
    description: 'thread already exists',
    errorCode: 40002,
  },
  [ErrorCode.CONVERSATION_NOT_EXIST]: {
    status: 404,
    error: NOT_FOUND,
    description: 'conversation does not exist',
    errorCode: 91001,
  },
};

/** What a variant changes in its code's shape. */
export interface HttpShapeVariant {
  readonly status?: number;
  readonly error: string;
  /** Replaces the shape's numeric sub-code. */
  readonly errorCode?: number;
  /** Replaces the shape's fixed description (used when the caller's text would not report the code). */
  readonly description?: string;
}

/**
 * Codes that go over HTTP in more than one shape, by ErrorCode name: besides the main shape above, Agora
 * answers these cases with another `error` string (or status). The SDK still reports the same code.
 * Raise one with `restError(name, variant, message)`.
 */
export const httpShapeVariants = {
  REQUEST_PARAMETER_ERROR: {
    invalidGrant: { error: 'invalid_grant' },
    unsupportedGrantType: { error: 'unsupported_grant_type' },
  },
  WEBIM_CONNCTION_AJAX_ERROR: {
    invalidGrant: { error: 'invalid_grant' },
    duplicateUniqueProperty: { error: 'duplicate_unique_property_exists' },
    // An unknown route is "not supported", which a 404 without a known description tells apart from the
    // 400 of bad parameters: the official SDK reports 17 with the whole body as the message.
    routeNotSupported: { status: 404, error: NOT_FOUND },
    // A REST body over the server's limit: Agora's 413, which the official SDK reports as 17 ("ajax error").
    bodyTooLarge: { status: 413, error: 'request_entity_too_large' },
    // Something the call names is not there (a group's shared file): 404 without a text the SDK reads
    // as a group, room or user, so it reports 17.
    notFound: { status: 404, error: NOT_FOUND },
  },
  // An upload to an unknown route: the official SDK's upload reads only a 400 as a failure (any other
  // status calls onFileUploadComplete), so "not supported" keeps the upload's 400 with the 404's error.
  WEBIM_UPLOADFILE_ERROR: { routeNotSupported: { error: NOT_FOUND } },
  WEBIM_CONNCTION_APPKEY_NOT_ASSIGN_ERROR: {
    appNotFound: { error: 'organization_application_not_found' },
  },
  SERVER_UNKNOWN_ERROR: { unhandled: { error: 'internal_error' } },
  // Group member attributes: Agora answers 400 metadata_error with sub-code 60010, which the official SDK
  // reports as 50 when the text names the value limit and as 52 otherwise (a key too long, no permission).
  MAX_LIMIT: {
    // Reactions (agora-rest-api.md §1.4 #48): the 21st reaction of a message.
    reaction: { status: 400, error: BAD, description: 'The quantity has exceeded the limit!' },
    memberMetadata: {
      status: 400,
      error: METADATA,
      errorCode: 60010,
      description: 'exceeds chatgroup user metadata single value limit',
    },
  },
  NO_PERMISSION: {
    memberMetadata: {
      status: 400,
      error: METADATA,
      errorCode: 60010,
      description: 'exceeds chatgroup user metadata single key limit',
    },
  },
  GROUP_NOT_JOINED: {
    // Outside /chatgroups paths (threads): Agora's 404 sub-code 60003, which the official SDK reports as 602
    // whatever the URL (the 403 text would read as a chat room's 702 there).
    outsideGroupPath: { status: 404, error: NOT_FOUND, errorCode: 60003 },
    // A reaction on a group message by someone outside the group (agora-rest-api.md §2's exact 400 text).
    reaction: { status: 400, error: BAD, description: 'The user not in this group!' },
  },
  // Reactions switched off for the app (agora-rest-api.md §1.4 #48).
  SERVICE_NOT_ENABLED: {
    reaction: { status: 400, error: BAD, description: 'this appKey is not open reaction service!' },
  },
} as const satisfies Partial<Record<ErrorCodeName, Record<string, HttpShapeVariant>>>;

export type HttpVariantCode = keyof typeof httpShapeVariants;
export type HttpVariantOf<N extends HttpVariantCode> = keyof (typeof httpShapeVariants)[N] & string;

/** A ConfabError that leaves over REST in one of its code's variant shapes. */
export function restError<N extends HttpVariantCode>(
  name: N,
  variant: HttpVariantOf<N>,
  message?: string,
): ConfabError {
  return new ConfabError(ErrorCode[name], message, undefined, { httpVariant: variant });
}

function variantOf(code: number, variant: string | undefined): HttpShapeVariant | undefined {
  const name = errorNameOf(code);
  if (variant === undefined || name === undefined || !Object.hasOwn(httpShapeVariants, name))
    return undefined;
  const table: Readonly<Record<string, HttpShapeVariant>> = httpShapeVariants[name as HttpVariantCode];
  return Object.hasOwn(table, variant) ? table[variant] : undefined;
}

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
 * `opts.variant` picks one of the code's shapes in httpShapeVariants.
 */
export function httpFailure(code: number, opts: HttpFailureOptions = {}): HttpFailure {
  const mapped = Object.hasOwn(httpShapes, code);
  const target = mapped ? code : ErrorCode.WEBIM_CONNCTION_AJAX_ERROR;
  const variant = variantOf(code, opts.variant);
  const shape = { ...httpShapes[target]!, ...variant };
  const wanted = opts.description ?? (mapped ? undefined : errorEntryOf(code)?.meaning);
  const build = (description: string): HttpFailure => {
    const body: AgoraRestErrorBody = {
      error: shape.error,
      ...(shape.exception === undefined ? {} : { exception: shape.exception }),
      timestamp: opts.timestamp ?? Date.now(),
      duration: 0,
      error_description: description,
      ...(shape.errorCode === undefined ? {} : { error_code: shape.errorCode }),
      ...(target === ErrorCode.GROUP_MEMBER_ATTRIBUTES_SET_FAILED || target === ErrorCode.CHATROOM_NOT_JOINED
        ? { desc: description }
        : {}),
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
  return httpFailure(ErrorCode.WEBIM_CONNCTION_AJAX_ERROR, {
    variant: 'duplicateUniqueProperty',
    description: `Entity user requires that property named username be unique, value of ${username} exists`,
    ...(timestamp === undefined ? {} : { timestamp }),
  });
}
