// How fast the bot may talk on a network: lines at once, then one per interval. No IRC server
// announces its flood limits (ISUPPORT has no token for them), but every server names its
// software in RPL_YOURHOST ("running version InspIRCd-3"), and each software's defaults are
// known. So: the operator's `irc.flood` values when set; else the profile of the server's
// software; else the generic profile, which is Sopel's default (4 at once, then one per 0.7 s),
// run for years on Libera.Chat (solanum), OFTC (hybrid) and the other big networks without
// being killed for flooding; Limnoria sends one per second there.
//
// The one software whose defaults ask for less is InspIRCd: its connect class processes one
// command a second (commandrate 1000) beyond a penalty threshold of 10 lines, and delays the
// rest ("fakelag") in an 8 KiB-class receive queue, which a long answer at 0.7 s fills (measured
// on a local InspIRCd 3: 40 lines at 0.7 s arrived up to 5 s late; at 1 s, on time).
import type { Pace } from "./flood-queue.js";

export interface PacingProfile extends Pace {
  /** Named in the log line, so an operator sees which rule applied. */
  name: string;
}

export const GENERIC_PACING: PacingProfile = { name: "generic", burst: 4, intervalMs: 700 };

/** Server software (RPL_YOURHOST's version) → its profile; first match wins. */
const SOFTWARE_PROFILES: ReadonlyArray<{ software: RegExp; profile: PacingProfile }> = [
  { software: /^inspircd/i, profile: { name: "inspircd", burst: 4, intervalMs: 1_000 } },
];

export interface ConfiguredPacing {
  burst?: number | undefined;
  interval_ms?: number | undefined;
}

/** The pace for a server: configured values win, each on its own; the rest from the profile. */
export function pacingFor(software: string | null, configured: ConfiguredPacing): PacingProfile {
  const profile = (software && SOFTWARE_PROFILES.find((p) => p.software.test(software.trim()))?.profile) || GENERIC_PACING;
  if (configured.burst === undefined && configured.interval_ms === undefined) return profile;
  return {
    name: `${profile.name}, configured`,
    burst: configured.burst ?? profile.burst,
    intervalMs: configured.interval_ms ?? profile.intervalMs,
  };
}
