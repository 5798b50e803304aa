/** Past this depth a payload is copied through JSON text instead (which also reports a cycle as JSON does). */
const MAX_DEPTH = 64;

class TooDeep extends Error {}

/**
 * `JSON.parse(JSON.stringify(value ?? null))`, deep-frozen: the same value a reader would get back from JSON text,
 * but built without the text, and safe to hand to every reader (nobody can change it, so nobody can change the store
 * through it). Strings are shared with `value`, which costs nothing: they are immutable. Plain objects, arrays and
 * primitives are copied here; anything else (a `Date`, a class instance, a `Map`) goes through JSON as before.
 */
export function frozenJsonCopy(value: unknown): unknown {
  try {
    return copy(value ?? null, '', 0) ?? null;
  } catch (error) {
    if (!(error instanceof TooDeep)) throw error;
    return deepFreeze(JSON.parse(JSON.stringify(value ?? null) ?? 'null'));
  }
}

function copy(value: unknown, key: string, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      // JSON writes -0 as 0, and NaN and the infinities as null
      return Number.isFinite(value) ? value + 0 : null;
    case 'object':
      return value === null ? null : copyObject(value, key, depth);
    case 'bigint': {
      // throws as JSON.stringify throws (unless a BigInt.prototype.toJSON says otherwise)
      const text = JSON.stringify(value);
      return text === undefined ? undefined : deepFreeze(JSON.parse(text));
    }
    default:
      // undefined, functions and symbols: left out of objects, null in arrays
      return undefined;
  }
}

function copyObject(value: object, key: string, depth: number): unknown {
  if (depth >= MAX_DEPTH) throw new TooDeep();
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return copy(toJSON.call(value, key), key, depth + 1);
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i += 1) out[i] = copy(value[i], String(i), depth + 1) ?? null;
    return Object.freeze(out);
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return deepFreeze(JSON.parse(JSON.stringify(value)));
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(value)) {
    const field = copy((value as Record<string, unknown>)[name], name, depth + 1);
    if (field === undefined) continue;
    if (name === '__proto__') Object.defineProperty(out, name, { value: field, enumerable: true, writable: true, configurable: true });
    else out[name] = field;
  }
  return Object.freeze(out);
}

function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const field of Object.values(value)) deepFreeze(field);
  return Object.freeze(value);
}
