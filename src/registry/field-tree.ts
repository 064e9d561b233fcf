/**
 * A declaration compiled for ingest: per part of the message (traits, context, page properties and
 * each declared event's properties) a tree of keys, built once at start so that checking a
 * message is one map lookup per key it carries.
 */
import { CONSENT_EVENTS } from "../protocol/index.js";
import { type CheckedRoot, parseFieldPath } from "./field-path.js";
import type { FieldDeclaration, SourceDeclaration } from "./source-declaration.js";
import type { Policy } from "./vocabulary.js";

export interface FieldNode {
  readonly children: Map<string, FieldNode>;
  /** The node for keys the children do not name (`*`). */
  wildcard: FieldNode | null;
  /** Set where a declaration ends here; `null` on the way to deeper declarations. */
  declaration: FieldDeclaration | null;
  /** A declared field with nothing declared below it: its whole value is covered. */
  covers: boolean;
}

export interface CompiledSource {
  readonly source: string;
  readonly file: string;
  readonly policy: Policy;
  readonly traits: FieldNode;
  readonly context: FieldNode;
  /** Properties of page and screen calls and of track events without their own declaration. */
  readonly properties: FieldNode;
  /** Per declared event: its own properties together with the ones declared for every message. */
  readonly eventProperties: ReadonlyMap<string, FieldNode>;
}

/**
 * What a person says about the use of their data is never stripped, whatever a declaration says:
 * dropping a withdrawal of consent or an objection would break Art. 7(3) and 21. Declaring these
 * fields still puts them in the record of processing.
 */
const PRIVACY_SIGNALS_IN_CONTEXT = ["consent", "gpc"] as const;
const PRIVACY_SIGNAL_EVENTS: readonly string[] = Object.values(CONSENT_EVENTS);

export function compileSource(declaration: SourceDeclaration): CompiledSource {
  const common = declaration.fields.filter((f) => f.event === null);
  const tree = (root: CheckedRoot, fields: readonly FieldDeclaration[]) =>
    buildTree(fields.filter((f) => rootOf(f) === root));
  const eventProperties = new Map<string, FieldNode>();
  for (const { name } of declaration.events) {
    // Common fields first, so that an event's own declaration of the same field wins.
    const own = declaration.fields.filter((f) => f.event === name);
    eventProperties.set(name, tree("properties", [...common, ...own]));
  }
  for (const name of PRIVACY_SIGNAL_EVENTS) eventProperties.set(name, coveringNode());
  const context = tree("context", common);
  for (const key of PRIVACY_SIGNALS_IN_CONTEXT) context.children.set(key, coveringNode());
  return {
    source: declaration.source,
    file: declaration.file,
    policy: declaration.policy,
    traits: tree("traits", common),
    context,
    properties: tree("properties", common),
    eventProperties,
  };
}

function rootOf(field: FieldDeclaration): string {
  const dot = field.path.indexOf(".");
  return dot < 0 ? field.path : field.path.slice(0, dot);
}

function buildTree(fields: readonly FieldDeclaration[]): FieldNode {
  const root = emptyNode();
  for (const field of fields) {
    const path = parseFieldPath(field.path);
    if (typeof path === "string") throw new Error(`compiling ${field.path}: ${path}`);
    let node = root;
    for (const key of path.keys) node = childOf(node, key);
    node.declaration = field;
  }
  markCovering(root);
  return root;
}

function childOf(node: FieldNode, key: string): FieldNode {
  if (key === "*") {
    node.wildcard ??= emptyNode();
    return node.wildcard;
  }
  let child = node.children.get(key);
  if (child === undefined) {
    child = emptyNode();
    node.children.set(key, child);
  }
  return child;
}

function markCovering(node: FieldNode): void {
  node.covers = node.declaration !== null && node.children.size === 0 && node.wildcard === null;
  for (const child of node.children.values()) markCovering(child);
  if (node.wildcard !== null) markCovering(node.wildcard);
}

function emptyNode(): FieldNode {
  return { children: new Map(), wildcard: null, declaration: null, covers: false };
}

/** Covers whatever value it meets, checking nothing. */
function coveringNode(): FieldNode {
  return { ...emptyNode(), covers: true };
}
