import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The first answer to a request sent with an Idempotency-Key, replayed to its retries. */
@Entity('idempotency_records')
export class IdempotencyRecord {
  /** What the key applies to, e.g. "reserve:<event id>". */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  scope: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  key: string;

  /** SHA-256 of the request body, to refuse the same key with another body. */
  @Column({ type: 'varchar', length: 64 })
  requestHash: string;

  @Column({ type: 'integer', nullable: true })
  responseStatus: number | null;

  /** The answer, with the manage token sealed (encrypted) so that it is never stored in the clear. */
  @Column({ type: 'jsonb', nullable: true })
  responseBody: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
