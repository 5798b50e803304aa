import { z } from 'zod';
import { ErrorResponse } from '../shared/api-schemas.js';
import { API_ROUTES, type ApiRouteDoc } from './api-routes.js';

type JsonSchema = Record<string, unknown>;

const ERROR_REF = { $ref: '#/components/schemas/Error' };

const ERROR_TEXT: Readonly<Record<number, string>> = {
  400: 'Invalid input; `details` names the field',
  401: 'Missing or wrong API key',
  404: 'Not found',
  409: 'Not allowed in the current state (e.g. an illegal transition), or an Idempotency-Key reused with another body',
  415: 'Unsupported content type',
};

const PATH_PARAMS: Readonly<Record<string, { description: string; schema: JsonSchema }>> = {
  id: {
    description: 'Resource id',
    schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$' },
  },
  agentId: {
    description: 'Agent id',
    schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$' },
  },
  phone: { description: 'Phone number, national or E.164 (URL-encode the +)', schema: { type: 'string' } },
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const json = (schema: JsonSchema) => ({ 'application/json': { schema } });

function parameters(route: ApiRouteDoc): unknown[] {
  const inPath = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => {
    const known = PATH_PARAMS[name!] ?? { description: name!, schema: { type: 'string' } };
    return { name, in: 'path', required: true, ...known };
  });
  const inQuery: unknown[] = [];
  if (route.query !== undefined) {
    const schema = jsonSchema(route.query, 'input') as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      const { description, ...rest } = property;
      inQuery.push({
        name,
        in: 'query',
        required: schema.required?.includes(name) ?? false,
        ...(description === undefined ? {} : { description }),
        schema: rest,
      });
    }
  }
  const idempotency =
    route.method === 'post'
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description:
              'Repeat a POST safely: the same key on the same route answers the first answer again and writes nothing',
            schema: { type: 'string', minLength: 1, maxLength: 200 },
          },
        ]
      : [];
  const extraHeaders = (route.headers ?? []).map(({ name, description }) => ({
    name,
    in: 'header',
    required: false,
    description,
    schema: { type: 'string' },
  }));
  return [...inPath, ...inQuery, ...extraHeaders, ...idempotency];
}

function operation(route: ApiRouteDoc): Record<string, unknown> {
  const hasInput = route.body !== undefined || route.query !== undefined || route.path.includes('{');
  const errorCodes = [...new Set([...(hasInput ? [400] : []), 401, ...(route.errors ?? [])])].sort();
  const responses: Record<string, unknown> = {
    [route.success.status]: {
      description: route.success.description,
      content: json(jsonSchema(route.success.schema, 'output')),
    },
  };
  for (const code of errorCodes)
    responses[code] = { description: ERROR_TEXT[code] ?? 'Error', content: json(ERROR_REF) };
  const params = parameters(route);
  const content: Record<string, unknown> = {};
  if (route.body !== undefined) Object.assign(content, json(jsonSchema(route.body, 'input')));
  if (route.csvBody !== undefined) content['text/csv'] = { schema: jsonSchema(route.csvBody, 'input') };
  return {
    operationId: `${route.method}${route.path.replace(/\{(\w+)\}/g, 'By-$1').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description === undefined ? {} : { description: route.description }),
    ...(params.length === 0 ? {} : { parameters: params }),
    ...(Object.keys(content).length === 0
      ? {}
      : { requestBody: { required: route.bodyRequired ?? false, content } }),
    responses,
  };
}

/** The OpenAPI 3.1 document of `/api`, generated from the same zod schemas the controllers use. */
export function buildOpenApiDocument(
  routes: readonly ApiRouteDoc[] = API_ROUTES,
  version = '0.1.0',
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method] = operation(route);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Progressive dialer API',
      version,
      description:
        'Campaigns, contacts, agents, do-not-call list and stats of the event-sourced progressive dialer. Every route needs `Authorization: Bearer <API_KEY>`. Errors are JSON `{ error, message, details? }`. A POST may carry an `Idempotency-Key`.',
    },
    servers: [{ url: '/' }],
    tags: [...new Set(routes.map((route) => route.tag))].map((name) => ({ name })),
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'The API_KEY (printed at the first start, kept under DATA_DIR)',
        },
      },
      schemas: { Error: jsonSchema(ErrorResponse, 'output') },
    },
    paths,
  };
}
