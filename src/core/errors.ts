// Typed errors handled in one place by the dispatcher, so handlers stay short.

/** The user's input does not fit the command: the dispatcher answers with the usage line. */
export class UsageError extends Error {
  constructor(message = "") {
    super(message);
    this.name = "UsageError";
  }
}

/** Something the user should be told as is ("no project with id foo"). */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}
