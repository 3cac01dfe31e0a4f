/**
 * Deterministic synthetic AD forests: users, groups (nested, with members) and GALSync-style
 * contacts with realistic attributes, for the app's "Generate objects" and for the benchmark.
 *
 * The same options give the same objects, byte for byte: all randomness comes from a seeded
 * generator, never from Math.random or the clock.
 */
import { SeededRandom } from '../entra/seeded-random.ts';
import { Ref, type AttributeBag, type Scalar } from '../expr/values.ts';
import { sidToBytes } from './binary.ts';
import { domainToDn, escapeDnValue } from './dn.ts';
import { flat, flatten } from './flat-text.ts';
import type { ForestObject, ForestSpec } from './scenario.ts';

export interface GenerateProgress {
  /** Called after each chunk with objects made so far and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Objects per chunk between progress reports (and, when async, pauses). Default 2,000. */
  chunkSize?: number;
}

export interface GenerateForestOptions extends GenerateProgress {
  seed: number;
  /** Forest root DNS name, e.g. `contoso.com`. */
  name: string;
  netbios: string;
  users: number;
  groups: number;
  contacts: number;
  /**
   * Share (0 to 1) of contacts that are GALSync copies of users of the `peers` forests (same mail,
   * names and company), the cross-forest duplicates a mail join or soft match meets. The rest are
   * contacts of outside partners. Default 0.3.
   */
  duplicateShare?: number;
  /** Other forests whose mail-enabled users the duplicate contacts copy. */
  peers?: readonly ForestSpec[];
  /** Share of users that are disabled (userAccountControl 514). Default 0.05. */
  disabledShare?: number;
  /** Share of users with an Exchange mailbox (mail, proxyAddresses, mailNickname). Default 0.9. */
  mailboxShare?: number;
}

export interface GenerateMultiForestOptions extends GenerateProgress {
  seed: number;
  /** Number of forests (1 to 8). */
  forests: number;
  /** Objects in all forests together, OUs included. */
  totalObjects: number;
  /** See {@link GenerateForestOptions.duplicateShare}. Default 0.3. */
  duplicateShare?: number;
}

/** An AbortSignal, or anything with `aborted`. */
export interface AbortFlag {
  readonly aborted: boolean;
}

export type GenerateResult<T> = { ok: true; value: T } | { ok: false; aborted: true };

// ---------------------------------------------------------------------------------------------
// Name lists
// ---------------------------------------------------------------------------------------------

const GIVEN_NAMES = (
  'Ann Bob Carla David Elena Farid Grace Hiro Ines Jamal Kerstin Liam Maria Nikolai Olivia Pedro ' +
  'Quinn Rosa Sven Tatiana Umar Vera Wei Xavier Yasmin Zoltan Aiko Bjorn Chloe Dmitri Emeka Fatima ' +
  'Gustavo Hannah Ivan Julia Kenji Lucia Mohammed Nadia Oscar Priya Rahul Sofia Thomas Ursula ' +
  'Valentina William Ximena Yusuf Zara Adrian Beatriz Connor Daniela Erik Francesca Giorgos Helga ' +
  'Isaac Jana Kofi Leila Mateo Noor Ola Pavel Rania Samuel Tereza Uma Victor Wanjiru Yara Zhang ' +
  'Amelie Bruno Camila Diego Eva Felix Greta Hugo Ingrid Jonas Klara Lars Mila Noah Ravi Sara'
).split(' ');

const SURNAMES = (
  'Smith Johnson Garcia Muller Rossi Kowalski Nguyen Kim Tanaka Silva Novak Jensen Okafor Haddad ' +
  'Ivanova Martin Bernard Dubois Schmidt Fischer Weber Meyer Wagner Becker Schulz Hoffmann Romano ' +
  'Ricci Costa Ferreira Santos Oliveira Pereira Lopez Martinez Gonzalez Rodriguez Hernandez Perez ' +
  'Sanchez Ramirez Torres Flores Rivera Gomez Diaz Reyes Cruz Morales Ortiz Gutierrez Chavez Wood ' +
  'Brown Taylor Wilson Davies Evans Thomas Roberts Walker Wright Robinson Thompson White Hughes ' +
  'Edwards Green Hall Lewis Harris Clarke Patel Jackson Lee Chen Wang Li Zhao Liu Yang Huang Singh ' +
  'Kumar Sharma Gupta Andersen Nielsen Larsen Hansen Pedersen Lindqvist Berg Virtanen Horvath Nagy'
).split(' ');

const DEPARTMENTS: readonly { name: string; titles: readonly string[] }[] = [
  { name: 'Sales', titles: ['Account Executive', 'Sales Manager', 'Sales Representative'] },
  { name: 'Marketing', titles: ['Marketing Specialist', 'Brand Manager', 'Content Writer'] },
  { name: 'Engineering', titles: ['Software Engineer', 'Senior Engineer', 'Engineering Manager'] },
  { name: 'Finance', titles: ['Accountant', 'Financial Analyst', 'Controller'] },
  { name: 'Human Resources', titles: ['HR Generalist', 'Recruiter', 'HR Business Partner'] },
  { name: 'Legal', titles: ['Counsel', 'Paralegal', 'Compliance Officer'] },
  { name: 'Operations', titles: ['Operations Analyst', 'Logistics Coordinator', 'Plant Manager'] },
  { name: 'IT', titles: ['Systems Administrator', 'Help Desk Technician', 'Identity Architect'] },
  { name: 'Support', titles: ['Support Engineer', 'Customer Success Manager', 'Escalation Lead'] },
  { name: 'Research', titles: ['Research Scientist', 'Lab Technician', 'Principal Researcher'] },
];

const SITES: readonly {
  city: string;
  c: string;
  co: string;
  countryCode: number;
  phone: string;
}[] = [
  { city: 'Seattle', c: 'US', co: 'United States', countryCode: 840, phone: '+1 206 555' },
  { city: 'London', c: 'GB', co: 'United Kingdom', countryCode: 826, phone: '+44 20 7946' },
  { city: 'Munich', c: 'DE', co: 'Germany', countryCode: 276, phone: '+49 89 9999' },
  { city: 'Paris', c: 'FR', co: 'France', countryCode: 250, phone: '+33 1 9900' },
  { city: 'Sydney', c: 'AU', co: 'Australia', countryCode: 36, phone: '+61 2 5550' },
  { city: 'Tokyo', c: 'JP', co: 'Japan', countryCode: 392, phone: '+81 3 5555' },
  { city: 'Toronto', c: 'CA', co: 'Canada', countryCode: 124, phone: '+1 416 555' },
  { city: 'Sao Paulo', c: 'BR', co: 'Brazil', countryCode: 76, phone: '+55 11 5555' },
];

const PARTNER_DOMAINS = [
  'partners.example',
  'supplier.example',
  'agency.example',
  'consult.example',
];

/** Forest names for {@link generateMultiForest}: Microsoft's fictitious companies. */
const FOREST_NAMES = [
  'contoso.com',
  'fabrikam.com',
  'tailspintoys.com',
  'wingtiptoys.com',
  'northwindtraders.com',
  'adventure-works.com',
  'litwareinc.com',
  'woodgrovebank.com',
];

// AD constants (MS-ADTS 2.2.16 userAccountControl; groupType; Exchange recipient types).
const UAC_NORMAL = 512;
const UAC_DISABLED = 514;
const UAC_DONT_EXPIRE = 66048;
const GROUP_GLOBAL_SECURITY = -2147483646;
const GROUP_DOMAIN_LOCAL_SECURITY = -2147483644;
const GROUP_UNIVERSAL_SECURITY = -2147483640;
const GROUP_UNIVERSAL_DISTRIBUTION = 8;
const RECIPIENT_USER_MAILBOX = 1;
const RECIPIENT_MAIL_CONTACT = 64;
const RECIPIENT_MAIL_UNIVERSAL_DISTRIBUTION_GROUP = 256;
const RECIPIENT_MAIL_UNIVERSAL_SECURITY_GROUP = 1024;
/** 2023-11-14T22:13:20Z as FILETIME: a recent pwdLastSet to vary from. */
const PWD_BASE = 133444736000000000n;
const DAY_TICKS = 864000000000n;

function hashSeed(seed: number, text: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function asciiFold(s: string): string {
  return s.normalize('NFD').replace(/[^A-Za-z0-9]/g, '');
}

// ---------------------------------------------------------------------------------------------
// The builder
// ---------------------------------------------------------------------------------------------

interface UserInfo {
  dn: string;
  mail: string | undefined;
  given: string;
  sn: string;
  department: number;
}

class ForestBuilder {
  readonly rng: SeededRandom;
  readonly objects: ForestObject[] = [];
  readonly users: UserInfo[] = [];
  private readonly rootDn: string;
  private readonly usedCn = new Set<string>();
  private readonly usedSam = new Set<string>();
  private readonly usedMail = new Set<string>();
  private readonly domainSid: [number, number, number];
  private nextRid = 1104;
  private readonly byDepartment: UserInfo[][] = DEPARTMENTS.map(() => []);
  private readonly sites: readonly (typeof SITES)[number][];
  private readonly company: string;

  constructor(readonly o: GenerateForestOptions) {
    this.rng = new SeededRandom(hashSeed(o.seed, o.name.toLowerCase()));
    this.rootDn = domainToDn(o.name);
    this.domainSid = [
      1_000_000_000 + this.rng.nextInt(3_000_000_000),
      1_000_000_000 + this.rng.nextInt(3_000_000_000),
      1_000_000_000 + this.rng.nextInt(3_000_000_000),
    ];
    // Each forest has two or three sites, so OU trees differ between forests.
    const first = this.rng.nextInt(SITES.length);
    const count = 2 + this.rng.nextInt(2);
    this.sites = Array.from(
      { length: count },
      (_, i) => SITES[(first + i) % SITES.length] ?? SITES[0]!,
    );
    const label = o.name.split('.')[0] ?? o.name;
    this.company = label.charAt(0).toUpperCase() + label.slice(1);
  }

  /** Organizational units: a site OU with Users / Groups / Contacts below it. */
  ouCount(): number {
    return this.sites.length * 4;
  }

  ous(): void {
    for (const site of this.sites) {
      const siteDn = `OU=${escapeDnValue(site.city)},${this.rootDn}`;
      this.push(siteDn, 'organizationalUnit', {
        ou: site.city,
        description: [flat`${site.city} office`],
      });
      for (const sub of ['Users', 'Groups', 'Contacts']) {
        this.push(flat`OU=${sub},${siteDn}`, 'organizationalUnit', { ou: sub });
      }
    }
  }

  private push(dn: string, objectClass: string, attributes: AttributeBag): void {
    this.objects.push({ dn, objectClass, attributes });
  }

  private pick<T>(list: readonly T[]): T {
    const v = list[this.rng.nextInt(list.length)];
    if (v === undefined) throw new RangeError('pick from an empty list');
    return v;
  }

  private guid(): Uint8Array {
    const b = new Uint8Array(16);
    for (let i = 0; i < 16; i += 4) {
      const r = Math.floor(this.rng.next() * 4294967296);
      b[i] = r & 0xff;
      b[i + 1] = (r >>> 8) & 0xff;
      b[i + 2] = (r >>> 16) & 0xff;
      b[i + 3] = r >>> 24;
    }
    // A version-4 GUID: in ToByteArray order the version is the high nibble of byte 7.
    b[7] = ((b[7] ?? 0) & 0x0f) | 0x40;
    b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
    return b;
  }

  private sidTemplate: Uint8Array | null = null;

  private sid(): Uint8Array {
    if (this.sidTemplate === null) {
      const [a, b, c] = this.domainSid;
      this.sidTemplate = sidToBytes(`S-1-5-21-${a}-${b}-${c}-0`);
      if (this.sidTemplate === null) throw new RangeError('bad generated domain SID');
    }
    // The domain SID with the next relative identifier (RID) as the last, little-endian, part.
    const bytes = this.sidTemplate.slice();
    new DataView(bytes.buffer).setUint32(24, this.nextRid++, true);
    return bytes;
  }

  /**
   * Per set of used names and per base: the number to try next. Names are only ever added, so a
   * number found taken stays taken and the search resumes where it stopped: 100,000 users share a
   * few thousand name pairs, and trying 2, 3, 4 … from the start each time was quadratic.
   */
  private readonly nextSuffix = new Map<Set<string>, Map<string, number>>();

  private resume(set: Set<string>): Map<string, number> {
    let memo = this.nextSuffix.get(set);
    if (!memo) this.nextSuffix.set(set, (memo = new Map()));
    return memo;
  }

  /** A mail address not used yet in this forest: `ann.smith@…`, then `ann.smith2@…`. */
  private uniqueMail(local: string, domain: string): string {
    const key = `${local}@${domain}`;
    const memo = this.resume(this.usedMail);
    let candidate = local;
    let n = memo.get(key);
    if (n !== undefined || this.usedMail.has(key)) {
      for (n ??= 2; this.usedMail.has(`${local}${n}@${domain}`); n++);
      candidate = flat`${local}${n}`;
      memo.set(key, n + 1);
    }
    this.usedMail.add(`${candidate}@${domain}`);
    return candidate;
  }

  /** `base` (cut to `max` characters) if not used yet in `set`, else the first free `base2`, `base3` … */
  private unique(set: Set<string>, base: string, max = 64): string {
    const key = `${max}\u0000${base}`;
    const memo = this.resume(set);
    let candidate = flatten(base.slice(0, max));
    let n = memo.get(key);
    if (n !== undefined || set.has(candidate.toLowerCase())) {
      for (n ??= 2; ; n++) {
        const suffix = String(n);
        candidate = flat`${base.slice(0, max - suffix.length)}${suffix}`;
        if (!set.has(candidate.toLowerCase())) break;
      }
      memo.set(key, n + 1);
    }
    set.add(candidate.toLowerCase());
    return candidate;
  }

  user(): void {
    const rng = this.rng;
    const given = this.pick(GIVEN_NAMES);
    const sn = this.pick(SURNAMES);
    const site = this.pick(this.sites);
    const department = rng.nextInt(DEPARTMENTS.length);
    const dept = DEPARTMENTS[department] ?? DEPARTMENTS[0]!;
    const ouDn = `OU=Users,OU=${escapeDnValue(site.city)},${this.rootDn}`;
    const cn = this.unique(this.usedCn, `${given} ${sn}`);
    const dn = flat`CN=${escapeDnValue(cn)},${ouDn}`;
    const sam = this.unique(this.usedSam, asciiFold(given.charAt(0) + sn).toLowerCase(), 20);
    const disabled = rng.next() < (this.o.disabledShare ?? 0.05);
    const attributes: AttributeBag = {
      cn,
      displayName: cn,
      givenName: given,
      sn,
      sAMAccountName: sam,
      userPrincipalName: flat`${sam}@${this.o.name}`,
      objectGUID: this.guid(),
      objectSid: this.sid(),
      userAccountControl: disabled ? UAC_DISABLED : rng.next() < 0.1 ? UAC_DONT_EXPIRE : UAC_NORMAL,
      pwdLastSet: PWD_BASE - BigInt(rng.nextInt(400)) * DAY_TICKS - BigInt(rng.nextInt(864000000)),
      department: dept.name,
      title: this.pick(dept.titles),
      company: this.company,
      physicalDeliveryOfficeName: site.city,
      l: site.city,
      c: site.c,
      co: site.co,
      countryCode: site.countryCode,
      telephoneNumber: flat`${site.phone} ${String(1000 + rng.nextInt(9000))}`,
      employeeID: String(100000 + this.users.length),
    };
    let mail: string | undefined;
    if (rng.next() < (this.o.mailboxShare ?? 0.9)) {
      const local = this.uniqueMail(
        asciiFold(given).toLowerCase() + '.' + asciiFold(sn).toLowerCase(),
        this.o.name,
      );
      mail = flat`${local}@${this.o.name}`;
      attributes.mail = mail;
      attributes.mailNickname = local;
      attributes.proxyAddresses = [flat`SMTP:${mail}`, flat`smtp:${sam}@${this.o.name}`];
      attributes.msExchRecipientTypeDetails = RECIPIENT_USER_MAILBOX;
    }
    // A few leads per department; everyone else reports to one of them, leads to the first user.
    const peers = this.byDepartment[department] ?? [];
    const boss =
      peers.length > 0
        ? peers[rng.nextInt(Math.min(peers.length, 1 + (peers.length >> 3)))]
        : this.users[0];
    if (boss !== undefined) attributes.manager = this.refTo(boss.dn);
    const info: UserInfo = { dn, mail, given, sn, department };
    this.users.push(info);
    peers.push(info);
    this.push(dn, 'user', attributes);
  }

  private groupDns: string[] = [];

  /** One reference per object, shared by every manager and member value naming it (values are immutable). */
  private readonly refs = new Map<string, Ref>();

  private refTo(dn: string): Ref {
    let ref = this.refs.get(dn);
    if (ref === undefined) this.refs.set(dn, (ref = new Ref(dn)));
    return ref;
  }

  group(index: number): void {
    const rng = this.rng;
    const site = this.pick(this.sites);
    const ouDn = `OU=Groups,OU=${escapeDnValue(site.city)},${this.rootDn}`;
    const members: Scalar[] = [];
    let baseName: string;
    const deptIndex = index % (DEPARTMENTS.length * 4);
    if (index < DEPARTMENTS.length) {
      // The first groups are department-wide: every member of the department.
      const dept = DEPARTMENTS[index] ?? DEPARTMENTS[0]!;
      baseName = `All ${dept.name}`;
      for (const u of this.byDepartment[index] ?? []) members.push(this.refTo(u.dn));
    } else {
      const dept = DEPARTMENTS[deptIndex % DEPARTMENTS.length] ?? DEPARTMENTS[0]!;
      const kinds = ['Team', 'Project', 'Access', 'Readers', 'Admins', 'Announcements'];
      baseName = `${dept.name} ${this.pick(kinds)} ${index}`;
      const size = Math.min(this.users.length, 3 + rng.nextInt(40));
      const chosen = new Set<number>();
      for (let k = 0; k < size; k++) chosen.add(rng.nextInt(this.users.length));
      for (const i of chosen) {
        const u = this.users[i];
        if (u !== undefined) members.push(this.refTo(u.dn));
      }
      // Nesting: a share of groups contain earlier groups (never later ones, so no cycles).
      if (this.groupDns.length > 0 && rng.next() < 0.25) {
        const n = 1 + rng.nextInt(3);
        const seen = new Set<string>();
        for (let k = 0; k < n; k++) seen.add(this.pick(this.groupDns));
        for (const g of seen) members.push(this.refTo(g));
      }
    }
    const cn = this.unique(this.usedCn, baseName);
    const dn = flat`CN=${escapeDnValue(cn)},${ouDn}`;
    const sam = this.unique(this.usedSam, asciiFold(cn).toLowerCase(), 64);
    const roll = rng.next();
    const groupType =
      roll < 0.35
        ? GROUP_GLOBAL_SECURITY
        : roll < 0.55
          ? GROUP_UNIVERSAL_SECURITY
          : roll < 0.65
            ? GROUP_DOMAIN_LOCAL_SECURITY
            : GROUP_UNIVERSAL_DISTRIBUTION;
    const attributes: AttributeBag = {
      cn,
      displayName: cn,
      sAMAccountName: sam,
      groupType,
      objectGUID: this.guid(),
      objectSid: this.sid(),
      description: [flat`${cn} (${site.city})`],
    };
    // Distribution groups are mail-enabled; so are some universal security groups.
    const mailEnabled =
      groupType === GROUP_UNIVERSAL_DISTRIBUTION ||
      (groupType === GROUP_UNIVERSAL_SECURITY && rng.next() < 0.5);
    if (mailEnabled) {
      const local = this.uniqueMail(asciiFold(cn).toLowerCase(), this.o.name);
      const mail = flat`${local}@${this.o.name}`;
      attributes.mail = mail;
      attributes.mailNickname = local;
      attributes.proxyAddresses = [flat`SMTP:${mail}`];
      attributes.msExchRecipientTypeDetails =
        groupType === GROUP_UNIVERSAL_DISTRIBUTION
          ? RECIPIENT_MAIL_UNIVERSAL_DISTRIBUTION_GROUP
          : RECIPIENT_MAIL_UNIVERSAL_SECURITY_GROUP;
    }
    if (members.length > 0) attributes.member = members;
    const owner = this.users.length > 0 ? this.users[rng.nextInt(this.users.length)] : undefined;
    if (owner !== undefined && rng.next() < 0.3) attributes.managedBy = this.refTo(owner.dn);
    this.groupDns.push(dn);
    this.push(dn, 'group', attributes);
  }

  private duplicateSource: { mail: string; given: string; sn: string; company: string }[] = [];
  private duplicateStart = 0;

  /** Collects the peers' mail-enabled users to copy; returns how many there are. */
  prepareContacts(peers: readonly ForestSpec[]): number {
    for (const f of peers) {
      const label = f.name.split('.')[0] ?? f.name;
      const company = label.charAt(0).toUpperCase() + label.slice(1);
      for (const obj of f.objects) {
        const a = obj.attributes;
        if (obj.objectClass !== 'user' || typeof a.mail !== 'string') continue;
        const given = typeof a.givenName === 'string' ? a.givenName : '';
        const sn = typeof a.sn === 'string' ? a.sn : '';
        this.duplicateSource.push({ mail: a.mail, given, sn, company });
      }
    }
    this.duplicateStart =
      this.duplicateSource.length > 0 ? this.rng.nextInt(this.duplicateSource.length) : 0;
    return this.duplicateSource.length;
  }

  contact(index: number, duplicates: number): void {
    const site = this.pick(this.sites);
    const ouDn = `OU=Contacts,OU=${escapeDnValue(site.city)},${this.rootDn}`;
    let given: string;
    let sn: string;
    let mail: string;
    let company: string;
    const source =
      index < duplicates
        ? this.duplicateSource[(this.duplicateStart + index) % this.duplicateSource.length]
        : undefined;
    if (source !== undefined) {
      // A GALSync contact: the other forest's user as a mail contact here.
      ({ given, sn, mail, company } = source);
    } else {
      given = this.pick(GIVEN_NAMES);
      sn = this.pick(SURNAMES);
      const domain = this.pick(PARTNER_DOMAINS);
      const local = this.uniqueMail(
        `${asciiFold(given).toLowerCase()}.${asciiFold(sn).toLowerCase()}`,
        domain,
      );
      mail = flat`${local}@${domain}`;
      company = domain.split('.')[0] ?? domain;
    }
    const cn = this.unique(this.usedCn, `${given} ${sn}`.trim() || mail);
    const dn = flat`CN=${escapeDnValue(cn)},${ouDn}`;
    const nick = mail.split('@')[0] ?? mail;
    this.push(dn, 'contact', {
      cn,
      displayName: source !== undefined ? flat`${cn} (${company})` : cn,
      ...(given !== '' ? { givenName: given } : {}),
      ...(sn !== '' ? { sn } : {}),
      company,
      mail,
      mailNickname: nick,
      targetAddress: flat`SMTP:${mail}`,
      proxyAddresses: [flat`SMTP:${mail}`],
      msExchRecipientTypeDetails: RECIPIENT_MAIL_CONTACT,
      objectGUID: this.guid(),
    });
  }

  forest(): ForestSpec {
    return { name: this.o.name, netbios: this.o.netbios, objects: this.objects };
  }
}

// ---------------------------------------------------------------------------------------------
// Chunked driving: the same steps run synchronously or with pauses for a responsive page
// ---------------------------------------------------------------------------------------------

/** Work in slices; each yields the number of objects made by then. */
type Work = Generator<number, void, void>;

function* usersAndGroups(b: ForestBuilder, chunk: number, base: number): Work {
  b.ous();
  let done = base + b.ouCount();
  for (let i = 0; i < b.o.users; i++) {
    b.user();
    if (++done % chunk === 0) yield done;
  }
  for (let i = 0; i < b.o.groups; i++) {
    b.group(i);
    if (++done % chunk === 0) yield done;
  }
  yield done;
}

function* contacts(
  b: ForestBuilder,
  chunk: number,
  base: number,
  peers: readonly ForestSpec[],
): Work {
  const sources = b.prepareContacts(peers);
  const share = Math.min(1, Math.max(0, b.o.duplicateShare ?? 0.3));
  const duplicates = Math.min(Math.round(b.o.contacts * share), sources);
  let done = base;
  for (let i = 0; i < b.o.contacts; i++) {
    b.contact(i, duplicates);
    if (++done % chunk === 0) yield done;
  }
  yield done;
}

function total(b: ForestBuilder): number {
  return b.ouCount() + b.o.users + b.o.groups + b.o.contacts;
}

function runSync(work: Work, report: (done: number) => void): void {
  for (let r = work.next(); !r.done; r = work.next()) report(r.value);
}

async function runAsync(
  work: Work,
  report: (done: number) => void,
  signal?: AbortFlag,
): Promise<boolean> {
  for (let r = work.next(); !r.done; r = work.next()) {
    report(r.value);
    // Give the event loop a turn so the page (or the worker's message handler) stays responsive.
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    if (signal?.aborted) return false;
  }
  return true;
}

function validateCounts(o: GenerateForestOptions): void {
  for (const k of ['users', 'groups', 'contacts'] as const) {
    const v = o[k];
    if (!Number.isInteger(v) || v < 0)
      throw new RangeError(`${k} must be a whole number ≥ 0, not ${v}`);
  }
}

/**
 * Generates one forest: OUs per site, users with managers, groups (department-wide, team and
 * nested, security and mail-enabled) and contacts, some of them GALSync copies of `peers`' users.
 *
 * @example
 * const f = generateForest({ seed: 1, name: 'contoso.com', netbios: 'CONTOSO', users: 100, groups: 10, contacts: 20 });
 * f.objects.filter((o) => o.objectClass === 'user').length // 100
 */
export function generateForest(options: GenerateForestOptions): ForestSpec {
  validateCounts(options);
  const b = new ForestBuilder(options);
  const chunk = Math.max(1, options.chunkSize ?? 2000);
  const all = total(b);
  const report = (done: number) => options.onProgress?.(done, all);
  runSync(usersAndGroups(b, chunk, 0), report);
  runSync(contacts(b, chunk, all - options.contacts, options.peers ?? []), report);
  return b.forest();
}

/**
 * {@link generateForest} in chunks with a pause between them, so that a page stays responsive and
 * `signal` can cancel. A cancelled run returns `{ ok: false, aborted: true }` and nothing else.
 *
 * @example
 * const ctl = new AbortController();
 * const r = await generateForestAsync({ ...options, onProgress: (d, t) => bar(d / t) }, ctl.signal);
 */
export async function generateForestAsync(
  options: GenerateForestOptions,
  signal?: AbortFlag,
): Promise<GenerateResult<ForestSpec>> {
  validateCounts(options);
  if (signal?.aborted) return { ok: false, aborted: true };
  const b = new ForestBuilder(options);
  const chunk = Math.max(1, options.chunkSize ?? 2000);
  const all = total(b);
  const report = (done: number) => options.onProgress?.(done, all);
  if (!(await runAsync(usersAndGroups(b, chunk, 0), report, signal)))
    return { ok: false, aborted: true };
  const rest = contacts(b, chunk, all - options.contacts, options.peers ?? []);
  if (!(await runAsync(rest, report, signal))) {
    return { ok: false, aborted: true };
  }
  return { ok: true, value: b.forest() };
}

function multiBuilders(options: GenerateMultiForestOptions): ForestBuilder[] {
  const n = options.forests;
  if (!Number.isInteger(n) || n < 1 || n > FOREST_NAMES.length) {
    throw new RangeError(`forests must be 1 to ${FOREST_NAMES.length}, not ${n}`);
  }
  if (!Number.isInteger(options.totalObjects) || options.totalObjects < 0) {
    throw new RangeError(`totalObjects must be a whole number ≥ 0, not ${options.totalObjects}`);
  }
  const names = FOREST_NAMES.slice(0, n);
  const probe = names.map(
    (name) =>
      new ForestBuilder({
        seed: options.seed,
        name,
        netbios: '',
        users: 0,
        groups: 0,
        contacts: 0,
      }),
  );
  const ous = probe.reduce((s, b) => s + b.ouCount(), 0);
  const rest = Math.max(0, options.totalObjects - ous);
  // Users 65 %, groups 10 %, contacts 25 % of what is left after OUs, spread evenly over forests.
  return names.map((name, i) => {
    const share = Math.floor(rest / n) + (i < rest % n ? 1 : 0);
    const groups = Math.floor(share * 0.1);
    const contactCount = n > 1 ? Math.floor(share * 0.25) : 0;
    const label = name.split('.')[0] ?? name;
    return new ForestBuilder({
      seed: options.seed,
      name,
      netbios: label
        .replace(/[^A-Za-z0-9]/g, '')
        .toUpperCase()
        .slice(0, 15),
      users: share - groups - contactCount,
      groups,
      contacts: contactCount,
      duplicateShare: options.duplicateShare ?? 0.3,
    });
  });
}

function* multiWork(builders: ForestBuilder[], chunk: number): Work {
  let base = 0;
  for (const b of builders) {
    yield* usersAndGroups(b, chunk, base);
    base += total(b) - b.o.contacts;
  }
  // Contacts last, once every forest's users exist: forest i copies users of forest i + 1.
  for (const [i, b] of builders.entries()) {
    const next = builders[(i + 1) % builders.length];
    const peers = next !== undefined && next !== b ? [next.forest()] : [];
    yield* contacts(b, chunk, base, peers);
    base += b.o.contacts;
  }
}

/**
 * Generates several forests with `totalObjects` objects in all (OUs included), for the benchmark:
 * 65 % users, 10 % groups and 25 % contacts, each forest's contacts partly GALSync copies of the
 * next forest's users (the cross-forest duplicates by mail).
 *
 * @example
 * generateMultiForest({ seed: 7, forests: 3, totalObjects: 100000 }).map((f) => f.name)
 * // ['contoso.com', 'fabrikam.com', 'tailspintoys.com']
 */
export function generateMultiForest(options: GenerateMultiForestOptions): ForestSpec[] {
  const builders = multiBuilders(options);
  const all = builders.reduce((s, b) => s + total(b), 0);
  runSync(multiWork(builders, Math.max(1, options.chunkSize ?? 2000)), (d) =>
    options.onProgress?.(d, all),
  );
  return builders.map((b) => b.forest());
}

/** {@link generateMultiForest} in chunks, cancellable with `signal`. */
export async function generateMultiForestAsync(
  options: GenerateMultiForestOptions,
  signal?: AbortFlag,
): Promise<GenerateResult<ForestSpec[]>> {
  if (signal?.aborted) return { ok: false, aborted: true };
  const builders = multiBuilders(options);
  const all = builders.reduce((s, b) => s + total(b), 0);
  const work = multiWork(builders, Math.max(1, options.chunkSize ?? 2000));
  if (!(await runAsync(work, (d) => options.onProgress?.(d, all), signal)))
    return { ok: false, aborted: true };
  return { ok: true, value: builders.map((b) => b.forest()) };
}
