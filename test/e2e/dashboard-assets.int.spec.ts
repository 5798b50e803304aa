import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  STATIC_FROM_ROOT,
  dashboardAssets,
  staticFolder,
} from '../../src/adapters/http/dashboard/dashboard-files.js';
import { startTestService, type TestService } from '../support/test-service.js';

/** `src="…"`, `href="…"` in the page and `from './x.js'` in its modules: every URL the browser will ask for. */
function referencedUrls(text: string, base: string): string[] {
  const urls = [...text.matchAll(/(?:src|href)="([^"#]+)"/g), ...text.matchAll(/from '(\.[^']+)'/g)].map(
    (match) => new URL(match[1]!, `http://dashboard${base}`).pathname,
  );
  return urls.filter((url) => url !== '/docs');
}

describe('the dashboard page and its files (no browser needed)', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(() => service.close());

  it('serves / without an API key, as HTML that may only load its own files', async () => {
    const response = await fetch(`${service.baseUrl}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain('<label for="api-key">API key</label>');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('serves every file the page and its modules refer to, with its content type', async () => {
    const pending = ['/'];
    const seen = new Set<string>();
    while (pending.length > 0) {
      const url = pending.pop()!;
      if (seen.has(url)) continue;
      seen.add(url);
      const response = await fetch(`${service.baseUrl}${url}`);
      expect(`${url} ${response.status}`).toBe(`${url} 200`);
      const type = response.headers.get('content-type') ?? '';
      if (type.startsWith('text/html') || type.startsWith('text/javascript')) {
        pending.push(...referencedUrls(await response.text(), url));
      } else {
        await response.arrayBuffer();
      }
    }
    expect([...seen]).toEqual(
      expect.arrayContaining([
        '/dashboard/js/main.js',
        '/dashboard/js/live-feed.js',
        '/dashboard/vendor/uPlot.iife.min.js',
      ]),
    );
  });

  it('answers 404 for any other name, including a way out of the folder', async () => {
    for (const path of [
      '/dashboard/nope.js',
      '/dashboard/js/..%2F..%2Fdashboard.module.ts',
      '/dashboard/..%2Fpackage.json',
    ]) {
      const response = await fetch(`${service.baseUrl}${path}`);
      expect(`${path} ${response.status}`).toBe(`${path} 404`);
    }
  });
});

describe('where the dashboard files are found', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'dashboard-files-'));
    writeFileSync(join(root, 'package.json'), '{}');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const moduleIn = (folder: string) => pathToFileURL(join(root, folder, 'dashboard-files.js')).href;

  it('uses the source folder under the project root when it is there (no copy needed)', () => {
    const source = join(root, STATIC_FROM_ROOT);
    mkdirSync(source, { recursive: true });
    writeFileSync(join(source, 'index.html'), '<!doctype html>');
    expect(staticFolder(moduleIn('dist/src/adapters/http/dashboard'))).toBe(source);
    rmSync(join(root, 'src'), { recursive: true });
  });

  it('falls back to the copy beside the compiled module (an image that ships only dist)', () => {
    const compiled = join(root, 'dist/src/adapters/http/dashboard');
    cpSync(staticFolder(), join(compiled, 'static'), { recursive: true });
    const folder = staticFolder(moduleIn('dist/src/adapters/http/dashboard'));
    expect(folder).toBe(join(compiled, 'static'));
    expect([...dashboardAssets(folder).keys()]).toEqual(expect.arrayContaining(['index.html', 'js/main.js']));
  });

  it('says where it looked when the files are nowhere', () => {
    expect(() => staticFolder(moduleIn('elsewhere'))).toThrow(/dashboard files not found in .*elsewhere/);
  });
});
