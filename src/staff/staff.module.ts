import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PasswordHasher } from '../common/auth/password-hasher.js';
import { ClinicsModule } from '../clinics/clinics.module.js';
import { StaffUser } from './staff-user.entity.js';
import { StaffController } from './staff.controller.js';
import { BootstrapAdmin } from './bootstrap-admin.js';
import { StaffService } from './staff.service.js';
import { StaffAccountAccess } from './staff-account-access.js';

@Module({
  imports: [TypeOrmModule.forFeature([StaffUser]), ClinicsModule],
  controllers: [StaffController],
  providers: [StaffService, PasswordHasher, BootstrapAdmin, StaffAccountAccess],
  exports: [StaffService, StaffAccountAccess],
})
export class StaffModule {}
