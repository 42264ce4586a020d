import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { AuditLog } from '../audit/audit-log.js';
import { changedFields } from '../audit/audit-snapshots.js';
import type { Actor } from '../common/auth/actor.js';
import { ChainSettings } from './chain-settings.entity.js';
import type { ChainSettingsDto } from './dto/event-defaults.dto.js';
import { type DefaultsLevel, type EventDefaults, normaliseOffsets, resolveEventDefaults } from './event-defaults.js';

/** The chain's defaults for new events (one row), and what a clinic's new events get from them. */
@Injectable()
export class SettingsService {
  constructor(@InjectRepository(ChainSettings) private readonly settings: Repository<ChainSettings>) {}

  /** The chain's row; the migration writes it, so it is there (an empty one stands in if someone deleted it). */
  async chain(manager?: EntityManager): Promise<ChainSettings> {
    const found = await (manager ?? this.settings.manager).findOne(ChainSettings, { where: { id: true } });
    return (
      found ??
      Object.assign(new ChainSettings(), {
        id: true,
        reminderOffsetsMinutes: null,
        maxPartySize: null,
        waitlistEnabled: null,
        updatedAt: new Date(0),
      })
    );
  }

  /** Replaces the chain's defaults: a field left out or null goes back to the built-in value. */
  async updateChain(input: ChainSettingsDto, actor: Actor | null = null): Promise<ChainSettings> {
    const values = {
      reminderOffsetsMinutes:
        input.reminderOffsetsMinutes == null ? null : normaliseOffsets(input.reminderOffsetsMinutes),
      maxPartySize: input.maxPartySize ?? null,
      waitlistEnabled: input.waitlistEnabled ?? null,
    };
    await this.settings.manager.transaction(async (manager) => {
      const { reminderOffsetsMinutes, maxPartySize, waitlistEnabled } = await this.chain(manager);
      await manager.upsert(ChainSettings, { id: true, ...values }, ['id']);
      // One audit row in the same transaction (src/audit): the chain's defaults before and after.
      await AuditLog.record(manager, {
        actor,
        action: 'chain_settings.updated',
        clinicId: null,
        subject: { type: 'chain_settings', id: null },
        ...changedFields({ reminderOffsetsMinutes, maxPartySize, waitlistEnabled }, values),
      });
    });
    return this.chain();
  }

  /**
   * What a new event of this clinic gets for what it leaves out: the clinic's defaults, else the chain's,
   * else the built-in ones. Inside a transaction pass its manager.
   */
  async defaultsFor(clinic: ClinicDefaults | null, manager?: EntityManager): Promise<EventDefaults> {
    return resolveEventDefaults(clinic && clinicLevel(clinic), await this.chain(manager));
  }
}

/** A clinic's own defaults as its columns hold them. */
export interface ClinicDefaults {
  defaultReminderOffsetsMinutes: number[] | null;
  defaultMaxPartySize: number | null;
  defaultWaitlistEnabled: boolean | null;
}

export function clinicLevel(clinic: ClinicDefaults): DefaultsLevel {
  return {
    reminderOffsetsMinutes: clinic.defaultReminderOffsetsMinutes,
    maxPartySize: clinic.defaultMaxPartySize,
    waitlistEnabled: clinic.defaultWaitlistEnabled,
  };
}
