/**
 * Options several commands share, parsed strictly so that a mistake is a usage error naming the
 * rule instead of a silent default or a clamp.
 */
import { InvalidArgumentError, Option } from "commander";
import { SOURCE_ID_PATTERN } from "../access/index.js";

/**
 * `--source <id>` of the commands that write into a source (import, demo). A direct run creates
 * the source if it is new, so the id is held to the API's rule here rather than stored as typed.
 */
export function sourceOption(description: string, fallback: string): Option {
  return new Option("--source <id>", description).default(fallback).argParser(parseSourceId);
}

/** `--limit <n>`: how many to show, a whole number of at least 1 (the action gets a number). */
export function limitOption(fallback: number): Option {
  return new Option("--limit <n>", "how many").default(fallback).argParser(parseLimit);
}

function parseSourceId(value: string): string {
  if (!SOURCE_ID_PATTERN.test(value))
    throw new InvalidArgumentError(
      "source ids are lower-case letters, digits, - and _, e.g. web or crm-import",
    );
  return value;
}

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(limit) || limit < 1)
    throw new InvalidArgumentError("a whole number of at least 1");
  return limit;
}
