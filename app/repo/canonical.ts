/**
 * Canonical JSON: object keys sorted by UTF-16 code units, no whitespace,
 * strings and numbers exactly as JSON.stringify writes them, `undefined`
 * members omitted, and the named volatile fields (e.g. bulk cursors such as
 * `__parentId`) dropped at every depth. Equal records give equal bytes, which
 * is what makes the keyed record id a dedup key.
 */
export function canonicalJson(value: unknown, volatile: ReadonlySet<string> = EMPTY): string {
  return write(value, volatile);
}

/** Returns a copy of `value` without volatile fields, with keys in canonical order. */
export function canonicalize<T>(value: T, volatile: Iterable<string> = []): T {
  return JSON.parse(canonicalJson(value, new Set(volatile))) as T;
}

const EMPTY: ReadonlySet<string> = new Set();

function write(value: unknown, volatile: ReadonlySet<string>): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "object":
      break;
    default:
      // JSON has no encoding for functions, symbols, undefined or bigint.
      throw new TypeError(`Cannot encode ${typeof value} as canonical JSON`);
  }
  if (Array.isArray(value)) {
    if (allStrings(value)) return JSON.stringify(value);
    let out = "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ",";
      const item: unknown = value[i];
      out += item === undefined ? "null" : write(item, volatile);
    }
    return out + "]";
  }
  const obj = value as Record<string, unknown>;
  if (typeof (obj as { toJSON?: unknown }).toJSON === "function") {
    return write((obj as { toJSON: () => unknown }).toJSON(), volatile);
  }
  const keys = Object.keys(obj);
  if (!isSorted(keys)) keys.sort();
  let out = "{";
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const member = obj[key];
    if (member === undefined || (volatile.size > 0 && volatile.has(key))) continue;
    if (!first) out += ",";
    first = false;
    out += quotedKey(key);
    out += typeof member === "string" ? JSON.stringify(member) : write(member, volatile);
  }
  return out + "}";
}

function allStrings(items: unknown[]): boolean {
  for (let i = 0; i < items.length; i++) if (typeof items[i] !== "string") return false;
  return true;
}

function isSorted(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1] > keys[i]) return false;
  return true;
}

// Records repeat the same few hundred field names millions of times.
const QUOTED = new Map<string, string>();
function quotedKey(key: string): string {
  let quoted = QUOTED.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key) + ":";
    if (QUOTED.size < 10_000) QUOTED.set(key, quoted);
  }
  return quoted;
}
