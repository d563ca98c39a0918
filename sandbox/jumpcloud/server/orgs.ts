// Which directory serves which organization: the handler's own, any others it was given, and an empty one made on first use for any other org an MTP key names.
import { generateDirectory, type JumpCloudDirectory } from '../directory.js';

export class OrgDirectories {
  private readonly byOrg: Map<string, JumpCloudDirectory>;

  constructor(
    /** The org a single-org key reaches, and the one the handler was built around. */
    readonly home: JumpCloudDirectory,
    others: readonly JumpCloudDirectory[] = [],
  ) {
    this.byOrg = new Map([[home.orgId, home]]);
    for (const d of others) this.byOrg.set(d.orgId, d);
  }

  get(orgId: string): JumpCloudDirectory {
    let d = this.byOrg.get(orgId);
    if (!d) {
      d = generateDirectory({ users: 0, groups: 0, orgId, orgName: `Managed Organization ${orgId.slice(-6)}` });
      this.byOrg.set(orgId, d);
    }
    return d;
  }
}
