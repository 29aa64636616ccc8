// Reading MAINTAINERS: the real file's sections, and a malformed file refused at the right line.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { MaintainersFormatError, parseAddress, parseMaintainers } from "../../../src/maintainers/parse-maintainers.js";
import { readStatus, statusInWords, toolRoleLabel } from "../../../src/maintainers/status.js";
import { REPO_ROOT } from "../../support/bot.js";

const REAL = readFileSync(path.join(REPO_ROOT, "data/sources/xen-MAINTAINERS"), "utf8");

const HEADER = "\tList of maintainers\n\n\tM: Maintainer: FullName <address@domain>\n\nMaintainers List\n\n";
const REST = "THE REST\nM:\tAda Lovelace <ada@example.org>\nL:\txen-devel@lists.xenproject.org\nS:\tSupported\nF:\t*\nF:\t*/\nV:\txen-maintainers-1\n";

function faultOf(text: string): { line: number | null; fault: string } {
  try {
    parseMaintainers(text);
  } catch (err) {
    assert.ok(err instanceof MaintainersFormatError, String(err));
    return { line: err.line, fault: err.fault };
  }
  assert.fail("expected a MaintainersFormatError");
}

describe("parseMaintainers", () => {
  it("reads the real file: the header is skipped, every section found with its fields and lines", () => {
    const parsed = parseMaintainers(REAL);
    assert.equal(parsed.sections.length, 57);
    assert.equal(parsed.sections[0]!.name, "9PFSD");
    assert.equal(parsed.sections.at(-1)!.name, "THE REST");
    assert.equal(parsed.sections.at(-1)!.version, "xen-maintainers-1");
    const kdd = parsed.sections.find((s) => s.name === "KDD DEBUGGER")!;
    assert.deepEqual(kdd.people.map((p) => [p.kind, p.name, p.email]), [["maintainer", "Tim Deegan", "tim@xen.org"]]);
    assert.equal(kdd.statusRaw, "Odd Fixes");
    assert.deepEqual(kdd.files.map((f) => f.raw), ["tools/debugger/kdd/"]);
    assert.equal(REAL.split("\n")[kdd.line - 1], "KDD DEBUGGER");
    assert.ok(kdd.raw.startsWith("KDD DEBUGGER\nM:\tTim Deegan <tim@xen.org>"));
    const iommu = parsed.sections.find((s) => s.name === "IOMMU VENDOR INDEPENDENT CODE")!;
    assert.equal(iommu.excludes.length, 4);
    const nxp = parsed.sections.find((s) => s.name.startsWith("NXP"))!;
    assert.deepEqual(nxp.lists.map((l) => [l.name, l.address]), [["NXP S32 Linux Team", "s32@nxp.com"]]);
    assert.deepEqual(parsed.warnings, []);
  });

  it("names the line of a section name with no fields", () => {
    const r = faultOf(`${HEADER}KDD DEBUGGER\nM:\tTim Deegan <tim@xen.org>\n\nSTRAY TEXT\n\n${REST}`);
    assert.equal(r.line, 10);
    assert.match(r.fault, /"STRAY TEXT" is followed by no field lines/);
  });

  it("names the line of an M: without an address, an empty F:, an unclosed brace, a pattern with a space", () => {
    const at = (body: string) => faultOf(`${HEADER}SECTION\n${body}\n\n${REST}`);
    assert.deepEqual([at("M:\tTim Deegan").line, at("M:\tTim Deegan").fault.includes("no e-mail address")], [8, true]);
    assert.equal(at("S:\tSupported\nF:").line, 9);
    assert.match(at("F:\txen/common/{kexec,kimage.c").fault, /never closed/);
    assert.match(at("F:\tdrivers/net/\tall files in and below").fault, /one pattern per line/);
    assert.match(at("F:\tdrivers/../net/").fault, /"\.\."/);
  });

  it("refuses a second section of the same name and a field before any section", () => {
    const twice = faultOf(`${HEADER}KDD\nM:\tA <a@b.c>\n\nKDD\nM:\tB <b@b.c>\n\n${REST}`);
    assert.equal(twice.line, 10);
    assert.match(twice.fault, /second section named "KDD" \(the first is at line 7\)/);
    assert.equal(faultOf("M:\tA <a@b.c>\n").line, 1);
    assert.equal(faultOf("just some text\nwith no fields\n").line, null);
  });

  it("says the file is cut short when it ends on a name", () => {
    assert.match(faultOf(`${HEADER}${REST}\nNEW SECTION\n`).fault, /cut short/);
  });

  it("warns about an unknown field letter and keeps going; the last S: counts", () => {
    const parsed = parseMaintainers(`${HEADER}SECTION\nM:\tA <a@b.c>\nQ:\thttps://patchwork\nS:\tMaintained\nS:\tOdd Fixes\nF:\tx/\n\n${REST}`);
    assert.equal(parsed.sections[0]!.statusRaw, "Odd Fixes");
    assert.equal(parsed.warnings.length, 2);
    assert.match(parsed.warnings[0]!, /^line 9: unknown field "Q:"/);
  });

  it("reads addresses with and without names, and list names", () => {
    assert.deepEqual(parseAddress("Roger Pau Monné <roger@xenproject.org>"), { name: "Roger Pau Monné", email: "roger@xenproject.org", rest: "" });
    assert.deepEqual(parseAddress('"Daniel P. Smith" <dpsmith@apertussolutions.com>'), { name: "Daniel P. Smith", email: "dpsmith@apertussolutions.com", rest: "" });
    assert.deepEqual(parseAddress("xen-devel@lists.xenproject.org (moderated)"), { name: "", email: "xen-devel@lists.xenproject.org", rest: "(moderated)" });
    assert.equal(parseAddress("Tim Deegan"), null);
  });
});

describe("statuses", () => {
  it("in plain words, and as get_maintainer.pl labels roles", () => {
    assert.equal(statusInWords(readStatus("Odd Fixes")), "Odd Fixes: the maintainer has little time for it");
    assert.equal(statusInWords(readStatus("Supported")), "Supported: someone is paid to look after it");
    assert.equal(readStatus("Orphaned").value, "orphan");
    assert.equal(readStatus(null).value, "unknown");
    assert.equal(toolRoleLabel({ name: "KDD DEBUGGER", status: readStatus("Odd Fixes") }, "maintainer"), "odd fixer:KDD DEBUGGER");
    assert.equal(toolRoleLabel({ name: "ARM (W/ VIRTUALISATION EXTENSIONS) ARCHITECTURE", status: readStatus("Supported") }, "maintainer"), "supporter:ARM (W/ VIRTUALIS...");
    assert.equal(toolRoleLabel({ name: "X86 VIRIDIAN ENLIGHTENMENTS", status: readStatus("Supported") }, "maintainer"), "supporter:X86 VIRIDIAN ENLI...");
    assert.equal(toolRoleLabel({ name: "KDD DEBUGGER", status: readStatus("Odd Fixes") }, "reviewer"), "reviewer");
  });
});
