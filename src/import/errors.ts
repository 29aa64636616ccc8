// Errors of the importer. An ImportError always names the file and, when known, the 1-based
// line, so whoever edits the wiki page can go straight to the fault.

export class ImportError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly fault: string,
  ) {
    super(line === null ? `${file}: ${fault}` : `${file}:${line}: ${fault}`);
    this.name = "ImportError";
  }
}

/**
 * Thrown by the pure normalisers, which know the value but not where it came from; the
 * caller (build-store) turns it into an ImportError with the file and line of the field.
 */
export class ValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ValueError";
  }
}
