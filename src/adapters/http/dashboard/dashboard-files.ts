import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the page's files live in the repository; `npm run build` also copies them next to the compiled module. */
export const STATIC_FROM_ROOT = 'src/adapters/http/dashboard/static';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The chart library, served from node_modules as published (no bundler). */
const VENDOR_FILES = ['uplot/dist/uPlot.iife.min.js', 'uplot/dist/uPlot.min.css'];

export interface DashboardAsset {
  readonly file: string;
  readonly contentType: string;
}

/** The nearest folder above `from` that holds a package.json. */
function projectRoot(from: string): string {
  let folder = from;
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no package.json above ${from}`);
    folder = parent;
  }
  return folder;
}

/**
 * The static folder: `src/adapters/http/dashboard/static` under the project root (no copy needed when the source is
 * there), else the copy beside this module (`dist/…`, for an image that ships only `dist`).
 */
export function staticFolder(moduleUrl: string = import.meta.url): string {
  const here = dirname(fileURLToPath(moduleUrl));
  const candidates = [join(projectRoot(here), STATIC_FROM_ROOT), join(here, 'static')];
  const found = candidates.find((folder) => existsSync(join(folder, 'index.html')));
  if (found === undefined) throw new Error(`dashboard files not found in ${candidates.join(' or ')}`);
  return found;
}

/**
 * Every file the page may ask for, by URL name (`index.html`, `dashboard.css`, `js/main.js`,
 * `vendor/uPlot.min.css`): a fixed list read once, so no request can reach any other file.
 */
export function dashboardAssets(folder: string = staticFolder()): ReadonlyMap<string, DashboardAsset> {
  const assets = new Map<string, DashboardAsset>();
  const add = (name: string, file: string): void => {
    const contentType = CONTENT_TYPES[extname(file)];
    if (contentType !== undefined) assets.set(name, { file, contentType });
  };
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    add(
      file
        .slice(folder.length)
        .replace(/^[\\/]+/, '')
        .split(/[\\/]/)
        .join('/'),
      file,
    );
  }
  const require = createRequire(import.meta.url);
  for (const vendor of VENDOR_FILES) add(`vendor/${vendor.split('/').pop()!}`, require.resolve(vendor));
  return assets;
}
