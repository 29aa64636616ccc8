// All commands by name and alias. Refuses, at load, anything that would make a name ambiguous.
import type { CommandCatalog, CommandSpec, Plugin } from "./plugin.js";

export class RegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RegistryError";
  }
}

const NAME = /^[a-z][a-z0-9-]{0,23}$/;

export class Registry implements CommandCatalog {
  private readonly byName = new Map<string, { spec: CommandSpec; plugin: string; hidden: boolean }>();
  private readonly canonical: CommandSpec[] = [];

  constructor(plugins: Plugin[] = []) {
    for (const plugin of plugins) this.add(plugin);
  }

  add(plugin: Plugin): void {
    for (const spec of plugin.commands) {
      const hidden = spec.hiddenAliases ?? [];
      const names = [spec.name, ...(spec.aliases ?? []), ...hidden];
      for (const name of names) {
        if (!NAME.test(name)) throw new RegistryError(`plugin ${plugin.name}: "${name}" is not a valid command name`);
        const taken = this.byName.get(name);
        if (taken) {
          throw new RegistryError(
            `plugin ${plugin.name}: "${name}" is already ${taken.spec.name === name ? "a command" : `an alias of ${taken.spec.name}`} (plugin ${taken.plugin})`,
          );
        }
      }
      if (new Set(names).size !== names.length) throw new RegistryError(`plugin ${plugin.name}: ${spec.name} lists a name twice`);
      if (!spec.usage.trim() || !spec.help.trim() || spec.examples.length === 0) {
        throw new RegistryError(`plugin ${plugin.name}: ${spec.name} needs usage, help and at least one example`);
      }
      for (const name of names) this.byName.set(name, { spec, plugin: plugin.name, hidden: hidden.includes(name) });
      this.canonical.push(spec);
    }
  }

  get(name: string): CommandSpec | undefined {
    return this.byName.get(name.toLowerCase())?.spec;
  }

  /** Every command once, in load order. */
  commands(): readonly CommandSpec[] {
    return this.canonical;
  }

  /** Every name and alias, for "did you mean"; without admin commands when `includeAdmin` is false, without hidden aliases unless `includeHidden`. */
  names(opts: { includeAdmin?: boolean; includeHidden?: boolean } = {}): string[] {
    return [...this.byName]
      .filter(([, entry]) => (opts.includeAdmin !== false || !entry.spec.admin) && (opts.includeHidden === true || !entry.hidden))
      .map(([name]) => name);
  }
}
