// What a newcomer asks a project to be: levels, skills, GSoC. One reader for `!suggest`'s
// arguments and for the sentences the understanding step reads, so "!suggest not too hard C"
// and "something not too hard in C" mean the same. Filler and politeness are read as such and
// never become criteria.
import type { Level } from "../../projects/schema.js";
import { isFiller } from "./filler.js";
import { readLevel } from "./levels.js";
import { skillSynonym, tagsNamed } from "./skills.js";

export interface SkillAsk {
  /** As asked, folded: "networking", "linux kernel". */
  asked: string;
  /** The store's tags it means; empty when no project carries one. */
  tags: string[];
  /** Word starts to look for in a project's text ("network", "nic"…). */
  mentions: string[];
}

/** What each word was read as; null for a word that is none of these (a name, an unknown word). */
export type WordRole = "level" | "gsoc" | "skill" | "filler" | null;

export interface Criteria {
  levels: Level[];
  gsoc: boolean;
  skills: SkillAsk[];
  /** One role per word, in order. */
  roles: WordRole[];
}

const GSOC_PHRASES = [["google", "summer", "of", "code"], ["summer", "of", "code"], ["gsoc"]];
const GSOC_WORD = /^gsoc(?:\d{2,4})?$/;

function phraseAt(words: readonly string[], at: number, phrase: readonly string[]): boolean {
  return phrase.every((w, i) => words[at + i] === w);
}

/** A skill named by one word or a two-word phrase at `at`: the phrase first ("linux kernel"). */
function skillAt(words: readonly string[], at: number, tags: readonly string[]): { ask: SkillAsk; length: number } | null {
  for (const length of [2, 1]) {
    if (at + length > words.length) continue;
    const asked = words.slice(at, at + length).join(" ");
    const synonym = skillSynonym(asked);
    const named = tagsNamed(asked, tags);
    if (!synonym && named.length === 0) continue;
    const fromSynonym = (synonym?.tags ?? []).flatMap((t) => tags.filter((tag) => tag.toLowerCase() === t.toLowerCase()));
    const all = [...new Set([...named, ...fromSynonym])];
    return { ask: { asked, tags: all, mentions: synonym?.mentions ?? (all.length ? [] : [asked]) }, length };
  }
  return null;
}

/** Reads folded words; `tags` are the store's skill tags. Never throws. */
export function readCriteria(words: readonly string[], tags: readonly string[]): Criteria {
  const criteria: Criteria = { levels: [], gsoc: false, skills: [], roles: [] };
  const mark = (role: WordRole, length: number) => {
    for (let k = 0; k < length; k++) criteria.roles.push(role);
  };
  let i = 0;
  while (i < words.length) {
    const word = words[i]!;
    const multiLevel = readLevel(words, i);
    if (multiLevel && multiLevel.length > 1) {
      for (const l of multiLevel.levels) if (!criteria.levels.includes(l)) criteria.levels.push(l);
      mark("level", multiLevel.length);
      i += multiLevel.length;
      continue;
    }
    const gsoc = GSOC_PHRASES.find((p) => phraseAt(words, i, p)) ?? (GSOC_WORD.test(word) ? [word] : null);
    if (gsoc) {
      criteria.gsoc = true;
      mark("gsoc", gsoc.length);
      i += gsoc.length;
      continue;
    }
    const pair = skillAt(words, i, tags);
    if (pair && pair.length === 2) {
      criteria.skills.push(pair.ask);
      mark("skill", 2);
      i += 2;
      continue;
    }
    if (multiLevel) {
      for (const l of multiLevel.levels) if (!criteria.levels.includes(l)) criteria.levels.push(l);
      mark("level", 1);
    } else if (isFiller(word)) {
      mark("filler", 1);
    } else if (pair) {
      if (!criteria.skills.some((s) => s.asked === pair.ask.asked)) criteria.skills.push(pair.ask);
      mark("skill", 1);
    } else {
      mark(null, 1);
    }
    i++;
  }
  return criteria;
}
