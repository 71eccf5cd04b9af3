/** Membership tests against the host lists of domain-lists.json (shorteners, rewriters, hosting...). */
import lists from './domain-lists.json' with { type: 'json' };
import freemail from './freemail-domains.json' with { type: 'json' };

/** A set of host names matched at label boundaries: `a.b.example` matches an entry `b.example`. */
export class HostSet {
  private readonly hosts: Set<string>;

  constructor(entries: readonly string[]) {
    this.hosts = new Set(entries.map((e) => e.toLowerCase()));
  }

  /** The listed entry the host falls under, or null. O(number of labels). */
  match(host: string | null): string | null {
    if (host === null) return null;
    let h = host;
    for (;;) {
      if (this.hosts.has(h)) return h;
      const dot = h.indexOf('.');
      if (dot < 0) return null;
      h = h.slice(dot + 1);
    }
  }
}

export const SHORTENERS = new HostSet(lists.shorteners);
export const REWRITERS = new HostSet(lists.rewriters);
export const USER_CONTENT_HOSTING = new HostSet(lists.userContentHosting);
/** A label this long or shorter is a public suffix part (com, co, uk, com.br), not a name. */
const MAX_SUFFIX_LABEL = 3;

/**
 * Free-mail providers: the listed domains, and providers listed by name under any suffix
 * (`yahoo.*`: yahoo.co.jp, hotmail.es), as SpamAssassin's freemail list writes them.
 */
export class FreemailSet extends HostSet {
  private readonly names: ReadonlySet<string>;

  constructor(entries: readonly string[], names: readonly string[]) {
    super(entries);
    this.names = new Set(names);
  }

  override match(host: string | null): string | null {
    const listed = super.match(host);
    if (listed !== null || host === null) return listed;
    const labels = host.split('.');
    // name.tld or name.co.tld: at most two short labels after the provider's name.
    for (let i = Math.max(0, labels.length - 3); i < labels.length - 1; i++) {
      if (!this.names.has(labels[i]!)) continue;
      const rest = labels.slice(i + 1);
      if (rest.every((l) => l.length > 0 && l.length <= MAX_SUFFIX_LABEL)) return labels.slice(i).join('.');
    }
    return null;
  }
}

export const FREEMAIL = new FreemailSet([...lists.freemail, ...freemail.domains], freemail.names);

/**
 * The free-mail provider an address is a mailbox of, or null. Users get addresses at the
 * provider's domain itself (someone@comcast.net); a subdomain (alerts.comcast.net) is the
 * provider's own mail system, unless the list names that subdomain as a mailbox domain itself.
 */
export function freeMailboxOf(address: string): string | null {
  let host = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  while (host.endsWith('.')) host = host.slice(0, -1);
  const provider = FREEMAIL.match(host);
  return provider !== null && provider === host ? provider : null;
}
export const ABUSED_TLDS: ReadonlySet<string> = new Set(lists.abusedTlds);
/** First host labels of mailing-list services (`groups` of groups.msn.com): a list, not a mailbox. */
export const MAILING_LIST_LABELS: ReadonlySet<string> = new Set(lists.mailingListLabels);

/** The top-level domain of a host when it is one that abuse reports rank high, else null. */
export function abusedTld(host: string | null): string | null {
  if (host === null) return null;
  const tld = host.slice(host.lastIndexOf('.') + 1);
  return ABUSED_TLDS.has(tld) ? tld : null;
}

/** Email service providers' sending domains (DKIM d=, envelope sender): bulk mail infrastructure. */
export const ESPS = new HostSet(lists.esps);
/** Header fields (lower case) that ESPs and bulk senders add: bulk-mail infrastructure too. */
export const ESP_HEADERS: ReadonlySet<string> = new Set(lists.espHeaders);
/** Free cloud-tenant mail domains (`contoso.onmicrosoft.com`): anyone can send from one. */
export const FREE_TENANTS = new HostSet(lists.freeTenants);
/** Sites any organisation links to from its footers (social networks, app stores). */
export const COMMON_LINK_HOSTS = new HostSet(lists.commonLinkHosts);
