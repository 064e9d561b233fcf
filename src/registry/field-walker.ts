/**
 * Walks one part of a message against its field tree and applies the source's policy to what is
 * not declared. Copy on write: a value is copied only where something is removed, so a message
 * with nothing undeclared costs no allocation. One walker serves one minimiser; ingest calls it
 * synchronously, so its scratch state is reused from message to message.
 */
import { isRecord } from "../protocol/index.js";
import type { FieldNode } from "./field-tree.js";
import type { FieldDeclaration } from "./source-declaration.js";
import type { Policy } from "./vocabulary.js";

/** Returned for a value that is to be removed from its object or array. */
const REMOVE: unique symbol = Symbol("remove");

export class FieldWalker {
  private policy: Policy = "keep";
  private readonly keys: string[] = [];
  /** Paths of undeclared fields found in the current message, each once; `null` until the first. */
  found: string[] | null = null;
  /** The first special-category field without explicit consent, with its path. */
  refused: { path: string; field: FieldDeclaration } | null = null;
  /** Set when the message is refused: the rest need not be looked at. */
  stopped = false;

  /** Starts a message. */
  reset(policy: Policy): void {
    this.policy = policy;
    this.found = null;
    this.refused = null;
    this.stopped = false;
  }

  /** Checks `part` (e.g. the traits) under `root`; returns it, or a copy without what was removed. */
  walkPart(
    root: string,
    part: Record<string, unknown>,
    node: FieldNode,
    traitOperators: boolean,
  ): Record<string, unknown> {
    if (node.covers) return part;
    this.keys.length = 0;
    this.keys.push(root);
    return this.walkObject(part, node, traitOperators);
  }

  private walkObject(
    object: Record<string, unknown>,
    node: FieldNode,
    traitOperators: boolean,
  ): Record<string, unknown> {
    let copy: Record<string, unknown> | null = null;
    for (const key in object) {
      const value = object[key];
      let next: unknown;
      if (traitOperators && (key === "$set" || key === "$set_once")) {
        // `$set: {email}` sets the trait `email`: the same declarations apply, under `traits.email`.
        next = isRecord(value) ? this.walkObject(value, node, false) : value;
      } else if (traitOperators && key === "$unset") {
        continue; // names of traits to remove: no data
      } else {
        this.keys.push(key);
        const child = node.children.get(key) ?? node.wildcard;
        next = child === null ? this.undeclared(value) : this.walkValue(value, child);
        this.keys.pop();
      }
      if (this.stopped) return object;
      if (next !== value) {
        copy ??= { ...object };
        if (next === REMOVE) delete copy[key];
        else copy[key] = next;
      }
    }
    return copy ?? object;
  }

  private walkValue(value: unknown, node: FieldNode): unknown {
    const declaration = node.declaration;
    if (declaration?.refused && value !== null && value !== undefined) {
      this.refused = { path: this.path(), field: declaration };
      this.stopped = true;
      return value;
    }
    if (node.covers) return value;
    if (Array.isArray(value)) return this.walkArray(value, node);
    if (isRecord(value)) return this.walkObject(value, node, false);
    // A plain value where only deeper fields are declared (`traits.address` as one string while
    // `traits.address.city` is declared) is not declared itself.
    return declaration !== null || value === null ? value : this.undeclared(value);
  }

  /** Arrays are looked through: each item is checked against the same node. */
  private walkArray(items: unknown[], node: FieldNode): unknown {
    let copy: unknown[] | null = null;
    this.keys.push("[]");
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const next = this.walkValue(item, node);
      if (this.stopped) break;
      if (next !== item) {
        copy ??= items.slice(0, i);
        if (next !== REMOVE) copy.push(next);
      } else if (copy !== null) copy.push(item);
    }
    this.keys.pop();
    return copy ?? items;
  }

  private undeclared(value: unknown): unknown {
    const path = this.path();
    this.found ??= [];
    if (!this.found.includes(path)) this.found.push(path);
    if (this.policy === "strip") return REMOVE;
    if (this.policy === "reject") this.stopped = true;
    return value;
  }

  /** `properties.products[].colour` */
  private path(): string {
    return this.keys.join(".").replaceAll(".[]", "[]");
  }
}
