/**
 * Where each part of a parsed definition came from in the text, so that an issue found later on
 * the tree (by zod or check-meaning.ts) can point back into the text. Positions hang off the
 * objects and arrays of the tree the parser built, keyed by member name or index.
 */
export class SourcePositions {
  private readonly marks = new WeakMap<object, Map<string, number>>();

  /** Records that `container[key]` starts at `offset`. */
  mark(container: object, key: string | number, offset: number): void {
    let members = this.marks.get(container);
    if (members === undefined) {
      members = new Map();
      this.marks.set(container, members);
    }
    members.set(String(key), offset);
  }

  /**
   * The offset of the deepest marked node on the way down a JSON pointer from `root`, which starts
   * at `rootOffset`: the node itself when it was marked, else its nearest marked ancestor.
   */
  offsetOf(root: unknown, rootOffset: number, pointer: string): number {
    let offset = rootOffset;
    let current: unknown = root;
    for (const key of pointerKeys(pointer)) {
      if (typeof current !== "object" || current === null) break;
      offset = this.marks.get(current)?.get(key) ?? offset;
      current = (current as Record<string, unknown>)[key];
    }
    return offset;
  }
}

function pointerKeys(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((key) => key.replaceAll("~1", "/").replaceAll("~0", "~"));
}
