/**
 * Zod's issues as segment issues. The schema carries its own messages where a rule needs
 * explaining; zod's generic ones ("Invalid input: expected string, received undefined") are
 * reworded here so that every message reads the same way.
 */
import type { z } from "zod";
import { type SegmentIssue, toPointer } from "./segment-issue.js";

export function fromZodIssue(issue: z.core.$ZodIssue): SegmentIssue {
  return { code: "invalid_shape", path: toPointer(issue.path), message: reworded(issue) };
}

function reworded(issue: z.core.$ZodIssue): string {
  const field = String(issue.path.at(-1) ?? "the definition");
  if (issue.code === "invalid_type" && issue.message.startsWith("Invalid input:")) {
    const received = /received (\w+)/.exec(issue.message)?.[1];
    if (received === "undefined") return `${field} is required`;
    return `${field} must be ${article(issue.expected)}, not ${article(received ?? "something else")}`;
  }
  if (issue.code === "unrecognized_keys" && issue.message.startsWith("Unrecognized key"))
    return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  return issue.message;
}

function article(type: string): string {
  return /^[aeio]/.test(type) ? `an ${type}` : `a ${type}`;
}
