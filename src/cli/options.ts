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
  return wholeNumberOption("--limit <n>", "how many", fallback, { min: 1 });
}

/**
 * `--name <n>`: a whole number within `min`…`max` (the action gets a number). Before, such options
 * went to the database as typed, and `--after abc` answered with PostgreSQL's own error.
 */
export function wholeNumberOption(
  flags: string,
  description: string,
  fallback: number,
  range: WholeNumberRange,
): Option {
  return new Option(flags, description).default(fallback).argParser(wholeNumberParser(range));
}

/** The bounds of a whole-number option; no `max` means any safe integer. */
export interface WholeNumberRange {
  readonly min: number;
  readonly max?: number;
}

/** A commander parser (for options and arguments alike) of a whole number within `range`. */
export function wholeNumberParser(range: WholeNumberRange): (value: string) => number {
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  const rule =
    range.max === undefined
      ? `a whole number of at least ${range.min}`
      : `a whole number from ${range.min} to ${max}`;
  return (value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < range.min || number > max)
      throw new InvalidArgumentError(rule);
    return number;
  };
}

function parseSourceId(value: string): string {
  if (!SOURCE_ID_PATTERN.test(value))
    throw new InvalidArgumentError(
      "source ids are lower-case letters, digits, - and _, e.g. web or crm-import",
    );
  return value;
}
