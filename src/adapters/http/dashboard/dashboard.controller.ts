import { Controller, Get, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DASHBOARD_ASSETS, type DashboardAssets } from './dashboard.assets.js';

/** The page may load only its own files and talk only to this service. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** `/`: the supervisor's dashboard (no key needed to load it; it asks for the API key and calls `/api`). */
@Controller()
export class DashboardController {
  constructor(@Inject(DASHBOARD_ASSETS) private readonly assets: DashboardAssets) {}

  @Get()
  page(@Res() response: Response): void {
    response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    response.setHeader('Referrer-Policy', 'no-referrer');
    this.send(response, 'index.html');
  }

  @Get('dashboard/:file')
  file(@Param('file') file: string, @Res() response: Response): void {
    this.send(response, file);
  }

  @Get('dashboard/:folder/:file')
  nested(@Param('folder') folder: string, @Param('file') file: string, @Res() response: Response): void {
    this.send(response, `${folder}/${file}`);
  }

  private send(response: Response, name: string): void {
    const asset = this.assets.get(name);
    if (asset === undefined)
      throw new NotFoundException({ error: 'not-found', message: `no dashboard file ${name}` });
    response.setHeader('Content-Type', asset.contentType);
    response.setHeader('Cache-Control', 'no-cache');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.sendFile(asset.file, { cacheControl: false, dotfiles: 'deny' }, (error) => {
      if (error !== undefined && !response.headersSent) {
        response.status(404).json({ error: 'not-found', message: `dashboard file ${name} is missing` });
      }
    });
  }
}
