import { Module } from '@nestjs/common';
import { DASHBOARD_ASSETS } from './dashboard.assets.js';
import { dashboardAssets } from './dashboard-files.js';
import { DashboardController } from './dashboard.controller.js';

/** The live dashboard at `/`: plain HTML, CSS and JS modules, and the chart library from node_modules. */
@Module({
  controllers: [DashboardController],
  providers: [{ provide: DASHBOARD_ASSETS, useFactory: () => dashboardAssets() }],
})
export class DashboardModule {}
