// Keeping the list true: admin commands for configured accounts only (the dispatcher checks
// `admin: true` against the IRC services account or Matrix user id, never a bare nick). Every
// change is validated, written atomically with a backup, and appended to the audit log.
import {
  type Change,
  code,
  type Context,
  EDITABLE_FIELDS,
  EditError,
  type Plugin,
  type Project,
  type RichLine,
  setArchived,
  setField,
  StoreError,
  type StoreFile,
  text,
  UsageError,
  UserError,
  verifyProject,
  writeFailureReason,
} from "../src/plugin-api.js";
import { shorten } from "./format.js";

function who(ctx: Context): string {
  const s = ctx.message.sender;
  return `${ctx.message.transport}:${s.account ?? s.id}`;
}

function today(ctx: Context): string {
  return ctx.now().toISOString().slice(0, 10);
}

function projectId(ctx: Context, word: string | undefined): string {
  if (!word) throw new UsageError("Which project id?");
  const project = ctx.store.project(word);
  if (!project) throw new UserError(`No project with id "${shorten(word, 30)}". Ids are shown in ${ctx.prefix}projects.`);
  return project.id;
}

/** Applies one edit through the store (validated, atomic, backed up), then audits it. */
async function edit(ctx: Context, action: string, apply: (draft: StoreFile) => Change): Promise<Change> {
  let change: Change | undefined;
  try {
    await ctx.store.update((draft) => {
      change = apply(draft);
    });
  } catch (err) {
    if (err instanceof EditError) throw new UserError(`Not changed: ${err.message}.`);
    if (err instanceof StoreError) throw new UserError(`Not changed: ${err.fault}.`);
    throw new UserError(`Not changed: the store could not be written (${writeFailureReason(err)}).`);
  }
  const done = change!;
  try {
    await ctx.state.appendAudit({ at: ctx.now().toISOString(), by: who(ctx), action, ...done });
  } catch (err) {
    ctx.logger.error({ err, change: done }, "audit log write failed");
    ctx.reply(`Warning: the change is saved, but the audit log could not be written (${writeFailureReason(err)}).`);
  }
  return done;
}

function describeChange(c: Change): string {
  return `${c.project}: ${c.field} "${shorten(c.old, 60)}" → "${shorten(c.new, 60)}"`;
}

async function reload(ctx: Context): Promise<void> {
  try {
    await ctx.store.reload();
  } catch (err) {
    const why = err instanceof StoreError ? err.message : String(err);
    throw new UserError(`Reload failed; still serving the previous data. ${why}`);
  }
  ctx.reply(`Reloaded ${ctx.store.file}: ${ctx.store.projects({ includeArchived: true }).length} projects, ${ctx.store.people().length} people.`);
}

async function verify(ctx: Context): Promise<void> {
  const id = projectId(ctx, ctx.words[0]);
  const change = await edit(ctx, "verify", (d) => verifyProject(d, id, today(ctx)));
  ctx.reply(`Verified ${describeChange(change)}.`);
}

function archiver(archived: boolean) {
  return async (ctx: Context): Promise<void> => {
    const id = projectId(ctx, ctx.words[0]);
    await edit(ctx, archived ? "archive" : "unarchive", (d) => setArchived(d, id, archived));
    ctx.reply(archived ? `Archived ${id}: hidden from ${ctx.prefix}suggest and lists, still found by ${ctx.prefix}project.` : `Unarchived ${id}.`);
  };
}

async function set(ctx: Context): Promise<void> {
  const [word, field, ...rest] = ctx.words;
  if (!field || rest.length === 0) throw new UsageError();
  const id = projectId(ctx, word);
  const change = await edit(ctx, "set", (d) => setField(d, id, field.toLowerCase(), rest.join(" ")));
  ctx.reply(`Set ${describeChange(change)}.`);
}

async function history(ctx: Context): Promise<void> {
  const id = projectId(ctx, ctx.words[0]);
  const entries = await ctx.state.auditFor(id, 5);
  if (entries.length === 0) return ctx.reply(`No recorded changes to ${id}.`);
  ctx.reply([
    [text(`Last ${entries.length} change${entries.length === 1 ? "" : "s"} to `), code(id), text(":")],
    ...entries.map((e): RichLine => [text(`${e.at.slice(0, 16).replace("T", " ")} ${e.by} ${e.action}: ${e.field} "${shorten(e.old, 40)}" → "${shorten(e.new, 40)}"`)]),
  ]);
}

/**
 * The latest day the page's verification field can mean, so an age counted from it is never more
 * than the page supports: the verified date; of two readings (05/06/2019) the later; for a year
 * alone ("Verified: 2017") or a mark ("Not updated in 2020") the last day of that year. Null when
 * the field names no date at all ("Never verified", empty).
 */
export function lastVerified(p: Project): Date | null {
  if (p.verified.iso) return new Date(`${p.verified.iso}T00:00:00Z`);
  const latest = [...p.verified.readings].sort().at(-1);
  if (latest) return new Date(`${latest}T00:00:00Z`);
  if (p.verified.year !== null) return new Date(Date.UTC(p.verified.year, 11, 31));
  return null;
}

const DAY_MS = 86_400_000;

function ids(projects: readonly Project[]): RichLine {
  return projects.flatMap((p, i) => [text(i ? ", " : ""), code(p.id)]);
}

function stale(ctx: Context): void {
  // Whole days as digits only: Number() would take "1e3", "0x10" and 21-digit numbers it cannot hold.
  if (ctx.args && !/^\d{1,6}$/.test(ctx.args)) throw new UsageError("Give the age in whole days (1 to 999999).");
  const days = ctx.args ? Number(ctx.args) : ctx.staleAfterDays;
  if (days < 1) throw new UsageError("Give the age in whole days (1 to 999999).");
  const now = ctx.now().getTime();
  const dated = ctx.store.projects().map((p) => ({ p, at: lastVerified(p) }));
  const old = dated.filter((d) => d.at !== null && d.at.getTime() < now - days * DAY_MS);
  const undated = dated.filter((d) => d.at === null).map((d) => d.p);
  const lines: RichLine[] = [];
  if (old.length) {
    lines.push([text(`${old.length} project${old.length === 1 ? "" : "s"} not verified for over ${days} days: `), ...ids(old.map((d) => d.p))]);
    // The page often gives a year, or a mark, rather than a day: say what the age counts from.
    const marks = [...new Set(old.filter((d) => !d.p.verified.iso).map((d) => `"${shorten(d.p.verified.raw, 30)}" from ${d.at!.toISOString().slice(0, 10)}`))].slice(0, 3);
    if (marks.length) lines.push([text(`Counted from the latest day the page's words allow: ${marks.join(", ")}.`)]);
  } else {
    const oldest = dated.reduce<{ p: Project; at: Date } | null>((o, d) => (d.at && (!o || d.at < o.at) ? { p: d.p, at: d.at } : o), null);
    if (!oldest) lines.push([text(`No project is known to be unverified for over ${days} days.`)]);
    else {
      const age = Math.floor((now - oldest.at.getTime()) / DAY_MS);
      lines.push([text(`No project is known to be unverified for over ${days} days: the oldest is `), code(oldest.p.id), text(`, "${shorten(oldest.p.verified.raw, 30)}", counted from ${oldest.at.toISOString().slice(0, 10)}: ${age} days.`)]);
    }
  }
  if (undated.length) lines.push([text(`${undated.length} with no verification date on the page: `), ...ids(undated)]);
  if (old.length || undated.length) lines.push([text("After checking one with its contact: "), code(`${ctx.prefix}verify <id>`)]);
  ctx.reply(lines);
}

export const adminPlugin: Plugin = {
  name: "admin",
  commands: [
    { name: "reload", admin: true, usage: "reload", help: "Re-reads and validates the store file; on failure keeps serving the old data and says why.", examples: [{ input: "!reload", expect: "Reloaded" }], handler: reload },
    { name: "verify", admin: true, usage: "verify <id>", help: "Marks a project verified today.", examples: [{ input: "!verify kdd", expect: "Verified kdd" }], handler: verify },
    { name: "archive", admin: true, usage: "archive <id>", help: "Hides a project from suggestions and lists; it can still be found by name.", examples: [{ input: "!archive drbd", expect: "Archived drbd" }], handler: archiver(true) },
    { name: "unarchive", admin: true, usage: "unarchive <id>", help: "Brings an archived project back into suggestions and lists.", examples: [{ input: "!unarchive drbd", expect: "Unarchived drbd" }], handler: archiver(false) },
    {
      name: "set",
      admin: true,
      usage: `set <id> <${EDITABLE_FIELDS.join("|")}> <value>`,
      help: "Changes one field of a project, read as the wiki page would write it (difficulty: Easy, Low to medium…; contact: Name <address>, Other Name).",
      examples: [{ input: "!set kdd difficulty Low to medium", expect: "difficulty" }],
      handler: set,
    },
    { name: "history", admin: true, usage: "history <id>", help: "Shows the last changes made to a project by admins, with who and when.", examples: [{ input: "!history kdd", expect: "kdd" }], handler: history },
    { name: "stale", admin: true, usage: "stale [days]", help: "Lists projects not verified for longer than the configured time (or the given number of days).", examples: [{ input: "!stale", expect: "not verified" }], handler: stale },
  ],
};
