-- The city's departments (課・係) as people know them, and the partner organisations each works
-- with: a partner addresses its files to one of those departments, and only that department's
-- staff receive them (need-to-know). A staff account's organisation is its department's id.
CREATE TABLE departments (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    -- The department that receives what partners send to the city without naming one (受付),
    -- at most one. With none, such files reach every member of staff, as before departments.
    reception INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX departments_one_reception ON departments (reception) WHERE reception = 1;

CREATE TABLE department_partners (
    department TEXT NOT NULL REFERENCES departments (id),
    organisation TEXT NOT NULL,
    PRIMARY KEY (department, organisation)
);

-- For a file from a partner, the department it is addressed to, for one from staff the
-- department it comes from. NULL for files sent before departments and for shared-folder versions.
ALTER TABLE items ADD COLUMN department TEXT;
