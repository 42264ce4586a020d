import { Module } from '@nestjs/common';
import { StaffModule } from '../../../staff/staff.module.js';
import { AssetsModule } from '../../assets/assets.module.js';
import { PageRenderer } from '../../view/page-renderer.js';
import { StaffPageGate } from './staff-page-gate.js';
import { StaffSessions } from './staff-sessions.service.js';
import { StaffSessionsStore } from './staff-sessions.store.js';

/**
 * Back-office sessions and the gate of every @StaffPage() route. Imported by AuthModule (its global guard
 * uses the gate); the sign-in pages live in SessionPagesModule, which needs AuthModule in turn.
 */
@Module({
  imports: [StaffModule, AssetsModule],
  providers: [StaffSessionsStore, StaffSessions, StaffPageGate, PageRenderer],
  exports: [StaffSessions, StaffPageGate],
})
export class StaffSessionsModule {}
