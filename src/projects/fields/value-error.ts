// The one error a field normaliser throws. A normaliser knows the value but not where it came
// from: the importer turns it into an ImportError at the field's file and line, an admin edit
// into an EditError for the person who typed it.

export class ValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ValueError";
  }
}
