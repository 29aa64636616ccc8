// The names the understanding step recognises, taken from the store at run time and rebuilt
// when it changes: the words of project ids, titles and keywords, people's names, categories and
// skill tags. Nothing here lists a project: a re-imported page brings its own names.
import type { Person, Project } from "../../projects/schema.js";
import { forEachTerm } from "../../search/search-text.js";
import { isFiller } from "./filler.js";
import { foldWord } from "./words.js";

/** What the vocabulary is built from; ProjectStore provides it. */
export interface NameSource {
  readonly revision: number;
  projects(opts?: { includeArchived?: boolean }): readonly Project[];
  people(): readonly Person[];
}

export interface Vocabulary {
  /** The store's skill tags, as written ("Linux kernel"). */
  tags: string[];
  /** Folded words that name a project: its id's pieces, its title's and keywords' words. */
  projectWords: ReadonlySet<string>;
  /** Folded first names, surnames and aliases of the people on the page. */
  personWords: ReadonlySet<string>;
  /** Folded words of category names ("hypervisor", "userspace", "mirage"). */
  categoryWords: ReadonlySet<string>;
}

/** Words of a text that can name something: folded, not filler, parts of camel-case words too. */
function namingWords(texts: readonly string[], into: Set<string>): void {
  for (const t of texts) {
    forEachTerm(t, (surface) => {
      if (surface.length >= 2 && !isFiller(surface)) into.add(surface);
    });
    // The id's and title's own pieces as typed with dashes and slashes: "9p", "cpu", "lagar".
    for (const piece of foldWord(t).split(/[^\p{L}\p{N}+#]+/u)) if (piece.length >= 2 && !isFiller(piece)) into.add(piece);
  }
}

export function buildVocabulary(source: NameSource): Vocabulary {
  const projects = source.projects({ includeArchived: true });
  const projectWords = new Set<string>();
  const personWords = new Set<string>();
  const categoryWords = new Set<string>();
  namingWords(projects.flatMap((p) => [p.id, p.title, ...p.keywords]), projectWords);
  namingWords(source.people().flatMap((p) => [p.name, ...p.aliases]), personWords);
  namingWords([...new Set(projects.map((p) => p.category))], categoryWords);
  const tags = [...new Set(projects.flatMap((p) => p.skills.tags))];
  return { tags, projectWords, personWords, categoryWords };
}

/** The vocabulary of the store as it is now; rebuilt only when its revision moves. */
export class LiveVocabulary {
  private builtAt = -1;
  private current!: Vocabulary;

  constructor(private readonly source: NameSource) {}

  get(): Vocabulary {
    if (this.builtAt !== this.source.revision) {
      this.current = buildVocabulary(this.source);
      this.builtAt = this.source.revision;
    }
    return this.current;
  }
}
