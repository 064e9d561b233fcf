/**
 * Ingest enforcement of the declarations (data minimisation, Art. 5(1)(c) and 25 GDPR): per
 * message, undeclared fields are stripped and reported, refused, or kept and counted, as the
 * source's policy says; special-category fields declared without explicit consent are refused
 * under every policy. Whether a field is special is only ever read from a declaration, never
 * guessed from its name.
 */
import type { IngestContext, Minimise, Minimised, MinimiseIssue } from "../ingest/index.js";
import type { SegmentMessage } from "../protocol/index.js";
import { type CompiledSource, compileSource } from "./field-tree.js";
import { FieldWalker } from "./field-walker.js";
import { DEFAULT_DECLARATION, type SchemaRegistry } from "./source-declaration.js";

const NOTHING: readonly string[] = Object.freeze([]);

/**
 * Compiles every declaration once and returns the ingest stage.
 *
 * @example
 * const minimise = createMinimiser(loadSchemaRegistry("./schemas"));
 * const result = minimise(message, { workspaceId, sourceId: "web", receivedAt: new Date() });
 * if (result.ok) store(result.message); // result.stripped lists what was removed
 */
export function createMinimiser(registry: SchemaRegistry): Minimise {
  const compiled = new Map<string, CompiledSource>();
  for (const [source, declaration] of registry.declarations) compiled.set(source, compileSource(declaration));
  const fallback = compiled.get(DEFAULT_DECLARATION);
  if (fallback === undefined)
    throw new Error(`the registry in ${registry.directory} has no default declaration`);
  const walker = new FieldWalker();
  return (message: SegmentMessage, ctx: IngestContext): Minimised => {
    const source = compiled.get(ctx.sourceId) ?? fallback;
    walker.reset(source.policy);
    const checked = walkMessage(walker, source, message);
    if (walker.refused !== null)
      return { ok: false, issue: refusal(walker.refused.path, walker.refused.field) };
    const found = walker.found ?? NOTHING;
    if (walker.stopped) return { ok: false, issue: undeclared(found[0] ?? "", ctx.sourceId, source.file) };
    if (source.policy === "strip") return { ok: true, message: checked, stripped: found, undeclared: 0 };
    return { ok: true, message: checked, stripped: NOTHING, undeclared: found.length };
  };
}

/** The message with each part checked; a new object only where a part changed. */
function walkMessage(walker: FieldWalker, source: CompiledSource, message: SegmentMessage): SegmentMessage {
  let result = message;
  switch (message.type) {
    case "identify":
    case "group": {
      const traits = message.traits && walker.walkPart("traits", message.traits, source.traits, true);
      if (traits !== message.traits) result = { ...message, traits };
      break;
    }
    case "track":
    case "page":
    case "screen": {
      const tree =
        message.type === "track"
          ? (source.eventProperties.get(message.event) ?? source.properties)
          : source.properties;
      const properties = message.properties && walker.walkPart("properties", message.properties, tree, false);
      if (properties !== message.properties) result = { ...message, properties };
      break;
    }
    case "alias":
      break;
  }
  if (walker.stopped || message.context === undefined) return result;
  const context = walker.walkPart("context", message.context, source.context, false);
  return context === message.context ? result : { ...result, context };
}

function refusal(path: string, field: { category: string }): MinimiseIssue {
  return {
    code: "special_category_refused",
    path,
    message: `${path} is special-category data (${field.category}, Art. 9 GDPR) declared without explicit_consent for every purpose: the message is refused`,
  };
}

function undeclared(path: string, sourceId: string, file: string): MinimiseIssue {
  return {
    code: "undeclared_field",
    path,
    message: `${path} is not declared for source ${sourceId} (${file}, policy reject): declare it or leave it out`,
  };
}
