// message.ext <-> repeated KeyValue, typed exactly as the official SDK does (§4.4), so ext written by
// one SDK reads back identically in the other.
import { ValueType } from '@confab/protocol';
import type { KeyValue, U64 } from '@confab/protocol';
import type { MessageExt } from './types.js';

export function encodeExt(ext: MessageExt | undefined): KeyValue[] {
  const out: KeyValue[] = [];
  if (!ext) return out;
  for (const [key, value] of Object.entries(ext)) {
    if (value === undefined) continue;
    if (typeof value === 'object') {
      // null included: the official SDK sends typeof-object values as JSON.
      out.push({ key, type: ValueType.JSON_STRING, stringValue: JSON.stringify(value) });
    } else if (typeof value === 'string') {
      out.push({ key, type: ValueType.STRING, stringValue: value });
    } else if (typeof value === 'boolean') {
      out.push({ key, type: ValueType.BOOL, varintValue: value ? 1 : 0 });
    } else if (typeof value === 'number' && Number.isInteger(value)) {
      out.push({ key, type: ValueType.INT, varintValue: value });
    } else if (typeof value === 'number' && !Number.isNaN(value)) {
      out.push({ key, type: ValueType.DOUBLE, doubleValue: value });
    } else if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'symbol') {
      out.push({ key, type: ValueType.STRING, stringValue: value.toString() });
    } else if (typeof value === 'function') {
      out.push({ key, type: ValueType.STRING, stringValue: String(value) });
    }
  }
  return out;
}

export function decodeExt(list: readonly KeyValue[] | null | undefined): MessageExt {
  const out: MessageExt = {};
  for (const kv of list ?? []) {
    const key = kv.key ?? '';
    switch (kv.type) {
      case ValueType.JSON_STRING:
        out[key] = parseJson(kv.stringValue);
        break;
      case ValueType.STRING:
        out[key] = kv.stringValue ?? '';
        break;
      case ValueType.DOUBLE:
        out[key] = kv.doubleValue;
        break;
      case ValueType.FLOAT:
        out[key] = kv.floatValue;
        break;
      case ValueType.BOOL:
        out[key] = int64ToNumber(kv.varintValue) !== 0;
        break;
      case ValueType.INT:
      case ValueType.UINT:
      case ValueType.LLINT:
        out[key] = int64ToNumber(kv.varintValue);
        break;
      default:
        break;
    }
  }
  return out;
}

function parseJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    // The official SDK would throw and lose the whole message; keep the raw text instead.
    return text;
  }
}

/** varintValue is a signed int64: a decoded Long prints its own sign, so go through its string. */
function int64ToNumber(value: U64 | undefined): number {
  if (value === undefined || value === null) return 0;
  return Number(typeof value === 'object' ? value.toString() : value);
}
