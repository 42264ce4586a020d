-- The minimal reserving transaction, for pgbench (bench/reserve.ts runs it with -M prepared -D event=<uuid>):
-- take the seat with the conditional UPDATE (the guard against overselling and the event's row lock in one
-- statement), insert one confirmed reservation with only the columns NOT NULL requires, commit. E-mail,
-- confirmation code and manage-token hash are random, so each insert passes the unique indexes.
BEGIN;
UPDATE events SET confirmed_seats = confirmed_seats + 1 WHERE id = :event AND confirmed_seats + 1 <= capacity;
INSERT INTO reservations (event_id, name, email, party_size, status, confirmation_code, manage_token_hash, manage_token_nonce)
VALUES (:event, 'pgbench attendee', gen_random_uuid() || '@pgbench.local', 1, 'confirmed',
        substr(md5(random()::text), 1, 12), md5(random()::text) || md5(random()::text), md5(random()::text));
COMMIT;
