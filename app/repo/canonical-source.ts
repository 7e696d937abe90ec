/**
 * canonicalJson() (canonical.ts) as plain JavaScript source, for the ingest
 * workers, which are evaluated from a string and load no TypeScript. The two
 * must give identical bytes: canonical.test.ts compares them.
 */
export const CANONICAL_SOURCE = `
const CANON_QUOTED = new Map();
function canonQuotedKey(key) {
  let quoted = CANON_QUOTED.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key) + ":";
    if (CANON_QUOTED.size < 10000) CANON_QUOTED.set(key, quoted);
  }
  return quoted;
}
function canonicalJson(value, volatile) {
  if (value === null) return "null";
  switch (typeof value) {
    case "string": return JSON.stringify(value);
    case "number": return Number.isFinite(value) ? JSON.stringify(value) : "null";
    case "boolean": return value ? "true" : "false";
    case "object": break;
    default: throw new TypeError("Cannot encode " + typeof value + " as canonical JSON");
  }
  if (Array.isArray(value)) {
    let strings = true;
    for (let i = 0; i < value.length; i++) if (typeof value[i] !== "string") { strings = false; break; }
    if (strings) return JSON.stringify(value);
    let out = "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ",";
      const item = value[i];
      out += item === undefined ? "null" : canonicalJson(item, volatile);
    }
    return out + "]";
  }
  if (typeof value.toJSON === "function") return canonicalJson(value.toJSON(), volatile);
  const keys = Object.keys(value);
  let sorted = true;
  for (let i = 1; i < keys.length; i++) if (keys[i - 1] > keys[i]) { sorted = false; break; }
  if (!sorted) keys.sort();
  let out = "{";
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const member = value[key];
    if (member === undefined || (volatile.size > 0 && volatile.has(key))) continue;
    if (!first) out += ",";
    first = false;
    out += canonQuotedKey(key);
    out += typeof member === "string" ? JSON.stringify(member) : canonicalJson(member, volatile);
  }
  return out + "}";
}
`;
