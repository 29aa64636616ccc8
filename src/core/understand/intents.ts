// The intent table: what a sentence may ask, the command that answers it, the cue phrases that
// say so, and how the command's arguments are made from what the sentence names. Adding an
// intent for a new command is one entry here; nothing else changes.
//
// A cue is words separated by spaces; "a|b" is either word at that place, "word*" a word's start,
// "word?" a word that may be missing: "what|which skills|tags exist" is two-of-three words.
//
// Weights: a cue says an intent (1 a hint, 2 likely, 3 explicit); what the sentence names adds
// to it (`weigh`): a person speaks for `contact`, a level or a skill for `suggest`. The
// understanding step answers with the best intent when it is clear, and asks back otherwise.
import type { CueSpec } from "./cues.js";
import type { Criteria } from "./criteria.js";
import type { Word } from "./words.js";

/** What a sentence names, once the cues are taken out. */
export interface Found {
  /** Words left after the cues, without filler and paths, as typed: what names a project or person. */
  subject: Word[];
  /** Subject words read as no level, skill or GSoC: names (`names`), or words unknown to the criteria. */
  unread: Array<Word & { names: boolean }>;
  criteria: Criteria;
  /** Some unread word names a project (a word of its id, title or keywords). */
  projectNamed: boolean;
  /** Some unread word is a person's name. */
  personNamed: boolean;
  /** Subject words that name a category ("hypervisor"). */
  categories: Word[];
  /** Topics named by the cues ("patches", "list", "chat", "step"). */
  topics: ReadonlySet<string>;
  /** A small number in the sentence ("step 3"). */
  number: number | null;
  /** File paths and file names ("xen/common/kexec.c"). */
  paths: Word[];
}

export interface Intent {
  name: string;
  /** The command that answers it. */
  command: string;
  cues: CueSpec[];
  /** Counts only when nothing else is asked: "hello" is help, "hello, who mentors kdd?" is not. */
  yields?: boolean;
  /** Weight from what the sentence names. */
  weigh?(found: Found): number;
  /** The command's arguments; null when the sentence lacks what the intent needs. */
  args(found: Found): string | null;
}

const typed = (words: readonly Word[]): string => words.map((w) => w.typed).join(" ");

/**
 * The words a suggestion is asked with, in the order `!suggest` reads them. Unknown words go too,
 * so `!suggest` can look for them in the projects' text; names of projects and people do not.
 */
function suggestArgs(f: Found): string {
  const c = f.criteria;
  const unknown = f.unread.filter((w) => !w.names).map((w) => w.typed);
  return [...c.levels, ...c.skills.map((s) => s.asked), ...(c.gsoc ? ["gsoc"] : []), ...unknown].join(" ");
}

/**
 * "Who works on xenstore?", "who is responsible for the scheduler?": asked for whoever looks after
 * something that names no project or person on the page, so an area of MAINTAINERS, not a contact.
 */
function areaAsked(f: Found): boolean {
  return f.topics.has("area") && !f.projectNamed && !f.personNamed && f.unread.some((w) => !w.names);
}

export const INTENTS: readonly Intent[] = [
  {
    name: "contact",
    command: "contact",
    cues: [
      { phrase: "who", weight: 2 },
      { phrase: "contact*", weight: 3 },
      { phrase: "e-mail*|email*|mail|address|addresses", weight: 3 },
      { phrase: "mentor*", weight: 3 },
      { phrase: "talk|speak|chat to|with", weight: 3 },
      { phrase: "ask about", weight: 2 },
      { phrase: "ask", weight: 1.5 },
      { phrase: "reach", weight: 2 },
      { phrase: "in touch", weight: 3 },
      // Cues that ask for whoever looks after a thing: a project's contact, or an area's
      // maintainers when the thing is no project (see areaAsked).
      { phrase: "responsible for?", weight: 3, topic: "area" },
      { phrase: "in charge of?", weight: 3, topic: "area" },
      { phrase: "look|looks|looking after", weight: 3, topic: "area" },
      { phrase: "who is|was? works|worked|working on|in|with", weight: 3, topic: "area" },
      { phrase: "who knows|know about", weight: 3, topic: "area" },
      { phrase: "lead|leads|supervise*|owner|owns", weight: 2 },
    ],
    weigh: (f) => (f.personNamed ? 3 : 0) + (f.projectNamed ? 1.5 : 0) - (areaAsked(f) ? 3 : 0),
    args: (f) => (f.subject.length ? typed(f.subject) : null),
  },
  {
    name: "project",
    command: "project",
    cues: [
      { phrase: "tell me more? about|on", weight: 3 },
      { phrase: "tell me", weight: 2 },
      { phrase: "more about|on", weight: 3 },
      { phrase: "what is|are", weight: 2 },
      { phrase: "anything|something|stuff about|on|with|regarding|involving", weight: 2 },
      { phrase: "is|are there", weight: 1 },
      { phrase: "about|regarding", weight: 1 },
      { phrase: "info|information|details|describe|explain", weight: 3 },
      { phrase: "overview of", weight: 3 },
      { phrase: "learn|read about", weight: 3 },
      { phrase: "how difficult|hard|tough|easy|complex|big is|are?", weight: 3 },
      { phrase: "difficulty", weight: 2 },
      { phrase: "what|which skills|languages", weight: 3 },
      { phrase: "skills|languages needed|required", weight: 3 },
      { phrase: "requirements|prerequisites", weight: 2 },
      { phrase: "need|needs|needed|require|requires|required", weight: 1.5 },
    ],
    // Naming a project says nothing about which of `project` and `contact` is asked: the same for both.
    weigh: (f) => (f.projectNamed ? 1.5 : 0),
    // Only with something to look for: "is there anything on security?" names a skill, not a
    // project, and "tell me about Andrew Cooper" a person, for !contact.
    args: (f) => (f.unread.length && (f.projectNamed || !f.personNamed) ? typed(f.subject) : null),
  },
  {
    name: "suggest",
    command: "suggest",
    cues: [
      { phrase: "suggest*|recommend*|propose", weight: 3 },
      { phrase: "give me", weight: 1.5 },
      { phrase: "looking|look|searching|search for", weight: 1.5 },
      { phrase: "work on|do", weight: 2 },
      { phrase: "start with", weight: 2 },
      { phrase: "who? know|knows", weight: 2 },
      { phrase: "familiar|experience|experienced|skilled|fluent|comfortable with|in", weight: 2 },
      { phrase: "good at", weight: 2 },
      { phrase: "interested in", weight: 2 },
      { phrase: "i can|could", weight: 1 },
    ],
    weigh: (f) => (f.criteria.levels.length ? 2 : 0) + (f.criteria.skills.length ? 2 : 0) + (f.criteria.gsoc ? 2 : 0),
    args: suggestArgs,
  },
  {
    name: "start",
    command: "start",
    cues: [
      { phrase: "get|getting started", weight: 3 },
      // Not "begin*": "beginner" is a level, not a wish to start.
      { phrase: "start|starting|begin|begins|beginning", weight: 2 },
      { phrase: "new here|around|to", weight: 3 },
      { phrase: "am new", weight: 3 },
      { phrase: "contribut*|onboard*|join*", weight: 2.5 },
      { phrase: "first step|steps|thing|things", weight: 3 },
      { phrase: "do first", weight: 3 },
      { phrase: "step|steps", weight: 2, topic: "step" },
      // The overview carries the page's links to the repositories.
      { phrase: "source code|tree|trees", weight: 2 },
      { phrase: "repository|repositories|repo|repos|git|xen.git", weight: 2 },
      { phrase: "patch*|submit*|review*", weight: 2.5, topic: "patches" },
      { phrase: "send my? code|changes|work", weight: 2.5, topic: "patches" },
      { phrase: "mailing|mail list|lists", weight: 3, topic: "list" },
      { phrase: "mailinglist*|subscrib*|xen-devel", weight: 3, topic: "list" },
      { phrase: "irc|matrix|oftc|freenode|libera|slack|discord", weight: 3, topic: "chat" },
      { phrase: "channel|channels|chat|chats|chatroom*|room|rooms", weight: 2.5, topic: "chat" },
      { phrase: "where do|does people|developers|everyone talk|hang", weight: 3, topic: "chat" },
      { phrase: "where can|do|should i ask", weight: 3, topic: "chat" },
      { phrase: "developers|devs|community|team", weight: 2, topic: "chat" },
    ],
    args: (f) => {
      // One step, the one asked: patches include the list they go to.
      for (const topic of ["patches", "list", "chat"]) if (f.topics.has(topic)) return topic;
      if (f.topics.has("step") && f.number !== null) return String(f.number);
      return "";
    },
  },
  {
    name: "list projects",
    command: "projects",
    cues: [
      { phrase: "list|lists", weight: 1.5 },
      { phrase: "list|lists of? all? the? projects", weight: 3 },
      { phrase: "all the? projects", weight: 3 },
      { phrase: "every project", weight: 3 },
      { phrase: "which|what projects are there|available", weight: 3 },
      { phrase: "which|what projects exist", weight: 3 },
      { phrase: "which|what projects do? you have", weight: 3 },
      { phrase: "show me", weight: 1 },
      { phrase: "category", weight: 1 },
    ],
    weigh: (f) => (f.categories.length ? 2 : 0),
    args: (f) => {
      if (f.personNamed) return null;
      if (f.categories[0]) return f.categories[0].typed;
      const c = f.criteria;
      if (c.levels.length === 1 && c.skills.length === 0) return c.levels[0]!;
      if (c.gsoc && c.skills.length === 0) return "gsoc";
      return "";
    },
  },
  {
    name: "list skills",
    command: "skills",
    cues: [
      { phrase: "skills|tags", weight: 3 },
      { phrase: "skill tags|list", weight: 3 },
      { phrase: "what|which skills|tags are there|listed|available", weight: 3 },
      { phrase: "what|which skills|tags exist", weight: 3 },
      { phrase: "what|which skills|tags do? you have", weight: 3 },
    ],
    args: (f) => (f.projectNamed || f.personNamed || f.criteria.skills.length ? null : ""),
  },
  {
    name: "list categories",
    command: "categories",
    cues: [
      { phrase: "categor*", weight: 3 },
      { phrase: "kind|kinds|type|types|sort|sorts of projects", weight: 3 },
    ],
    args: (f) => (f.categories.length || f.projectNamed ? null : ""),
  },
  {
    name: "help",
    command: "help",
    yields: true,
    cues: [
      { phrase: "hello|hi|hey|howdy|greetings|yo|hiya|morning|evening", weight: 2 },
      { phrase: "good morning|afternoon|evening|day", weight: 2 },
      { phrase: "help|helping|usage|menu|commands|command", weight: 3 },
      { phrase: "what can|do you do", weight: 3 },
      { phrase: "how do|does you|this|it work", weight: 3 },
      { phrase: "who|what are you", weight: 3 },
      { phrase: "thanks|thank|thx|cheers", weight: 2 },
    ],
    args: () => "",
  },
  {
    // "who maintains the arm port?", "who should I cc on a patch to xen/common/kexec.c": a file
    // path in the sentence is what to look up; otherwise the area or person it names.
    name: "maintainers",
    command: "maintainers",
    cues: [
      { phrase: "maintain*|get_maintainer*|get-maintainer*", weight: 3 },
      { phrase: "cc|ccing", weight: 3 },
      { phrase: "who to cc", weight: 3 },
    ],
    weigh: (f) => (f.paths.length ? 5 : areaAsked(f) ? 4.5 : 0),
    args: (f) => (f.paths.length ? typed(f.paths) : f.subject.length ? typed(f.subject) : null),
  },
];
