import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

/**
 * The domain of every invite UID, `<reservation id>@<domain>` (DESIGN rule 7: one stable UID per
 * reservation). It used to be the host of PUBLIC_BASE_URL of whichever process rendered the invite, so a new
 * public URL, or a worker configured with another, gave a reservation's next invite a new UID and calendars
 * kept the old one as a duplicate that was never cancelled. Now the first start of any instance stores its
 * host in invite_identity and every instance uses that row from then on; the UID travels in each message's
 * context, so the dispatcher never derives it again.
 *
 * The one table's SQL is here: one row (CHECK (id)), inserted if absent and never updated.
 */
@Injectable()
export class InviteUidDomain implements OnApplicationBootstrap {
  private domain: string | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Loaded before the app takes requests or the dispatcher sends (migrations have run by then). */
  async onApplicationBootstrap(): Promise<void> {
    await this.load();
  }

  async load(): Promise<string> {
    if (this.domain) return this.domain;
    // Two instances starting at once: one insert wins, and both read the winner's row.
    await this.dataSource.query(
      `INSERT INTO invite_identity (id, uid_domain) VALUES (true, $1) ON CONFLICT (id) DO NOTHING`,
      [hostOf(this.config.publicBaseUrl)],
    );
    const [row] = (await this.dataSource.query(`SELECT uid_domain FROM invite_identity WHERE id`)) as {
      uid_domain: string;
    }[];
    this.domain = row!.uid_domain;
    return this.domain;
  }

  /** The invite UID of a reservation, the same for its whole life and whatever the public URL becomes. */
  uidFor(reservationId: string): string {
    if (!this.domain) throw new Error('InviteUidDomain is read before the application start loaded it');
    return `${reservationId}@${this.domain}`;
  }
}

/** The host as a UID can carry it: letters, digits, dots and hyphens (an IPv6 literal or an empty host falls back). */
function hostOf(publicBaseUrl: string): string {
  const host = new URL(publicBaseUrl).hostname.replace(/[^A-Za-z0-9.-]/g, '');
  return host || 'clinic-seminars';
}
