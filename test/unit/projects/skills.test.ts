import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tagSkills } from "../../../src/projects/fields/skills.js";

const tags = (raw: string): string[] => tagSkills(raw).tags;

describe("tagSkills", () => {
  it("says Unknown and empty are not specified", () => {
    assert.deepEqual(tagSkills("Unknown"), { tags: [], specified: false });
    assert.deepEqual(tagSkills(""), { tags: [], specified: false });
  });
  it("reads a comma list in order", () => {
    assert.deepEqual(tags("C, Kernel Debuggers, Xen, Windows"), ["C", "kernel debuggers", "Xen", "Windows"]);
    assert.deepEqual(tags("OCaml, Haskell, Java"), ["OCaml", "Haskell", "Java", "functional programming"]);
  });
  it("finds C only as a token of its own", () => {
    assert.deepEqual(tags("A good understanding of C user-land programming"), ["C"]);
    assert.deepEqual(tags("user-space C code"), ["C"]);
    for (const raw of ["C++ templates", "C# and .NET", "Objective-C", "Cython", "ACPI", "a cache"]) assert.ok(!tags(raw).includes("C"), raw);
    assert.deepEqual(tags("C/C++"), ["C", "C++"]);
  });
  it("maps kernel hacking and Linux kernel programming to Linux kernel, not Linux", () => {
    assert.deepEqual(tags("knowledge of kernel hacking"), ["Linux kernel"]);
    assert.deepEqual(tags("Linux kernel programming skill"), ["Linux kernel"]);
    assert.deepEqual(tags("Linux scripting"), ["Linux", "scripting"]);
  });
  it("reads the areas of a long sentence", () => {
    assert.deepEqual(
      tags("Required skills include knowledge of kernel hacking, file system internals. Desired skills include: understanding of Xen PV driver structure, and VirtIO."),
      ["Linux kernel", "file systems", "Xen PV drivers", "VirtIO"],
    );
    assert.deepEqual(
      tags("A good understanding of C user-land programming, and the ability to dive into qemu/libvirt (for reference code and integration), as well as libxc and libxl (for implementation)."),
      ["C", "QEMU", "libvirt", "libxl/libxc"],
    );
  });
  it("generalises to other languages and tools", () => {
    assert.deepEqual(tags("Python 3, some Perl to read the old code; shell scripting"), ["Python", "Perl", "shell", "scripting"]);
    assert.deepEqual(tags("Go, C, familiarity with cgo"), ["Go", "C"]);
    assert.deepEqual(tags("Rust or Go; git"), ["Rust", "Go", "Git"]);
    assert.deepEqual(tags("golang"), ["Go"]);
    assert.deepEqual(tags("JavaScript and TypeScript"), ["JavaScript", "TypeScript"]);
    assert.deepEqual(tags("ARM64 assembly, AArch64 page tables"), ["ARM", "assembly", "memory management"]);
  });
  it("does not take English words for languages", () => {
    assert.deepEqual(tags("Go to the mailing list first"), []);
    assert.deepEqual(tags("trust and curiosity"), []);
    assert.deepEqual(tags("open windows"), []);
  });
});
