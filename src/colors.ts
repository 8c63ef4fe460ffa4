/**
 * The ANSI styles the text renderers use, with picocolors' semantics (nested styles stay correct:
 * an inner style's close code re-opens the outer one), without its import-time probe of
 * `process.stdout`, which creates Node's stdout stream (~7 ms on every run). Whether to colour
 * is the CLI's decision (`useColor`), passed in.
 */
export interface Colors {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  magenta(text: string): string;
  cyan(text: string): string;
}

function style(open: number, close: number, replace = `\x1b[${open}m`) {
  const start = `\x1b[${open}m`;
  const end = `\x1b[${close}m`;
  return (text: string): string => {
    // An inner style that closes with the same code would end this one too: each such close is
    // replaced by `replace` (this style's open code, after the shared close for bold and dim).
    // As picocolors, a close within the first `start.length` characters is left alone.
    let at = text.indexOf(end, start.length);
    if (at < 0) return start + text + end;
    let out = start;
    let from = 0;
    do {
      out += text.slice(from, at) + replace;
      from = at + end.length;
      at = text.indexOf(end, from);
    } while (at >= 0);
    return out + text.slice(from) + end;
  };
}

const plain = (text: string) => text;

export function createColors(enabled: boolean): Colors {
  if (!enabled) {
    return {
      bold: plain,
      dim: plain,
      red: plain,
      green: plain,
      yellow: plain,
      blue: plain,
      magenta: plain,
      cyan: plain,
    };
  }
  return {
    bold: style(1, 22, "\x1b[22m\x1b[1m"),
    dim: style(2, 22, "\x1b[22m\x1b[2m"),
    red: style(31, 39),
    green: style(32, 39),
    yellow: style(33, 39),
    blue: style(34, 39),
    magenta: style(35, 39),
    cyan: style(36, 39),
  };
}
