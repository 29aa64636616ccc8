// Telling a file path from a project's name. "Who should I cc on xen/common/kexec.c?" is a
// question about code, for the maintainers of that file, and no project search may answer it;
// "save/restore", "libxl/libxc" or "tcp/ip" are words with slashes, not paths.

/** Endings of source, build and document files in xen.git and the kernel. */
const FILE_ENDING = /\.(?:c|h|s|S|cc|cpp|hpp|py|ml|mli|sh|mk|rs|go|pl|lds|ld|in|ac|m4|asm|inc|dts|dtsi|txt|md|rst|pandoc|json|ya?ml|conf|cfg|patch|diff)$/;
/** Top-level folders of xen.git: "tools/libxl" and "xen/arch/arm/" are paths even without a file. */
const TOP_FOLDERS = new Set(["xen", "tools", "docs", "stubdom", "extras", "scripts", "config", "automation", "m4", "arch", "common", "drivers", "include"]);
const SEGMENT = /^[\w.+-]+$/;

/** A path ("xen/common/kexec.c", "xen/arch/arm/") or a file name ("kexec.c"). */
export function isFilePath(word: string): boolean {
  if (word.length > 200) return false;
  if (!word.includes("/")) return /^[\w+-]{1,64}\.[A-Za-z]{1,6}$/.test(word) && FILE_ENDING.test(word) && !/^\d/.test(word);
  const segments = word.replace(/^\.?\//, "").replace(/\/$/, "").split("/");
  if (segments.length < 2 || !segments.every((s) => SEGMENT.test(s))) return false;
  return FILE_ENDING.test(segments.at(-1)!) || word.endsWith("/") || TOP_FOLDERS.has(segments[0]!.toLowerCase());
}
