// What a field the page leaves empty reads as in an answer: "not given", never nothing
// ("Mailing list:  · IRC: "). Shared by the cards and the MAINTAINERS-aware formatting.
/** A field the page left empty reads "not given", never as nothing ("Mailing list:  · IRC: "). */
export function givenOr(value: string | null | undefined, fallback = "not given"): string {
  const v = value?.trim();
  return v ? v : fallback;
}
