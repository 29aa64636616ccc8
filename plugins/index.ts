// The plugins xenbot loads, in the order !help lists their commands.
import type { Plugin } from "../src/plugin-api.js";
import { adminPlugin } from "./admin.js";
import { contactsPlugin } from "./contacts.js";
import { helpPlugin } from "./help.js";
import { maintainersPlugin } from "./maintainers.js";
import { onboardingPlugin } from "./onboarding.js";
import { projectsPlugin } from "./projects.js";
import { createSuggestPlugin } from "./suggest.js";

/** Fresh instances: plugins with memory (!suggest's recent picks) start empty. */
export function builtinPlugins(): Plugin[] {
  return [projectsPlugin, createSuggestPlugin(), contactsPlugin, maintainersPlugin, onboardingPlugin, helpPlugin, adminPlugin];
}
