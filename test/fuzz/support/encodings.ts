import { gzipSync } from 'node:zlib';
import fc from 'fast-check';

/** How a generated body goes on the wire. */
export type Encoding =
  | 'json'
  | 'json-odd-type' // a JSON media type spelled differently, or with a charset
  | 'json-malformed'
  | 'json-gzip'
  | 'json-deep' // the value inside arrays or objects nested 1,000 to 300,000 deep (JSON text the test could not stringify)
  | 'urlencoded'
  | 'multipart'
  | 'multipart-broken'
  | 'text-plain'
  | 'no-content-type'
  | 'garbage'
  | 'csv'
  | 'csv-runaway' // a long valid CSV that ends in an unterminated quote (a runaway record)
  | 'none';

export interface EncodedBody {
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
}

const ODD_JSON_TYPES = [
  'application/JSON',
  'application/json; charset=utf-8',
  'application/json;charset=UTF-8',
  'application/vnd.api+json',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset=nope',
  'application/json, text/plain',
  ' application/json ',
];
const GARBAGE_TYPES = [
  'application/octet-stream',
  'text/html',
  'application/xml',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'multipart/mixed; boundary=x',
  'application/x-www-form-urlencoded; charset=utf-16',
  'text/csv',
  'application/csv',
  'image/png',
  '*/*',
  ';;;',
  'application/json; boundary=x',
  'x'.repeat(300),
];

/** `a[b][0]=x` pairs, the way qs and Exotel's form bodies flatten nested values. */
export function flatten(
  value: unknown,
  prefix = '',
  out: [string, string][] = [],
  depth = 0,
): [string, string][] {
  if (out.length > 2_000) return out;
  if (depth > 100) {
    // deeper than any form parser goes: the rest as one JSON text
    out.push([prefix, JSON.stringify(value) ?? '']);
    return out;
  }
  if (Array.isArray(value)) {
    if (value.length === 0 && prefix !== '') out.push([prefix, '']);
    value.forEach((item, i) => flatten(item, prefix === '' ? String(i) : `${prefix}[${i}]`, out, depth + 1));
  } else if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value);
    if (keys.length === 0 && prefix !== '') out.push([prefix, '']);
    for (const key of keys)
      flatten(
        (value as Record<string, unknown>)[key],
        prefix === '' ? key : `${prefix}[${key}]`,
        out,
        depth + 1,
      );
  } else if (prefix !== '') {
    out.push([prefix, value === null || value === undefined ? '' : String(value)]);
  } else {
    out.push(['value', String(value)]);
  }
  return out;
}

/** encodeURIComponent that survives lone surrogates (sent as the invalid UTF-8 bytes of a surrogate). */
export function safeEncode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text
      .split(/([\ud800-\udfff])/)
      .map((part) => (/^[\ud800-\udfff]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
      .join('');
  }
}

export function urlencoded(value: unknown): string {
  return flatten(value)
    .map(([key, item]) => `${safeEncode(key)}=${safeEncode(item)}`)
    .join('&');
}

/** A multipart/form-data body; `broken` cuts it short or mislabels the boundary. */
export function multipart(value: unknown, boundary: string, broken = false): Buffer {
  const parts = flatten(value).map(
    ([key, item]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${key.replace(/["\r\n]/g, '_')}"\r\n\r\n${item}\r\n`,
  );
  const text = `${parts.join('')}--${boundary}--\r\n`;
  return Buffer.from(broken ? text.slice(0, Math.max(0, Math.floor(text.length * 0.6))) : text, 'utf8');
}

/** JSON text of a value; undefined (nothing to send) becomes the empty body. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value) ?? '';
}

function malformed(text: string, how: number): string {
  switch (how % 8) {
    case 0:
      return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    case 1:
      return `${text},`;
    case 2:
      return text.replace(/"/g, "'");
    case 3:
      return `{"a": NaN, "b": undefined, ${text}`;
    case 4:
      return `\uFEFF${text}`;
    case 5:
      return `${text}${text}`;
    case 6:
      return '{"a":1,"a":2,"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}';
    default:
      return `[${'['.repeat(5_000)}`;
  }
}

export function csvOf(rows: unknown): string {
  const list = Array.isArray(rows) ? rows : [rows];
  const columns = [
    ...new Set(
      list.flatMap((row) => (typeof row === 'object' && row !== null ? Object.keys(row) : ['phone'])),
    ),
  ];
  const cell = (value: unknown) => {
    const text = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value ?? '');
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = list.map((row) =>
    columns
      .map((column) =>
        cell(typeof row === 'object' && row !== null ? (row as Record<string, unknown>)[column] : row),
      )
      .join(','),
  );
  return [columns.map(cell).join(','), ...lines].join('\r\n');
}

export interface EncodingChoice {
  readonly encoding: Encoding;
  /** Picks among variants (which odd type, which malformation…). */
  readonly variant: number;
  readonly garbage: Uint8Array;
}

export function encodingChoice(
  encodings: readonly { readonly encoding: Encoding; readonly weight: number }[],
): fc.Arbitrary<EncodingChoice> {
  return fc.record({
    encoding: fc.oneof(
      ...encodings.map(({ encoding, weight }) => ({ weight, arbitrary: fc.constant(encoding) })),
    ),
    variant: fc.nat({ max: 10_000 }),
    garbage: fc.uint8Array({ maxLength: 200 }),
  });
}

/** The wire form of a (resolved) value. */
export function encode(value: unknown, choice: EncodingChoice): EncodedBody {
  const { encoding, variant } = choice;
  const boundary = `----fuzz${variant}`;
  switch (encoding) {
    case 'json':
      return { headers: { 'content-type': 'application/json' }, body: Buffer.from(jsonText(value), 'utf8') };
    case 'json-odd-type':
      return {
        headers: { 'content-type': ODD_JSON_TYPES[variant % ODD_JSON_TYPES.length]! },
        body: Buffer.from(jsonText(value), 'utf8'),
      };
    case 'json-malformed':
      return {
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(malformed(jsonText(value), variant), 'utf8'),
      };
    case 'json-gzip':
      return variant % 3 === 0
        ? {
            headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
            body: Buffer.from(jsonText(value), 'utf8'),
          } // not gzip at all
        : {
            headers: {
              'content-type': 'application/json',
              'content-encoding': variant % 3 === 1 ? 'gzip' : 'x-unknown',
            },
            body: gzipSync(Buffer.from(jsonText(value), 'utf8')),
          };
    case 'json-deep': {
      const depth = [1_000, 20_000, 100_000, 300_000][variant % 4]!;
      const [open, close] = variant % 8 < 4 ? ['[', ']'] : ['{"a":', '}'];
      return {
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(`${open.repeat(depth)}${jsonText(value) || 'null'}${close.repeat(depth)}`, 'utf8'),
      };
    }
    case 'urlencoded':
      return {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: Buffer.from(urlencoded(value), 'utf8'),
      };
    case 'multipart':
      return {
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        body: multipart(value, boundary),
      };
    case 'multipart-broken':
      return variant % 2 === 0
        ? {
            headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
            body: multipart(value, boundary, true),
          }
        : {
            headers: { 'content-type': 'multipart/form-data; boundary=other' },
            body: multipart(value, boundary),
          };
    case 'text-plain':
      return { headers: { 'content-type': 'text/plain' }, body: Buffer.from(jsonText(value), 'utf8') };
    case 'no-content-type':
      return {
        headers: {},
        body: Buffer.from(variant % 2 === 0 ? jsonText(value) : urlencoded(value), 'utf8'),
      };
    case 'garbage':
      return {
        headers: { 'content-type': GARBAGE_TYPES[variant % GARBAGE_TYPES.length]! },
        body: Buffer.from(choice.garbage),
      };
    case 'csv':
      return {
        headers: { 'content-type': variant % 4 === 0 ? 'application/csv' : 'text/csv' },
        body: Buffer.from(typeof value === 'string' ? value : csvOf(value), 'utf8'),
      };
    case 'csv-runaway':
      return { headers: { 'content-type': 'text/csv' }, body: Buffer.from(runawayCsv(variant), 'utf8') };
    case 'none':
      return { headers: {} };
  }
}

/** More rows than one import batch (500), all valid, then a quote that never closes: the parse fails late. */
function runawayCsv(variant: number): string {
  const rows = 510 + (variant % 200);
  const lines = ['phone,name'];
  for (let i = 0; i < rows; i += 1)
    lines.push(`+9197${String(10_000_000 + variant * 1_000 + i).slice(-8)},Row ${i}`);
  lines.push(`+919700000000,"${'x'.repeat(70_000)}`);
  return lines.join('\n');
}
