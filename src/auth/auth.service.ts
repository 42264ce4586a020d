import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { isUUID } from 'class-validator';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Actor } from '../common/auth/actor.js';
import { PasswordHasher } from '../common/auth/password-hasher.js';
import { UnauthenticatedError } from '../common/errors/domain-error.js';
import type { StaffUser } from '../staff/staff-user.entity.js';
import { StaffService } from '../staff/staff.service.js';

interface TokenClaims {
  sub: string;
  role: string;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly staff: StaffService,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A short-lived signed token for an enabled account whose password matches. */
  async login(email: string, password: string): Promise<{ accessToken: string; expiresIn: number }> {
    const user = await this.verifyCredentials(email, password);
    const claims: TokenClaims = { sub: user.id, role: user.role };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.jwt.ttlSeconds });
    return { accessToken, expiresIn: this.config.jwt.ttlSeconds };
  }

  /**
   * The enabled account with this e-mail and password (API login and the sign-in page alike). One answer
   * for an unknown address, a wrong password and a disabled account, in about the same time, so the
   * answer never tells which addresses have accounts.
   */
  async verifyCredentials(email: string, password: string): Promise<StaffUser> {
    const user = await this.staff.findForLogin(email);
    // An invited account has no password yet: verified against nothing, as for an unknown address.
    const matches = await this.hasher.verify(user?.passwordHash ?? undefined, password);
    if (!user || !matches) throw new UnauthenticatedError('E-mail or password is wrong.', 'INVALID_CREDENTIALS');
    return user;
  }

  /**
   * The account id a bearer token was issued to when its signature and expiry hold, without reading the
   * account (the rate limiter counts signed-in staff per account; the guard still checks the account).
   */
  async accountIdOfToken(token: string): Promise<string | undefined> {
    try {
      const claims = await this.jwt.verifyAsync<TokenClaims & object>(token, { algorithms: ['HS256'] });
      return isUUID(claims.sub, 'all') ? claims.sub : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * The actor behind a bearer token. The account is read again on every request, so a disabled account,
   * a changed role or a removed clinic takes effect at once, not when the token expires.
   */
  async actorForToken(token: string): Promise<Actor> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims & object>(token, { algorithms: ['HS256'] });
    } catch {
      throw new UnauthenticatedError('The sign-in token is invalid or has expired.', 'INVALID_TOKEN');
    }
    // Account ids are UUIDs; any other subject would make PostgreSQL reject the lookup (a 500, not a 401).
    const actor = isUUID(claims.sub, 'all') ? await this.staff.findActiveActor(claims.sub) : undefined;
    if (!actor) throw new UnauthenticatedError('This account is disabled or no longer exists.', 'INVALID_TOKEN');
    return actor;
  }
}
