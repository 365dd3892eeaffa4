// Client side of REST errors: the official SDK's HTTP error mapper, rule for rule (spec §5.3, rest-api §2;
// the bundle's module 8678 function `i`, anchor "Unable to authenticate (OAuth)"). Within a status the
// first matching rule wins. Our SDK calls this so that it reports the same codes as the official one.
import { ownEntry, SDK_OK, type SdkErrorShape } from './wire-errors.js';

interface Body {
  readonly error_code?: unknown;
  readonly error_description?: unknown;
  readonly desc?: unknown;
  readonly result?: unknown;
  readonly exception?: unknown;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

// Exact error_description texts on a 400 (the SDK's switch; note the trailing space of "ext is too big ").
const exact400: Readonly<Record<string, number>> = {
  'the user is already operation this message': 1101,
  'The quantity has exceeded the limit!': 50,
  'The user not in this group!': 602,
  'the user operation is illegal!': 1103,
  'this appKey is not open reaction service!': 505,
  'this appKey not open message roaming': 505,
  'this message is creating reaction, please try again.': 1102,
  'groupId can not be null!': 605,
  'The input text is too long.': 1201,
  'The target language is not valid.': 1200,
  'report failed, get message by id failed': 51,
  'ext is too big ': 1100,
  'Request body not readable.Please check content type is correct!': -3,
  'param mark must be not empty, please check!': -3,
  'param mark illegal, please check it!': -3,
  'param pin_msg_id illegal, please check it!': -3,
  'updateRemark | they are not friends, please add as a friend first.': 221,
};

/**
 * What the official SDK rejects a REST call with, given the HTTP status, the raw response text and the
 * request URL (some rules depend on whether it contains "chatgroups"). Status 200 is success (type 0).
 * Never throws. Where the official SDK hangs (non-JSON or `null` body, unmatched 406, an "already in group"
 * 403 outside chatgroups) the result carries `officialSdkHangs` and a code of ours.
 */
export function codeFromHttp(status: number, bodyText: string, url: string): SdkErrorShape {
  const text = typeof bodyText === 'string' ? bodyText : '';
  let body: Body = {};
  let parsed = true;
  if (text !== '') {
    try {
      const value: unknown = JSON.parse(text);
      if (value === null) parsed = false;
      else if (typeof value === 'object') body = value;
    } catch {
      parsed = false;
    }
  }
  const result = map(status, text, body, typeof url === 'string' ? url : '');
  if (parsed) return result;
  // The official SDK's JSON.parse throws inside onreadystatechange, so the promise never settles (think of
  // a proxy's HTML 502/503 page). We run the rules on an empty body and keep the raw text visible.
  return {
    type: result.type,
    message: result.type === 17 && result.message === '' ? text : result.message,
    officialSdkHangs: true,
  };
}

function map(status: number, text: string, x: Body, url: string): SdkErrorShape {
  const ec = x.error_code;
  const d = str(x.error_description);
  const has = (s: string) => d?.includes(s) === true;
  const r = (type: number, message: string | undefined): SdkErrorShape => ({ type, message: message ?? '' });
  const groups = url.includes('chatgroups');

  switch (status) {
    case 200:
      return SDK_OK;
    case 400: {
      if (ec === 40002) return r(1301, d);
      if (ec === 40009) return r(53, d);
      if (ec === 60005) return r(609, str(x.desc) || d);
      if (ec === 60010)
        return r(has('exceeds chatgroup user metadata single value limit') ? 50 : 52, str(x.desc) || d);
      if (ec === 60011) return r(702, str(x.desc));
      if (ec === 14403) return r(101, d);
      if (ec === 60006 || ec === 60007 || ec === 60009 || ec === 60012) return r(50, str(x.desc) || d);
      if (ec === 91104) return r(52, d);
      if (has('are not members of this group')) return r(groups ? 602 : 702, d);
      if (x.result === 'the app not open presence') return r(505, x.result);
      if (has('remark length must less')) return r(50, d);
      return r((d === undefined ? undefined : ownEntry(exact400, d)) ?? 17, d);
    }
    case 401:
      if (ec === 40001 || ec === 60001 || d === 'Unable to authenticate (OAuth)') return r(52, d);
      return r(17, text);
    case 403:
      if (ec === 40000 || ec === 60004 || ec === 15002) return r(505, d);
      if (ec === 40003 || ec === 40004) return r(1301, d);
      if (ec === 40005 || ec === 40007 || ec === 91002 || ec === 91101) return r(50, d);
      if (ec === 60002) return r(603, d);
      if (ec === 91102) return r(-3, d);
      if (d === 'group member list is full!') return r(groups ? 606 : 704, d);
      if (has('invite users to join group failed') && has('already in group')) {
        // Outside chatgroups URLs the official SDK matches this rule but rejects nothing: it hangs. The
        // text says "already in group", so we report exactly that.
        return groups ? r(601, d) : { ...r(601, d), officialSdkHangs: true };
      }
      if (has('are not members of this group')) return r(groups ? 602 : 702, d);
      if (
        has('service not open!') ||
        has('message report not open') ||
        has('messageroaming function not open')
      ) {
        return r(505, d);
      }
      if (has('members size is greater than max user size !')) return r(607, d);
      if (has('can not operate this group, reason: group is disabled')) return r(608, d);
      if (has("Invitee's contact max count") || has("Inviter's contact max count")) return r(50, d);
      return r(603, 'permission denied');
    case 404:
      if (ec === 40011) return r(1300, d);
      if (ec === 40012) return r(52, d);
      if (ec === 60003 || ec === 20004) return r(602, d);
      if (ec === 91001) return r(1400, d);
      // The SDK says "chat room" even for groups; we keep its text.
      if (has('do not find this group') || has('does not exist'))
        return r(groups ? 605 : 705, 'The chat room dose not exist.');
      if (
        (has('username') && has("doesn't exist!'")) ||
        has('user not found') ||
        (has('Service resource not found') && x.exception === 'UserNotFoundException')
      ) {
        return r(204, d);
      }
      if (has('user session pin message not exist')) return r(51, d);
      return r(17, text);
    case 406:
      if (ec === 90004) return r(54, d);
      // The official SDK rejects nothing for any other 406 (it hangs); we report the generic HTTP error.
      return { ...r(17, text), officialSdkHangs: true };
    case 429:
    case 503:
      if (has('The request has reached the maximum limit') || has('upload client logs reached limit'))
        return r(50, text);
      return r(500, 'Server is busy.');
    case 500:
      if (ec === 40006 || ec === 40008 || ec === 40010) return r(503, d);
      if (ec === 90005 || ec === 99999) return r(-2, d);
      if (has('translte failed!')) return r(1204, text);
      return r(17, '');
    default:
      return r(17, text);
  }
}
