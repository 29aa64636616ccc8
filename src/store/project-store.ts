// The typed, narrow view of the store the bot serves from. lowdb holds the data; our adapter
// validates every read with zod and makes every write atomic with a backup (store-file.ts).
import { Low, type Adapter } from "lowdb";
import type { Onboarding, Person, Project, StoreFile } from "../projects/schema.js";
import { removeStaleTempFiles } from "../state/atomic-file.js";
import { readStoreFile, StoreError, validateStore, writeStoreFile } from "./store-file.js";

/** lowdb adapter: validated reads, atomic writes, and writes serialised in call order. */
class ValidatedJsonFile implements Adapter<StoreFile> {
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  read(): Promise<StoreFile> {
    return readStoreFile(this.file);
  }

  write(data: StoreFile): Promise<void> {
    const next = this.queue.then(() => writeStoreFile(this.file, data));
    // Keep the chain alive after a failed write; the caller still sees the failure.
    this.queue = next.catch(() => undefined);
    return next;
  }
}

export interface OpenOptions {
  /** Serve the file but refuse every edit, with this as the fault (why, and what to do instead). */
  readOnly?: string | null;
}

export class ProjectStore {
  private revisionCounter = 0;
  private byId = new Map<string, Project>();
  private peopleById = new Map<string, Person>();
  private updates: Promise<void> = Promise.resolve();

  private constructor(
    private readonly db: Low<StoreFile>,
    private readonly readOnly: string | null,
  ) {
    this.index();
  }

  /** Loads and validates the file; throws StoreError naming the file and the fault. */
  static async open(file: string, opts: OpenOptions = {}): Promise<ProjectStore> {
    // A writer killed mid-write leaves its temp file; the store itself is whole either way.
    if (!opts.readOnly) await removeStaleTempFiles(file);
    const adapter = new ValidatedJsonFile(file);
    const data = await adapter.read();
    return new ProjectStore(new Low(adapter, data), opts.readOnly ?? null);
  }

  /** Why edits are refused, or null when the store can be edited. */
  get readOnlyReason(): string | null {
    return this.readOnly;
  }

  get file(): string {
    return (this.db.adapter as ValidatedJsonFile).file;
  }

  get data(): Readonly<StoreFile> {
    return this.db.data;
  }

  /** Bumped on every change, so caches (the search index) know when to rebuild. */
  get revision(): number {
    return this.revisionCounter;
  }

  /** Projects in page order; archived ones only when asked. */
  projects(opts: { includeArchived?: boolean } = {}): readonly Project[] {
    return opts.includeArchived ? this.db.data.projects : this.db.data.projects.filter((p) => !p.archived);
  }

  project(id: string): Project | undefined {
    return this.byId.get(id.toLowerCase());
  }

  people(): readonly Person[] {
    return this.db.data.people;
  }

  person(id: string): Person | undefined {
    return this.peopleById.get(id);
  }

  contactsOf(project: Project): Person[] {
    return project.contacts.people.map((id) => this.peopleById.get(id)).filter((p): p is Person => p !== undefined);
  }

  get onboarding(): Onboarding {
    return this.db.data.onboarding;
  }

  /**
   * Re-reads the file. On any fault the old data stays in service and the StoreError is
   * thrown for the caller to report.
   */
  async reload(): Promise<void> {
    const fresh = await this.db.adapter.read();
    if (!fresh) return;
    this.db.data = fresh;
    this.index();
  }

  /**
   * Applies `change` to a copy, validates the result and writes it atomically; only then is it
   * served. A change that fails validation or cannot be written leaves everything as it was, and
   * a read-only store refuses every change with a StoreError saying why.
   */
  update(change: (draft: StoreFile) => void): Promise<void> {
    if (this.readOnly) return Promise.reject(new StoreError(this.file, this.readOnly));
    // Serialise whole read-modify-write cycles, so two admins editing at once lose nothing:
    // each change is applied to the data the previous one left.
    const run = this.updates.then(async () => {
      const draft = structuredClone(this.db.data);
      change(draft);
      const valid = validateStore(this.file, draft);
      await this.db.adapter.write(valid);
      this.db.data = valid;
      this.index();
    });
    this.updates = run.catch(() => undefined);
    return run;
  }

  private index(): void {
    this.byId = new Map(this.db.data.projects.map((p) => [p.id, p]));
    this.peopleById = new Map(this.db.data.people.map((p) => [p.id, p]));
    this.revisionCounter++;
  }
}
