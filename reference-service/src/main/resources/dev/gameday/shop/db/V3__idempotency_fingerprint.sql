-- What the request that claimed an Idempotency-Key looked like (SHA-256 of its body, hex), so a
-- reuse of the key for another request is refused instead of answered with the first order.
-- NULL for orders placed before this column existed: those keys replay as before.
ALTER TABLE orders ADD COLUMN request_sha256 text;
