import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { PasswordHasher } from '../common/auth/password-hasher.js';
import { ClinicsModule } from '../clinics/clinics.module.js';
import { StaffModule } from '../staff/staff.module.js';
import { AccountModule } from '../site/back-office/account/account.module.js';
import { StaffSessionsModule } from '../site/back-office/session/staff-sessions.module.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { MyClinics } from './my-clinics.js';
import { StaffInvitationsController } from './staff-invitations.controller.js';

@Module({
  imports: [
    StaffModule,
    ClinicsModule,
    StaffSessionsModule,
    AccountModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.jwt.secret, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [AuthController, StaffInvitationsController],
  providers: [AuthService, AuthGuard, PasswordHasher, MyClinics],
  exports: [AuthService, AuthGuard, MyClinics],
})
export class AuthModule {}
