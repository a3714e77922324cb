//! The web app's SQLite file: schema and migrations (`PRAGMA user_version`), cells, cases with
//! every saved version, accounts and sessions. Every write is one transaction, committed before
//! the handler answers, so an acknowledged save survives a killed process.

use hoso::Error;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;
use std::path::Path;

fn err(e: rusqlite::Error) -> Error {
    Error::Invalid {
        path: "cơ sở dữ liệu".to_string(),
        message: e.to_string(),
    }
}

/// Migrations in order; `user_version` counts those applied. Never edit one that shipped.
const MIGRATIONS: &[&str] = &[
    "CREATE TABLE cells (
        id INTEGER PRIMARY KEY,
        json TEXT NOT NULL,
        demo INTEGER NOT NULL DEFAULT 0,
        version INTEGER NOT NULL DEFAULT 1
     );
     CREATE TABLE cases (
        id INTEGER PRIMARY KEY,
        cell_id INTEGER NOT NULL REFERENCES cells(id),
        set_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        created TEXT NOT NULL DEFAULT (datetime('now'))
     );
     CREATE TABLE versions (
        case_id INTEGER NOT NULL REFERENCES cases(id),
        version INTEGER NOT NULL,
        json TEXT NOT NULL,
        saved TEXT NOT NULL DEFAULT (datetime('now')),
        PRIMARY KEY (case_id, version)
     );
     CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        hash TEXT NOT NULL,
        cell_id INTEGER REFERENCES cells(id)
     );
     CREATE TABLE sessions (
        token TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        csrf TEXT NOT NULL,
        expires INTEGER NOT NULL
     );",
    // Committees see the cells of their organisation only (before, a committee account saw
    // every cell of the file); `adopt_orphans` puts older cells and accounts in one.
    "CREATE TABLE organisations (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        committee TEXT NOT NULL DEFAULT '',
        place TEXT NOT NULL DEFAULT ''
     );
     ALTER TABLE cells ADD COLUMN org_id INTEGER REFERENCES organisations(id);
     ALTER TABLE users ADD COLUMN org_id INTEGER REFERENCES organisations(id);
     CREATE INDEX cells_org ON cells(org_id);
     CREATE INDEX cases_cell ON cases(cell_id);",
];

/// Opens (creating) the database, applies migrations, seeds the demo cell on first start.
pub fn open(path: &Path) -> Result<Connection, Error> {
    let conn = Connection::open(path).map_err(|e| Error::Invalid {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    // WAL lets readers go on while a save commits; FULL syncs each commit to disk.
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(err)?;
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(err)?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(err)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(err)?;
    migrate(&conn)?;
    seed_demo(&conn)?;
    adopt_orphans(&conn)?;
    Ok(conn)
}

fn migrate(conn: &Connection) -> Result<(), Error> {
    let applied: usize = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(err)?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
        conn.execute_batch(&format!(
            "BEGIN; {sql}; PRAGMA user_version = {}; COMMIT;",
            i + 1
        ))
        .map_err(err)?;
    }
    Ok(())
}

/// The worked example of every set, as one demo cell, on an empty database.
fn seed_demo(conn: &Connection) -> Result<(), Error> {
    let cells: i64 = conn
        .query_row("SELECT count(*) FROM cells", [], |r| r.get(0))
        .map_err(err)?;
    if cells > 0 {
        return Ok(());
    }
    let mut cell_id = None;
    for set in ["kiem-tra", "giam-sat", "nam"] {
        let text = hoso::dossier::sample_text(set).expect("built-in sample");
        let file: Value = serde_json::from_str(text).expect("built-in sample is JSON");
        let id = match cell_id {
            Some(id) => id,
            None => {
                let org = hoso::tally::organisation_of(&file["cell"]);
                let org = find_or_create_org(conn, &org.name, &org.committee, &org.place)?;
                let id = create_cell(conn, &file["cell"], true, Some(org))?;
                cell_id = Some(id);
                id
            }
        };
        create_case(conn, id, set, &file)?;
    }
    Ok(())
}

/// Cells and committee accounts without an organisation (from before organisations, or
/// the demo cell) join the first one, named after the first cell's superior line.
fn adopt_orphans(conn: &Connection) -> Result<(), Error> {
    let orphans: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM cells WHERE org_id IS NULL)
                  + (SELECT count(*) FROM users WHERE cell_id IS NULL AND org_id IS NULL)",
            [],
            |r| r.get(0),
        )
        .map_err(err)?;
    if orphans == 0 {
        return Ok(());
    }
    let org = default_org(conn)?;
    conn.execute_batch(&format!(
        "UPDATE cells SET org_id = {org} WHERE org_id IS NULL;
         UPDATE users SET org_id = {org} WHERE cell_id IS NULL AND org_id IS NULL;"
    ))
    .map_err(err)
}

/// The first organisation, created from the first cell's lines when there is none.
pub fn default_org(conn: &Connection) -> Result<i64, Error> {
    if let Some(id) = conn
        .query_row("SELECT min(id) FROM organisations", [], |r| {
            r.get::<_, Option<i64>>(0)
        })
        .map_err(err)?
    {
        return Ok(id);
    }
    let first = list_cells(conn, Scope::All)?.into_iter().next();
    let org = first.map_or_else(
        || hoso::tally::organisation_of(&Value::Null),
        |c| hoso::tally::organisation_of(&c.json),
    );
    find_or_create_org(conn, &org.name, &org.committee, &org.place)
}

/// Which cells a request may see: all (on loopback, no login), an organisation's (a
/// committee account), or one cell's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    All,
    Org(i64),
    Cell(i64),
}

pub struct Org {
    pub id: i64,
    pub name: String,
    pub committee: String,
    pub place: String,
}

pub fn find_or_create_org(
    conn: &Connection,
    name: &str,
    committee: &str,
    place: &str,
) -> Result<i64, Error> {
    conn.execute(
        "INSERT INTO organisations (name, committee, place) VALUES (?1, ?2, ?3)
         ON CONFLICT(name) DO NOTHING",
        params![name, committee, place],
    )
    .map_err(err)?;
    conn.query_row(
        "SELECT id FROM organisations WHERE name = ?1",
        [name],
        |r| r.get(0),
    )
    .map_err(err)
}

pub fn get_org(conn: &Connection, id: i64) -> Result<Option<Org>, Error> {
    conn.query_row(
        "SELECT id, name, committee, place FROM organisations WHERE id = ?1",
        [id],
        |r| {
            Ok(Org {
                id: r.get(0)?,
                name: r.get(1)?,
                committee: r.get(2)?,
                place: r.get(3)?,
            })
        },
    )
    .optional()
    .map_err(err)
}

pub struct CellRow {
    pub id: i64,
    pub json: Value,
    pub demo: bool,
    pub version: i64,
    pub org_id: Option<i64>,
}

const CELL_SELECT: &str = "SELECT id, json, demo, version, org_id FROM cells";

fn cell_row(r: &rusqlite::Row) -> rusqlite::Result<CellRow> {
    let text: String = r.get(1)?;
    Ok(CellRow {
        id: r.get(0)?,
        json: serde_json::from_str(&text).unwrap_or(Value::Null),
        demo: r.get(2)?,
        version: r.get(3)?,
        org_id: r.get(4)?,
    })
}

/// The cells a scope sees, in the order they were made.
pub fn list_cells(conn: &Connection, scope: Scope) -> Result<Vec<CellRow>, Error> {
    let (filter, key) = match scope {
        Scope::All => ("1 = 1 OR ?1 IS NULL", None),
        Scope::Org(o) => ("org_id = ?1", Some(o)),
        Scope::Cell(c) => ("id = ?1", Some(c)),
    };
    let mut st = conn
        .prepare(&format!("{CELL_SELECT} WHERE {filter} ORDER BY id"))
        .map_err(err)?;
    let rows = st.query_map([key], cell_row).map_err(err)?;
    rows.collect::<rusqlite::Result<_>>().map_err(err)
}

pub fn get_cell(conn: &Connection, id: i64) -> Result<Option<CellRow>, Error> {
    conn.query_row(&format!("{CELL_SELECT} WHERE id = ?1"), [id], cell_row)
        .optional()
        .map_err(err)
}

/// A new cell in organisation `org` (none: the first organisation).
pub fn create_cell(
    conn: &Connection,
    json: &Value,
    demo: bool,
    org: Option<i64>,
) -> Result<i64, Error> {
    let org = match org {
        Some(o) => o,
        None => default_org(conn)?,
    };
    conn.execute(
        "INSERT INTO cells (json, demo, org_id) VALUES (?1, ?2, ?3)",
        params![json.to_string(), demo, org],
    )
    .map_err(err)?;
    Ok(conn.last_insert_rowid())
}

/// What a save found: the row moved on since the form was loaded.
pub struct Conflict {
    pub current: i64,
}

/// Saves a cell if it is still at `expected`; returns the new version.
pub fn save_cell(
    conn: &Connection,
    id: i64,
    json: &Value,
    expected: i64,
) -> Result<Result<i64, Conflict>, Error> {
    let changed = conn
        .execute(
            "UPDATE cells SET json = ?1, version = version + 1 WHERE id = ?2 AND version = ?3",
            params![json.to_string(), id, expected],
        )
        .map_err(err)?;
    if changed == 1 {
        return Ok(Ok(expected + 1));
    }
    let current = get_cell(conn, id)?.map_or(0, |c| c.version);
    Ok(Err(Conflict { current }))
}

pub struct CaseRow {
    pub id: i64,
    pub cell_id: i64,
    pub set_id: String,
    pub version: i64,
    pub json: Value,
    pub saved: String,
}

const CASE_SELECT: &str = "SELECT c.id, c.cell_id, c.set_id, c.version, v.json, v.saved
     FROM cases c JOIN versions v ON v.case_id = c.id AND v.version = c.version";

fn case_row(r: &rusqlite::Row) -> rusqlite::Result<CaseRow> {
    let text: String = r.get(4)?;
    Ok(CaseRow {
        id: r.get(0)?,
        cell_id: r.get(1)?,
        set_id: r.get(2)?,
        version: r.get(3)?,
        json: serde_json::from_str(&text).unwrap_or(Value::Null),
        saved: r.get(5)?,
    })
}

pub fn list_cases(conn: &Connection, cell_id: i64) -> Result<Vec<CaseRow>, Error> {
    let mut st = conn
        .prepare(&format!("{CASE_SELECT} WHERE c.cell_id = ?1 ORDER BY c.id"))
        .map_err(err)?;
    let rows = st.query_map([cell_id], case_row).map_err(err)?;
    rows.collect::<rusqlite::Result<_>>().map_err(err)
}

/// The latest version of every case of the cells a scope sees: what the committee's count
/// reads, in one query.
pub fn cases_in(conn: &Connection, scope: Scope) -> Result<Vec<CaseRow>, Error> {
    let (filter, key) = match scope {
        Scope::All => ("1 = 1 OR ?1 IS NULL", None),
        Scope::Org(o) => (
            "c.cell_id IN (SELECT id FROM cells WHERE org_id = ?1)",
            Some(o),
        ),
        Scope::Cell(c) => ("c.cell_id = ?1", Some(c)),
    };
    let mut st = conn
        .prepare(&format!("{CASE_SELECT} WHERE {filter} ORDER BY c.id"))
        .map_err(err)?;
    let rows = st.query_map([key], case_row).map_err(err)?;
    rows.collect::<rusqlite::Result<_>>().map_err(err)
}

pub fn get_case(conn: &Connection, id: i64) -> Result<Option<CaseRow>, Error> {
    conn.query_row(&format!("{CASE_SELECT} WHERE c.id = ?1"), [id], case_row)
        .optional()
        .map_err(err)
}

pub fn create_case(conn: &Connection, cell_id: i64, set: &str, json: &Value) -> Result<i64, Error> {
    let tx = conn.unchecked_transaction().map_err(err)?;
    tx.execute(
        "INSERT INTO cases (cell_id, set_id, version) VALUES (?1, ?2, 1)",
        params![cell_id, set],
    )
    .map_err(err)?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO versions (case_id, version, json) VALUES (?1, 1, ?2)",
        params![id, json.to_string()],
    )
    .map_err(err)?;
    tx.commit().map_err(err)?;
    Ok(id)
}

/// Saves a new version of a case if it is still at `expected`; returns the new version.
pub fn save_case(
    conn: &Connection,
    id: i64,
    json: &Value,
    expected: i64,
) -> Result<Result<i64, Conflict>, Error> {
    let tx = conn.unchecked_transaction().map_err(err)?;
    let changed = tx
        .execute(
            "UPDATE cases SET version = version + 1 WHERE id = ?1 AND version = ?2",
            params![id, expected],
        )
        .map_err(err)?;
    if changed != 1 {
        let current = tx
            .query_row("SELECT version FROM cases WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(err)?
            .unwrap_or(0);
        return Ok(Err(Conflict { current }));
    }
    tx.execute(
        "INSERT INTO versions (case_id, version, json) VALUES (?1, ?2, ?3)",
        params![id, expected + 1, json.to_string()],
    )
    .map_err(err)?;
    tx.commit().map_err(err)?;
    Ok(Ok(expected + 1))
}

/// Every saved version of a case, newest first: number, time, size in bytes.
pub fn versions(conn: &Connection, id: i64) -> Result<Vec<(i64, String, i64)>, Error> {
    let mut st = conn
        .prepare(
            "SELECT version, saved, length(json) FROM versions WHERE case_id = ?1
             ORDER BY version DESC LIMIT 500",
        )
        .map_err(err)?;
    let rows = st
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .map_err(err)?;
    rows.collect::<rusqlite::Result<_>>().map_err(err)
}

pub fn version_json(conn: &Connection, id: i64, version: i64) -> Result<Option<Value>, Error> {
    let text: Option<String> = conn
        .query_row(
            "SELECT json FROM versions WHERE case_id = ?1 AND version = ?2",
            params![id, version],
            |r| r.get(0),
        )
        .optional()
        .map_err(err)?;
    Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
}

pub struct User {
    pub id: i64,
    pub name: String,
    pub hash: String,
    pub cell_id: Option<i64>,
    pub org_id: Option<i64>,
}

impl User {
    /// What the account sees: its cell, else its organisation's cells; an account with
    /// neither sees no cell (an organisation that does not exist).
    pub fn scope(&self) -> Scope {
        match (self.cell_id, self.org_id) {
            (Some(c), _) => Scope::Cell(c),
            (None, Some(o)) => Scope::Org(o),
            (None, None) => Scope::Org(-1),
        }
    }
}

fn user_row(r: &rusqlite::Row) -> rusqlite::Result<User> {
    Ok(User {
        id: r.get(0)?,
        name: r.get(1)?,
        hash: r.get(2)?,
        cell_id: r.get(3)?,
        org_id: r.get(4)?,
    })
}

pub fn count_users(conn: &Connection) -> Result<i64, Error> {
    conn.query_row("SELECT count(*) FROM users", [], |r| r.get(0))
        .map_err(err)
}

pub fn add_user(conn: &Connection, name: &str, hash: &str, scope: Scope) -> Result<(), Error> {
    let (cell, org) = match scope {
        Scope::Cell(c) => (Some(c), None),
        Scope::Org(o) => (None, Some(o)),
        Scope::All => (None, None),
    };
    conn.execute(
        "INSERT INTO users (name, hash, cell_id, org_id) VALUES (?1, ?2, ?3, ?4)",
        params![name, hash, cell, org],
    )
    .map_err(err)?;
    Ok(())
}

pub fn list_users(conn: &Connection) -> Result<Vec<User>, Error> {
    let mut st = conn
        .prepare("SELECT id, name, hash, cell_id, org_id FROM users ORDER BY name")
        .map_err(err)?;
    let rows = st.query_map([], user_row).map_err(err)?;
    rows.collect::<rusqlite::Result<_>>().map_err(err)
}

pub fn user_by_name(conn: &Connection, name: &str) -> Result<Option<User>, Error> {
    conn.query_row(
        "SELECT id, name, hash, cell_id, org_id FROM users WHERE name = ?1",
        [name],
        user_row,
    )
    .optional()
    .map_err(err)
}

pub fn remove_user(conn: &Connection, name: &str) -> Result<bool, Error> {
    Ok(conn
        .execute("DELETE FROM users WHERE name = ?1", [name])
        .map_err(err)?
        == 1)
}

pub struct Session {
    pub user: User,
    pub csrf: String,
}

pub fn create_session(
    conn: &Connection,
    token: &str,
    user_id: i64,
    csrf: &str,
    expires: i64,
) -> Result<(), Error> {
    conn.execute(
        "INSERT INTO sessions (token, user_id, csrf, expires) VALUES (?1, ?2, ?3, ?4)",
        params![token, user_id, csrf, expires],
    )
    .map_err(err)?;
    Ok(())
}

pub fn session(conn: &Connection, token: &str, now: i64) -> Result<Option<Session>, Error> {
    conn.query_row(
        "SELECT u.id, u.name, u.hash, u.cell_id, u.org_id, s.csrf FROM sessions s
         JOIN users u ON u.id = s.user_id WHERE s.token = ?1 AND s.expires > ?2",
        params![token, now],
        |r| {
            Ok(Session {
                user: user_row(r)?,
                csrf: r.get(5)?,
            })
        },
    )
    .optional()
    .map_err(err)
}

pub fn delete_session(conn: &Connection, token: &str) -> Result<(), Error> {
    conn.execute("DELETE FROM sessions WHERE token = ?1", [token])
        .map_err(err)?;
    Ok(())
}
