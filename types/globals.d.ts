// The globals the classic scripts in extension/common/ and extension/content/ define, so that
// `tsc` (./dev lint) checks their users in both worlds.

interface CompiledSite extends Site {
  compiledProfiles: (ProfileRule & { regex: RegExp; valueRegex: RegExp | null; idRegex: RegExp | null })[];
  linkHostRegex: RegExp | null;
}

interface Profile {
  platform: string;
  handle: string | null;
  id: string | null;
  instance: string | null;
}

interface Account {
  platform: string;
  handle?: string | null;
  id?: string | null;
  instance?: string | null;
}

declare var NoContactSites: {
  register(site: Site): void;
  all(): CompiledSite[];
  forPlatform(platform: string): CompiledSite | null;
  forHost(host: string): CompiledSite | null;
  profileFromUrl(url: string): Profile | null;
  profileAddress(platform: string, key: { handle?: string; id?: string }): string | null;
};

declare var NoContactIdentity: {
  normaliseHandle(handle: string | null | undefined, instance?: string | null): string | null;
  accountKey(account: Account): string;
  accountMatches(account: Account, platform: string, key: { handle?: string; id?: string }): boolean;
};

declare var NoContactInterstitial: {
  PAGE: string;
  newToken(): string;
  pathFor(token: string): string;
  isToken(token: unknown): boolean;
};

declare var NoContactMatcher: {
  compile(dom: DomSpec): any;
  /** A fresh `data-` attribute name no page can know in advance (the engine's marks). */
  randomName(): string;
  /** Whether the parser may still add to an item (the page is loading and nothing follows it). */
  stillParsing(item: Element): boolean;
  /** Leave this page for the interstitial: the background moves the tab. */
  leaveFor(site: CompiledSite, person: { handle: string } | { id: string }, cameFrom?: string | null): void;
};

declare var NoContactSeal: {
  createSealer(site: CompiledSite): { use(entry: any): void; consider(item: Element, result: any): void };
};
