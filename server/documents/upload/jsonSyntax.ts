/**
 * A streaming JSON (RFC 8259) syntax check: text goes in piece by piece and
 * only a small state and the nesting stack are kept, so a 25 MB file is
 * checked whole without being held in memory — unlike JSON.parse.
 */
const enum S {
  Value, // a value is expected
  ValueOrClose, // just after '[': a value or ']'
  KeyOrClose, // just after '{': a key or '}'
  Key, // after ',' in an object
  Colon,
  AfterValue, // ',', a closer, or the end
  String,
  Escape,
  Unicode,
  Minus,
  Zero,
  Int,
  Dot,
  Fraction,
  Exponent,
  ExponentSign,
  ExponentDigits,
  Literal,
  Invalid,
}

const maxDepth = 512;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isHex = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
const numberEnds = new Set([S.Zero, S.Int, S.Fraction, S.ExponentDigits]);

export type JsonVerdict = 'container' | 'scalar' | 'invalid';

export class JsonSyntaxChecker {
  private state = S.Value;
  private readonly stack: ('{' | '[')[] = [];
  private stringIsKey = false;
  private hexLeft = 0;
  private literal = '';
  private literalAt = 0;
  private topLevel: 'container' | 'scalar' | null = null;
  private finishedTop = false;

  get invalid(): boolean {
    return this.state === S.Invalid;
  }

  write(text: string): void {
    for (let i = 0; i < text.length && this.state !== S.Invalid; i++) this.step(text.charCodeAt(i));
  }

  /** The verdict once all the text has been written: valid with an object or array at the top, valid with a lone scalar, or not JSON. */
  end(): JsonVerdict {
    if (numberEnds.has(this.state) && this.stack.length === 0) this.valueEnded();
    if (this.state === S.AfterValue && this.finishedTop && this.topLevel) return this.topLevel;
    return 'invalid';
  }

  private step(c: number): void {
    switch (this.state) {
      case S.Value:
      case S.ValueOrClose:
        if (isSpace(c)) return;
        if (c === 93 && this.state === S.ValueOrClose) return this.close('[');
        return this.startValue(c);
      case S.KeyOrClose:
      case S.Key:
        if (isSpace(c)) return;
        if (c === 125 && this.state === S.KeyOrClose) return this.close('{');
        if (c !== 34) return this.fail();
        this.stringIsKey = true;
        this.state = S.String;
        return;
      case S.Colon:
        if (isSpace(c)) return;
        this.state = c === 58 ? S.Value : S.Invalid;
        return;
      case S.AfterValue:
        if (isSpace(c)) return;
        if (this.stack.length === 0) return this.fail(); // something after the top-level value
        if (c === 44) this.state = this.stack.at(-1) === '{' ? S.Key : S.Value;
        else if (c === 93) this.close('[');
        else if (c === 125) this.close('{');
        else this.fail();
        return;
      case S.String:
        if (c === 34) {
          if (this.stringIsKey) this.state = S.Colon;
          else this.valueEnded();
        } else if (c === 92) this.state = S.Escape;
        else if (c < 0x20) this.fail();
        return;
      case S.Escape:
        if (c === 117) {
          this.state = S.Unicode;
          this.hexLeft = 4;
        } else this.state = [34, 92, 47, 98, 102, 110, 114, 116].includes(c) ? S.String : S.Invalid;
        return;
      case S.Unicode:
        if (!isHex(c)) return this.fail();
        if (--this.hexLeft === 0) this.state = S.String;
        return;
      case S.Literal:
        if (c !== this.literal.charCodeAt(this.literalAt++)) return this.fail();
        if (this.literalAt === this.literal.length) this.valueEnded();
        return;
      default:
        return this.numberStep(c);
    }
  }

  private numberStep(c: number): void {
    const digit = isDigit(c);
    switch (this.state) {
      case S.Minus:
        this.state = c === 48 ? S.Zero : digit ? S.Int : S.Invalid;
        return;
      case S.Zero:
      case S.Int:
        if (digit && this.state === S.Int) return;
        if (c === 46) this.state = S.Dot;
        else if (c === 101 || c === 69) this.state = S.Exponent;
        else return this.numberEndedAt(c);
        return;
      case S.Dot:
        this.state = digit ? S.Fraction : S.Invalid;
        return;
      case S.Fraction:
        if (digit) return;
        if (c === 101 || c === 69) this.state = S.Exponent;
        else this.numberEndedAt(c);
        return;
      case S.Exponent:
        this.state = c === 43 || c === 45 ? S.ExponentSign : digit ? S.ExponentDigits : S.Invalid;
        return;
      case S.ExponentSign:
        this.state = digit ? S.ExponentDigits : S.Invalid;
        return;
      case S.ExponentDigits:
        if (!digit) this.numberEndedAt(c);
        return;
    }
  }

  /** A number has no closing mark: it ends at the first character that cannot continue it, which is then read as what follows. */
  private numberEndedAt(c: number): void {
    this.valueEnded();
    this.step(c);
  }

  private startValue(c: number): void {
    if (this.stack.length === 0) this.topLevel = c === 123 || c === 91 ? 'container' : 'scalar';
    if (c === 123 || c === 91) {
      if (this.stack.length >= maxDepth) return this.fail();
      this.stack.push(c === 123 ? '{' : '[');
      this.state = c === 123 ? S.KeyOrClose : S.ValueOrClose;
    } else if (c === 34) {
      this.stringIsKey = false;
      this.state = S.String;
    } else if (c === 45) this.state = S.Minus;
    else if (c === 48) this.state = S.Zero;
    else if (isDigit(c)) this.state = S.Int;
    else if (c === 116 || c === 102 || c === 110) {
      this.literal = c === 116 ? 'true' : c === 102 ? 'false' : 'null';
      this.literalAt = 1;
      this.state = S.Literal;
    } else this.fail();
  }

  private close(opener: '{' | '['): void {
    if (this.stack.pop() !== opener) return this.fail();
    this.valueEnded();
  }

  private valueEnded(): void {
    this.state = S.AfterValue;
    if (this.stack.length === 0) this.finishedTop = true;
  }

  private fail(): void {
    this.state = S.Invalid;
  }
}

/** Whether a whole text is JSON, and what is at its top. */
export function checkJson(text: string): JsonVerdict {
  const checker = new JsonSyntaxChecker();
  checker.write(text);
  return checker.end();
}
