import type { TestService } from '../../support/test-service.js';
import type { JsonSchema } from './schema-arbitrary.js';

export interface OpenApiParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required?: boolean;
  readonly schema?: JsonSchema;
}

export interface OpenApiOperation {
  readonly tags?: readonly string[];
  readonly parameters?: readonly OpenApiParameter[];
  readonly requestBody?: {
    readonly required?: boolean;
    readonly content: Readonly<Record<string, { readonly schema: JsonSchema }>>;
  };
}

export interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, OpenApiOperation>>>>;
}

/** One route the running service answers, with what its OpenAPI document says about it (when it says anything). */
export interface RouteInfo {
  readonly method: string;
  /** Express form: `/api/campaigns/:id/start`. */
  readonly path: string;
  readonly pathParams: readonly string[];
  readonly operation?: OpenApiOperation;
}

interface RouterLayer {
  readonly route?: { readonly path: string; readonly methods: Record<string, boolean> };
}

/**
 * Every route registered in Express under a prefix, whoever declared it: a route added tomorrow is fuzzed without
 * anyone listing it here. Its OpenAPI operation (if documented) makes the generated requests schema-aware.
 */
export function registeredRoutes(
  service: TestService,
  prefix: string,
  document?: OpenApiDocument,
): RouteInfo[] {
  const express = service.app.getHttpAdapter().getInstance() as { router: { stack: RouterLayer[] } };
  const routes: RouteInfo[] = [];
  for (const layer of express.router.stack) {
    if (layer.route === undefined || !layer.route.path.startsWith(prefix)) continue;
    for (const method of Object.keys(layer.route.methods)) {
      if (method === '_all') continue;
      const path = layer.route.path;
      const openApiPath = path.replace(/:(\w+)/g, '{$1}');
      routes.push({
        method: method.toUpperCase(),
        path,
        pathParams: [...path.matchAll(/:(\w+)/g)].map(([, name]) => name!),
        ...(document?.paths[openApiPath]?.[method] === undefined
          ? {}
          : { operation: document.paths[openApiPath][method] }),
      });
    }
  }
  return routes;
}
