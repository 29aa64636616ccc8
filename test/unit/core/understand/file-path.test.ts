import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isFilePath } from "../../../../src/core/understand/file-path.js";

describe("isFilePath", () => {
  it("knows paths and file names", () => {
    for (const p of ["xen/common/kexec.c", "xen/arch/arm/", "tools/libxl", "xen/include/public/xen.h", "kexec.c", "./docs/misc/xen-command-line.pandoc", "drivers/net/xen-netback/netback.c"]) {
      assert.equal(isFilePath(p), true, p);
    }
  });

  it("does not take names with slashes, versions or abbreviations for paths", () => {
    for (const p of ["cpu/ram/pci", "save/restore", "libxl/libxc", "tcp/ip", "i/o", "4.2", "e.g", "node.js", "c/c++", "xen"]) {
      assert.equal(isFilePath(p), false, p);
    }
  });
});
