/** `multipart/form-data` bytes for text fields: the provider's default callback encoding. */
export function encodeMultipart(fields: Readonly<Record<string, string>>, boundary: string): Buffer {
  const parts = Object.entries(fields).map(
    ([name, value]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name.replace(/"/g, '%22')}"\r\n\r\n${value}\r\n`,
  );
  return Buffer.from(`${parts.join('')}--${boundary}--\r\n`, 'utf8');
}
