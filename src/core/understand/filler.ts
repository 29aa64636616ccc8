// Words that carry no criterion: politeness, pronouns, the grammar around a question, and the
// nouns every question here shares ("project", "xen"). They never become a skill, a level or a
// project's name, in a sentence or in `!suggest`'s arguments ("!suggest easy please").

const POLITENESS = "please pls plz kindly thanks thank thx ty cheers hi hello hey";
const PRONOUNS = "i me my mine myself we us our you your yours someone somebody anyone anybody one ones they them he she it its people person folks guys " +
  "student students intern interns newbie developer programmer engineer hobbyist";
const GRAMMAR =
  "a an the this that these those some any all each every other else another " +
  "is are am was were be been being do does did doing done have has had having " +
  "can could would should will shall may might must let lets " +
  "to of for in on at by with without from into onto about around as than then there here " +
  "and or but nor so if not no yes also too very really quite just only maybe perhaps probably actually " +
  "what which who whom whose where when why how whats";
const VAGUE =
  "something anything thing things stuff kind sort type bit lot " +
  "like want wants wanted need needs needed wish hope would love prefer interested interest " +
  "get got give show find see tell pick choose try take make " +
  "good nice cool fun great interesting useful fine ok okay " +
  "involve involves involving include includes including use uses using used question questions " +
  "suitable suited fit fits right appropriate available possible";
/** Nouns every question here shares: all projects are Xen projects. */
const DOMAIN = "project projects xen task tasks idea ideas work job jobs area areas topic topics related based skill skills level levels experience knowledge background";

/** Words that are never criteria nor a project's or person's name. */
export const FILLER: ReadonlySet<string> = new Set([POLITENESS, PRONOUNS, GRAMMAR, VAGUE, DOMAIN].join(" ").split(" "));

export function isFiller(norm: string): boolean {
  return FILLER.has(norm);
}

/** Words that make a line a sentence rather than a command's arguments: "help me", "suggest easy please". */
const SENTENCE_WORDS: ReadonlySet<string> = new Set([PRONOUNS, GRAMMAR, "please pls plz kindly thanks thank"].join(" ").split(" "));

export function isSentenceWord(norm: string): boolean {
  return SENTENCE_WORDS.has(norm);
}
