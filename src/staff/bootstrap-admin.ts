import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { StaffService } from './staff.service.js';

/** Makes sure the admin named by BOOTSTRAP_ADMIN_EMAIL exists, so a fresh install can be signed into. */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  constructor(
    private readonly staff: StaffService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.bootstrapAdmin) await this.staff.ensureBootstrapAdmin(this.config.bootstrapAdmin);
  }
}
