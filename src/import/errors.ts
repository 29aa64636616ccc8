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
