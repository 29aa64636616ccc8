// The understanding step's face: sentences to commands (understand.ts), the criteria reader
// `!suggest` shares with it, and the level and skill words both use.
export { Understanding, type Reading, type Understood } from "./understand.js";
export { readCriteria, type Criteria, type SkillAsk } from "./criteria.js";
export { isFiller, isSentenceWord } from "./filler.js";
export type { NameSource } from "./vocabulary.js";
export { foldWord } from "./words.js";
