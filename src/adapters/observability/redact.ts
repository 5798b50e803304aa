import { isPhoneNumberValue, maskPhonesIn } from './phone-redaction.js';

export const REDACTED = '[redacted]';

/** Keys whose value is a credential whatever it looks like (compared without case, `-` or `_`). */
const SECRET_KEY = /(authorization|cookie|password|passwd|secret|token|apikey|credentials|connectionstring)$/;
/** `Bearer abc…`, `Basic dXNlcjpwYXNz`: the scheme stays, the credential goes. */
const AUTH_SCHEME = /\b(Bearer|Basic|Digest)\s+[A-Za-z0-9._~+/=-]{6,}/gi;
/** `https://user:secret@host` — Basic auth carried in a URL, as Exotel's API URLs do. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi;
/** `?token=…`, `&api_key=…`, `"apiKey": "…"`, `password=…` in URLs, headers, bodies and messages. */
const SECRET_PAIR =
  /\b(token|webhook[_-]?token|access[_-]?token|api[_-]?key|api[_-]?token|x-api-key|secret|password|signature)(["']?\s*[:=]\s*["']?)([^\s"'&,;}<>]+)/gi;
const MAX_DEPTH = 8;

export interface Redactor {
  /** Masks credentials and phone numbers anywhere in a string. */
  text(value: string): string;
  /** A copy of `value` safe to log: secret keys blanked, every string and phone-like number masked. */
  value(value: unknown): unknown;
}

/** `secrets` are literal values (API key, webhook token, provider credentials) that must never appear in a log. */
export function createRedactor(secrets: readonly string[] = []): Redactor {
  const literals = [...new Set(secrets.filter((s) => s.length >= 6))].sort((a, b) => b.length - a.length);
  const text = (input: string): string => {
    let out = input;
    for (const secret of literals) out = out.split(secret).join(REDACTED);
    out = out.replace(AUTH_SCHEME, `$1 ${REDACTED}`);
    out = out.replace(URL_USERINFO, `$1${REDACTED}@`);
    out = out.replace(SECRET_PAIR, `$1$2${REDACTED}`);
    return maskPhonesIn(out);
  };
  const value = (input: unknown): unknown => redactValue(input, text, 0, new WeakSet());
  return { text, value };
}

function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key.toLowerCase().replace(/[-_]/g, ''));
}

function blank(value: unknown): string {
  const scheme = typeof value === 'string' ? /^(Bearer|Basic|Digest)\s/i.exec(value)?.[1] : undefined;
  return scheme === undefined ? REDACTED : `${scheme} ${REDACTED}`;
}

function redactValue(
  input: unknown,
  text: (s: string) => string,
  depth: number,
  seen: WeakSet<object>,
): unknown {
  if (typeof input === 'string') return text(input);
  if (typeof input === 'number') return isPhoneNumberValue(input) ? text(String(input)) : input;
  if (typeof input === 'bigint') return isPhoneNumberValue(Number(input)) ? text(String(input)) : input;
  if (typeof input !== 'object' || input === null) return input;
  if (seen.has(input)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  seen.add(input);
  try {
    if (input instanceof Error) return redactError(input, text, depth, seen);
    if (input instanceof Date) return input;
    if (Buffer.isBuffer(input)) return `[${input.length} bytes]`;
    if (Array.isArray(input)) return input.map((item) => redactValue(item, text, depth + 1, seen));
    const json = (input as { toJSON?: unknown }).toJSON;
    if (typeof json === 'function') return redactValue(json.call(input), text, depth + 1, seen);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(input)) {
      out[key] =
        isSecretKey(key) && item !== undefined && item !== null
          ? blank(item)
          : redactValue(item, text, depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(input);
  }
}

/** Errors become plain records (type, message, stack, code, cause) with every text masked. */
function redactError(
  error: Error,
  text: (s: string) => string,
  depth: number,
  seen: WeakSet<object>,
): Record<string, unknown> {
  const extra = error as Error & { code?: unknown; cause?: unknown };
  return {
    type: error.name,
    message: text(error.message),
    ...(error.stack === undefined ? {} : { stack: text(error.stack) }),
    ...(extra.code === undefined ? {} : { code: redactValue(extra.code, text, depth + 1, seen) }),
    ...(extra.cause === undefined ? {} : { cause: redactValue(extra.cause, text, depth + 1, seen) }),
  };
}
