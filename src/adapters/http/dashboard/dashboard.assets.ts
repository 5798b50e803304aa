import type { DashboardAsset } from './dashboard-files.js';

export const DASHBOARD_ASSETS = Symbol('DASHBOARD_ASSETS');

/** URL name (`js/main.js`) → file on disk and content type. */
export type DashboardAssets = ReadonlyMap<string, DashboardAsset>;
