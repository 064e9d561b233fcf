/**
 * Request bodies: JSON, optionally gzip-compressed (RudderStack's SDK compresses by default).
 * Segment's browser library sends JSON as text/plain to avoid a CORS preflight, so that is
 * accepted too, and RudderStack's SDK (through axios) labels its gzipped JSON as a form, so a
 * compressed body is read as JSON whatever its declared type. Decompression is bounded, so a small
 * gzip bomb cannot blow up memory.
 */
import { gunzipSync, inflateSync } from "node:zlib";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { HttpProblem } from "./http-errors.js";

/** Largest decompressed body: Segment's 500 KB batch limit. */
export const MAX_BODY_BYTES = 500 * 1024;

export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser(["application/json", "text/plain"]);
  app.addContentTypeParser(
    ["application/json", "text/plain"],
    { parseAs: "buffer" },
    (request, body, done) => {
      try {
        done(null, parseJsonBody(request, body as Buffer));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
  app.addContentTypeParser(
    ["application/x-www-form-urlencoded", "application/octet-stream"],
    { parseAs: "buffer" },
    (request, body, done) => {
      try {
        if (!isCompressed(request))
          throw new HttpProblem("unsupported_media_type", "send JSON (Content-Type: application/json)");
        done(null, parseJsonBody(request, body as Buffer));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
}

function isCompressed(request: FastifyRequest): boolean {
  const encoding = String(request.headers["content-encoding"] ?? "")
    .toLowerCase()
    .trim();
  return encoding === "gzip" || encoding === "x-gzip" || encoding === "deflate";
}

function parseJsonBody(request: FastifyRequest, raw: Buffer): unknown {
  const text = decode(request, raw).toString("utf8");
  if (text.trim() === "") throw new HttpProblem("invalid_json", "the request body is empty");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpProblem("invalid_json", `malformed JSON: ${(error as Error).message}`);
  }
}

function decode(request: FastifyRequest, raw: Buffer): Buffer {
  const encoding = String(request.headers["content-encoding"] ?? "identity")
    .toLowerCase()
    .trim();
  // The route's own body limit applies to the decompressed bytes as well.
  const max = request.routeOptions.bodyLimit ?? MAX_BODY_BYTES;
  const limit = { maxOutputLength: max + 1 };
  let body: Buffer;
  try {
    if (encoding === "gzip" || encoding === "x-gzip") body = gunzipSync(raw, limit);
    else if (encoding === "deflate") body = inflateSync(raw, limit);
    else if (encoding === "identity" || encoding === "") body = raw;
    else
      throw new HttpProblem(
        "unsupported_encoding",
        `Content-Encoding ${encoding} is not supported (use gzip)`,
      );
  } catch (error) {
    if (error instanceof HttpProblem) throw error;
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge(max);
    throw new HttpProblem(
      "invalid_body",
      `could not decompress the ${encoding} body: ${(error as Error).message}`,
    );
  }
  if (body.length > max) throw tooLarge(max);
  return body;
}

function tooLarge(max: number): HttpProblem {
  return new HttpProblem(
    "batch_too_large",
    `request body is larger than ${Math.round(max / 1024)} KB once decompressed`,
  );
}
