/**
 * The parser's view of the token list: look at the next token, take it when it is the one
 * expected, or fail with a message that says what was expected and what was found.
 */
import type { SourcePositions } from "./source-positions.js";
import { TextSyntaxError } from "./text-syntax-error.js";
import type { SymbolText, Token } from "./tokenizer.js";

export class TokenCursor {
  private index = 0;

  constructor(
    private readonly tokens: readonly Token[],
    readonly positions: SourcePositions,
  ) {}

  peek(ahead = 0): Token {
    const last = this.tokens.at(-1) as Token;
    return this.tokens[this.index + ahead] ?? last;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== "end") this.index += 1;
    return token;
  }

  atWord(...words: string[]): boolean {
    const token = this.peek();
    return token.kind === "word" && words.includes(token.text);
  }

  atSymbol(...symbols: SymbolText[]): boolean {
    const token = this.peek();
    return token.kind === "symbol" && symbols.includes(token.text);
  }

  takeWord(word: string): boolean {
    if (!this.atWord(word)) return false;
    this.next();
    return true;
  }

  takeSymbol(symbol: SymbolText): boolean {
    if (!this.atSymbol(symbol)) return false;
    this.next();
    return true;
  }

  /** Takes the word or fails with `expected "word" <context>`. */
  expectWord(word: string, context: string): Token {
    if (!this.atWord(word)) this.fail(`expected "${word}" ${context}`);
    return this.next();
  }

  expectSymbol(symbol: SymbolText, context: string): Token {
    if (!this.atSymbol(symbol)) this.fail(`expected "${symbol}" ${context}`);
    return this.next();
  }

  /** Fails at the next token, adding what was found there. */
  fail(message: string, token: Token = this.peek()): never {
    throw new TextSyntaxError(token.offset, `${message}, found ${describeToken(token)}`);
  }
}

export function describeToken(token: Token): string {
  switch (token.kind) {
    case "end":
      return "the end of the text";
    case "string":
      return `the string ${JSON.stringify(token.value.length > 30 ? `${token.value.slice(0, 30)}…` : token.value)}`;
    case "number":
      return `the number ${token.value}`;
    case "duration":
      return `the duration ${token.text}`;
    case "day":
      return `the day ${token.text}`;
    case "word":
    case "symbol":
      return `"${token.text}"`;
  }
}
