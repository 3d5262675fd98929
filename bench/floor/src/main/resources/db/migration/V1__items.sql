CREATE TABLE floor_item (
    id uuid PRIMARY KEY,
    title text NOT NULL,
    status text NOT NULL,
    priority int NOT NULL,
    created_at timestamptz NOT NULL
);
