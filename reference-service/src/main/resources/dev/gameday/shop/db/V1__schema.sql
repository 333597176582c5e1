-- The shop's schema. Money is numeric(12,2); stock can never go negative (a check, not just code).

CREATE TABLE products (
    id       bigserial PRIMARY KEY,
    name     text NOT NULL,
    category text NOT NULL,
    price    numeric(12,2) NOT NULL CHECK (price >= 0),
    stock    integer NOT NULL CHECK (stock >= 0)
);
CREATE INDEX products_category ON products (category, id);

CREATE TABLE users (
    id            bigserial PRIMARY KEY,
    email         text NOT NULL UNIQUE,
    name          text NOT NULL,
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cart_items (
    user_id    bigint NOT NULL REFERENCES users (id),
    product_id bigint NOT NULL REFERENCES products (id),
    quantity   integer NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (user_id, product_id)
);

CREATE TABLE orders (
    id              bigserial PRIMARY KEY,
    user_id         bigint NOT NULL REFERENCES users (id),
    idempotency_key text NOT NULL,
    status          text NOT NULL,
    total           numeric(12,2) NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    fulfilled_at    timestamptz,
    -- Set once the order is on the fulfilment queue; NULL + PLACED means the hand-off is still owed.
    queued_at       timestamptz,
    -- The idempotency guarantee lives here: one order per user and key, whatever the retries.
    CONSTRAINT orders_one_per_key UNIQUE (user_id, idempotency_key)
);
CREATE INDEX orders_created_at ON orders (created_at, id);
CREATE INDEX orders_unqueued ON orders (id) WHERE queued_at IS NULL AND status = 'PLACED';

CREATE TABLE order_items (
    order_id   bigint NOT NULL REFERENCES orders (id),
    product_id bigint NOT NULL REFERENCES products (id),
    name       text NOT NULL,
    price      numeric(12,2) NOT NULL,
    quantity   integer NOT NULL,
    PRIMARY KEY (order_id, product_id)
);

-- The JWT signing key shared by every task, so a token from one task validates on all.
CREATE TABLE signing_keys (
    kid        text PRIMARY KEY,
    jwk        text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
