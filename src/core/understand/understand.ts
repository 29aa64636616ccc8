// The understanding step: a sentence in, the command that answers it out — or a question back
// when two readings are close, or "not understood". Pure rules over the intent table and the
// store's names; no model, no network, well under a millisecond.
import { compileCues, findCues, type CompiledCue } from "./cues.js";
import { readCriteria } from "./criteria.js";
import { INTENTS, type Found, type Intent } from "./intents.js";
import { LiveVocabulary, type NameSource, type Vocabulary } from "./vocabulary.js";
import { readSentence, type Sentence, type Word } from "./words.js";

/** One way to answer: a command with its arguments. */
export interface Reading {
  intent: string;
  command: string;
  args: string;
}

export type Understood =
  | ({ kind: "command" } & Reading)
  | { kind: "ask-back"; choices: Reading[] }
  /** An intent whose command is not built yet, with what to say meanwhile. */
  | { kind: "none" };

/** Below this, a reading is a guess, never an answer. */
const SURE = 2;
/** The best reading must lead the next by this much to be answered without asking. */
const LEAD = 1;
/** At most this many choices in a question back. */
const CHOICES = 3;

const COMPILED: CompiledCue<Intent>[] = INTENTS.flatMap((intent) => compileCues(intent, intent.cues));

/** A word or its pieces ("cpu/ram/pci", "lagar-cavilla") is in the set. */
function names(set: ReadonlySet<string>, w: Word): boolean {
  return set.has(w.norm) || w.norm.split(/[/-]/).some((piece) => piece.length >= 2 && set.has(piece));
}

/** What the sentence names once the cues have taken their words. */
export function findNames(sentence: Sentence, taken: ReadonlySet<number>, topics: ReadonlySet<string>, vocabulary: Vocabulary): Found {
  const rest = sentence.words.filter((w, i) => !taken.has(i) && !w.path);
  const criteria = readCriteria(rest.map((w) => w.norm), vocabulary.tags);
  // A level or GSoC is never part of a name; a skill may be ("hotplug scripts").
  const subject = rest.filter((w, i) => criteria.roles[i] !== "filler" && criteria.roles[i] !== "level" && criteria.roles[i] !== "gsoc" && !/^\d+$/.test(w.norm));
  // A bare number ("step 3") is no name; "9p" is.
  const unread = rest
    .filter((w, i) => criteria.roles[i] === null && !/^\d+$/.test(w.norm))
    .map((w) => ({ ...w, names: names(vocabulary.projectWords, w) || names(vocabulary.personWords, w) }));
  const number = sentence.words.map((w) => (/^\d{1,2}$/.test(w.norm) ? Number(w.norm) : null)).find((n) => n !== null) ?? null;
  return {
    subject,
    unread,
    criteria,
    projectNamed: unread.some((w) => w.names && names(vocabulary.projectWords, w)),
    personNamed: unread.some((w) => names(vocabulary.personWords, w)),
    categories: subject.filter((w) => w.norm.length >= 3 && names(vocabulary.categoryWords, w)),
    topics,
    number,
    paths: sentence.words.filter((w) => w.path),
  };
}

interface Scored {
  intent: Intent;
  score: number;
  args: string;
}

/** Every intent that can answer, best first. */
export function scoreIntents(sentence: Sentence, vocabulary: Vocabulary): Scored[] {
  const norms = sentence.words.map((w) => w.norm);
  const hits = findCues(COMPILED, norms);
  const taken = new Set(hits.flatMap((h) => Array.from({ length: h.length }, (_, k) => h.start + k)));
  const topics = new Set(hits.flatMap((h) => (h.spec.topic ? [h.spec.topic] : [])));
  const found = findNames(sentence, taken, topics, vocabulary);
  const cueWeight = new Map<Intent, number>();
  for (const h of hits) cueWeight.set(h.intent, (cueWeight.get(h.intent) ?? 0) + h.spec.weight);

  const scored: Scored[] = [];
  for (const intent of INTENTS) {
    const score = (cueWeight.get(intent) ?? 0) + (intent.weigh?.(found) ?? 0);
    if (score <= 0) continue;
    const args = intent.args(found);
    if (args !== null) scored.push({ intent, score, args });
  }
  const asked = scored.filter((s) => !s.intent.yields);
  return (asked.length ? asked : scored).sort((a, b) => b.score - a.score);
}

function reading(s: Scored): Reading {
  return { intent: s.intent.name, command: s.intent.command, args: s.args.trim() };
}

export class Understanding {
  private readonly vocabulary: LiveVocabulary;

  constructor(source: NameSource) {
    this.vocabulary = new LiveVocabulary(source);
  }

  understand(line: string): Understood {
    const sentence = readSentence(line);
    if (sentence.words.length === 0) return { kind: "none" };
    const scored = scoreIntents(sentence, this.vocabulary.get());
    const best = scored[0];
    if (!best || best.score < SURE - 0.5) return { kind: "none" };
    const second = scored[1];
    const clear = best.score >= SURE && (!second || best.score - second.score >= LEAD);
    const choices = scored.filter((s) => s.score >= SURE - 0.5).map(reading);
    if (clear || (choices.length === 1 && choices[0]!.intent === best.intent.name)) return { kind: "command", ...reading(best) };
    const distinct = choices.filter((c, i) => choices.findIndex((d) => d.command === c.command && d.args === c.args) === i);
    return distinct.length ? { kind: "ask-back", choices: distinct.slice(0, CHOICES) } : { kind: "none" };
  }
}
