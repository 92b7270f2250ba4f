/**
 * The OpenAPI document describes every API route: its input (path parameters, query, body) and its
 * output (the success response's schema and the error shape), and /api/docs renders it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './app.ts';

let t: TestApp;
let doc: {
  openapi: string;
  paths: Record<string, Record<string, { summary?: string; parameters?: { in: string; name: string }[]; requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }> }>>;
};
beforeAll(async () => {
  t = await createTestApp();
  const res = await t.anonymous().get('/api/openapi.json');
  expect(res.statusCode).toBe(200);
  doc = res.json();
});
afterAll(() => t.close());

describe('the OpenAPI document', () => {
  it('lists every registered route with its input and output schemas', () => {
    const problems: string[] = [];
    expect(t.app.village.routes.length).toBeGreaterThan(20);
    for (const r of t.app.village.routes) {
      const name = `${r.method} ${r.url}`;
      const op = doc.paths[r.url.replace(/:([A-Za-z]+)/g, '{$1}')]?.[r.method.toLowerCase()];
      if (!op) {
        problems.push(`${name}: missing`);
        continue;
      }
      if (!op.summary) problems.push(`${name}: no summary`);
      const success = op.responses[String(r.status ?? 200)];
      if (!success) problems.push(`${name}: no ${r.status} response`);
      else if (r.status !== 204 && !r.produces && !success.content?.['application/json']?.schema) problems.push(`${name}: no response schema`);
      else if (r.produces && !success.content?.[r.produces]) problems.push(`${name}: does not say it returns ${r.produces}`);
      for (const code of ['400', '401', '403', '404']) {
        if (r.access !== 'public' && !op.responses[code]?.content?.['application/json']?.schema) problems.push(`${name}: no ${code} error schema`);
      }
      if (r.hasBody && !op.requestBody?.content) problems.push(`${name}: no request body schema`);
      if (r.hasQuery && !op.parameters?.some((p) => p.in === 'query')) problems.push(`${name}: no query parameters`);
      for (const param of r.url.match(/:([A-Za-z]+)/g) ?? []) {
        if (!op.parameters?.some((p) => p.in === 'path' && p.name === param.slice(1))) problems.push(`${name}: path parameter ${param} undocumented`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('is served as a readable reference page at /api/docs', async () => {
    const res = await t.anonymous().get('/api/docs/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('<title>Village API reference</title>');
    const asset = await t.anonymous().get('/api/docs/static/swagger-ui-bundle.js');
    expect(asset.statusCode).toBe(200);
  });
});
