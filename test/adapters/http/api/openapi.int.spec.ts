import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import SwaggerParser from '@apidevtools/swagger-parser';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod, type Type } from '@nestjs/common';
import { API_CONTROLLERS } from '../../../../src/adapters/http/api/api.module.js';
import { API_ROUTES } from '../../../../src/adapters/http/api/docs/api-routes.js';
import { HistoryController } from '../../../../src/adapters/http/history/history.controller.js';
import { startTestService, type TestService } from '../../../support/test-service.js';

/** `GET /api/campaigns/{id}` for every handler the controllers declare (read from Nest's route metadata). */
function declaredRoutes(controllers: readonly Type[]): string[] {
  const routes: string[] = [];
  for (const controller of controllers) {
    const prefix = Reflect.getMetadata(PATH_METADATA, controller) as string;
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = controller.prototype[name] as object;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (path === undefined || method === undefined) continue;
      const full = `/${[prefix, path].filter((part) => part !== '' && part !== '/').join('/')}`.replace(
        /:(\w+)/g,
        '{$1}',
      );
      routes.push(`${RequestMethod[method]} ${full}`);
    }
  }
  return routes.sort();
}

interface RouterLayer {
  readonly route?: { readonly path: string; readonly methods: Record<string, boolean> };
}

/** Every route the running service answers, whoever declared it (read from Express's router). */
function registeredRoutes(service: TestService): string[] {
  const express = service.app.getHttpAdapter().getInstance() as { router: { stack: RouterLayer[] } };
  return express.router.stack
    .flatMap((layer) =>
      layer.route === undefined
        ? []
        : Object.keys(layer.route.methods).map(
            (method) => `${method.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`,
          ),
    )
    .sort();
}

interface OpenApi {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        security?: unknown;
        parameters?: { name: string; in: string }[];
        requestBody?: { content: Record<string, unknown> };
        responses: Record<string, unknown>;
      }
    >
  >;
  components: { securitySchemes: Record<string, { type: string; scheme: string }> };
  security: unknown[];
}

describe('OpenAPI document and Swagger UI', () => {
  let service: TestService;
  let document: OpenApi;

  beforeAll(async () => {
    service = await startTestService();
    const response = await fetch(`${service.baseUrl}/docs/openapi.json`);
    expect(response.status).toBe(200);
    document = (await response.json()) as OpenApi;
  });
  afterAll(() => service.close());

  it('is a valid OpenAPI 3.1 document with the Bearer security scheme', async () => {
    expect(document.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
    expect(document.components.securitySchemes.bearerAuth).toEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    );
    expect(document.security).toEqual([{ bearerAuth: [] }]);
  });

  it('lists every /api route the service answers (whichever module declares it), and nothing else', () => {
    const documented = Object.entries(document.paths)
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    const registered = registeredRoutes(service).filter((route) => route.split(' ')[1]!.startsWith('/api/'));
    expect(registered.length).toBeGreaterThan(25);
    expect(documented).toEqual([...new Set(registered)].sort());
    for (const route of declaredRoutes([...API_CONTROLLERS, HistoryController]).filter((r) =>
      r.includes(' /api/'),
    ))
      expect(documented).toContain(route);
  });

  it('shows each route’s request and response schemas', () => {
    const create = document.paths['/api/campaigns']!.post!;
    expect(create.requestBody!.content['application/json']).toMatchObject({
      schema: { type: 'object', required: ['name'] },
    });
    expect(create.responses['201']).toMatchObject({
      content: { 'application/json': { schema: { type: 'object' } } },
    });
    expect(create.responses['400']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    });
    expect(create.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]),
    );
    const imports = document.paths['/api/campaigns/{id}/contacts']!.post!;
    expect(Object.keys(imports.requestBody!.content).sort()).toEqual(['application/json', 'text/csv']);
    const stats = document.paths['/api/campaigns/{id}/stats']!.get!;
    expect(stats.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'asOf', in: 'query' }),
        expect.objectContaining({ name: 'id', in: 'path' }),
      ]),
    );
    const schema = JSON.stringify(stats.responses['200']);
    for (const key of [
      'queued',
      'retryPending',
      'completed',
      'available',
      'onCall',
      'unavailable',
      'totalDialed',
      'connectRate',
      'avgHandleTime',
      'series',
      'estimate',
    ]) {
      expect(schema).toContain(`"${key}"`);
    }
  });

  it('every documented /api route answers 401 without the API key', async () => {
    for (const route of API_ROUTES) {
      const path = route.path.replace(/\{phone\}/g, '9876500001').replace(/\{(\w+)\}/g, 'x1');
      const response = await fetch(`${service.baseUrl}${path}`, { method: route.method.toUpperCase() });
      expect(`${route.method} ${route.path} ${response.status}`).toBe(`${route.method} ${route.path} 401`);
    }
  });

  it('serves Swagger UI from local files at /docs (no CDN)', async () => {
    const page = await fetch(`${service.baseUrl}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of [
      '/docs/swagger-ui.css',
      '/docs/swagger-ui-bundle.js',
      '/docs/swagger-ui-standalone-preset.js',
      '/docs/swagger-initializer.js',
    ]) {
      expect(html).toContain(asset);
      const response = await fetch(`${service.baseUrl}${asset}`);
      expect(`${asset} ${response.status}`).toBe(`${asset} 200`);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    expect((await fetch(`${service.baseUrl}/docs/package.json`)).status).toBe(404);
    expect((await fetch(`${service.baseUrl}/docs/..%2Fpackage.json`)).status).toBe(404);
  });
});
