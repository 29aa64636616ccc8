// The F:/X: pattern rules of the MAINTAINERS header, as get_maintainer.pl applies them.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compilePattern, effectivePattern, matches } from "../../../src/maintainers/patterns.js";

const m = (pattern: string, path: string) => matches(compilePattern(pattern), path);

describe("MAINTAINERS patterns", () => {
  it("a trailing slash covers the directory and everything below it", () => {
    assert.ok(m("tools/debugger/kdd/", "tools/debugger/kdd/kdd.c"));
    assert.ok(m("xen/arch/x86/", "xen/arch/x86/hvm/vmx/vmx.c"));
    assert.ok(m("xen/arch/x86/", "xen/arch/x86/"), "the directory itself, as a path written with its slash");
    assert.ok(!m("xen/arch/x86/", "xen/arch/x86"), "without its slash a path is a file named x86");
    assert.ok(!m("xen/arch/x86/", "xen/arch/x86_64/foo.c"));
    assert.ok(!m("tools/debugger/kdd/", "tools/debugger/gdbsx/gx.c"));
  });

  it("'*' stays in its directory: drivers/net/* covers drivers/net's files, not below", () => {
    assert.ok(m("config/*.in", "config/Stubdom.mk.in"));
    assert.ok(!m("config/*.in", "config/sub/x.in"));
    assert.ok(m("xen/arch/*/livepatch*", "xen/arch/x86/livepatch.c"));
    assert.ok(!m("xen/arch/*/livepatch*", "xen/arch/arm/arm64/livepatch.c"), "one level of * only");
    assert.ok(m("xen/arch/*/*/livepatch*", "xen/arch/arm/arm64/livepatch.c"));
    assert.ok(m("docs/*/xenstore*", "docs/misc/xenstore.txt"));
    assert.ok(m("*", "README"));
    assert.ok(!m("*", "docs/README"), "THE REST's '*' is top-level files only…");
    assert.ok(m("*/", "docs/misc/xenstore.txt"), "…and its '*/' everything below the top");
  });

  it("'?' is one character", () => {
    assert.ok(m("xen/common/kexe?.c", "xen/common/kexec.c"));
    assert.ok(!m("xen/common/kexe?.c", "xen/common/kexe.c"));
  });

  it("brace sets are alternatives", () => {
    assert.ok(m("xen/common/{kexec,kimage}.c", "xen/common/kexec.c"));
    assert.ok(m("xen/common/{kexec,kimage}.c", "xen/common/kimage.c"));
    assert.ok(!m("xen/common/{kexec,kimage}.c", "xen/common/kernel.c"));
    assert.ok(!m("xen/common/{kexec,kimage}.c", "xen/common/{kexec,kimage}.c"), "not the literal text");
    assert.ok(m("xen/include/xen/{kexec,kimage}.h", "xen/include/xen/kimage.h"));
  });

  it("a dot is a dot, not any character", () => {
    assert.ok(!m("xen/common/kexec.c", "xen/common/kexecXc"));
    assert.ok(m("tools/misc/xen-cpuid.c", "tools/misc/xen-cpuid.c"));
  });

  it("like the tool, a plain pattern also matches a longer name in the same directory", () => {
    // get_maintainer.pl anchors its expression at the start only, and checks the "/" count.
    assert.ok(m("tools/golang", "tools/golang"));
    assert.ok(m("xen/common/livepatch", "xen/common/livepatch.c"));
    assert.ok(!m("tools/golang", "tools/golang/xenlight/xenlight.go"), "not below: that needs the directory's slash");
  });

  it("a plain pattern naming a directory of the tree gets its slash (tools/golang → tools/golang/)", () => {
    const dirs = new Set(["tools/golang", "tools/python", "xen/common.d"]);
    const isDir = (p: string) => dirs.has(p);
    assert.equal(effectivePattern("tools/golang", isDir), "tools/golang/");
    assert.equal(effectivePattern("tools/9pfsd/", isDir), "tools/9pfsd/");
    assert.equal(effectivePattern("xen/common/kexec.c", isDir), "xen/common/kexec.c");
    // The tool tests for a directory after escaping "." and "*": a dotted or wild pattern never is one.
    assert.equal(effectivePattern("xen/common.d", isDir), "xen/common.d");
    assert.equal(effectivePattern("tools/*", isDir), "tools/*");
  });

  it("depth: slashes, plus one for a file pattern; -1 for a pattern starting with '*'", () => {
    assert.equal(compilePattern("xen/arch/x86/").depth, 3);
    assert.equal(compilePattern("xen/arch/x86/hvm/viridian/").depth, 5);
    assert.equal(compilePattern("xen/common/{kexec,kimage}.c").depth, 3);
    assert.equal(compilePattern("*").depth, -1);
    assert.equal(compilePattern("*/").depth, -1);
    assert.equal(compilePattern("*/configure").depth, -1);
  });
});
