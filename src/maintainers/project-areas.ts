// Which MAINTAINERS sections cover each project of the wiki page's area: a small reviewed table
// (data/project-areas.json), because a page from 2013 and a file from 2026 share no key and
// guessing from words would put people in charge of work they never took on. A project with no
// clear section says why instead. Read strictly, like the store: a broken file stops the bot.
import { promises as fs } from "node:fs";
import { z } from "zod/v3";
import { describeIssues } from "../zod-issues.js";
import { MaintainersFileError } from "./maintainers-file.js";

export const ProjectAreaSchema = z
  .object({
    /** A project id of the store. */
    project: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/),
    /** MAINTAINERS section names, most relevant first; empty when none clearly fits. */
    sections: z.array(z.string().min(1)),
    /** For the reviewer of this table: why these sections, or why none. */
    why: z.string().min(1),
  })
  .strict();
export type ProjectArea = z.infer<typeof ProjectAreaSchema>;

export const ProjectAreasFileSchema = z
  .object({
    about: z.string(),
    projects: z.array(ProjectAreaSchema),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.projects.forEach((p, i) => {
      if (seen.has(p.project)) ctx.addIssue({ code: "custom", path: ["projects", i, "project"], message: `"${p.project}" is listed twice` });
      seen.add(p.project);
    });
  });
export type ProjectAreasFile = z.infer<typeof ProjectAreasFileSchema>;

export async function readProjectAreas(file: string): Promise<ProjectAreasFile> {
  let json: unknown;
  try {
    json = JSON.parse(await fs.readFile(file, "utf8"));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new MaintainersFileError(file, code === "ENOENT" ? "not found" : code ? `cannot be read (${code})` : `is not valid JSON (${(err as Error).message})`);
  }
  const parsed = ProjectAreasFileSchema.safeParse(json);
  if (!parsed.success) throw new MaintainersFileError(file, `does not match the project areas schema: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}
