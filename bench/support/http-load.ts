/**
 * A lean HTTP load generator: keep-alive sockets, request bodies prepared before the clock starts,
 * a fixed number of concurrent clients, per-request latency recorded.
 */
import http from "node:http";

export interface LoadResult {
  requests: number;
  failed: number;
  seconds: number;
  latenciesMs: number[];
  /** Indexes of requests that got a 2xx: their messages were acknowledged. */
  acknowledged: number[];
}

export async function runLoad(options: {
  url: string;
  path: string;
  headers: Record<string, string>;
  bodies: readonly Buffer[];
  concurrency: number;
}): Promise<LoadResult> {
  const target = new URL(options.path, options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latenciesMs: number[] = [];
  const acknowledged: number[] = [];
  let next = 0;
  let failed = 0;
  const started = process.hrtime.bigint();
  const client = async () => {
    while (next < options.bodies.length) {
      const index = next++;
      const body = options.bodies[index]!;
      const t0 = process.hrtime.bigint();
      const status = await post(agent, target, options.headers, body).catch(() => 0);
      latenciesMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (status >= 200 && status < 300) acknowledged.push(index);
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  return { requests: options.bodies.length, failed, seconds, latenciesMs, acknowledged };
}

function post(agent: http.Agent, url: URL, headers: Record<string, string>, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: { ...headers, "content-type": "application/json", "content-length": body.length },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A timed GET with a bearer key over keep-alive sockets; call `close()` when done. */
export function timedGetter(baseUrl: string, key: string, maxSockets = 1) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const get = (path: string) =>
    new Promise<{ status: number; ms: number; body: string }>((resolve, reject) => {
      const started = performance.now();
      const request = http.get(
        new URL(path, baseUrl),
        { agent, headers: { authorization: `Bearer ${key}` } },
        (response) => {
          let body = "";
          response.on("data", (c) => {
            body += c;
          });
          response.on("end", () =>
            resolve({ status: response.statusCode ?? 0, ms: performance.now() - started, body }),
          );
        },
      );
      request.on("error", reject);
    });
  return { get, close: () => agent.destroy() };
}
