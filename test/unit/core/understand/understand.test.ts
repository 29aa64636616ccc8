// One test per intent of the table, on the real store, then the store-driven names on a store of
// made-up projects and people: nothing the step knows of a project is written in its code.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Understanding, type Understood } from "../../../../src/core/understand/index.js";
import { ProjectStore } from "../../../../src/store/project-store.js";
import { REAL_STORE } from "../../../support/bot.js";
import { fixtureProject, fixtureStore, writeFixtureStore } from "../../../support/store-fixture.js";

const as = (u: Understood) => (u.kind === "command" ? `!${u.command}${u.args ? ` ${u.args}` : ""}` : u.kind);

describe("the understanding step, intent by intent", async () => {
  const u = new Understanding(await ProjectStore.open(REAL_STORE));
  const check = (table: Array<[string, string]>) => {
    for (const [sentence, expected] of table) assert.equal(as(u.understand(sentence)), expected, sentence);
  };

  it("contact: who, contact, e-mail, mentor, talk to, ask about — a project or a person", () => {
    check([
      ["who can I talk to about hotplug scripts", "!contact hotplug scripts"],
      ["whom should I e-mail about the kdd stuff?", "!contact kdd"],
      ["does anyone mentor cpuid", "!contact cpuid"],
      ["who's dario faggioli", "!contact dario faggioli"],
      ["what does george dunlap look after", "!contact george dunlap"],
      ["how do I reach Andrew Cooper?", "!contact Andrew Cooper"],
    ]);
  });

  it("project: tell me about, what is, anything about, skills of, how difficult", () => {
    check([
      ["tell me more about xl to xcp motion", "!project xl xcp motion"],
      ["what's lazy restore?", "!project lazy restore"],
      ["is there anything on gpu passthrough", "!project gpu passthrough"],
      ["which skills are needed for the hotplug scripts", "!project hotplug scripts"],
      ["how hard is powerclamp", "!project powerclamp"],
      ["details on numa please", "!project numa"],
    ]);
  });

  it("suggest: levels, skills, GSoC, recommend, what can I work on, I know X", () => {
    check([
      ["recommend me something beginner friendly", "!suggest easy"],
      ["not too hard please, in ocaml", "!suggest easy medium ocaml"],
      ["what could I work on for gsoc", "!suggest gsoc"],
      ["I'm fluent in C and like debuggers", "!suggest c debuggers"],
      ["anything with networking?", "!suggest networking"],
      ["haskell", "!suggest haskell"],
    ]);
  });

  it("start: one step, the link or the venue asked", () => {
    check([
      ["I'm new here, how do I begin?", "!start"],
      ["how do I send a patch", "!start patches"],
      ["how can I subscribe to xen-devel", "!start list"],
      ["is there a matrix room?", "!start chat"],
      ["show me step 4", "!start 4"],
    ]);
  });

  it("the lists: projects, categories, skills", () => {
    check([
      ["list all the projects", "!projects"],
      ["what projects are in the userspace category?", "!projects userspace"],
      ["which categories exist", "!categories"],
      ["what skills do you have listed", "!skills"],
    ]);
  });

  it("help: hello, help, what can you do; a greeting gives way to a question", () => {
    check([
      ["hi!", "!help"],
      ["what can you do for me", "!help"],
      ["hello, who mentors kdd?", "!contact kdd"],
    ]);
  });

  it("a question about a file or maintainers goes to !maintainers, never to a project search", () => {
    check([
      ["who should I cc for tools/libxl/libxl_dom.c?", "!maintainers tools/libxl/libxl_dom.c"],
      ["who maintains xen/arch/x86/", "!maintainers xen/arch/x86/"],
      ["who should I cc on a patch to xen/common/kexec.c", "!maintainers xen/common/kexec.c"],
      ["kexec.c maintainers", "!maintainers kexec.c"],
      ["who maintains the arm port?", "!maintainers arm port"],
      ["who maintains the scheduler", "!maintainers scheduler"],
    ]);
  });

  it("who works on or looks after a thing that is no project: that area's maintainers; a project keeps its contact", () => {
    check([
      ["who works on xenstore?", "!maintainers xenstore"],
      ["who is working on xenstore?", "!maintainers xenstore"],
      ["who's working on xenstore", "!maintainers xenstore"],
      ["who knows about xenstore", "!maintainers xenstore"],
      ["who works with kdd", "!contact kdd"],
      ["who is responsible for xenstore", "!maintainers xenstore"],
      ["who is in charge of the arm port", "!maintainers arm port"],
      ["who works on kdd", "!contact kdd"],
      ["who looks after 9p", "!contact 9p"],
      // A plain "who is" stays a question about a person, known or not.
      ["who is grace hopper?", "!contact grace hopper"],
    ]);
  });

  it("asks back with at most three choices when two readings are close", () => {
    const bare = u.understand("kdd");
    assert.equal(bare.kind, "ask-back");
    if (bare.kind === "ask-back") assert.deepEqual(bare.choices.map((c) => `!${c.command} ${c.args}`).sort(), ["!contact kdd", "!project kdd"]);
    const three = u.understand("is kdd easy?");
    assert.equal(three.kind, "ask-back");
    if (three.kind === "ask-back") assert.ok(three.choices.length <= 3);
  });

  it("says nothing it did not understand, and never counts politeness as a criterion", () => {
    for (const sentence of ["what is xen?", "the", "please please thank you kindly", "¯\\_(ツ)_/¯", ""]) {
      assert.ok(["none", "command"].includes(u.understand(sentence).kind), sentence);
      assert.doesNotMatch(as(u.understand(sentence)), /please|thank|kindly/, sentence);
    }
    assert.equal(as(u.understand("what is xen?")), "none");
  });
});

describe("the understanding step's names come from the store", async () => {
  const data = fixtureStore();
  data.projects.push(fixtureProject("gamma", "Gamma ray tracer", { contacts: { raw: "Grace Hopper", people: ["grace-hopper"] } }));
  data.people.push({ id: "grace-hopper", name: "Grace Hopper", aliases: ["Amazing Grace"], email: null, emailPattern: null, projects: ["gamma"] });
  const store = await ProjectStore.open(await writeFixtureStore(data));
  const u = new Understanding(store);

  it("knows the projects and people of this store, and no others", () => {
    assert.equal(as(u.understand("who is grace hopper?")), "!contact grace hopper");
    assert.equal(as(u.understand("grace hopper")), "!contact grace hopper");
    assert.equal(as(u.understand("tell me about the gamma ray tracer")), "!project gamma ray tracer");
    assert.equal(u.understand("alpha").kind, "ask-back", "a project's name alone: its card or its contact?");
    assert.equal(u.understand("quickpath").kind, "none", "a project of the real store is unknown here");
  });

  it("sees a reloaded store's names", async () => {
    await store.update((draft) => {
      draft.projects.push(fixtureProject("delta", "Delta compression"));
    });
    assert.equal(u.understand("delta").kind, "ask-back");
  });
});
