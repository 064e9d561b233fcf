/**
 * The data-minimisation stage of ingest, as a port: between parsing and storing, each message is
 * checked against its source's declaration, which may remove undeclared fields or refuse the
 * message. Ingest knows only this shape; the schema registry implements it and the core plugs it in.
 */
import type { SegmentMessage } from "../protocol/index.js";
import type { IngestContext } from "./event-row.js";

export type MinimiseIssue =
  | { code: "undeclared_field"; path: string; message: string }
  | { code: "special_category_refused"; path: string; message: string };

export type Minimised =
  | {
      ok: true;
      /** The message to store: the same object when nothing was removed, else a copy without the fields. */
      message: SegmentMessage;
      /** Paths of the fields removed (`properties.products[].colour`), each once. */
      stripped: readonly string[];
      /** Undeclared fields kept because the source's policy is `keep`. */
      undeclared: number;
    }
  | { ok: false; issue: MinimiseIssue };

/** Never changes the message it is given (copy on write). */
export type Minimise = (message: SegmentMessage, ctx: IngestContext) => Minimised;

const NOTHING: readonly string[] = Object.freeze([]);

/** Stores every message as it came: for cores without declarations and benchmarks comparing. */
export const keepEverything: Minimise = (message) => ({
  ok: true,
  message,
  stripped: NOTHING,
  undeclared: 0,
});
