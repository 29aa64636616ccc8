// Rendering a neutral reply for a terminal: ANSI bold/colour when the output is a TTY and
// NO_COLOR is not set, plain text otherwise. Store text is cleaned of control characters so it
// can never move the cursor or change the terminal's state.
import { terminalText, terminalUrl } from "../../core/hygiene.js";
import type { RichLine, Span } from "../../core/rich-text.js";

export interface TerminalStyle {
  color: boolean;
}

const ANSI = { bold: "\x1b[1m", italic: "\x1b[3m", code: "\x1b[36m", link: "\x1b[4m", reset: "\x1b[0m" };

function renderSpan(span: Span, style: TerminalStyle): string {
  const body = terminalText(span.text);
  const url = span.href ? terminalUrl(span.href) : null;
  const shown = url && body !== url ? `${body} <${url}>` : body;
  if (!style.color) return shown;
  const open = span.href ? ANSI.link : span.style ? ANSI[span.style] : "";
  return open ? `${open}${shown}${ANSI.reset}` : shown;
}

export function renderLine(line: RichLine, style: TerminalStyle): string {
  return line.map((s) => renderSpan(s, style)).join("");
}
