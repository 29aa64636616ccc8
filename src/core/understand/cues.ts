// Cue phrases: the words that say what is asked ("who mentors", "tell me about", "not sure
// where to begin"). A cue is written as plain words with three marks: "a|b" for either word,
// "mentor*" for a word's start, "the?" for a word that may be missing. Cues are matched left to
// right, longest first, and the words a cue takes are not read again as a name or a criterion.

export interface CueSpec {
  phrase: string;
  /** How strongly the phrase says the intent: 1 a hint, 2 likely, 3 explicit. */
  weight: number;
  /** A topic the phrase names ("patches", "chat"), for intents that answer one topic. */
  topic?: string;
}

interface Token {
  /** Alternatives: a whole word, or a word's start ("mentor*"). */
  choices: Array<{ word: string; prefix: boolean }>;
  optional: boolean;
}

export interface CompiledCue<Intent> {
  intent: Intent;
  spec: CueSpec;
  tokens: Token[];
}

export interface CueHit<Intent> {
  intent: Intent;
  spec: CueSpec;
  start: number;
  length: number;
}

function compileToken(raw: string): Token {
  const optional = raw.endsWith("?");
  const body = optional ? raw.slice(0, -1) : raw;
  const choices = body.split("|").map((w) => (w.endsWith("*") ? { word: w.slice(0, -1), prefix: true } : { word: w, prefix: false }));
  return { choices, optional };
}

export function compileCues<Intent>(intent: Intent, specs: readonly CueSpec[]): CompiledCue<Intent>[] {
  return specs.map((spec) => {
    return { intent, spec, tokens: spec.phrase.trim().split(/\s+/).map(compileToken) };
  });
}

function tokenMatches(token: Token, word: string | undefined): boolean {
  if (word === undefined) return false;
  return token.choices.some((c) => (c.prefix ? word.startsWith(c.word) : word === c.word));
}

/** How many words the cue takes at `at`, or -1. An optional token is taken when it matches. */
function matchLength(tokens: readonly Token[], words: readonly string[], at: number, t = 0): number {
  if (t === tokens.length) return 0;
  const token = tokens[t]!;
  if (tokenMatches(token, words[at])) {
    const rest = matchLength(tokens, words, at + 1, t + 1);
    if (rest >= 0) return 1 + rest;
  }
  return token.optional ? matchLength(tokens, words, at, t + 1) : -1;
}

/** Every cue found in the folded words, left to right, the longest (then strongest) at each place. */
export function findCues<Intent>(cues: readonly CompiledCue<Intent>[], words: readonly string[]): CueHit<Intent>[] {
  const hits: CueHit<Intent>[] = [];
  let at = 0;
  while (at < words.length) {
    let best: CueHit<Intent> | null = null;
    for (const cue of cues) {
      const length = matchLength(cue.tokens, words, at);
      if (length <= 0) continue;
      if (!best || length > best.length || (length === best.length && cue.spec.weight > best.spec.weight)) {
        best = { intent: cue.intent, spec: cue.spec, start: at, length };
      }
    }
    if (best) {
      hits.push(best);
      at += best.length;
    } else at++;
  }
  return hits;
}
