-- pgbench script: the insert POST /users makes, names unique per client and transaction, so
-- that bench-api.sh can print what PostgreSQL alone commits next to the service's rate.
\set n random(1, 1000000000)
INSERT INTO users (username, email)
VALUES ('pgb' || :client_id || '_' || :n || '_' || txid_current(),
        'pgb' || :client_id || '_' || :n || '_' || txid_current() || '@example.com');
