// The one module plugins import: what a plugin is and what its handlers get, the reply
// builders, the typed errors, and the domain types and edits commands work with. Plugins import
// nothing else from src/, so this file is the whole contract between them and the bot.
export type { CommandCatalog, CommandExample, CommandSpec, Context, Plugin } from "./core/plugin.js";
export type { Community } from "./config.js";
export { UsageError, UserError } from "./core/errors.js";
export { bold, code, italic, link, text, type Reply, type ReplyInput, type RichLine, type Span } from "./core/rich-text.js";
export { closestNames, editDistance } from "./core/did-you-mean.js";
export { escapeRegExp } from "./core/parse.js";
export { compareText } from "./core/compare-text.js";
export { foldWord, readCriteria, type Criteria, type SkillAsk } from "./core/understand/index.js";
export { LEVELS, type DifficultyField, type Level, type Link, type Person, type Project, type StoreFile } from "./projects/schema.js";
export { EDITABLE_FIELDS, EditError, setArchived, setField, verifyProject, type Change } from "./store/project-edits.js";
export type { ProjectStore } from "./store/project-store.js";
export type { Maintainers, ProjectArea } from "./maintainers/maintainers.js";
export { THE_REST, type MaintainerPerson, type PersonEntry, type Section } from "./maintainers/schema.js";
export { statusInWords } from "./maintainers/status.js";
export { looksLikePath, type PathCheck } from "./maintainers/path-query.js";
export type { CcAnswer, CcEntry } from "./maintainers/who-to-cc.js";
export { StoreError } from "./store/store-file.js";
export { writeFailureReason } from "./state/audit.js";
