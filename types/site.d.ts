// The site-file format: what every extension/sites/<platform>.js registers, and what a rule pack
// (a newer copy of the same data) must be. Data only: strings, numbers, booleans, arrays and plain
// objects, so that it can travel as JSON. `tsc` checks every site file against it (./dev lint);
// common/site-check.js checks data arriving at run time against the same shape.

/** A regular expression, as its source text (compiled once by the registry or the matcher). */
type RegexSource = string;

/** How one profile address names a person. */
interface ProfileRule {
  /** tested (case-insensitively) against the URL's path */
  pattern: RegexSource;
  /** read the person from this query parameter instead of the path (e.g. profile.php?id=) */
  param?: string;
  /** with `param`: the parameter's value must match this; its groups are what handle/id name */
  value?: RegexSource;
  /** the capture group holding the handle */
  handle?: number;
  /** the capture group holding the stable id */
  id?: number;
  /** a fediverse address: the capture group holding the account's domain; absent or empty: the page's host */
  domain?: number;
  /** a handle matching this is a stable id instead (Bluesky DIDs, LinkedIn member ids) */
  idIf?: RegexSource;
  /** first path segments that are the site's own pages, never a person */
  reserved?: string[];
}

/** Where an item (or a control's row) names a person. */
interface Reader {
  /** elements inside the item to read (absent: the item itself) */
  selector?: string;
  /** the attribute to read ("href", "author", "data-testid" ...) */
  attr: string;
  /** group 1 is the handle or id; or the named groups user/domain(/host) for fediverse handles */
  pattern: RegexSource;
  /** "handle" compares lower-cased, "id" as is, "either" both */
  as: "handle" | "id" | "either";
  /** skip elements inside this (mentions inside someone else's text) */
  notInside?: string;
  /** read only the first element that matches `selector` */
  first?: boolean;
}

/** One kind of thing on a page that can be theirs. */
interface ItemRule {
  /** what the item is, for people reading the file and for tests */
  kind: "post" | "reply" | "comment" | "repost" | "quote" | "user" | "suggestion" | "placeholder";
  selector: string;
  /** the ancestor to hide instead (a virtualised row); the item itself when none matches */
  hide?: string;
  authors: Reader[];
  /** where the item's own address is, for the sealed record (absent: the page's address) */
  permalink?: Permalink;
}

/** The element (the item, or the first inside it matching `selector`) and attribute holding an
 * item's own address, relative or absolute; with `template`, the value fills its {} instead. */
interface Permalink {
  selector?: string;
  attr: string;
  template?: string;
}

/** The site's own Unblock control. */
interface ControlRule {
  selector: string;
  /** counts only on pages whose path + query match (a blocked-list page) */
  where?: RegexSource;
  /** the control's ancestor that names the person (a list row) */
  row?: string;
  authors?: Reader[];
  /** a control of the profile page it is on: the person is whoever the page's address names */
  page?: boolean;
}

/** What the content engine hides on the site's pages (content/matcher.js). */
interface DomSpec {
  items: ItemRule[];
  /** more attribute names whose changes mean "check this item again" */
  attributes?: string[];
  /** more events (on document) after which the address is checked again (in-app navigation) */
  navigationEvents?: string[];
  unblockControls?: ControlRule[];
}

/** What a healthy page of the site looks like (content/health.js): the health self-check. */
interface SiteHealth {
  /** path patterns of pages that always show items when the site works (a home feed) */
  itemPages: RegexSource[];
}

/** One site: everything the extension knows about it. */
interface Site {
  /** the platform id: also the file's name, the locale key site_<platform>, the documents' enum */
  platform: string;
  /** the fixed hosts: the manifest's content scripts, host permissions and web-accessible matches */
  hosts: string[];
  /** runs on hosts the user adds (Mastodon instances) rather than on fixed hosts */
  userHosts?: boolean;
  /** more hosts whose profile links people paste (LinkedIn's country subdomains); recognition only */
  linkHosts?: RegexSource;
  /** what a bare handle looks like on this site (without the @), so a typo is refused with a reason */
  handlePattern?: RegexSource;
  /** their profile's address, {} being the handle or id ({user} and {domain} of a fediverse handle) */
  profileUrl?: { handle?: string; id?: string };
  profiles: ProfileRule[];
  /** full loads of a profile as declarativeNetRequest urlFilters; {} is the handle or the id */
  redirects?: { handle?: string[]; id?: string[] };
  dom: DomSpec;
  /** the health self-check's data (absent: the site is not checked) */
  health?: SiteHealth;
}
