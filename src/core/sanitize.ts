// Input hygiene shared by every transport: what users type may hold IRC formatting codes,
// control characters, CR/LF or NUL. Commands see one clean line.

// IRC colour (\x03 with optional fg,bg digits), hex colour (\x04 + 6 hex), and the toggles
// bold, italic, underline, strikethrough, monospace, reverse, reset.
const IRC_FORMATTING = /\x03(?:\d{1,2}(?:,\d{1,2})?)?|\x04(?:[0-9a-fA-F]{6}(?:,[0-9a-fA-F]{6})?)?|[\x02\x0f\x11\x16\x1d\x1e\x1f]/g;
// Every other C0 control, DEL, C1 controls, and Unicode line/paragraph separators and BOM.
const CONTROLS = /[\x00-\x1f\x7f\x80-\x9f\u2028\u2029\ufeff]/g;

export function stripFormatting(input: string): string {
  return input.replace(IRC_FORMATTING, "");
}

/** One line of plain text: formatting removed, controls (CR, LF, NUL, tabs…) turned into spaces, runs of space collapsed. */
export function cleanLine(input: string): string {
  return stripFormatting(input).replace(CONTROLS, " ").replace(/\s+/g, " ").trim();
}
