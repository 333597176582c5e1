-- Shoppers who sign in elsewhere (a Cognito user pool on AWS) are shop users too, found by the
-- token's subject; they have no password here.
ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;
ALTER TABLE users ADD COLUMN external_subject text UNIQUE;
