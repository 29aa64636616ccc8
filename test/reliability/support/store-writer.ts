// Child process for the crash test: edits the store through ProjectStore.update in a loop and
// prints "ack N" after each edit is acknowledged (written and renamed into place).
import { ProjectStore } from "../../../src/store/project-store.js";

const file = process.argv[2];
if (!file) throw new Error("usage: store-writer <store file>");
const store = await ProjectStore.open(file);
for (let i = 1; ; i++) {
  await store.update((draft) => {
    const kdd = draft.projects.find((p) => p.id === "kdd")!;
    kdd.keywords = [`edit-${i}`];
    kdd.description.text = `${"padding ".repeat(i % 50)}edit ${i}`;
  });
  process.stdout.write(`ack ${i}\n`);
}
